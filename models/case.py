"""A case (zaak) of a region about one family, with the professionals on it."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime


class CaseBase(SQLModel):
    family_id: int = Field(foreign_key="family.id", index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    title: str = Field(default="", max_length=200)


class Case(CaseBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class CaseTeamMember(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    role: str = Field(default="", max_length=100)
