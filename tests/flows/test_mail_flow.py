"""The mail flow against a real SMTP server (aiosmtpd): one bad message never stops the rest, a message is
delivered at most once, and portal links travel only in the mail, never in the mail table."""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from flows.lifecycle import send_mail_flow
from models.audit import AuditEvent
from models.config import get_settings
from models.dossier import load_dossier
from models.hearing import HearingParty
from models.mail import MailMessage
from models.organisation import hash_token
from models.portal import PortalLink
from models.request import Request
from models.services import hearing
from models.services.mailing import claim_mail, mark_interrupted_mail, message_id_for
from models.services.portal import portal_page
from tests.builders import actor, deadline_args, drive_to, portal_args, send_due_mails, settle_notifications

IND = "utrecht/indiener"
LINK = re.compile(r"http://\S+/portaal/(\S+)")


def flow_now() -> datetime:
    """The flows' clock: the `clock` fixture, a FixedClock at NOW (tests/conftest.py)."""
    from flows.clock import now

    return now()


@pytest.fixture
def in_review(session, demo, settings, clock):
    """A request in tegenspraak, written five days before the flows' now."""
    request_id = drive_to(session, demo, "in_tegenspraak", flow_now() - timedelta(days=5), settings.documents_dir)
    settle_notifications(session)
    return request_id


def parents(session, request_id) -> list[HearingParty]:
    return [p for p in load_dossier(session, request_id).parties if p.kind != "child"]


def invite_by_email(session, demo, request_id, party_id, when=None):
    when = when or flow_now()
    hearing.invite_party(session, actor=actor(session, demo, IND), request_id=request_id, party_id=party_id,
                         channel="email", sent_at=when, proof="", now=when, **portal_args())


def mails(session) -> list[MailMessage]:
    session.rollback()  # see what the flow committed
    session.expire_all()
    return session.exec(select(MailMessage).where(MailMessage.party_id.is_not(None)).order_by(MailMessage.id)).all()


def token_in(message) -> str:
    return LINK.search(message.get_content()).group(1)


def test_a_header_injecting_address_fails_alone_and_the_rest_of_the_mail_goes_out(session, demo, in_review,
                                                                                   smtp_server):
    """The attack: an address from before validation, with CR/LF and a smuggled Bcc."""
    mother, father = parents(session, in_review)
    invite_by_email(session, demo, in_review, father.id)
    invite_by_email(session, demo, in_review, mother.id)
    bad, good = mails(session)
    session.execute(update(MailMessage).where(MailMessage.id == bad.id)
                    .values(to_address="a@b.nl\r\nBcc: x@y.nl"))
    session.commit()

    outcomes = send_mail_flow.fn()

    assert outcomes[str(bad.id)].startswith("failed: InvalidAddress")
    assert outcomes[str(good.id)] == "sent"
    [delivered] = smtp_server.messages
    assert delivered["To"] == "sanne.jansen@example.nl" and delivered["Bcc"] is None
    bad, good = mails(session)
    assert (bad.status, bad.attempts) == ("failed", 1)  # permanent: not tried again
    assert good.status == "sent"
    request = session.get(Request, in_review)
    assert "kon niet worden verzonden" in request.flagged and "\r" not in request.flagged
    [failed] = session.exec(select(AuditEvent).where(AuditEvent.action == "mail.failed")).all()
    assert failed.details["mail_id"] == bad.id and failed.details["permanent"] is True
    assert session.get(HearingParty, father.id).invited_at is None  # never counts as invited
    assert session.get(HearingParty, mother.id).invited_at is not None
    assert send_mail_flow.fn() == {}  # nothing left, nothing retried


class RefusingHandler:
    """An SMTP server that refuses every recipient with the given reply."""

    def __init__(self, reply: str):
        self.reply, self.messages = reply, []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return self.reply


@pytest.mark.parametrize("reply, status, attempts", [("550 5.1.1 onbekende ontvanger", "failed", 1),
                                                     ("451 4.3.0 probeer later", "pending", 1)])
def test_a_refusal_for_good_fails_at_once_a_passing_one_is_retried_later(session, demo, in_review, settings,
                                                                         monkeypatch, reply, status, attempts):
    from aiosmtpd.controller import Controller

    from tests.conftest import free_port

    port = free_port()
    controller = Controller(RefusingHandler(reply), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("TEGENSPRAAK_SMTP_PORT", str(port))
        get_settings.cache_clear()
        mother, _ = parents(session, in_review)
        invite_by_email(session, demo, in_review, mother.id)
        send_mail_flow.fn()
    finally:
        controller.stop()
        get_settings.cache_clear()
    [mail] = mails(session)
    assert (mail.status, mail.attempts) == (status, attempts)
    assert reply.split()[0] in mail.last_error
    if status == "pending":
        assert mail.next_attempt_at > flow_now()
        assert "kon niet worden verzonden" not in session.get(Request, in_review).flagged


def test_two_workers_cannot_both_claim_one_message(session, demo, in_review, settings):
    mother, _ = parents(session, in_review)
    invite_by_email(session, demo, in_review, mother.id)
    [mail] = mails(session)
    kwargs = dict(mail_id=mail.id, now=flow_now(), portal_base_url="http://x", single_use=True, mail_domain="rvt.nl")
    first = claim_mail(session, **kwargs)
    assert re.fullmatch(rf"<tegenspraak\.{mail.id}\.[0-9a-f]{{16}}@rvt\.nl>", first.message_id)
    assert first.message_id == message_id_for(mail, "rvt.nl")  # the same for every attempt of this row
    assert claim_mail(session, **kwargs) is None
    [mail] = mails(session)
    assert mail.status == "sending" and mail.attempts == 1


def test_a_message_left_in_sending_is_never_sent_again_and_the_case_is_asked_to_check(session, demo, in_review,
                                                                                       smtp_server):
    mother, _ = parents(session, in_review)
    invite_by_email(session, demo, in_review, mother.id)
    [mail] = mails(session)
    claimed_at = flow_now()
    claim_mail(session, mail_id=mail.id, now=claimed_at, portal_base_url="http://x", single_use=True,
               mail_domain="rvt.nl")  # ... and the worker dies before it records anything
    assert send_mail_flow.fn() == {}  # still within an SMTP conversation's time: left alone
    assert mark_interrupted_mail(session, now=claimed_at + timedelta(seconds=5),
                                 stale_after=timedelta(minutes=2)) == []
    assert mark_interrupted_mail(session, now=claimed_at + timedelta(minutes=3),
                                 stale_after=timedelta(minutes=2)) == [mail.id]
    assert send_mail_flow.fn() == {}
    assert smtp_server.messages == []
    [mail] = mails(session)
    assert mail.status == "uncertain"
    flagged = session.get(Request, in_review).flagged
    assert "controleer of de uitnodiging is aangekomen; nodig zo nodig opnieuw uit" in flagged
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "mail.uncertain")).one()
    assert session.get(HearingParty, mother.id).invited_at is None  # no proof, no invitation
    # A second mark finds nothing: flagged and audited once.
    assert mark_interrupted_mail(session, now=claimed_at + timedelta(hours=1), stale_after=timedelta(minutes=2)) == []


def test_the_deadline_of_an_e_mail_runs_from_when_the_smtp_server_took_it(session, demo, in_review, smtp_server):
    """Invited through the API three days ago, sent only now (the SMTP server was away): the parent gets the
    full response time from now, and the mail says so."""
    mother, _ = parents(session, in_review)
    asked = flow_now() - timedelta(days=3)
    invite_by_email(session, demo, in_review, mother.id, when=asked)
    party = session.get(HearingParty, mother.id)
    assert party.invited_at is None and party.deadline is None
    before = flow_now()
    assert send_due_mails(session, flow_now()) == ["sent"]
    after = flow_now()
    session.rollback()
    session.expire_all()
    party = session.get(HearingParty, mother.id)
    days = load_dossier(session, in_review).catalogue.hearing.response_days
    assert before <= party.invited_at <= after
    assert party.deadline == party.invited_at + timedelta(days=days)
    assert "per e-mail verzonden op" in party.proof
    from models.documents import format_date_nl

    [message] = smtp_server.messages
    assert f"tot en met {format_date_nl(party.deadline)}" in message.get_content()
    link = session.exec(select(PortalLink).where(PortalLink.party_id == mother.id)).one()
    assert link.expires_at == party.deadline
    # The watcher neither reminds nor lapses before the real deadline; after it, the party lapses with proof.
    assert hearing.watch_deadlines(session, now=asked + timedelta(days=days, hours=1), **deadline_args()) == []
    assert session.get(HearingParty, mother.id).lapsed_at is None
    assert hearing.watch_deadlines(session, now=party.deadline + timedelta(minutes=1), **deadline_args()) == [in_review]


def test_portal_links_travel_only_in_the_mail_and_each_new_one_ends_the_older(session, demo, in_review, settings,
                                                                              smtp_server, clock):
    mother, _ = parents(session, in_review)
    invite_by_email(session, demo, in_review, mother.id)
    assert send_due_mails(session, flow_now()) == ["sent"]
    first = token_in(smtp_server.messages[-1])
    assert portal_page(session, token=first, now=flow_now()) is not None

    # A reminder before the deadline: a new link; the invitation's link stops working.
    session.expire_all()
    deadline = session.get(HearingParty, mother.id).deadline
    hearing.watch_deadlines(session, now=deadline - timedelta(days=1), **deadline_args())
    assert send_due_mails(session, flow_now()) == ["sent"]
    reminder = smtp_server.messages[-1]
    assert reminder["Subject"].startswith("Herinnering")
    second = token_in(reminder)
    assert portal_page(session, token=first, now=flow_now()) is None
    assert portal_page(session, token=second, now=flow_now()) is not None

    # Invited again, an hour later (at the same moment it would be the same invitation): the reminder's link
    # stops working too.
    clock.advance(hours=1)
    invite_by_email(session, demo, in_review, mother.id)
    assert send_due_mails(session, flow_now()) == ["sent"]
    third = token_in(smtp_server.messages[-1])
    assert portal_page(session, token=second, now=flow_now()) is None
    assert portal_page(session, token=third, now=flow_now()) is not None

    # Then by letter, handed over: the answer carries the link once, and the mailed one ends.
    _, handed = hearing.invite_party(session, actor=actor(session, demo, IND), request_id=in_review,
                                     party_id=mother.id, channel="persoonlijk", sent_at=flow_now(),
                                     proof="persoonlijk overhandigd, getekend voor ontvangst", now=flow_now(), **portal_args())
    assert portal_page(session, token=third, now=flow_now()) is None
    assert portal_page(session, token=handed.rsplit("/", 1)[1], now=flow_now()) is not None

    # Nothing in the mail table opens the portal: no token, only placeholders.
    stored = " ".join(m.body for m in mails(session))
    for token in (first, second, third):
        assert token not in stored
    assert "{portal_link}" in stored
    hashes = {link.token_hash for link in session.exec(select(PortalLink))}
    assert hash_token(third) in hashes and third not in hashes
    assert len({m["Message-ID"] for m in smtp_server.messages}) == len(smtp_server.messages) == 3


def test_an_unsent_e_mail_invitation_replaced_by_a_letter_is_not_sent_and_does_not_end_the_letters_link(
        session, demo, in_review, smtp_server):
    mother, _ = parents(session, in_review)
    invite_by_email(session, demo, in_review, mother.id)
    _, handed = hearing.invite_party(session, actor=actor(session, demo, IND), request_id=in_review,
                                     party_id=mother.id, channel="brief", sent_at=flow_now(),
                                     proof="aangetekend, 3SABC", now=flow_now(), **portal_args())
    assert send_mail_flow.fn() == {}
    assert smtp_server.messages == []
    [mail] = mails(session)
    assert mail.status == "cancelled"
    assert portal_page(session, token=handed.rsplit("/", 1)[1], now=flow_now()) is not None
