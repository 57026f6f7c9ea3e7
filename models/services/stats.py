"""Learning from tegenspraak: per region and measure, how often requests are returned or advised against,
which criteria fail most, and how long each stage takes (seeds/002 §2.1.4; rechtsgelijkheid)."""

import math
import statistics
from collections import Counter, defaultdict
from datetime import datetime, timedelta

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


# --- uniformity across regions (rechtsgelijkheid, uniformiteit) ---------------------------------------

UNIFORMITY_ACTIONS = ("request.submitted", "request.returned", "request.advised_against", "request.approved",
                      "escalation.decided", "document.rendered")


def p90(values: list[float]) -> float | None:
    """Nearest rank: the smallest value at or below which 90% of the values lie."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _lead_time(days: list[float]) -> dict:
    return {"count": len(days), "median_days": round(statistics.median(days), 1) if days else None,
            "p90_days": round(p90(days), 1) if days else None}


def _figures(requests: int, returned: int, advised: int, to_approved: list[float], to_rendered: list[float]) -> dict:
    return {"submitted": requests, "returned": returned, "advised_against": advised,
            "share_returned": round(returned / requests, 3) if requests else None,
            "share_advised_against": round(advised / requests, 3) if requests else None,
            "to_approved": _lead_time(to_approved), "to_rendered": _lead_time(to_rendered)}


def uniformity(session: Session, *, actor: User, now: datetime, days: int | None = 365) -> dict:
    """Per region of the case, for the requests first submitted in the `days` before `now` (all, when None):
    the share returned for correction and the share advised against (each request counted once), and the lead
    time from the first submission to the first approval and to the first rendered verzoekschrift, median and
    p90, in days. Only what happened up to `now` counts. Counts only: no family, no person, no request."""
    if not (actor.has_role("beheerder") or actor.has_role("regiomanager")):
        raise NotAllowed(problems=[Problem("not_allowed", "Alleen een beheerder of regiomanager ziet deze cijfers.")])
    since = now - timedelta(days=days) if days else None
    rows = session.exec(select(AuditEvent.request_id, AuditEvent.action, AuditEvent.at, AuditEvent.details,
                               Case.region_id)
                        .join(Request, Request.id == AuditEvent.request_id).join(Case, Case.id == Request.case_id)
                        .where(AuditEvent.action.in_(UNIFORMITY_ACTIONS), AuditEvent.at <= now)
                        .order_by(AuditEvent.id)).all()
    first: dict[str, dict[int, datetime]] = defaultdict(dict)
    region_of: dict[int, int] = {}
    for request_id, action, at, details, region_id in rows:
        if action == "escalation.decided":
            if not (details or {}).get("proceed"):
                continue
            action = "request.approved"
        region_of[request_id] = region_id
        first[action].setdefault(request_id, at)
    per_region: dict[int, list] = defaultdict(lambda: [0, 0, 0, [], []])
    for request_id, submitted in first["request.submitted"].items():
        if since is not None and submitted < since:
            continue
        g = per_region[region_of[request_id]]
        g[0] += 1
        g[1] += request_id in first["request.returned"]
        g[2] += request_id in first["request.advised_against"]
        for stage, times in (("request.approved", g[3]), ("document.rendered", g[4])):
            if request_id in first[stage] and first[stage][request_id] >= submitted:
                times.append((first[stage][request_id] - submitted).total_seconds() / 86400)
    regions = session.exec(select(Region).order_by(Region.name)).all()
    everything = [sum(g[i] for g in per_region.values()) for i in range(3)]
    everything += [[t for g in per_region.values() for t in g[i]] for i in (3, 4)]
    return {"since": since, "until": now, "days": days,
            "regions": [{"code": r.code, "name": r.name} | _figures(*per_region[r.id]) for r in regions],
            "total": _figures(*everything)}
