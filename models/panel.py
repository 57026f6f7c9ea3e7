"""Panel seats of a request and reviewers' declared conflicts."""

from datetime import date, datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from models.base import JSONColumn, UTCDateTime


class PanelSeat(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    role: str = Field(max_length=32)
    seat_no: int = 1
    user_id: int = Field(foreign_key="user.id", index=True)
    assigned_at: datetime = Field(sa_type=UTCDateTime)
    draw_seed: str = Field(default="", max_length=64, description="Seed van de loting, om te herhalen")
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    release_kind: str = Field(default="", max_length=16, description="declined | conflict | ineligible")
    release_reason: str = ""
    score: float = 0.0
    score_details: dict = Field(default_factory=dict, sa_column=Column(JSONColumn, nullable=False))


class PoolVersion(SQLModel, table=True):
    """Bumped by every change to reviewers' roles, region, team, capacity or activity, so a cached pool
    (reviewers/facts.py) is rebuilt before it is used. New conflicts and leave are seen without it."""

    id: int = Field(default=1, primary_key=True)
    version: int = 0


class Unavailability(SQLModel, table=True):
    """Leave or other absence: the reviewer cannot take a seat whose review window overlaps it."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    start: date
    end: date
    reason: str = ""


class DeclaredConflict(SQLModel, table=True):
    """A reviewer's own declaration of a conflict with a person, a family, an organisation or a region."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    person_id: int | None = Field(default=None, foreign_key="person.id")
    family_id: int | None = Field(default=None, foreign_key="family.id")
    region_id: int | None = Field(default=None, foreign_key="region.id")
    organisation: str = ""
    reason: str = ""
    declared_at: datetime = Field(sa_type=UTCDateTime)
