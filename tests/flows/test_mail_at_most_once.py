"""A worker killed exactly between 'the SMTP server accepted the message' and 'recorded as sent', or a server
whose answer comes too late: the message arrived once, is never sent again by itself, and the case is asked to
check."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from flows.lifecycle import send_mail_flow
from models.audit import AuditEvent
from models.dossier import load_dossier
from models.hearing import HearingParty
from models.mail import MailMessage
from models.request import Request
from models.services import hearing
from models.services.mailing import mark_interrupted_mail
from tests.builders import actor, drive_to, portal_args, send_due_mails, settle_notifications
from tests.conftest import NOW, CollectingHandler, free_port

ROOT = Path(__file__).resolve().parents[2]


def a_parent_invited_by_e_mail(session, demo, settings) -> tuple[int, HearingParty, MailMessage]:
    """A request in tegenspraak (its notifications settled) whose first parent is invited by e-mail at NOW: the
    request id, the parent's party and the one message to her, still pending."""
    request_id = drive_to(session, demo, "in_tegenspraak", NOW - timedelta(days=1), settings.documents_dir)
    settle_notifications(session)
    mother = next(p for p in load_dossier(session, request_id).parties if p.kind != "child")
    indiener = actor(session, demo, "utrecht/indiener")
    hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=mother.id, channel="email",
                         sent_at=NOW, proof="", now=NOW, **portal_args())
    [mail] = session.exec(select(MailMessage).where(MailMessage.party_id.is_not(None))).all()
    return request_id, mother, mail


def send_in_a_worker_that_dies_after_the_smtp_server_accepted(mail_id: int) -> int:
    env = os.environ | {"TEGENSPRAAK_CRASH_BEFORE_COMMIT": "mail.sent"}
    code = f"from flows.lifecycle import send_mail_task; send_mail_task.fn({mail_id})"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, timeout=120).returncode


def test_a_crash_after_the_smtp_server_accepted_delivers_once_and_flags_the_case(session, demo, settings,
                                                                                 smtp_server, clock):
    """The worker in its own process runs on TEGENSPRAAK_CLOCK_START (NOW); the restarted flows here on `clock`."""
    now = NOW
    request_id, mother, mail = a_parent_invited_by_e_mail(session, demo, settings)
    indiener = actor(session, demo, "utrecht/indiener")

    assert send_in_a_worker_that_dies_after_the_smtp_server_accepted(mail.id) == 137
    assert len(smtp_server.messages) == 1
    session.rollback()
    session.expire_all()
    mail = session.get(MailMessage, mail.id)
    assert mail.status == "sending" and smtp_server.messages[0]["Message-ID"] == mail.message_id

    # The restarted worker runs the mail flow again and again: the message is not sent a second time.
    for _ in range(3):
        send_mail_flow.fn()
    assert mark_interrupted_mail(session, now=NOW + timedelta(minutes=5),
                                 stale_after=timedelta(minutes=2)) == [mail.id]
    send_mail_flow.fn()
    assert len(smtp_server.messages) == 1
    session.rollback()
    session.expire_all()
    assert session.get(MailMessage, mail.id).status == "uncertain"
    flagged = session.get(Request, request_id).flagged
    assert "controleer of de uitnodiging is aangekomen; nodig zo nodig opnieuw uit" in flagged
    [uncertain] = session.exec(select(AuditEvent).where(AuditEvent.action == "mail.uncertain")).all()
    assert uncertain.details["mail_id"] == mail.id
    assert not session.exec(select(AuditEvent).where(AuditEvent.action == "mail.sent")).all()
    assert session.get(HearingParty, mother.id).invited_at is None  # delivered perhaps, but not proven

    # The case team invites again, as the flag asks: one new message, with its own Message-ID and link.
    again = clock.advance(minutes=10)
    hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=mother.id, channel="email",
                         sent_at=again, proof="", now=again, **portal_args())
    assert send_due_mails(session, again) == ["sent"]
    assert len(smtp_server.messages) == 2
    assert smtp_server.messages[0]["Message-ID"] != smtp_server.messages[1]["Message-ID"]
    session.rollback()
    session.expire_all()
    assert session.get(HearingParty, mother.id).invited_at is not None


class LateAnsweringHandler(CollectingHandler):
    """Takes the message, then answers only after the client stopped waiting: it did arrive."""

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        answer = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(1.5)
        return answer


def test_a_server_that_answers_too_late_gets_the_message_once_and_the_case_is_asked_to_check(
        session, demo, settings, clock, monkeypatch):
    """No answer after the whole message went out (a timeout): perhaps delivered, so never sent again by itself;
    it ends `uncertain` with the case flagged, as after a worker that died mid-send."""
    from aiosmtpd.controller import Controller

    from models.config import get_settings

    handler = LateAnsweringHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("TEGENSPRAAK_SMTP_PORT", str(port))
        monkeypatch.setenv("TEGENSPRAAK_SMTP_TIMEOUT_SECONDS", "0.5")
        get_settings.cache_clear()
        request_id, mother, mail = a_parent_invited_by_e_mail(session, demo, settings)

        outcome = send_mail_flow.fn()[str(mail.id)]
        assert outcome.startswith("uncertain: geen antwoord van de SMTP-server"), outcome
        for _ in range(2):
            send_mail_flow.fn()
        time.sleep(1.5)  # the late answer has come and gone
        assert len(handler.messages) == 1
        session.rollback()
        session.expire_all()
        assert session.get(MailMessage, mail.id).status == "sending"
        assert mark_interrupted_mail(session, now=NOW + timedelta(minutes=5),
                                     stale_after=timedelta(minutes=2)) == [mail.id]
        send_mail_flow.fn()
        assert len(handler.messages) == 1
        session.rollback()
        session.expire_all()
        assert session.get(MailMessage, mail.id).status == "uncertain"
        assert "controleer of de uitnodiging is aangekomen" in session.get(Request, request_id).flagged
    finally:
        controller.stop()
        get_settings.cache_clear()
