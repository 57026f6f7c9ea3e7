"""Who may sit on a request's panel: hard constraints, each with a reason code and a Dutch sentence.

These are never relaxed: a same-region or involved reviewer is not a fallback when the pool is empty.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from models.case import Case, CaseTeamMember
from models.dossier import Dossier
from models.errors import Problem
from models.hearing import ChildVoice
from models.organisation import ROLE_LABELS, User
from models.panel import DeclaredConflict, PanelSeat
from models.request import Request, RequestState
from models.review import SignOff

OPEN_STATES = (RequestState.submitted, RequestState.in_tegenspraak, RequestState.approved, RequestState.ready)

REASONS = {
    "wrong_role": "heeft niet de rol {role}",
    "inactive": "is niet actief",
    "same_region": "werkt in dezelfde regio als de zaak",
    "is_requester": "is de indiener van het verzoek",
    "on_case_team": "zit in het zaakteam",
    "same_team_as_requester": "zit in hetzelfde team als de indiener",
    "earlier_involvement": "was eerder betrokken bij (een lid van) dit gezin",
    "declared_conflict": "heeft een belangenconflict gemeld",
    "at_capacity": "heeft het maximum aantal openstaande toetsingen bereikt",
}


@dataclass(frozen=True)
class Exclusion:
    code: str
    message: str


@dataclass
class PoolFacts:
    """What the constraints need to know about the family and the pool, gathered in a few queries."""

    involved_user_ids: set[int]
    conflicted_user_ids: set[int]
    open_load: Counter


def gather_pool_facts(session: Session, dossier: Dossier) -> PoolFacts:
    family_id = dossier.case.family_id
    person_ids = set(dossier.persons)
    family_cases = [c.id for c in session.exec(select(Case).where(Case.family_id == family_id))]
    family_requests = [
        r.id for r in session.exec(select(Request).where(Request.case_id.in_(family_cases)))
        if r.id != dossier.request.id
    ]
    involved: set[int] = set()
    involved |= {c.owner_id for c in session.exec(select(Case).where(Case.id.in_(family_cases)))}
    involved |= {m.user_id for m in session.exec(select(CaseTeamMember).where(CaseTeamMember.case_id.in_(family_cases)))}
    involved |= {r.requester_id for r in session.exec(select(Request).where(Request.id.in_(family_requests)))}
    involved |= {s.user_id for s in session.exec(select(PanelSeat).where(PanelSeat.request_id.in_(family_requests)))}
    involved |= {s.user_id for s in session.exec(select(SignOff).where(SignOff.request_id.in_(family_requests)))}
    involved |= {v.recorded_by for v in session.exec(select(ChildVoice).where(ChildVoice.request_id.in_(family_requests)))}

    conflicted: set[int] = set()
    for c in session.exec(select(DeclaredConflict)):
        if (
            (c.person_id is not None and c.person_id in person_ids)
            or c.family_id == family_id
            or c.region_id == dossier.case.region_id
            or (c.organisation and c.organisation in _organisations(dossier))
        ):
            conflicted.add(c.user_id)

    load: Counter = Counter()
    rows = session.exec(
        select(PanelSeat.user_id)
        .join(Request, Request.id == PanelSeat.request_id)
        .where(PanelSeat.released_at.is_(None), Request.state.in_([s.value for s in OPEN_STATES]),
               Request.id != dossier.request.id)
    )
    for user_id in rows:
        load[user_id] += 1
    return PoolFacts(involved_user_ids=involved, conflicted_user_ids=conflicted, open_load=load)


def _organisations(dossier: Dossier) -> set[str]:
    return {dossier.region.name} | {p.lawyer for p in dossier.persons.values() if p.lawyer}


def exclusions(candidate: User, role: str, dossier: Dossier, facts: PoolFacts, now: datetime) -> list[Exclusion]:
    """Every reason `candidate` may not take a `role` seat on this request (empty: eligible)."""
    found: list[str] = []
    if not candidate.has_role(role):
        found.append("wrong_role")
    if not candidate.active:
        found.append("inactive")
    if candidate.region_id == dossier.case.region_id:
        found.append("same_region")
    if candidate.id == dossier.request.requester_id:
        found.append("is_requester")
    if candidate.id in dossier.team_user_ids:
        found.append("on_case_team")
    requester = dossier.requester
    if candidate.team and candidate.region_id == requester.region_id and candidate.team == requester.team:
        found.append("same_team_as_requester")
    if candidate.id in facts.involved_user_ids:
        found.append("earlier_involvement")
    if candidate.id in facts.conflicted_user_ids:
        found.append("declared_conflict")
    if facts.open_load[candidate.id] >= candidate.capacity:
        found.append("at_capacity")
    return [Exclusion(code, REASONS[code].format(role=ROLE_LABELS[role])) for code in found]


def empty_pool_problem(role: str, seat_no: int, reasons: Counter, pool_size: int) -> Problem:
    """Which constraints emptied the pool for one seat, in Dutch."""
    if not reasons:
        detail = "er zijn geen kandidaten met deze rol"
    else:
        detail = "; ".join(f"{n} {REASONS[code].format(role=ROLE_LABELS[role])}" for code, n in reasons.most_common())
    return Problem(
        "no_eligible_reviewer",
        f"Geen geschikte {ROLE_LABELS[role]} voor plaats {seat_no}: van {pool_size} kandidaten {detail}.",
        f"panel.{role}.{seat_no}",
    )
