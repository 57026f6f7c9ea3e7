"""Assigning, re-filling and explaining panels: all seats or none, every change in the audit trail."""

import hashlib
from datetime import datetime

from sqlmodel import Session, select

from models.dossier import Dossier, load_dossier
from models.errors import GateRefused, NotFound, Problem
from models.lifecycle import target_state
from models.organisation import User
from models.panel import DeclaredConflict, PanelSeat
from models.request import Request, RequestState
from models.services.common import active_seat_of, audit, emit, invalid, require_role, set_state
from reviewers.facts import load_pool, seat_request
from reviewers.pool import Pool, SeatChoice
from reviewers.reasons import empty_pool_problem, reason_text


def draw_seed(request_id: int, revision_number: int, now: datetime) -> str:
    return hashlib.sha256(f"{request_id}:{revision_number}:{now.isoformat()}".encode()).hexdigest()[:16]


def apply_choices(session: Session, dossier: Dossier, choices: list[SeatChoice], seed: str, now: datetime,
                  actor: User | None) -> list[PanelSeat]:
    """Seat the chosen reviewers, or refuse the whole panel (flagging the request) if any seat is empty."""
    request = dossier.request
    problems = [empty_pool_problem(c.role, c.seat_no, c.empty_reasons, c.pool_size)
                for c in choices if c.user_id is None]
    if problems:
        request.flagged = " ".join(p.message for p in problems)
        audit(session, now=now, actor=actor, action="assignment.refused", request=request, revision=dossier.revision,
              problems=[p.as_dict() for p in problems], seed=seed)
        raise GateRefused("Het panel kan niet worden samengesteld.", problems=problems, code="assignment_refused")
    kept = {(c.role, c.seat_no) for c in choices if c.kept}
    for seat in dossier.seats:
        if (seat.role, seat.seat_no) not in kept:
            _release(session, dossier, seat, "ineligible", "niet meer geschikt bij hertoewijzing", now, actor)
    seats = []
    for choice in choices:
        if choice.kept:
            audit(session, now=now, actor=actor, action="seat.continued", request=request, revision=dossier.revision,
                  role=choice.role, seat_no=choice.seat_no, user_id=choice.user_id)
            continue
        seat = PanelSeat(request_id=request.id, role=choice.role, seat_no=choice.seat_no, user_id=choice.user_id,
                         assigned_at=now, draw_seed=seed, score=choice.score, score_details=choice.breakdown)
        session.add(seat)
        session.flush()
        seats.append(seat)
        reviewer = session.get(User, choice.user_id)
        audit(session, now=now, actor=actor, action="seat.assigned", request=request, revision=dossier.revision,
              seat_id=seat.id, role=seat.role, seat_no=seat.seat_no, user_id=reviewer.id, reviewer=reviewer.name,
              region_id=reviewer.region_id, score=choice.breakdown, seed=seed)
    request.flagged = ""
    return seats


def _release(session, dossier, seat: PanelSeat, kind: str, reason: str, now, actor) -> None:
    seat.released_at, seat.release_kind, seat.release_reason = now, kind, reason
    audit(session, now=now, actor=actor, action="seat.released", request=dossier.request, revision=dossier.revision,
          seat_id=seat.id, user_id=seat.user_id, kind=kind, reason=reason)


def assign(session: Session, dossier: Dossier, now: datetime, actor: User | None = None,
           pool: Pool | None = None) -> list[PanelSeat]:
    """submitted -> in_tegenspraak with a full panel, or a refusal naming what emptied each empty seat.
    Flushes, never commits: on refusal the caller commits the flag and the audit of it, and nothing else."""
    to = target_state("assign", dossier.request.state)
    pool = pool or load_pool(session, now, exclude_request_id=dossier.request.id)
    seed = draw_seed(dossier.request.id, dossier.revision.number, now)
    seats = apply_choices(session, dossier, pool.choose(seat_request(session, dossier, now), seed), seed, now, actor)
    set_state(dossier.request, to, now)
    return seats


def assign_panel(session: Session, *, actor: User, request_id: int, now: datetime) -> list[PanelSeat]:
    """A beheerder retries assignment by hand (e.g. after widening the pool)."""
    require_role(actor, "beheerder")
    dossier = load_dossier(session, request_id, for_update=True)
    try:
        seats = assign(session, dossier, now, actor)
    except GateRefused:
        session.commit()  # the flag and the audit of the refusal are kept; no seat was added
        raise
    session.commit()
    return seats


def assign_batch_now(session: Session, *, actor: User | None, now: datetime) -> dict:
    """Every submitted request as one optimisation (reviewers.batch); per request all seats or none."""
    from models.db import begin_write
    from reviewers.batch import assign_batch

    if actor is not None:
        require_role(actor, "beheerder")
    begin_write(session)
    # Every submitted request locked at once, before any is read, in this one transaction: a second batch at the
    # same moment (another worker's, the beheerder's) waits here, and then finds them assigned (PostgreSQL checks
    # the state again of the rows it waited for; SQLite has one writer at a time). Locking per request with
    # load_dossier(for_update=True) would end the transaction, and the locks before, at every call (begin_write).
    ids = session.exec(select(Request.id).where(Request.state == RequestState.submitted).order_by(Request.id)
                       .with_for_update(key_share=True)).all()
    if not ids:
        session.rollback()
        return {"assigned": [], "refused": {}}
    dossiers = [load_dossier(session, i) for i in ids]
    pool = load_pool(session, now)
    requests = [seat_request(session, d, now) for d in dossiers]
    seed = hashlib.sha256(f"batch:{now.isoformat()}:{ids}".encode()).hexdigest()[:16]
    results = assign_batch(pool, requests, seed)
    assigned, refused = [], {}
    for dossier in dossiers:
        try:
            apply_choices(session, dossier, results[dossier.request.id], seed, now, actor)
        except GateRefused as exc:
            refused[dossier.request.id] = [p.as_dict() for p in exc.problems]
            continue
        set_state(dossier.request, target_state("assign", dossier.request.state), now)
        assigned.append(dossier.request.id)
    session.commit()
    return {"assigned": assigned, "refused": refused, "seed": seed}


def decline_seat(session: Session, *, actor: User, request_id: int, reason: str, conflict: bool,
                 now: datetime) -> PanelSeat | None:
    """A reviewer declines (or declares a conflict late): the seat is released and re-filled at once.

    Returns the new seat, or None when nobody eligible is left (the request is flagged for the beheerder)."""
    dossier = load_dossier(session, request_id, for_update=True)
    seat = active_seat_of(dossier, actor)
    invalid([] if reason.strip() else [Problem("reason_missing", "Geef een reden op.", "reason")])
    if dossier.request.state not in (RequestState.in_tegenspraak, RequestState.approved):
        raise GateRefused(problems=[Problem("not_in_review", "Alleen tijdens de tegenspraak kunt u afzien.", "state")])
    kind = "conflict" if conflict else "declined"
    if conflict:
        session.add(DeclaredConflict(user_id=actor.id, family_id=dossier.case.family_id, reason=reason,
                                     declared_at=now))
    _release(session, dossier, seat, kind, reason, now, actor)
    session.flush()
    dossier = load_dossier(session, request_id)
    pool = load_pool(session, now, exclude_request_id=request_id)
    seed = draw_seed(request_id, dossier.revision.number, now)
    choices = pool.choose(seat_request(session, dossier, now), seed)
    new_seat = None
    try:
        new_seats = apply_choices(session, dossier, choices, seed, now, None)
        new_seat = new_seats[0] if new_seats else None
    except GateRefused:
        pass  # flagged and audited by apply_choices; approval stays blocked by the empty seat
    if dossier.request.approved_revision_id is not None and dossier.request.state == RequestState.approved:
        # A new member has not approved: back into review (their verdict is needed).
        dossier.request.approved_revision_id = None
        set_state(dossier.request, RequestState.in_tegenspraak, now)
    emit(session, kind="review.updated", request_id=request_id, now=now)
    session.commit()
    return new_seat


def why_panel(session: Session, *, actor: User, request_id: int, now: datetime) -> list[dict]:
    from models.services.access import open_request

    open_request(session, actor=actor, request_id=request_id, part="panel", now=now)
    seats = session.exec(select(PanelSeat).where(PanelSeat.request_id == request_id).order_by(PanelSeat.id)).all()
    users = {u.id: u for u in session.exec(select(User).where(User.id.in_([s.user_id for s in seats])))}
    return [{"seat_id": s.id, "role": s.role, "seat_no": s.seat_no, "user_id": s.user_id, "name": users[s.user_id].name,
             "assigned_at": s.assigned_at, "active": s.released_at is None, "release_kind": s.release_kind,
             "release_reason": s.release_reason, "score": s.score, "breakdown": s.score_details, "seed": s.draw_seed}
            for s in seats]


def why_not(session: Session, *, actor: User, request_id: int, user_id: int, now: datetime) -> dict:
    from models.services.access import open_request

    dossier = open_request(session, actor=actor, request_id=request_id, part="panel", now=now)
    candidate = session.get(User, user_id)
    if candidate is None:
        raise NotFound(f"Gebruiker {user_id} bestaat niet.", code="user_not_found")
    pool = load_pool(session, now, exclude_request_id=request_id)
    req = seat_request(session, dossier, now)
    roles = sorted({role for role, _ in req.seats})
    result = {"user_id": user_id, "name": candidate.name, "roles": {}}
    for role in roles:
        codes = pool.exclusions(user_id, role, req)
        entry = {"eligible": not codes,
                 "reasons": [{"code": c, "message": f"{candidate.name} {reason_text(c, role)}."} for c in codes]}
        if not codes:
            entry["score"] = pool.breakdown(pool.index[user_id], req)
        result["roles"][role] = entry
    seated = [s for s in dossier.seats if s.user_id == user_id]
    result["seated"] = [{"role": s.role, "seat_no": s.seat_no} for s in seated]
    return result
