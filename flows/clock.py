"""The flows' clock. Prefect flow parameters must be JSON, so a flow cannot be handed a clock object: it asks this
module. The entry point (the worker) sets the clock once; a test sets its own with `use_clock`.

Without a set clock, the one the settings choose (adapters/clock.clock_from_settings): the real time, or a started
clock under TEGENSPRAAK_CLOCK_START (demo and tests), made once per Settings object so that it keeps running.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from adapters.clock import clock_from_settings
from models.config import Settings, get_settings
from models.ports import Clock

_set: Clock | None = None
_from_settings: tuple[Settings, Clock] | None = None


def current_clock() -> Clock:
    global _from_settings
    if _set is not None:
        return _set
    settings = get_settings()
    if _from_settings is None or _from_settings[0] is not settings:
        _from_settings = (settings, clock_from_settings(settings))
    return _from_settings[1]


def now() -> datetime:
    return current_clock().now()


def set_clock(clock: Clock | None) -> None:
    """The entry point's clock for every flow in this process; None: back to the settings' clock."""
    global _set
    _set = clock


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    """For a test: the flows run on `clock` inside the block."""
    global _set
    before = _set
    _set = clock
    try:
        yield clock
    finally:
        _set = before
