"""Managing the reviewer pool (beheerder): reviewers, leave, declared conflicts, CSV import, regions."""

import csv
import io
import re
from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from models.audit import AuditEvent, Event
from models.case import Case
from models.db import begin_write
from models.errors import InvalidInput, NotAllowed, NotFound, Problem
from models.family import Family, Person
from models.hearing import PARTY_KIND_LABELS, HearingParty
from models.mail import MailMessage
from models.organisation import ROLE_LABELS, Region, User, new_token
from models.security import hmac_api_token
from models.panel import DeclaredConflict, PanelSeat, PoolVersion, Unavailability
from models.request import STATE_LABELS, Request, RequestState
from models.services.access import open_request
from models.services.common import audit, invalid, require_role
from models.services.events import STEP_LABELS
from reviewers.facts import OPEN_STATES, load_pool, seat_request
from reviewers.policy import get_policy
from reviewers.reasons import reason_text

REVIEW_ROLES = ("tegenspreker", "jurist", "gedragswetenschapper")
CSV_COLUMNS = ("name", "email", "region", "roles", "team", "function", "capacity", "expertise", "languages",
               "unavailable")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class ReviewerData(BaseModel):
    name: str
    email: str
    region: str = Field(description="Code van de regio, bv. 'utrecht'")
    roles: list[str]
    team: str = ""
    function: str = ""
    capacity: int = 5
    expertise: list[str] = []
    languages: list[str] = ["nl"]
    unavailable: list[tuple[date, date]] = []
    active: bool | None = Field(default=None, description="Leeg: ongewijzigd (een nieuwe reviewer is actief)")


# The form field or CSV column each problem of `_check` is about (the problem's own field names the row).
PROBLEM_COLUMNS = {
    "name_missing": "name", "email_invalid": "email", "email_taken": "email", "email_duplicate": "email",
    "region_unknown": "region", "roles_invalid": "roles", "capacity_invalid": "capacity",
    "expertise_unknown": "expertise", "language_invalid": "languages", "period_invalid": "unavailable",
    "row_invalid": "capacity, unavailable",
}


def _check(data: ReviewerData, regions: dict[str, Region], where: str) -> list[Problem]:
    vocabulary = get_policy().expertise
    problems = []
    if not data.name.strip():
        problems.append(Problem("name_missing", f"{where}: de naam ontbreekt.", where))
    if not EMAIL.match(data.email):
        problems.append(Problem("email_invalid", f"{where}: '{data.email}' is geen geldig e-mailadres.", where))
    if data.region not in regions:
        problems.append(Problem("region_unknown", f"{where}: onbekende regio '{data.region}'.", where))
    if not data.roles or set(data.roles) - set(REVIEW_ROLES):
        problems.append(Problem("roles_invalid", f"{where}: rollen moeten komen uit: {', '.join(REVIEW_ROLES)}.", where))
    if data.capacity < 0 or data.capacity > 100:
        problems.append(Problem("capacity_invalid", f"{where}: capaciteit moet tussen 0 en 100 liggen.", where))
    unknown = sorted(set(data.expertise) - set(vocabulary))
    if unknown:
        problems.append(Problem("expertise_unknown", f"{where}: onbekende expertise {', '.join(unknown)}; kies uit: "
                                f"{', '.join(vocabulary)}.", where))
    if any(not LANGUAGE.match(lang) for lang in data.languages):
        problems.append(Problem("language_invalid", f"{where}: talen als ISO-code van 2 of 3 letters, bv. nl, ar, tr.",
                                where))
    for start, end in data.unavailable:
        if end < start:
            problems.append(Problem("period_invalid", f"{where}: afwezigheid {start} tot {end} eindigt voor het begin.",
                                    where))
    return problems


def bump_pool_version(session: Session) -> None:
    row = session.get(PoolVersion, 1)
    if row is None:
        session.add(PoolVersion(id=1, version=1))
    else:
        row.version += 1


def _apply(session: Session, data: ReviewerData, regions: dict[str, Region], user: User | None, token_key: str,
           keep_leave: bool = False) -> tuple[User, str | None]:
    bump_pool_version(session)
    token = None
    if user is None:
        token = new_token()
        user = User(name=data.name, email=data.email, region_id=regions[data.region].id, roles=list(data.roles),
                    token_hash=hmac_api_token(token, token_key))
        session.add(user)
    other_roles = [r for r in user.roles if r not in REVIEW_ROLES]
    user.name, user.region_id, user.team, user.function = data.name, regions[data.region].id, data.team, data.function
    user.roles = other_roles + list(data.roles)
    user.capacity, user.expertise, user.languages = data.capacity, list(data.expertise), list(data.languages)
    if data.active is not None:
        user.active = data.active
    session.flush()
    if keep_leave:
        return user, token
    for old in session.exec(select(Unavailability).where(Unavailability.user_id == user.id)):
        session.delete(old)
    for start, end in data.unavailable:
        session.add(Unavailability(user_id=user.id, start=start, end=end, reason="afwezig"))
    return user, token


def save_reviewer(session: Session, *, actor: User, data: ReviewerData, now: datetime, token_key: str,
                  user_id: int | None = None, keep_leave: bool = False) -> tuple[User, str | None]:
    """Create (user_id None) or update a reviewer. A new reviewer's token is returned once, stored as its HMAC
    under `token_key` (the server's secret key, models.security.secret_key). With `keep_leave` the reviewer's
    recorded leave stays as it is (the workspace form edits leave on its own)."""
    begin_write(session)
    require_role(actor, "beheerder")
    regions = {r.code: r for r in session.exec(select(Region))}
    invalid(_check(data, regions, "reviewer"))
    user = None
    if user_id is not None:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound(f"Gebruiker {user_id} bestaat niet.", code="user_not_found")
    elif session.exec(select(User).where(User.email == data.email)).first():
        raise InvalidInput(problems=[Problem("email_taken", f"Er is al een gebruiker met e-mailadres {data.email}.",
                                             "email")])
    user, token = _apply(session, data, regions, user, token_key, keep_leave)
    audit(session, now=now, actor=actor, action="reviewer.saved", user_id=user.id, roles=user.roles,
          capacity=user.capacity, expertise=user.expertise, active=user.active)
    session.commit()
    return user, token


def parse_csv(text: str) -> tuple[list[tuple[int, ReviewerData]], list[Problem]]:
    """(line number, row) for every parseable row, and a problem for every row that is not."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [Problem("csv_columns_missing", f"Kolommen ontbreken: {', '.join(missing)}.", "header")]
    rows, problems = [], []
    for n, row in enumerate(reader, start=2):
        where = f"regel {n}"

        def split(key):
            return [v.strip() for v in (row.get(key) or "").split(";") if v.strip()]

        try:
            periods = []
            for span in split("unavailable"):
                start, end = span.split("..")
                periods.append((date.fromisoformat(start.strip()), date.fromisoformat(end.strip())))
            capacity = int((row.get("capacity") or "5").strip())
        except ValueError:
            problems.append(Problem("row_invalid", f"{where}: capaciteit moet een getal zijn en afwezigheid de vorm "
                                    "JJJJ-MM-DD..JJJJ-MM-DD hebben.", where))
            continue
        rows.append((n, ReviewerData(name=(row.get("name") or "").strip(), email=(row.get("email") or "").strip().lower(),
                                 region=(row.get("region") or "").strip(), roles=split("roles"),
                                 team=(row.get("team") or "").strip(), function=(row.get("function") or "").strip(),
                                 capacity=capacity, expertise=split("expertise"),
                                 languages=split("languages") or ["nl"], unavailable=periods)))
    return rows, problems


def import_reviewers_csv(session: Session, *, actor: User, text: str, now: datetime, token_key: str) -> dict:
    """All rows or none: every row is checked first, and any error refuses the whole file, listing each. New
    reviewers' tokens are stored as their HMAC under `token_key` (as in save_reviewer)."""
    begin_write(session)
    require_role(actor, "beheerder")
    regions = {r.code: r for r in session.exec(select(Region))}
    rows, problems = parse_csv(text)
    seen: dict[str, int] = {}
    for n, data in rows:
        problems += _check(data, regions, f"regel {n}")
        if data.email in seen:
            problems.append(Problem("email_duplicate", f"regel {n}: e-mailadres {data.email} staat ook op regel "
                                    f"{seen[data.email]}.", f"regel {n}"))
        seen.setdefault(data.email, n)
    if not rows and not problems:
        problems.append(Problem("csv_empty", "Het bestand bevat geen regels.", "file"))
    invalid(problems)
    existing = {u.email: u for u in session.exec(select(User).where(User.email.in_(list(seen))))}
    created, updated, tokens = [], [], {}
    for _, data in rows:
        user, token = _apply(session, data, regions, existing.get(data.email), token_key)
        (updated if data.email in existing else created).append(user.id)
        if token:
            tokens[data.email] = token
    audit(session, now=now, actor=actor, action="reviewers.imported", created=created, updated=updated)
    session.commit()
    return {"created": created, "updated": updated, "tokens": tokens}


def add_unavailability(session: Session, *, actor: User, user_id: int, start: date, end: date, reason: str,
                       now: datetime) -> Unavailability:
    begin_write(session)
    if not (actor.has_role("beheerder") or actor.id == user_id):
        raise NotAllowed(problems=[Problem("not_allowed", "Alleen een beheerder of de persoon zelf.")])
    if session.get(User, user_id) is None:
        raise NotFound(f"Gebruiker {user_id} bestaat niet.", code="user_not_found")
    invalid([] if start <= end else [Problem("period_invalid", "De afwezigheid eindigt voor het begin.", "end")])
    period = Unavailability(user_id=user_id, start=start, end=end, reason=reason)
    session.add(period)
    audit(session, now=now, actor=actor, action="reviewer.unavailable", user_id=user_id, start=start.isoformat(),
          end=end.isoformat())
    session.commit()
    return period


def declare_conflict(session: Session, *, actor: User, user_id: int, person_id: int | None, family_id: int | None,
                     organisation: str, region_id: int | None, reason: str, now: datetime) -> DeclaredConflict:
    begin_write(session)
    if not (actor.has_role("beheerder") or actor.id == user_id):
        raise NotAllowed(problems=[Problem("not_allowed", "Alleen een beheerder of de persoon zelf.")])
    if person_id is None and family_id is None and not organisation.strip() and region_id is None:
        raise InvalidInput(problems=[Problem("conflict_target_missing", "Noem de persoon, het gezin, de organisatie "
                                             "of de regio waarmee het conflict bestaat.", "target")])
    if session.get(User, user_id) is None:
        raise NotFound(f"Gebruiker {user_id} bestaat niet.", code="user_not_found")
    missing = [Problem(code, message, name) for model, value, name, code, message in (
        (Person, person_id, "person_id", "person_not_found", f"Persoon {person_id} bestaat niet."),
        (Family, family_id, "family_id", "family_not_found", f"Gezin {family_id} bestaat niet."),
        (Region, region_id, "region_id", "region_not_found", f"Regio {region_id} bestaat niet."),
    ) if value is not None and session.get(model, value) is None]
    if missing:
        raise NotFound(missing[0].message, code=missing[0].code, problems=missing)
    conflict = DeclaredConflict(user_id=user_id, person_id=person_id, family_id=family_id, organisation=organisation,
                                region_id=region_id, reason=reason, declared_at=now)
    session.add(conflict)
    audit(session, now=now, actor=actor, action="conflict.declared", user_id=user_id, person_id=person_id,
          family_id=family_id, organisation=organisation or None, region_id=region_id, reason=reason)
    session.commit()
    return conflict


def set_too_close(session: Session, *, actor: User, region_id: int, codes: list[str], now: datetime) -> Region:
    begin_write(session)
    require_role(actor, "beheerder")
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(f"Regio {region_id} bestaat niet.", code="region_not_found")
    known = set(session.exec(select(Region.code)).all())
    invalid([Problem("region_unknown", f"Onbekende regio '{c}'.", "too_close") for c in codes if c not in known])
    region.too_close = sorted(set(codes) - {region.code})
    audit(session, now=now, actor=actor, action="region.too_close", region=region.code, too_close=region.too_close)
    session.commit()
    return region


def reviewer_overview(session: Session, *, actor: User, user_id: int | None = None) -> list[dict]:
    require_role(actor, "beheerder")
    stmt = select(User)
    if user_id is not None:
        stmt = stmt.where(User.id == user_id)
    users = [u for u in session.exec(stmt.order_by(User.id)) if any(r in REVIEW_ROLES for r in u.roles)]
    if user_id is not None and not users:
        raise NotFound(f"Reviewer {user_id} bestaat niet.", code="user_not_found")
    ids = [u.id for u in users]
    seats = session.exec(select(PanelSeat).where(PanelSeat.user_id.in_(ids)).order_by(PanelSeat.id)).all()
    open_requests = set(session.exec(select(Request.id).join(PanelSeat, PanelSeat.request_id == Request.id).where(
        PanelSeat.user_id.in_(ids), PanelSeat.released_at.is_(None), Request.state.in_(OPEN_STATES))).all())
    leave = session.exec(select(Unavailability).where(Unavailability.user_id.in_(ids))).all()
    conflicts = session.exec(select(DeclaredConflict).where(DeclaredConflict.user_id.in_(ids))).all()
    out = []
    for u in users:
        mine = [s for s in seats if s.user_id == u.id]
        out.append({
            "id": u.id, "name": u.name, "email": u.email, "region_id": u.region_id, "roles": u.roles, "team": u.team,
            "function": u.function,
            "capacity": u.capacity, "expertise": u.expertise, "languages": u.languages, "active": u.active,
            "open_seats": sum(1 for s in mine if s.released_at is None),
            # What the pool counts against capacity: active seats on requests still under review.
            "load": sum(1 for s in mine if s.released_at is None and s.request_id in open_requests),
            "unavailable": [{"start": p.start, "end": p.end, "reason": p.reason} for p in leave if p.user_id == u.id],
            "conflicts": [{"person_id": c.person_id, "family_id": c.family_id, "organisation": c.organisation,
                           "region_id": c.region_id, "reason": c.reason} for c in conflicts if c.user_id == u.id],
            "history": [{"request_id": s.request_id, "role": s.role, "assigned_at": s.assigned_at,
                         "released_at": s.released_at, "release_kind": s.release_kind} for s in mine],
        })
    return out


# --- the beheerder's workspace pages: read models over the same rules ---------------------------

def check_reviewer(session: Session, *, actor: User, data: ReviewerData) -> list[Problem]:
    """Every problem `save_reviewer` would refuse `data` for (pure read), with the form field it is about."""
    require_role(actor, "beheerder")
    regions = {r.code: r for r in session.exec(select(Region))}
    return [Problem(p.code, _sentence(p.message.removeprefix("reviewer: ")), PROBLEM_COLUMNS.get(p.code, p.field))
            for p in _check(data, regions, "reviewer")]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def pool_options(session: Session, *, actor: User) -> dict:
    """What a reviewer form chooses from: regions (with the regions too close to each), roles, expertise."""
    require_role(actor, "beheerder")
    regions = session.exec(select(Region).order_by(Region.name)).all()
    return {
        "regions": [{"id": r.id, "code": r.code, "name": r.name, "too_close": list(r.too_close),
                     "named_by": [o.code for o in regions if r.code in (o.too_close or []) and o.id != r.id]}
                    for r in regions],
        "roles": [{"code": role, "label": ROLE_LABELS[role]} for role in REVIEW_ROLES],
        "expertise": [{"code": code, "label": label} for code, label in get_policy().expertise.items()],
    }


def pool_overview(session: Session, *, actor: User, now: datetime, user_id: int | None = None) -> list[dict]:
    """`reviewer_overview` with the region's name and the leave that runs today or lies ahead."""
    rows = reviewer_overview(session, actor=actor, user_id=user_id)
    regions = {r.id: r for r in session.exec(select(Region))}
    today = now.date()
    for row in rows:
        region = regions.get(row["region_id"])
        row["region"], row["region_name"] = (region.code, region.name) if region else ("", "onbekend")
        row["role_labels"] = [ROLE_LABELS.get(role, role) for role in row["roles"]]
        periods = sorted(row["unavailable"], key=lambda p: p["start"])
        row["on_leave"] = any(p["start"] <= today <= p["end"] for p in periods)
        row["leave_ahead"] = [p for p in periods if p["end"] >= today]
    return rows


# What the beheerder can do about each reason that emptied a seat's pool.
REASON_ADVICE = {
    "wrong_role": "Voeg reviewers met deze rol toe (of importeer ze).",
    "inactive": "Zet een inactieve reviewer weer op actief als die weer beschikbaar is.",
    "same_region": "Een regel, geen keuze: reviewers uit een andere regio zijn nodig.",
    "too_close_region": "Controleer of de te dichtbij gelegen regio's nog kloppen.",
    "is_requester": "Een regel, geen keuze.",
    "on_case_team": "Een regel, geen keuze.",
    "same_team_as_requester": "Een regel, geen keuze.",
    "earlier_involvement": "Een regel, geen keuze: reviewers die dit gezin niet kennen zijn nodig.",
    "declared_conflict": "Controleer of de gemelde belangenconflicten nog gelden.",
    "declined_before": "Een regel, geen keuze.",
    "unavailable": "Controleer de afwezigheid; misschien is iemand eerder terug.",
    "at_capacity": "Verhoog de capaciteit van een reviewer of voeg reviewers toe.",
}
MAIL_KINDS = {"invitation": "uitnodiging", "reminder": "herinnering", "seat_assigned": "melding van een toewijzing",
              "review_reminder": "herinnering aan een toetsing", "returned": "melding van terugsturen",
              "approved": "melding van goedkeuring", "sign_turn": "vraag om te ondertekenen",
              "rendered": "melding van het verzoekschrift"}
MAIL_ADDRESS = re.compile(r"[^@\s<>()'\"]+@[^@\s<>()'\"]+")


def _empty_seats(session: Session, actor: User, request_id: int, now: datetime) -> list[dict]:
    """The seats nobody can take now, each with the reasons (code, count, Dutch text) that empty its pool."""
    dossier = open_request(session, actor=actor, request_id=request_id, part="panel", now=now)
    pool = load_pool(session, now, exclude_request_id=request_id)
    choices = pool.choose(seat_request(session, dossier, now), f"beheer:{request_id}")
    return [{"role": c.role, "role_label": ROLE_LABELS.get(c.role, c.role), "seat_no": c.seat_no,
             "pool_size": c.pool_size,
             "reasons": [{"code": code, "count": n, "text": reason_text(code, c.role),
                          "advice": REASON_ADVICE.get(code, "")} for code, n in (c.empty_reasons or {}).most_common()]}
            for c in choices if c.user_id is None]


def flagged_requests(session: Session, *, actor: User, now: datetime) -> list[dict]:
    """Requests that wait for the beheerder: no eligible reviewer, failed or uncertain mail, a hearing after spoed
    not made good, an automatic step given up after failing again and again. Built from the records, not from the flag's text, which names family members and their
    addresses: the beheerder sees no personal data of a family (models/services/access.py)."""
    require_role(actor, "beheerder")
    rows = session.exec(select(Request, Case).join(Case, Case.id == Request.case_id)
                        .where(Request.flagged != "").order_by(Request.id)).all()
    regions = {r.id: r.name for r in session.exec(select(Region))}
    out = []
    for request, case in rows:
        events = session.exec(select(AuditEvent).where(
            AuditEvent.request_id == request.id,
            AuditEvent.action.in_(["assignment.refused", "seat.assigned", "seat.continued", "follow_up.overdue"]))
            .order_by(AuditEvent.id)).all()
        kinds = {p.id: p.kind for p in session.exec(select(HearingParty).where(HearingParty.request_id == request.id))}
        items = []
        panel = [e for e in events if e.action != "follow_up.overdue"]
        if panel and panel[-1].action == "assignment.refused" and request.state in (
                RequestState.submitted, RequestState.in_tegenspraak, RequestState.approved):
            seats = _empty_seats(session, actor, request.id, now)
            items.append({"kind": "no_eligible_reviewer", "at": panel[-1].at, "seats": seats,
                          "recorded": [p.get("message", "") for p in panel[-1].details.get("problems", [])],
                          "can_retry": request.state == RequestState.submitted and not seats})
        for mail in session.exec(select(MailMessage).where(MailMessage.request_id == request.id,
                                                           MailMessage.status.in_(["failed", "uncertain"]))
                                 .order_by(MailMessage.id)):
            # To a professional (workspace notification): who, so the beheerder can check the address in the pool.
            recipient = session.get(User, mail.user_id) if getattr(mail, "user_id", None) else None
            items.append({"kind": f"mail_{mail.status}", "at": mail.attempt_started_at or mail.created_at,
                          "mail_kind": MAIL_KINDS.get(mail.kind, mail.kind), "attempts": mail.attempts,
                          "party": PARTY_KIND_LABELS.get(kinds.get(mail.party_id), "partij"),
                          "recipient": {"id": recipient.id, "name": recipient.name} if recipient else None,
                          "error": MAIL_ADDRESS.sub("[e-mailadres]", mail.last_error)[:300]})
        for event in session.exec(select(Event).where(Event.request_id == request.id, Event.given_up_at.is_not(None),
                                                      Event.processed_at.is_(None)).order_by(Event.id)):
            error = event.outcome.partition(": ")[2].splitlines()[0] if event.outcome else ""
            items.append({"kind": "event_given_up", "at": event.given_up_at, "event_id": event.id,
                          "step": STEP_LABELS.get(event.kind, event.kind), "failures": event.failures,
                          "error": MAIL_ADDRESS.sub("[e-mailadres]", error)[:300]})
        for e in events:
            if e.action == "follow_up.overdue":
                items.append({"kind": "follow_up_overdue", "at": e.at,
                              "party": PARTY_KIND_LABELS.get(kinds.get(e.details.get("party_id")), "partij")})
        if not items:
            items.append({"kind": "other", "at": request.state_changed_at})
        owner = session.get(User, case.owner_id)
        out.append({"id": request.id, "region": regions.get(case.region_id, ""), "measure": request.measure,
                    "state": request.state, "state_label": STATE_LABELS[RequestState(request.state)],
                    "owner": owner.name if owner else "", "owner_email": owner.email if owner else "",
                    "items": items})
    session.commit()  # end the read (open_request committed its own log records)
    return out
