"""E-mail to the professionals, through the outbox and a real SMTP server (aiosmtpd): a seat on a panel, a returned,
approved or rendered request, the signers' turn, reminders before review deadlines; once per reason."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import update
from sqlmodel import select

from models.audit import Event
from models.dossier import load_dossier
from models.mail import MailMessage
from models.organisation import User
from models.request import Request
from models.services import review
from adapters.wiring import event_setting
from models.services.events import process_event
from models.services.notify import notify_requests, watch_review_deadlines
from tests.api.test_login import demo_settings, pick_user, served, start_login  # noqa: F401 - fixtures
from tests.builders import actor, deliverable_addresses, drive_to, give_verdicts, pump, review_watch_args, send_due_mails, sign_all
from tests.conftest import NOW

LINK = re.compile(r"https?://\S+/werkplek/\S+")
IND = "utrecht/indiener"



def watch(session, now):
    """The deadline watcher's part for professionals, with the settings the worker passes."""
    return watch_review_deadlines(session, now=now, **review_watch_args())

def user_mails(session) -> list[MailMessage]:
    session.rollback()
    session.expire_all()
    return list(session.exec(select(MailMessage).where(MailMessage.user_id.is_not(None)).order_by(MailMessage.id)))


def received(smtp_server, to: str) -> list:
    return [m for m in smtp_server.messages if m["To"] == to]


def follow(served: str, user_id: int, url: str) -> httpx.Response:  # noqa: F811
    """Opens a mailed link in a fresh browser: to the login, then straight back to the page the mail named."""
    path = urlsplit(url).path
    with httpx.Client(base_url=served, follow_redirects=False, timeout=20) as browser:
        assert browser.get(path).headers["location"] == "/login"
        done = browser.get(pick_user(browser, start_login(browser), user_id))
        assert done.status_code == 303 and done.headers["location"] == path
        return browser.get(path)


def test_assigned_reviewers_get_a_mail_whose_link_opens_their_review(served, demo, session, settings,  # noqa: F811
                                                                      smtp_server, demo_settings):  # noqa: F811
    deliverable_addresses(session)
    request_id = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir)
    seats = load_dossier(session, request_id).seats
    assert send_due_mails(session, NOW) == ["sent"] * len(seats) == ["sent"] * 3
    window = load_dossier(session, request_id).catalogue.review.window_days
    for seat in seats:
        user = session.get(User, seat.user_id)
        [mail] = received(smtp_server, user.email)
        assert mail["Subject"] == f"Tegenspraak gevraagd: verzoek #{request_id} (ondertoezichtstelling)"
        body = mail.get_content()
        assert body.startswith(f"Beste {user.name},")
        assert f"uiterlijk op {(NOW + timedelta(days=window)).day} november 2026" in body
        assert "Jansen" not in body and "Noah" not in body  # no family's name through the mail servers
        [link] = LINK.findall(body)
        assert link == f"{demo_settings.public_base_url}/werkplek/toetsing/{request_id}"
        page = follow(served, user.id, link)
        assert page.status_code == 200 and "Toetsing: ondertoezichtstelling" in page.text
    [stored] = [m for m in user_mails(session) if m.user_id == seats[0].user_id]
    assert (stored.kind, stored.party_id, stored.status) == ("seat_assigned", None, "sent")


def test_the_indiener_hears_of_returned_approved_and_rendered_and_the_signers_of_their_turn(session, demo, settings,
                                                                                           smtp_server):
    deliverable_addresses(session)
    indiener = actor(session, demo, IND)
    docs = settings.documents_dir
    returned = drive_to(session, demo, "assessed", NOW, docs)
    give_verdicts(session, returned, NOW, {"jurist": "terug_ter_correctie"})
    pump(session, NOW, docs)
    approved = drive_to(session, demo, "approved", NOW, docs)
    send_due_mails(session, NOW)

    mine = received(smtp_server, indiener.email)
    assert [m["Subject"] for m in mine] == [
        f"Teruggestuurd ter correctie: verzoek #{returned} (ondertoezichtstelling)",
        f"Goedgekeurd door het panel: verzoek #{approved} (ondertoezichtstelling)"]
    assert LINK.findall(mine[0].get_content()) == [f"{settings.public_base_url}/werkplek/verzoeken/{returned}"]
    d = load_dossier(session, approved)
    for seat in d.seats:
        subjects = [m["Subject"] for m in received(smtp_server, d.user(seat.user_id).email)]
        turn = f"Ondertekenen: verzoek #{approved} (ondertoezichtstelling) is goedgekeurd"
        assert (turn in subjects) == (seat.role in ("jurist", "gedragswetenschapper"))

    sign_all(session, approved, NOW + timedelta(hours=1))
    pump(session, NOW + timedelta(hours=1), docs)
    pump(session, NOW + timedelta(hours=2), docs)
    assert session.get(Request, approved).state == "rendered"
    send_due_mails(session, NOW)
    rendered = received(smtp_server, indiener.email)[-1]
    assert rendered["Subject"] == f"Verzoekschrift opgemaakt: verzoek #{approved} (ondertoezichtstelling)"
    assert LINK.findall(rendered.get_content()) == [f"{settings.public_base_url}/werkplek/verzoeken/{approved}"]


def test_re_processing_an_event_or_running_the_watcher_again_mails_nobody_twice(session, demo, settings,
                                                                              smtp_server):
    deliverable_addresses(session)
    request_id = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir)
    assert len(send_due_mails(session, NOW)) == 3
    [submitted] = session.exec(select(Event).where(Event.kind == "request.submitted")).all()
    # As after a crash between the handler and the record that it ran: the event is processed again.
    session.rollback()
    session.execute(update(Event).where(Event.id == submitted.id).values(processed_at=None))
    session.commit()
    assert process_event(session, event_id=submitted.id, now=NOW, setting=event_setting(settings)) \
        == "skipped: state in_tegenspraak"
    assert notify_requests(session, [request_id], NOW, public_base_url=settings.public_base_url) == []
    assert watch(session, NOW + timedelta(hours=1)) == {"reminders": 0, "notifications": 0}
    assert send_due_mails(session, NOW) == []
    assert len(smtp_server.messages) == 3 and len(user_mails(session)) == 3


def test_a_reminder_before_the_review_deadline_goes_once_and_not_to_who_already_gave_a_verdict(session, demo,
                                                                                               settings, smtp_server):
    deliverable_addresses(session)
    request_id = drive_to(session, demo, "assessed", NOW, settings.documents_dir)
    send_due_mails(session, NOW)
    d = load_dossier(session, request_id)
    deadline = NOW + timedelta(days=d.catalogue.review.window_days)
    done, late, slow = d.seats
    review.record_verdict(session, actor=d.user(done.user_id), request_id=request_id, decision="akkoord",
                          reasons="Akkoord.", now=NOW)

    assert watch(session, deadline - timedelta(days=settings.reminder_days_before + 1)) \
        == {"reminders": 0, "notifications": 0}  # not yet
    before = deadline - timedelta(days=1)
    assert watch(session, before)["reminders"] == 2
    assert watch(session, before + timedelta(hours=1))["reminders"] == 0  # exactly once
    # One of the two gives a verdict before the reminder leaves: it is not sent.
    review.record_verdict(session, actor=d.user(slow.user_id), request_id=request_id, decision="akkoord",
                          reasons="Akkoord.", now=before)
    assert sorted(send_due_mails(session, before)) == ["sent", "skipped"]
    [reminder] = [m for m in smtp_server.messages if m["Subject"].startswith("Herinnering")]
    assert reminder["To"] == d.user(late.user_id).email
    assert reminder["Subject"] == (f"Herinnering: uw oordeel over verzoek #{request_id} (ondertoezichtstelling) "
                                   f"uiterlijk {deadline.day} november 2026")
    statuses = {m.user_id: m.status for m in user_mails(session) if m.kind == "review_reminder"}
    assert statuses == {late.user_id: "sent", slow.user_id: "cancelled"}
    assert watch(session, deadline + timedelta(hours=1))["reminders"] == 0  # past it: none


def test_an_approval_by_escalation_outside_the_event_handlers_is_caught_up_by_the_watcher(session, demo, settings,
                                                                                         smtp_server):
    deliverable_addresses(session)
    request_id = drive_to(session, demo, "assessed", NOW, settings.documents_dir)
    give_verdicts(session, request_id, NOW, {"tegenspreker": "advies_niet_indienen"})
    pump(session, NOW, settings.documents_dir)
    review.escalate(session, actor=actor(session, demo, "utrecht/manager"), request_id=request_id, proceed=True,
                    reasons="De regio neemt de verantwoordelijkheid; het bezwaar staat in het verzoek.", now=NOW)
    assert session.get(Request, request_id).state == "approved"
    assert watch(session, NOW + timedelta(minutes=1))["notifications"] == 3  # indiener, 2 signers
    assert watch(session, NOW + timedelta(minutes=2))["notifications"] == 0
    send_due_mails(session, NOW)
    assert [m["Subject"] for m in received(smtp_server, actor(session, demo, IND).email)] == [
        f"Goedgekeurd door het panel: verzoek #{request_id} (ondertoezichtstelling)"]
