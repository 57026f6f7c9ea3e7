"""After the load: what the engine did (events, flow runs and their time, from the database and Prefect's API) and
whether anything was done twice (documents, panel seats, mail, audit events, flow runs per event)."""

import email
from collections import Counter
from datetime import datetime
from pathlib import Path

import httpx


def _parse(moment: str | None) -> datetime | None:
    return datetime.fromisoformat(moment.replace("Z", "+00:00")) if moment else None


def flow_runs(prefect_url: str) -> list[dict]:
    """Every flow run on the stack's Prefect server, with its flow's name."""
    runs, offset = [], 0
    with httpx.Client(base_url=prefect_url, timeout=60) as client:
        flows = {f["id"]: f["name"] for f in client.post("/flows/filter", json={"limit": 200}).json()}
        while True:
            page = client.post("/flow_runs/filter", json={"limit": 200, "offset": offset, "sort": "ID_DESC"}).json()
            if not page:
                break
            runs.extend(page)
            offset += len(page)
    runs = list({run["id"]: run for run in runs}.values())  # a page boundary shifted by a new run: listed once
    for run in runs:
        run["flow_name"] = flows.get(run["flow_id"], "?")
    return runs


def settle(database_url: str, timeout: float = 90.0) -> dict:
    """Waits until no event is unprocessed and no mail is pending or being sent (the last cases' notifications go
    out in the workers' next rounds); returns what was still left at the end."""
    import time

    from sqlalchemy import func
    from sqlmodel import Session, select

    from models.audit import Event
    from models.db import make_engine
    from models.mail import MailMessage

    engine = make_engine(database_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            with Session(engine) as session:
                left = {"events": session.exec(select(func.count()).select_from(Event)
                                               .where(Event.processed_at.is_(None))).one(),
                        "mail": session.exec(select(func.count()).select_from(MailMessage)
                                             .where(MailMessage.status.in_(("pending", "sending")))).one()}
            if not any(left.values()) or time.monotonic() > deadline:
                return left
            time.sleep(1)
    finally:
        engine.dispose()


def engine_time(runs: list[dict]) -> dict:
    """Worker busy time from the flow runs: a worker runs its flows one after another, from creating the run to its
    end; nested runs (the events and mail the deadline watcher processes as its subflows) are inside their parent's
    time. Runs per flow count nested runs too."""
    top = [r for r in runs if not r.get("parent_task_run_id")]
    busy, body, unfinished = 0.0, 0.0, 0
    per_flow: Counter = Counter()
    for run in top:
        created, end = _parse(run["created"]), _parse(run.get("end_time"))
        if end is None:
            unfinished += 1
            continue
        busy += (end - created).total_seconds()
        body += run.get("total_run_time") or 0.0
    per_flow.update(run["flow_name"] for run in runs)
    states = Counter(r.get("state_type") for r in runs)
    return {"runs": len(runs), "top_level": len(top), "nested": len(runs) - len(top), "busy_s": busy, "body_s": body,
            "unfinished": unfinished,
            "per_flow": dict(per_flow), "states": dict(states)}


def runs_per_event(runs: list[dict], events: list[tuple[int, str, int, str | None]]) -> dict:
    """A worker runs the events it claimed in one round in one flow run, tagged `event-id:<id>` for each and
    `worker:<name>` (flows/lifecycle.py). An event is counted in the runs of the worker that processed it
    (`Event.claimed_by`), whatever their end state (a run that failed on one event committed the others): more
    than one such run means it ran twice there; none, that it ran outside Prefect. Runs of other workers that
    carry it (a run that gave it back, or lost it to a takeover) are not effects and are not counted."""
    by_worker = Counter()
    for run in runs:
        tags = run.get("tags") or []
        worker = next((t.split(":", 1)[1] for t in tags if t.startswith("worker:")), None)
        for t in tags:
            if t.startswith("event-id:"):
                by_worker[(int(t.split(":", 1)[1]), worker)] += 1
    expected = [(event_id, claimed_by) for event_id, _, request_id, claimed_by in events if request_id is not None]
    extra = {("event", e): by_worker[(e, w)] - 1 for e, w in expected if by_worker[(e, w)] > 1}
    missing = {("event", e): 1 for e, w in expected if by_worker[(e, w)] == 0}
    event_runs = {run["id"] for run in runs if any(t.startswith("event-id:") for t in run.get("tags") or [])}
    return {"event_runs": len(event_runs), "events": len(expected), "extra": extra, "missing": missing,
            "events_per_run": len(expected) / max(1, len(event_runs))}


def database_checks(database_url: str, request_ids: list[int]) -> dict:
    """Duplicates that must never exist, each as a list of offending keys (empty: none)."""
    from sqlalchemy import func
    from sqlmodel import Session, select

    from models.audit import AuditEvent, Event
    from models.court_document import CourtDocument
    from models.db import make_engine
    from models.mail import MailMessage
    from models.panel import PanelSeat

    def dupes(session, *columns, where=()):
        query = select(*columns, func.count()).group_by(*columns).having(func.count() > 1)
        for condition in where:
            query = query.where(condition)
        return [tuple(row[:-1]) for row in session.exec(query).all()]

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            out = {
                "documents (request, revision, kind)": dupes(session, CourtDocument.request_id,
                                                             CourtDocument.revision_id, CourtDocument.kind),
                "active seats (request, role, seat_no)": dupes(session, PanelSeat.request_id, PanelSeat.role,
                                                               PanelSeat.seat_no,
                                                               where=[PanelSeat.released_at.is_(None)]),
                "mail (dedupe_key)": dupes(session, MailMessage.dedupe_key),
                # One message per reason: the same kind to the same recipient about the same request, sent twice.
                "mail sent (request, kind, party, user)": dupes(
                    session, MailMessage.request_id, MailMessage.kind, MailMessage.party_id, MailMessage.user_id,
                    where=[MailMessage.status == "sent"]),
            }
            audit_rows = session.exec(select(AuditEvent.request_id, AuditEvent.action, AuditEvent.revision_number,
                                             AuditEvent.details)).all()
            events = session.exec(select(Event.id, Event.kind, Event.request_id, Event.claimed_by)).all()
            event_stats = {
                "events": len(events),
                "unprocessed": session.exec(select(func.count()).select_from(Event)
                                            .where(Event.processed_at.is_(None))).one(),
                "attempts_gt_1": session.exec(select(func.count()).select_from(Event).where(Event.attempts > 1)).one(),
                "refused": session.exec(select(func.count()).select_from(Event)
                                        .where(Event.outcome.like("refused%"))).one(),
            }
            documents = session.exec(select(CourtDocument.request_id)).all()
            rendered_at = dict(session.exec(select(CourtDocument.request_id, func.min(CourtDocument.rendered_at))
                                            .group_by(CourtDocument.request_id)).all())
            mail = Counter(session.exec(select(MailMessage.status)).all())
            sent_ids = set(session.exec(select(MailMessage.message_id).where(MailMessage.status == "sent")).all())
    finally:
        engine.dispose()
    # Audit events the engine writes once per request and revision (per seat, per message), in this scenario with
    # no declines, returns or re-renders.
    once = {"request.submitted": (), "request.approved": (), "request.ready": (), "document.rendered": ("kind",),
            "seat.assigned": ("role", "seat_no"), "mail.sent": ("mail_id",)}
    keys = Counter()
    for request_id, action, revision, details in audit_rows:
        if action in once:
            keys[(request_id, action, revision, *(details.get(k) for k in once[action]))] += 1
    out["audit (request, action, revision[, seat|mail])"] = [k for k, n in keys.items() if n > 1]
    return {"duplicates": out, "events": event_stats, "event_rows": events, "documents": len(documents),
            "rendered_at": rendered_at,
            "documents_for_cases": len(set(documents) & set(request_ids)), "mail_status": dict(mail),
            "sent_message_ids": sent_ids}


def delivered_mail(mail_dir: Path, sent_ids: set[str]) -> dict:
    """The SMTP catcher's files: each sent message must have arrived exactly once."""
    ids = Counter()
    for path in mail_dir.glob("*.eml"):
        ids[email.message_from_bytes(path.read_bytes())["Message-ID"]] += 1
    return {"files": sum(ids.values()), "twice": [i for i, n in ids.items() if n > 1],
            "sent_not_arrived": len(sent_ids - set(ids))}
