"""Helpers below the use cases: they add and flush, never commit."""

from datetime import datetime

from sqlmodel import Session, select

from models.audit import AuditEvent, Event
from models.case import CaseTeamMember
from models.dossier import Dossier
from models.errors import ConversionFailed, ConverterBusy, InvalidInput, NotAllowed, Problem
from models.organisation import User
from models.panel import PanelSeat
from models.ports import PdfConversionError, PdfConverter, PdfConverterBusy
from models.request import Request, RequestRevision

SYSTEM = "systeem"


def audit(
    session: Session,
    *,
    now: datetime,
    actor: User | None,
    action: str,
    request: Request | None = None,
    revision: RequestRevision | None = None,
    **details,
) -> AuditEvent:
    event = AuditEvent(
        at=now,
        actor_id=actor.id if actor else None,
        actor=actor.name if actor else SYSTEM,
        action=action,
        request_id=request.id if request else None,
        revision_id=revision.id if revision else None,
        revision_number=revision.number if revision else None,
        details=details,
    )
    session.add(event)
    return event


def emit(session: Session, *, kind: str, request_id: int, now: datetime) -> None:
    """Announce a change to the flows, in the same transaction as the change."""
    session.add(Event(kind=kind, request_id=request_id, created_at=now))


def set_state(request: Request, state: str, now: datetime) -> None:
    request.state = state
    request.state_changed_at = now


def require_role(actor: User, role: str) -> None:
    if not actor.has_role(role):
        raise NotAllowed(problems=[Problem("role_required", f"Hiervoor is de rol '{role}' nodig.")])


def is_case_member(session: Session, actor: User, case_id: int, owner_id: int) -> bool:
    if actor.id == owner_id:
        return True
    return session.exec(
        select(CaseTeamMember).where(CaseTeamMember.case_id == case_id, CaseTeamMember.user_id == actor.id)
    ).first() is not None


def require_case_team(session: Session, actor: User, dossier: Dossier) -> None:
    """Drafting, hearing and filing are the work of the case's own indieners."""
    if not (actor.has_role("indiener") and actor.region_id == dossier.case.region_id
            and is_case_member(session, actor, dossier.case.id, dossier.case.owner_id)):
        raise NotAllowed(problems=[Problem("not_case_team", "Alleen de indiener en het zaakteam van deze zaak "
                                           "mogen dit doen.")])


def active_seat_of(dossier: Dossier, actor: User) -> PanelSeat:
    seat = next((s for s in dossier.seats if s.user_id == actor.id), None)
    if seat is None:
        raise NotAllowed(problems=[Problem("not_on_panel", "U zit niet in het panel van dit verzoek.")])
    return seat


def invalid(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems=problems)


def complete_follow_up(session: Session, dossier: Dossier, party, now: datetime, actor) -> None:
    """A deferred hearing (spoed) of this party is done now. Flushes nothing itself."""
    follow_up = dossier.follow_ups.get(party.id)
    if follow_up is not None and follow_up.done_at is None:
        follow_up.done_at = now
        audit(session, now=now, actor=actor, action="follow_up.done", request=dossier.request, party_id=party.id)


def convert_to_pdf(converter: PdfConverter, docx: bytes, name: str) -> bytes:
    """The converter's PDF; its failures as refusals: no slot free in time (503, nothing changed) or failed (502)."""
    try:
        return converter.to_pdf(docx, name)
    except PdfConverterBusy as exc:
        raise ConverterBusy(problems=[Problem("pdf_converter_busy", str(exc))]) from exc
    except PdfConversionError as exc:
        raise ConversionFailed(problems=[Problem("pdf_conversion_failed", f"LibreOffice: {exc}")]) from exc
