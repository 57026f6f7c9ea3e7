"""Small builders that drive a request through the real services, stage by stage."""

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from adapters.documents import FileSystemDocumentStore
from models.config import get_settings
from models.demo import Demo, demo_ots_content
from models.dossier import load_dossier
from models.organisation import User
from models.services import drafting, hearing, review

STAGES = ["draft", "submitted", "in_tegenspraak", "heard", "assessed", "approved", "ready", "rendered"]


def actor(session: Session, demo: Demo, key: str) -> User:
    return session.get(User, demo.users[key])


def portal_args() -> dict:
    """What invite_party takes from the settings, as the entry points pass it."""
    settings = get_settings()
    return {"portal_base_url": settings.portal_base_url, "portal_single_use": settings.portal_single_use}


def deadline_args() -> dict:
    """What watch_deadlines takes from the settings."""
    return {"reminder_days_before": get_settings().reminder_days_before}


def review_watch_args() -> dict:
    """What watch_review_deadlines takes from the settings."""
    return deadline_args() | {"public_base_url": get_settings().public_base_url}


def store(documents_dir: Path) -> FileSystemDocumentStore:
    """The application's document store on a test's own folder."""
    return FileSystemDocumentStore(documents_dir)


def pump(session: Session, now: datetime, documents_dir: Path) -> list[str]:
    """Process every pending event, as the worker's flows would: documents in `documents_dir`, the rest of what
    the handlers need from the settings."""
    from adapters.wiring import event_setting
    from models.services.events import pending_event_ids, process_event

    setting = dataclasses.replace(event_setting(get_settings()), documents=store(documents_dir))
    return [process_event(session, event_id=e, now=now, setting=setting) for e in pending_event_ids(session)]


def make_request(session: Session, demo: Demo, now: datetime, **overrides) -> int:
    indiener = actor(session, demo, "utrecht/indiener")
    case = drafting.create_case(session, actor=indiener, family_id=demo.family_id, title="Noah",
                                team_user_ids=[demo.users["utrecht/collega"]], now=now)
    content = demo_ots_content(demo, now) | overrides
    request = drafting.create_request(session, actor=indiener, case_id=case.id,
                                      content=drafting.parse_content(content), spoed=False, now=now)
    return request.id


def hear_everyone(session: Session, demo: Demo, request_id: int, now: datetime) -> None:
    indiener = actor(session, demo, "utrecht/indiener")
    d = load_dossier(session, request_id)
    for party in d.parties:
        if party.kind == "child":
            continue
        hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=party.id, channel="email",
                             sent_at=now, proof=f"e-mail verzonden {now:%d-%m-%Y}", now=now, **portal_args())
        hearing.record_response(session, actor=indiener, request_id=request_id, party_id=party.id,
                                position="oneens", text=f"Zienswijze van {d.person(party.person_id).full_name}.",
                                received_at=now, channel="email", responded_by="", now=now)
    for child_id in d.content.child_ids:
        hearing.record_child_voice(session, actor=indiener, request_id=request_id, person_id=child_id, heard=True,
                                   method="gesprek", obtained_by="Fatima el Amrani", obtained_at=now,
                                   child_words="Ik wil dat het thuis rustig is.",
                                   professional_summary="Het kind wil rust thuis.", not_heard_reason="",
                                   explanation="", now=now)


def assess_all(session: Session, request_id: int, now: datetime) -> None:
    d = load_dossier(session, request_id)
    for seat in d.seats:
        review.record_assessments(session, actor=d.user(seat.user_id), request_id=request_id, now=now, items=[
            {"criterion": code, "outcome": "voldoet", "reasoning": f"{label}: voldoende onderbouwd."}
            for code, label in d.criteria()])


def give_verdicts(session: Session, request_id: int, now: datetime, decisions: dict[str, str] | None = None) -> None:
    d = load_dossier(session, request_id)
    for seat in d.seats:
        decision = (decisions or {}).get(seat.role, "akkoord")
        review.record_verdict(session, actor=d.user(seat.user_id), request_id=request_id, decision=decision,
                              reasons=f"Oordeel {seat.role}: {decision}.", now=now)


def accept_warnings(session: Session, request_id: int, now: datetime) -> None:
    """The panel's chair accepts, with reasons, every intake warning still open on the current revision."""
    from models.gates import unresolved_warnings

    d = load_dossier(session, request_id)
    chair = d.user(next(s.user_id for s in d.seats if s.id == d.chair_seat_id))
    for w in sorted({(w.code, w.field or "") for w in unresolved_warnings(d, now)}):
        review.accept_warning(session, actor=chair, request_id=request_id, code=w[0], field=w[1],
                              reasons="Het panel weegt dit mee en aanvaardt het.", now=now)


def sign_all(session: Session, request_id: int, now: datetime) -> None:
    d = load_dossier(session, request_id)
    for seat in d.seats:
        if seat.role in d.catalogue.review.signoff_roles:
            review.sign_off(session, actor=d.user(seat.user_id), request_id=request_id,
                            revision_hash=d.revision.content_hash, declaration="Ik verklaar deze revisie getoetst.",
                            now=now)


def drive_to(session: Session, demo: Demo, stage: str, now: datetime, documents_dir: Path, **overrides) -> int:
    """A new request brought to `stage` (one of STAGES) through the real services and event handlers."""
    target = STAGES.index(stage)
    request_id = make_request(session, demo, now, **overrides)
    steps = [
        lambda: drafting.submit_request(session, actor=actor(session, demo, "utrecht/indiener"),
                                        request_id=request_id, now=now),
        lambda: pump(session, now, documents_dir),
        lambda: hear_everyone(session, demo, request_id, now + timedelta(hours=1)),
        lambda: assess_all(session, request_id, now + timedelta(hours=2)),
        lambda: (give_verdicts(session, request_id, now + timedelta(hours=3)),
                 pump(session, now + timedelta(hours=3), documents_dir)),
        lambda: (sign_all(session, request_id, now + timedelta(hours=4)),
                 pump(session, now + timedelta(hours=4), documents_dir)),
        lambda: pump(session, now + timedelta(hours=5), documents_dir),
    ]
    for step in steps[:target]:
        step()
    return request_id


def send_due_mails(session: Session, now: datetime) -> list[str]:
    """What the worker's mail flow does: send every due message over SMTP and record the outcome."""
    from flows.lifecycle import send_mail_task
    from models.services.mailing import due_mail_ids

    return [send_mail_task.fn(mail_id) for mail_id in due_mail_ids(session, now)]


def settle_notifications(session: Session) -> None:
    """For tests about the parties' mail that count messages: the workspace's notifications to professionals
    (models.services.notify) queued so far are taken out of the outbox, never sent. Their own tests are in
    tests/flows/test_notifications.py."""
    from sqlalchemy import update

    from models.mail import MailMessage

    session.rollback()
    session.execute(update(MailMessage).where(MailMessage.user_id.is_not(None), MailMessage.status == "pending")
                    .values(status="cancelled", last_error="niet onder test"))
    session.commit()


def deliverable_addresses(session: Session) -> None:
    """The demo's addresses of Ayşe Kaya and Meryem Yıldız are not plain ASCII, which the mailer refuses (a failed
    notification flags the request). For tests that send mail to professionals and are not about that."""
    from sqlmodel import select

    for user in session.exec(select(User)):
        user.email = user.email.encode("ascii", "ignore").decode()
        session.add(user)
    session.commit()
