"""Who may read what, and the access log of every read and every refusal (NEN 7513: who, when, what, why).

One place decides access to a dossier part, on three grounds only:
- region and role: an indiener on the case team of the case (zaakteam); the regiomanager of the case's region;
- assignment: a reviewer with an ACTIVE panel seat on the request (a declined or released seat gives nothing);
- role: a beheerder sees the list of requests (state, flags) and a request's panel, for the pool, and the access
  log; never a family's personal data, the request's content, its documents or its audit trail.
Every read of a family, case, request, revision, document or audit trail writes a log record, committed before
the data is returned; if the record cannot be written, the read is refused.
"""

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, false, insert, or_, true
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from models.access_log import AccessLogEntry, AccessLogPublic
from models.case import Case, CaseTeamMember
from models.db import begin_write
from models.dossier import Dossier, load_dossier
from models.errors import DomainError, NotAllowed, NotFound, Problem
from models.family import Family, Person
from models.organisation import User
from models.panel import PanelSeat
from models.request import Request

ZAAKTEAM, REGIOMANAGEMENT, TEGENSPRAAK, BEHEER, REGIO = "zaakteam", "regiomanagement", "tegenspraak", "beheer", "regio"
BEHEER_PARTS = ("panel",)  # what the beheerder may open of a request: who sits on it and why


@dataclass(frozen=True)
class AccessContext:
    """Where a read comes from; set by the entry point (API middleware, flow), read when logging."""

    channel: str = ""
    route: str = ""
    client: str = ""


_context: ContextVar[AccessContext] = ContextVar("tegenspraak_access_context", default=AccessContext())


def set_context(context: AccessContext):
    return _context.set(context)


def reset_context(token) -> None:
    _context.reset(token)


class AccessLogUnavailable(DomainError):
    code = "access_log_unavailable"
    status = 503
    message = "De toegang kan nu niet worden vastgelegd; daarom wordt het dossier niet getoond. Probeer het later."


# --- the rules ------------------------------------------------------------------------------

def _on_case_team(session: Session, actor: User, case: Case) -> bool:
    if not actor.has_role("indiener") or actor.region_id != case.region_id:
        return False
    return actor.id == case.owner_id or session.exec(
        select(CaseTeamMember.id).where(CaseTeamMember.case_id == case.id, CaseTeamMember.user_id == actor.id)
    ).first() is not None


def _active_seat(session: Session, actor: User, request_ids) -> bool:
    return session.exec(select(PanelSeat.id).where(PanelSeat.request_id.in_(request_ids),
                                                   PanelSeat.user_id == actor.id,
                                                   PanelSeat.released_at.is_(None))).first() is not None


def request_basis(session: Session, actor: User, request: Request, case: Case) -> str | None:
    """The ground on which `actor` may read this request, or None."""
    if not actor.active:
        return None
    if _on_case_team(session, actor, case):
        return ZAAKTEAM
    if actor.has_role("regiomanager") and actor.region_id == case.region_id:
        return REGIOMANAGEMENT
    if _active_seat(session, actor, [request.id]):
        return TEGENSPRAAK
    if actor.has_role("beheerder"):
        return BEHEER
    return None


def case_basis(session: Session, actor: User, case: Case) -> str | None:
    if not actor.active:
        return None
    if _on_case_team(session, actor, case):
        return ZAAKTEAM
    if actor.has_role("regiomanager") and actor.region_id == case.region_id:
        return REGIOMANAGEMENT
    if actor.has_role("beheerder"):
        return BEHEER
    return None


def family_basis(session: Session, actor: User, family: Family) -> str | None:
    """A family's personal data: the indieners and the regiomanager of the family's region, and reviewers with an
    active seat on a request about the family. Not the beheerder."""
    if not actor.active:
        return None
    if family.region_id == actor.region_id and (actor.has_role("indiener") or actor.has_role("regiomanager")):
        return REGIO
    requests = select(Request.id).join(Case, Case.id == Request.case_id).where(Case.family_id == family.id)
    if _active_seat(session, actor, requests):
        return TEGENSPRAAK
    return None


def readable_requests_clause(actor: User):
    """A SQL condition on (Request, Case) that holds exactly for the requests `request_basis` lets `actor` read."""
    if not actor.active:
        return false()
    on_team = and_(Case.region_id == actor.region_id, or_(
        Case.owner_id == actor.id,
        exists().where(CaseTeamMember.case_id == Case.id, CaseTeamMember.user_id == actor.id)))
    seated = exists().where(PanelSeat.request_id == Request.id, PanelSeat.user_id == actor.id,
                            PanelSeat.released_at.is_(None))
    clauses = [seated]
    if actor.has_role("indiener"):
        clauses.append(on_team)
    if actor.has_role("regiomanager"):
        clauses.append(Case.region_id == actor.region_id)
    if actor.has_role("beheerder"):
        return true()
    return or_(*clauses)


# --- the log --------------------------------------------------------------------------------

def log_access(session: Session, *, actor: User | None, object_type: str, object_id: int | None, now: datetime,
               outcome: str, purpose: str = "", reason: str = "", request_id: int | None = None,
               family_id: int | None = None) -> AccessLogEntry:
    """Add one log record (flushes nothing, commits nothing)."""
    entry = _entry(actor, object_type, object_id, now, outcome, purpose, reason, request_id, family_id)
    session.add(entry)
    return entry


def log_reads(session: Session, *, actor: User, object_type: str, now: datetime,
              reads: list[tuple[int, str, int | None, int | None]]) -> None:
    """Several granted reads at once, (object id, ground, request id, family id) each, in one INSERT of many rows
    (a list of many dossiers costs one statement, not one per dossier). Commits nothing."""
    if reads:
        session.execute(insert(AccessLogEntry), [
            _entry(actor, object_type, object_id, now, "granted", purpose, "", request_id, family_id)
            .model_dump(exclude={"id"}) for object_id, purpose, request_id, family_id in reads])


def _entry(actor, object_type, object_id, now, outcome, purpose, reason, request_id, family_id) -> AccessLogEntry:
    ctx = _context.get()
    return AccessLogEntry(at=now, user_id=actor.id if actor else None, user_name=actor.name if actor else "",
                          roles=",".join(actor.roles) if actor else "", channel=ctx.channel or "intern",
                          object_type=object_type, object_id=object_id, request_id=request_id,
                          family_id=family_id, purpose=purpose, route=ctx.route[:300], outcome=outcome,
                          reason=reason[:64], client=ctx.client[:64])


def commit_log(session: Session) -> None:
    """Commit the log records added; if they cannot be written, nothing is shown (AccessLogUnavailable, 503)."""
    try:
        session.commit()
    except SQLAlchemyError as exc:
        session.rollback()
        raise AccessLogUnavailable() from exc


def _refuse(session: Session, *, actor: User, object_type: str, object_id: int | None, now: datetime,
            request_id: int | None = None, family_id: int | None = None, code: str = "not_visible",
            message: str = "U heeft geen toegang tot dit dossier.") -> None:
    log_access(session, actor=actor, object_type=object_type, object_id=object_id, now=now, outcome="refused",
               reason=code, request_id=request_id, family_id=family_id)
    commit_log(session)
    error = NotAllowed(problems=[Problem(code, message)])
    error.logged = True
    raise error


def _not_found(session: Session, *, actor: User, object_type: str, object_id: int, now: datetime,
               error: NotFound) -> None:
    log_access(session, actor=actor, object_type=object_type, object_id=object_id, now=now, outcome="refused",
               reason=error.code)
    commit_log(session)
    error.logged = True
    raise error


def _open(session: Session, *, actor: User, model, model_id: int, object_type: str, object_id: int, now: datetime,
          basis_of, missing: NotFound, refused: str, request_id: int | None = None, family_id_of=lambda _: None):
    """One checked, logged read: look the object up, decide, write the record, commit; or log the refusal."""
    begin_write(session)
    found = session.get(model, model_id)
    if found is None:
        _not_found(session, actor=actor, object_type=object_type, object_id=object_id, now=now, error=missing)
    family_id = family_id_of(found)
    basis = basis_of(found)
    if basis is None:
        _refuse(session, actor=actor, object_type=object_type, object_id=object_id, now=now, request_id=request_id,
                family_id=family_id, message=refused)
    log_access(session, actor=actor, object_type=object_type, object_id=object_id, now=now, outcome="granted",
               purpose=basis, request_id=request_id, family_id=family_id)
    commit_log(session)
    return found


def open_request(session: Session, *, actor: User, request_id: int, part: str, now: datetime,
                 object_id: int | None = None) -> Dossier:
    """Check and log a read of one part of a request's dossier ('request', 'revision', 'document', 'audit',
    'panel'); returns the dossier. Refusals are logged too."""
    def basis_of(request: Request) -> str | None:
        basis = request_basis(session, actor, request, session.get(Case, request.case_id))
        return None if basis == BEHEER and part not in BEHEER_PARTS else basis

    _open(session, actor=actor, object_type=part, object_id=object_id or request_id, now=now, basis_of=basis_of,
          model=Request, model_id=request_id,
          missing=NotFound(f"Verzoek {request_id} bestaat niet.", code="request_not_found"),
          refused="U heeft geen toegang tot dit verzoek.", request_id=request_id,
          family_id_of=lambda request: session.get(Case, request.case_id).family_id)
    return load_dossier(session, request_id)


def open_case(session: Session, *, actor: User, case_id: int, now: datetime) -> Case:
    return _open(session, actor=actor, object_type="case", object_id=case_id, now=now,
                 basis_of=lambda case: case_basis(session, actor, case),
                 model=Case, model_id=case_id,
                 missing=NotFound(f"Zaak {case_id} bestaat niet.", code="case_not_found"),
                 refused="U heeft geen toegang tot deze zaak.", family_id_of=lambda case: case.family_id)


def open_family(session: Session, *, actor: User, family_id: int, now: datetime) -> Family:
    return _open(session, actor=actor, object_type="family", object_id=family_id, now=now,
                 basis_of=lambda family: family_basis(session, actor, family),
                 model=Family, model_id=family_id,
                 missing=NotFound(f"Gezin {family_id} bestaat niet.", code="family_not_found"),
                 refused="U heeft geen toegang tot de gegevens van dit gezin.", family_id_of=lambda family: family.id)


def log_refusal(session: Session, *, actor: User | None, now: datetime, object_type: str, object_id: int | None,
                reason: str) -> None:
    """A refusal found deeper in a use case (a write the actor may not make): logged in its own transaction."""
    session.rollback()
    begin_write(session)
    request_id = object_id if object_type == "request" else None
    family_id = object_id if object_type == "family" else None
    if request_id is not None:
        row = session.exec(select(Case.family_id).join(Request, Request.case_id == Case.id)
                           .where(Request.id == request_id)).first()
        family_id = row
    log_access(session, actor=actor, object_type=object_type, object_id=object_id, now=now, outcome="refused",
               reason=reason, request_id=request_id, family_id=family_id)
    commit_log(session)


def log_portal_use(session: Session, *, request_id: int | None, party_id: int | None, family_id: int | None,
                   outcome: str, reason: str, now: datetime) -> None:
    """Every use of the family portal, good link or bad; added to the caller's transaction."""
    log_access(session, actor=None, object_type="portal", object_id=party_id, now=now, outcome=outcome,
               purpose="portaal" if outcome == "granted" else "", reason=reason, request_id=request_id,
               family_id=family_id)


# --- who looked at this child's file? ---------------------------------------------------------

def query_log(session: Session, *, actor: User, now: datetime, person_id: int | None = None,
              family_id: int | None = None, user_id: int | None = None, request_id: int | None = None,
              limit: int = 500) -> list[AccessLogPublic]:
    """The beheerder asks who looked at a person's (a child's) family file, or what one user looked at.
    The query itself is logged."""
    begin_write(session)
    if not actor.has_role("beheerder"):
        _refuse(session, actor=actor, object_type="access_log", object_id=None, now=now, code="role_required",
                message="Alleen een beheerder mag het toegangslog raadplegen.")
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"Persoon {person_id} bestaat niet.", code="person_not_found")
        family_id = person.family_id
    stmt = select(AccessLogEntry).order_by(AccessLogEntry.id.desc()).limit(max(1, min(limit, 5000)))
    if family_id is not None:
        stmt = stmt.where(AccessLogEntry.family_id == family_id)
    if user_id is not None:
        stmt = stmt.where(AccessLogEntry.user_id == user_id)
    if request_id is not None:
        stmt = stmt.where(AccessLogEntry.request_id == request_id)
    rows = [AccessLogPublic.model_validate(e, from_attributes=True) for e in session.exec(stmt)]
    log_access(session, actor=actor, object_type="access_log", object_id=person_id or family_id or user_id,
               now=now, outcome="granted", purpose=BEHEER, request_id=request_id, family_id=family_id)
    commit_log(session)
    return rows
