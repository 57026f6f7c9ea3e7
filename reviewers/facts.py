"""From the database to the pure engine: the pool (reviewers, load, conflicts, reciprocity) and a request's
facts (region, team, family, involvement derived from the dossier, review window, expertise wanted)."""

import time
from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from models.case import Case, CaseTeamMember
from models.dossier import Dossier
from models.hearing import ChildVoice
from models.organisation import Region, User
from models.panel import DeclaredConflict, PanelSeat, PoolVersion, Unavailability
from models.request import Request, RequestState
from models.review import SignOff
from reviewers.pool import Conflicts, Pool, Reviewer, SeatRequest
from reviewers.policy import get_policy

PANEL_ROLES = ("tegenspreker", "jurist", "gedragswetenschapper")
OPEN_STATES = [s.value for s in (RequestState.submitted, RequestState.in_tegenspraak, RequestState.approved,
                                 RequestState.ready)]


RANKING_TTL_SECONDS = 300
_pools: dict[str, tuple[tuple, float, Pool]] = {}  # database URL -> (stamp, built at, pool without load)


def pool_stamp(session: Session) -> tuple:
    """Changes whenever anything a hard constraint reads from the pool changes (reviewers, conflicts, leave)."""
    stamp = []
    for table in (User, DeclaredConflict, Unavailability):
        stamp += list(session.exec(select(func.count(table.id), func.max(table.id))).one())
    version = session.get(PoolVersion, 1)
    return tuple(stamp) + (version.version if version else 0,)


def load_pool(session: Session, now: datetime, *, exclude_request_id: int | None = None) -> Pool:
    """The pool with its current load. Reviewers, conflicts and leave come from a per-process cache that is
    rebuilt whenever `pool_stamp` changes; the ranking inputs (reciprocity, last year's seats) may be up to
    RANKING_TTL_SECONDS old, which moves no hard constraint. The open load is always read fresh."""
    key = str(session.get_bind().url)
    stamp = pool_stamp(session)
    cached = _pools.get(key)
    if cached is None or cached[0] != stamp or time.monotonic() - cached[1] > RANKING_TTL_SECONDS:
        cached = (stamp, time.monotonic(), build_pool(session, now))
        _pools[key] = cached
    stmt = (select(PanelSeat.user_id, func.count()).join(Request, Request.id == PanelSeat.request_id)
            .where(PanelSeat.released_at.is_(None), Request.state.in_(OPEN_STATES)).group_by(PanelSeat.user_id))
    if exclude_request_id is not None:
        stmt = stmt.where(PanelSeat.request_id != exclude_request_id)
    return cached[2].with_load(dict(session.exec(stmt).all()))


def build_pool(session: Session, now: datetime) -> Pool:
    # Plain rows, not ORM objects, and counts from GROUP BY.
    users = [u for u in session.exec(select(User.id, User.name, User.roles, User.region_id, User.team, User.active,
                                            User.capacity, User.expertise, User.languages))
             if any(r in PANEL_ROLES for r in u.roles)]
    leave: dict[int, list] = {}
    for user_id, start, end in session.exec(select(Unavailability.user_id, Unavailability.start, Unavailability.end)):
        leave.setdefault(user_id, []).append((start, end))
    reviewers = [Reviewer(id=u.id, name=u.name, roles=frozenset(u.roles), region_id=u.region_id, team=u.team,
                          active=u.active, capacity=u.capacity, expertise=frozenset(u.expertise),
                          languages=frozenset(u.languages or ["nl"]), unavailable=tuple(leave.get(u.id, ())))
                 for u in users]
    conflicts = Conflicts()
    for c in session.exec(select(DeclaredConflict)):
        if c.person_id is not None:
            conflicts.persons.setdefault(c.person_id, set()).add(c.user_id)
        if c.family_id is not None:
            conflicts.families.setdefault(c.family_id, set()).add(c.user_id)
        if c.organisation:
            conflicts.organisations.setdefault(c.organisation, set()).add(c.user_id)
        if c.region_id is not None:
            conflicts.regions.setdefault(c.region_id, set()).add(c.user_id)
    policy = get_policy()
    since = now - timedelta(days=policy.history_days)
    recent = dict(session.exec(select(PanelSeat.user_id, func.count()).where(PanelSeat.assigned_at >= since)
                               .group_by(PanelSeat.user_id)).all())
    return Pool(reviewers, conflicts, {}, region_shares(session, now), policy, recent)


def region_shares(session: Session, now: datetime) -> dict[int, tuple[float, float]]:
    """Per region: its share of submitted requests and its share of reviews, over the policy's reciprocity period."""
    since = now - timedelta(days=get_policy().reciprocity_days)
    submitted = Counter(dict(session.exec(
        select(Case.region_id, func.count()).join(Request, Request.case_id == Case.id)
        .where(Request.created_at >= since, Request.state != RequestState.draft).group_by(Case.region_id)).all()))
    reviewed = Counter(dict(session.exec(
        select(User.region_id, func.count()).join(PanelSeat, PanelSeat.user_id == User.id)
        .where(PanelSeat.assigned_at >= since).group_by(User.region_id)).all()))
    regions = session.exec(select(Region.id)).all()
    total_s, total_r = max(sum(submitted.values()), 1), max(sum(reviewed.values()), 1)
    return {r: (submitted[r] / total_s, reviewed[r] / total_r) for r in regions}


def involved_users(session: Session, family_id: int, exclude_request_id: int) -> set[int]:
    """Everyone who worked on any case, request, review, hearing or sign-off touching this family's
    children, siblings or parents, other than on this request itself."""
    cases = session.exec(select(Case).where(Case.family_id == family_id)).all()
    case_ids = [c.id for c in cases]
    requests = session.exec(select(Request).where(Request.case_id.in_(case_ids))).all()
    other = [r.id for r in requests if r.id != exclude_request_id]
    users = {c.owner_id for c in cases} | {r.requester_id for r in requests if r.id != exclude_request_id}
    users |= set(session.exec(select(CaseTeamMember.user_id).where(CaseTeamMember.case_id.in_(case_ids))).all())
    users |= set(session.exec(select(PanelSeat.user_id).where(PanelSeat.request_id.in_(other))).all())
    users |= set(session.exec(select(SignOff.user_id).where(SignOff.request_id.in_(other))).all())
    users |= set(session.exec(select(ChildVoice.recorded_by).where(ChildVoice.request_id.in_(other))).all())
    return users


def seat_request(session: Session, dossier: Dossier, now: datetime, *, keep_current: bool = True) -> SeatRequest:
    policy = get_policy()
    request = dossier.request
    review = dossier.catalogue.review
    spoed = request.spoed or (dossier.measure is not None and dossier.measure.spoed)
    days = review.spoed_window_days if spoed else review.window_days
    too_close = {r.id for r in session.exec(select(Region).where(Region.code.in_(dossier.region.too_close)))}
    too_close |= {r.id for r in session.exec(select(Region)) if dossier.region.code in (r.too_close or [])}
    tags = set(dossier.content.problem_tags)
    for child in dossier.children():
        age = child.age_on(now.date())
        if age is not None and (tag := policy.age_tag(age)):
            tags.add(tag)
    declined = set(session.exec(select(PanelSeat.user_id).where(
        PanelSeat.request_id == request.id, PanelSeat.release_kind.in_(["declined", "conflict"]))).all())
    requester = dossier.requester
    return SeatRequest(
        request_id=request.id,
        region_id=dossier.case.region_id,
        too_close=frozenset(too_close - {dossier.case.region_id}),
        requester_id=request.requester_id,
        requester_team=(requester.region_id, requester.team),
        team_user_ids=frozenset(dossier.team_user_ids),
        involved_user_ids=frozenset(involved_users(session, dossier.case.family_id, request.id)),
        declined_user_ids=frozenset(declined),
        person_ids=frozenset(dossier.persons),
        family_id=dossier.case.family_id,
        organisations=frozenset({dossier.region.name} | {p.lawyer for p in dossier.persons.values() if p.lawyer}),
        window=(now.date(), (now + timedelta(days=days)).date()),
        tags=frozenset(tags),
        language=dossier.family.language or "nl",
        seats=tuple(dossier.measure.panel_seats()),
        keep=tuple(((s.role, s.seat_no), s.user_id) for s in dossier.seats) if keep_current else (),
    )
