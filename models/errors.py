"""Domain errors: a stable machine code, a Dutch sentence for people, an HTTP status for the API."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One unmet condition."""

    code: str
    message: str
    field: str | None = None
    severity: str | None = None  # intake checks: "block" or "warning" (catalogue data)

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


class DomainError(Exception):
    """Base of every refusal. `problems` lists every unmet condition, never just the first."""

    code = "domain_error"
    status = 400
    message = "De actie is geweigerd."

    def __init__(self, message: str | None = None, *, problems: list[Problem] | None = None, code: str | None = None):
        self.message = message or self.message
        self.problems = list(problems or [])
        if code:
            self.code = code
        super().__init__(self.message)

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "problems": [p.as_dict() for p in self.problems]}


class NotFound(DomainError):
    code = "not_found"
    status = 404
    message = "Niet gevonden."


class NotAllowed(DomainError):
    """The actor may not take this step (role, region, assignment)."""

    code = "not_allowed"
    status = 403
    message = "U mag deze actie niet uitvoeren."


class GateRefused(DomainError):
    """A lifecycle step whose conditions do not all hold."""

    code = "gate_refused"
    status = 409
    message = "Deze stap kan nog niet: niet aan alle voorwaarden is voldaan."


class InvalidInput(DomainError):
    code = "invalid_input"
    status = 422
    message = "De invoer is niet geldig."


class CatalogueError(DomainError):
    code = "catalogue_invalid"
    status = 500
    message = "De juridische catalogus is ongeldig."


class UnknownMeasure(CatalogueError):
    """A client named a measure the catalogue does not have: their input, not a broken catalogue."""

    code = "unknown_measure"
    status = 422
    message = "Onbekende maatregel."


class UnknownCatalogueVersion(CatalogueError):
    code = "catalogue_version_unknown"
    status = 404
    message = "Deze catalogusversie bestaat niet."


class IntegrityConflict(DomainError):
    """The database refused a change (a reference to something that does not exist, a duplicate)."""

    code = "integrity_conflict"
    status = 409
    message = ("De wijziging is geweigerd: ze verwijst naar iets dat niet bestaat of botst met bestaande "
               "gegevens. Er is niets opgeslagen.")


class ConversionFailed(DomainError):
    code = "pdf_conversion_failed"
    status = 502
    message = "Het document kon niet naar PDF worden omgezet."


class ConverterBusy(DomainError):
    code = "pdf_converter_busy"
    status = 503
    message = ("Er worden nu te veel documenten tegelijk naar PDF omgezet. Er is niets veranderd; probeer het over "
               "een minuut opnieuw.")


def refuse_if(problems: list[Problem], error: type[DomainError] = GateRefused, message: str | None = None) -> None:
    if problems:
        raise error(message, problems=problems)
