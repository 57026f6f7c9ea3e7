"""Rendered court documents, each tied to the revision it was made from."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import UTCDateTime


class CourtDocument(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("revision_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    revision_id: int = Field(foreign_key="requestrevision.id")
    revision_hash: str = Field(max_length=64)
    kind: str = Field(default="verzoekschrift", max_length=32)
    path: str
    sha256: str = Field(max_length=64)
    size: int
    verification_code: str = Field(max_length=32, unique=True, index=True)
    rendered_at: datetime = Field(sa_type=UTCDateTime)
    rendered_by: int | None = Field(default=None, foreign_key="user.id")
    pdf_path: str = ""
    pdf_sha256: str = Field(default="", max_length=64)


class CourtDocumentPublic(SQLModel):
    id: int
    request_id: int
    revision_id: int
    revision_hash: str
    kind: str
    sha256: str
    size: int
    verification_code: str
    rendered_at: datetime
