"""Benchmarks: `make bench` runs them all. They seed demo data, so they run in demo mode."""

import os

os.environ.setdefault("TEGENSPRAAK_DEMO", "1")
