"""Managing the reviewer pool (beheerder): reviewers, leave, declared conflicts, CSV import, regions."""

import csv
import io
import re
from datetime import date, datetime

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from models.db import begin_write
from models.errors import InvalidInput, NotAllowed, NotFound, Problem
from models.organisation import Region, User, new_token
from models.security import hash_api_token
from models.panel import DeclaredConflict, PanelSeat, PoolVersion, Unavailability
from models.services.common import audit, invalid, require_role
from reviewers.policy import get_policy

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


def _apply(session: Session, data: ReviewerData, regions: dict[str, Region], user: User | None) -> tuple[User, str | None]:
    bump_pool_version(session)
    token = None
    if user is None:
        token = new_token()
        user = User(name=data.name, email=data.email, region_id=regions[data.region].id, roles=list(data.roles),
                    token_hash=hash_api_token(token))
        session.add(user)
    other_roles = [r for r in user.roles if r not in REVIEW_ROLES]
    user.name, user.region_id, user.team, user.function = data.name, regions[data.region].id, data.team, data.function
    user.roles = other_roles + list(data.roles)
    user.capacity, user.expertise, user.languages = data.capacity, list(data.expertise), list(data.languages)
    session.flush()
    for old in session.exec(select(Unavailability).where(Unavailability.user_id == user.id)):
        session.delete(old)
    for start, end in data.unavailable:
        session.add(Unavailability(user_id=user.id, start=start, end=end, reason="afwezig"))
    return user, token


def save_reviewer(session: Session, *, actor: User, data: ReviewerData, now: datetime,
                  user_id: int | None = None) -> tuple[User, str | None]:
    """Create (user_id None) or update a reviewer. A new reviewer's token is returned once."""
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
    user, token = _apply(session, data, regions, user)
    audit(session, now=now, actor=actor, action="reviewer.saved", user_id=user.id, roles=user.roles,
          capacity=user.capacity, expertise=user.expertise)
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


def import_reviewers_csv(session: Session, *, actor: User, text: str, now: datetime) -> dict:
    """All rows or none: every row is checked first, and any error refuses the whole file, listing each."""
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
        user, token = _apply(session, data, regions, existing.get(data.email))
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
    leave = session.exec(select(Unavailability).where(Unavailability.user_id.in_(ids))).all()
    conflicts = session.exec(select(DeclaredConflict).where(DeclaredConflict.user_id.in_(ids))).all()
    out = []
    for u in users:
        mine = [s for s in seats if s.user_id == u.id]
        out.append({
            "id": u.id, "name": u.name, "email": u.email, "region_id": u.region_id, "roles": u.roles, "team": u.team,
            "capacity": u.capacity, "expertise": u.expertise, "languages": u.languages, "active": u.active,
            "open_seats": sum(1 for s in mine if s.released_at is None),
            "unavailable": [{"start": p.start, "end": p.end, "reason": p.reason} for p in leave if p.user_id == u.id],
            "conflicts": [{"person_id": c.person_id, "family_id": c.family_id, "organisation": c.organisation,
                           "region_id": c.region_id, "reason": c.reason} for c in conflicts if c.user_id == u.id],
            "history": [{"request_id": s.request_id, "role": s.role, "assigned_at": s.assigned_at,
                         "released_at": s.released_at, "release_kind": s.release_kind} for s in mine],
        })
    return out
