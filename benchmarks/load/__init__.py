"""The load benchmark: N complete OTS cases through the HTTP API and the flows, C clients at once, W workers, on
SQLite or PostgreSQL. `python -m benchmarks.load --help`; the figures and their assumptions: docs/load-figures.md.

stack.py starts the real stack on a throw-away database, scenario.py plays the cases, checks.py reads what the
engine did and looks for anything done twice, __main__.py prints the figures.
"""
