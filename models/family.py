"""Families as persons: children, parents with or without gezag, other carers."""

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from pydantic.networks import validate_email
from pydantic_core import PydanticCustomError
from sqlmodel import Field, SQLModel

PERSON_KINDS = ("child", "parent", "carer")


class FamilyBase(SQLModel):
    name: str = Field(max_length=200, description="Naam waaronder het gezin bekend is")
    language: str = Field(default="nl", max_length=20)


class Family(FamilyBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # The RVT that registered the family: its professionals may open cases on it; other regions may not.
    region_id: int | None = Field(default=None, foreign_key="region.id", index=True)


class PersonBase(SQLModel):
    kind: str = Field(max_length=10, description="child | parent | carer")
    given_names: str = Field(max_length=200)
    prefix: str = Field(default="", max_length=30, description="Tussenvoegsel, bv. 'van der'")
    surname: str = Field(max_length=200)
    date_of_birth: date | None = None
    residence: str = Field(default="", max_length=200, description="Woonplaats")
    address: str = Field(default="", max_length=200, description="Straat en huisnummer")
    postal_code: str = Field(default="", max_length=10)
    relation: str = Field(default="", max_length=100, description="bv. moeder, vader, pleegmoeder")
    has_gezag: bool = False
    email: str = Field(default="", max_length=320)
    lawyer: str = Field(default="", max_length=200)


class Person(PersonBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    family_id: int = Field(foreign_key="family.id", index=True)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.prefix, self.surname) if p)

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def email_or_empty(value: str) -> str:
    """A party's address goes into mail headers: a real address (no CR/LF; a display name is dropped) or none."""
    if value == "":
        return value
    try:
        return validate_email(value)[1]
    except PydanticCustomError as exc:
        raise PydanticCustomError("email_invalid", "geen geldig e-mailadres") from exc


OptionalEmail = Annotated[str, AfterValidator(email_or_empty),
                          WithJsonSchema({"anyOf": [{"type": "string", "format": "email", "maxLength": 320},
                                                    {"type": "string", "maxLength": 0}]})]


class PersonCreate(PersonBase):
    email: OptionalEmail = Field(default="", max_length=320, description="Leeg, of een geldig e-mailadres")


class PersonPublic(PersonBase):
    id: int
    family_id: int
