"""Column types and helpers shared by every aggregate."""

from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, Field, StringConstraints
from sqlalchemy import JSON, DateTime
from sqlalchemy.types import TypeDecorator

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_ID = 2**63 - 1  # the largest integer SQLite and PostgreSQL (BIGINT) store


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on SQLite (which drops the zone) and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass timezone-aware UTC datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JSONColumn = JSON


def as_utc(value: datetime) -> datetime:
    """A time without zone is Dutch local time (what a professional types or a form sends); kept as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=AMSTERDAM)
    return value.astimezone(UTC)


# Every date-time a person or client supplies: with a zone as given, without one as Europe/Amsterdam.
InputDateTime = Annotated[datetime, AfterValidator(as_utc),
                          Field(description="Datum en tijd (ISO 8601); zonder tijdzone geldt Nederlandse tijd "
                                            "(Europe/Amsterdam)")]
# Lengths of what people type: a name, a short machine code, a free text. Bounded so that no single field can
# make the server work for minutes (readability hints, hashing, rendering) or fill the database.
NAME_MAX = 200
CODE_MAX = 64
TEXT_MAX = 10_000
Name = Annotated[str, StringConstraints(max_length=NAME_MAX)]
Code = Annotated[str, StringConstraints(max_length=CODE_MAX)]
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX)]

# Every id a client supplies: a positive integer the database can hold (above 2^63-1 is refused, not a crash).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
