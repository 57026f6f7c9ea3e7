"""Regions (RVTs) and the people who work in them."""

import hashlib
import secrets

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from models.base import JSONColumn

ROLES = ("indiener", "tegenspreker", "jurist", "gedragswetenschapper", "beheerder", "regiomanager")
ROLE_LABELS = {
    "indiener": "RVT-professional (indiener)",
    "tegenspreker": "tegenspreker",
    "jurist": "jurist",
    "gedragswetenschapper": "gedragswetenschapper",
    "beheerder": "beheerder",
    "regiomanager": "regiomanager",
}


class RegionBase(SQLModel):
    code: str = Field(index=True, unique=True, max_length=64)
    name: str = Field(max_length=200)
    court: str = Field(max_length=200, description="Rechtbank van de regio, bv. 'Rechtbank Midden-Nederland'")
    court_location: str = Field(max_length=100)
    # The organisation that requests, as the court and the family must be able to reach it (art. 278 Rv:
    # the requester and its woonplaats); the professional only represents it.
    legal_name: str = Field(default="", max_length=200, description="bv. 'Regionaal Veiligheidsteam Utrecht'")
    address: str = Field(default="", max_length=200, description="Straat en huisnummer of postbus")
    postal_code: str = Field(default="", max_length=10)
    place: str = Field(default="", max_length=100, description="Vestigingsplaats (woonplaats in de zin van art. 278 Rv)")
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=320)
    complaints: str = Field(default="", max_length=500, description="Waar een klacht over het RVT heen gaat")


class Region(RegionBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Capacities (catalogue codes) in which this RVT may request measures, e.g. ["raad", "gi"].
    capacities: list[str] = Field(default_factory=list, sa_column=Column(JSONColumn, nullable=False))
    # Regions too close to review this region's requests (e.g. a partner region); symmetric in use.
    too_close: list[str] = Field(default_factory=list, sa_column=Column(JSONColumn, nullable=False))
    # Per team its own phone and e-mail: what a family calls about its case ({"Team Noord": {"phone": ..}}).
    team_contacts: dict[str, dict[str, str]] = Field(default_factory=dict, sa_column=Column(JSONColumn, nullable=False))

    def contact_for(self, team: str) -> dict[str, str]:
        """The phone and e-mail a family can use for `team`, falling back to the organisation's own."""
        own = self.team_contacts.get(team, {})
        return {"phone": own.get("phone") or self.phone, "email": own.get("email") or self.email}


class RegionPublic(RegionBase):
    id: int
    capacities: list[str]
    too_close: list[str]


class UserBase(SQLModel):
    name: str = Field(max_length=200)
    email: str = Field(max_length=320)
    region_id: int = Field(foreign_key="region.id", index=True)
    team: str = Field(default="", max_length=100)
    function: str = Field(default="", max_length=200)
    capacity: int = Field(default=5, ge=0, description="Maximum aantal openstaande toetsingen")
    active: bool = True


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    roles: list[str] = Field(default_factory=list, sa_column=Column(JSONColumn, nullable=False))
    expertise: list[str] = Field(default_factory=list, sa_column=Column(JSONColumn, nullable=False))
    languages: list[str] = Field(default_factory=lambda: ["nl"], sa_column=Column(JSONColumn, nullable=False))
    # HMAC-SHA256 of the user's API token under the server key (models.security.hash_api_token); None: no token.
    token_hash: str | None = Field(default=None, index=True, unique=True, max_length=64)

    def has_role(self, role: str) -> bool:
        return role in self.roles


class UserPublic(UserBase):
    id: int
    roles: list[str]
    expertise: list[str]
    languages: list[str]


def hash_token(token: str) -> str:
    """Plain SHA-256, for single-purpose random links (portal); API tokens use models.security.hash_api_token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return "tsp_" + secrets.token_urlsafe(32)
