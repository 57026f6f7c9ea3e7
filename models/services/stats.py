"""Learning from tegenspraak: per region and measure, how often requests are returned or advised against,
which criteria fail most, and how long each stage takes (seeds/002 §2.1.4; rechtsgelijkheid)."""

import statistics
from collections import Counter, defaultdict
from datetime import datetime

from sqlmodel import Session, select

from models.audit import AuditEvent
from models.case import Case
from models.errors import NotAllowed, Problem
from models.organisation import Region, User
from models.request import Request, RequestState
from models.review import Assessment, Outcome

# Which audit action means the request entered which stage.
STAGE_OF_ACTION = {
    "request.created": "draft",
    "request.submitted": "submitted",
    "seat.assigned": "in_tegenspraak",
    "request.approved": "approved",
    "escalation.decided": "approved",
    "request.ready": "ready",
    "document.rendered": "rendered",
    "request.filed": "filed",
    "request.returned": "returned",
    "request.advised_against": "advised_against",
    "request.withdrawn": "withdrawn",
}


def learning(session: Session, *, actor: User, region_code: str | None = None, measure: str | None = None) -> list[dict]:
    if not (actor.has_role("beheerder") or actor.has_role("regiomanager") or actor.has_role("indiener")):
        raise NotAllowed(problems=[Problem("not_allowed", "Geen toegang tot de leercijfers.")])
    regions = {r.id: r for r in session.exec(select(Region))}
    stmt = select(Request, Case).join(Case, Case.id == Request.case_id).where(Request.state != RequestState.draft)
    if measure:
        stmt = stmt.where(Request.measure == measure)
    rows = session.exec(stmt).all()
    if region_code:
        rows = [(r, c) for r, c in rows if regions[c.region_id].code == region_code]
    ids = [r.id for r, _ in rows]
    events = session.exec(select(AuditEvent).where(AuditEvent.request_id.in_(ids)).order_by(AuditEvent.id)).all()
    failing = session.exec(select(Assessment).where(Assessment.request_id.in_(ids),
                                                    Assessment.outcome == Outcome.voldoet_niet)).all()
    by_request = defaultdict(list)
    for e in events:
        by_request[e.request_id].append(e)
    groups: dict[tuple[str, str], dict] = {}
    for request, case in rows:
        key = (regions[case.region_id].code, request.measure)
        g = groups.setdefault(key, {"region": key[0], "measure": key[1], "requests": 0, "returned": 0,
                                    "advised_against": 0, "failing": Counter(), "stage_hours": defaultdict(list)})
        g["requests"] += 1
        actions = {e.action for e in by_request[request.id]}
        g["returned"] += "request.returned" in actions
        g["advised_against"] += "request.advised_against" in actions
        _stage_times(by_request[request.id], g["stage_hours"])
    for a in failing:
        request, case = next((r, c) for r, c in rows if r.id == a.request_id)
        groups[(regions[case.region_id].code, request.measure)]["failing"][a.criterion] += 1
    return [{
        "region": g["region"], "measure": g["measure"], "requests": g["requests"],
        "share_returned": round(g["returned"] / g["requests"], 3),
        "share_advised_against": round(g["advised_against"] / g["requests"], 3),
        "most_failing_criteria": [{"criterion": c, "count": n} for c, n in g["failing"].most_common(5)],
        "median_hours_in_stage": {s: round(statistics.median(h), 1) for s, h in g["stage_hours"].items()},
    } for g in sorted(groups.values(), key=lambda g: (g["region"], g["measure"]))]


def _stage_times(events: list[AuditEvent], out: dict[str, list[float]]) -> None:
    entered: list[tuple[str, datetime]] = []
    for e in events:
        stage = STAGE_OF_ACTION.get(e.action)
        if stage and (not entered or entered[-1][0] != stage):
            entered.append((stage, e.at))
    for (stage, start), (_, end) in zip(entered, entered[1:]):
        out[stage].append((end - start).total_seconds() / 3600)
