"""The small interfaces through which the domain reaches the world. The domain takes them as arguments; the
entry points (api/, flows/, scripts/) pass in the implementations from adapters/ (or a test's own)."""

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """The one source of 'now' for an entry point: timezone-aware UTC."""

    def now(self) -> datetime: ...
