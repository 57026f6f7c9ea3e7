"""Assigning the panel: all seats or none."""

from datetime import datetime

from sqlmodel import Session

from models.dossier import Dossier, load_dossier
from models.errors import GateRefused, NotAllowed, Problem
from models.lifecycle import target_state
from models.organisation import ROLE_LABELS, User
from models.panel import PanelSeat
from models.services.common import audit, set_state
from reviewers.assignment import choose_panel, draw_seed


def assign(session: Session, dossier: Dossier, now: datetime, actor: User | None = None) -> list[PanelSeat]:
    """Fill every seat or refuse with the constraint that emptied each empty seat's pool. Flushes, never commits.

    On refusal the request is flagged for the beheerder (the caller commits that flag) and no seat is changed.
    """
    request = dossier.request
    to = target_state("assign", request.state)
    seed = draw_seed(request.id, dossier.revision.number, now)
    choices = choose_panel(session, dossier, now, seed)
    problems = [c.problem for c in choices if c.problem]
    if problems:
        request.flagged = " ".join(p.message for p in problems)
        audit(session, now=now, actor=actor, action="assignment.refused", request=request, revision=dossier.revision,
              problems=[p.as_dict() for p in problems], seed=seed)
        raise GateRefused("Het panel kan niet worden samengesteld.", problems=problems, code="assignment_refused")
    kept = {(c.role, c.seat_no) for c in choices if c.kept}
    for seat in dossier.seats:
        if (seat.role, seat.seat_no) not in kept:
            seat.released_at = now
            seat.release_reason = "niet meer geschikt bij hertoewijzing"
            audit(session, now=now, actor=actor, action="seat.released", request=request, revision=dossier.revision,
                  seat_id=seat.id, user_id=seat.user_id, reason=seat.release_reason)
    seats = []
    for choice in choices:
        if choice.kept:
            continue
        seat = PanelSeat(request_id=request.id, role=choice.role, seat_no=choice.seat_no, user_id=choice.user.id,
                         assigned_at=now, draw_seed=seed)
        session.add(seat)
        seats.append(seat)
    session.flush()
    for seat, choice in zip(seats, [c for c in choices if not c.kept]):
        audit(session, now=now, actor=actor, action="seat.assigned", request=request, revision=dossier.revision,
              seat_id=seat.id, role=seat.role, seat_no=seat.seat_no, user_id=choice.user.id,
              reviewer=choice.user.name, region_id=choice.user.region_id, seed=seed)
    for choice in choices:
        if choice.kept:
            audit(session, now=now, actor=actor, action="seat.continued", request=request, revision=dossier.revision,
                  role=choice.role, seat_no=choice.seat_no, user_id=choice.user.id, reviewer=choice.user.name)
    request.flagged = ""
    set_state(request, to, now)
    return seats


def assign_panel(session: Session, *, actor: User, request_id: int, now: datetime) -> list[PanelSeat]:
    """A beheerder retries assignment by hand (e.g. after widening the pool)."""
    if not actor.has_role("beheerder"):
        raise NotAllowed(problems=[Problem("role_required", f"Hiervoor is de rol '{ROLE_LABELS['beheerder']}' nodig.")])
    dossier = load_dossier(session, request_id, for_update=True)
    try:
        seats = assign(session, dossier, now, actor)
    except GateRefused:
        session.commit()  # the flag and the audit of the refusal are kept; no seat was added
        raise
    session.commit()
    return seats
