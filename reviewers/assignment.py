"""Filling a request's panel: one seat per role of the measure's panel composition (catalogue data).

Among eligible candidates the least-loaded wins; ties are broken by a seeded draw that is recorded,
so the choice is replayable but not predictable or steerable by anyone involved.
"""

import hashlib
import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from models.dossier import Dossier
from models.errors import Problem
from models.organisation import User
from models.panel import PanelSeat
from reviewers.eligibility import empty_pool_problem, exclusions, gather_pool_facts


@dataclass
class Choice:
    role: str
    seat_no: int
    user: User | None
    kept: bool = False
    problem: Problem | None = None


def draw_seed(request_id: int, revision_number: int, now: datetime) -> str:
    return hashlib.sha256(f"{request_id}:{revision_number}:{now.isoformat()}".encode()).hexdigest()[:16]


def choose_panel(session: Session, dossier: Dossier, now: datetime, seed: str) -> list[Choice]:
    """A choice per seat; a seat with no eligible candidate carries the problem that explains why."""
    facts = gather_pool_facts(session, dossier)
    candidates = [u for u in session.exec(select(User).where(User.active)) if u.roles]
    rng = random.Random(seed)
    draw = {u.id: rng.random() for u in sorted(candidates, key=lambda u: u.id)}
    taken: set[int] = set()
    current = {(s.role, s.seat_no): s for s in dossier.seats}
    choices: list[Choice] = []
    for role, seat_no in dossier.measure.panel_seats():
        # Continuity: the member who reviewed the earlier revision stays if still eligible.
        seat = current.get((role, seat_no))
        if seat is not None:
            holder = dossier.users.get(seat.user_id) or session.get(User, seat.user_id)
            if not exclusions(holder, role, dossier, facts, now):
                taken.add(holder.id)
                choices.append(Choice(role, seat_no, holder, kept=True))
                continue
        choices.append(_pick(role, seat_no, candidates, dossier, facts, draw, taken, now))
    return choices


def _pick(role, seat_no, candidates, dossier, facts, draw, taken, now) -> Choice:
    reasons: Counter = Counter()
    pool = [u for u in candidates if u.has_role(role)]
    eligible = []
    for user in pool:
        if user.id in taken:
            continue
        excluded = exclusions(user, role, dossier, facts, now)
        if excluded:
            reasons[excluded[0].code] += 1
        else:
            eligible.append(user)
    if not eligible:
        return Choice(role, seat_no, None, problem=empty_pool_problem(role, seat_no, reasons, len(pool)))
    best = min(eligible, key=lambda u: (facts.open_load[u.id] / max(u.capacity, 1), draw[u.id]))
    taken.add(best.id)
    facts.open_load[best.id] += 1
    return Choice(role, seat_no, best)
