"""The family response portal in a real browser (Playwright driving Debian's Chromium), for a parent who
gets the link by e-mail through a real SMTP server, and for a child who gets it handed over."""

import re

import pytest
from sqlmodel import select

from api.app import create_app
from models.dossier import load_dossier
from models.hearing import ChildVoice, HearingParty
from models.services import hearing
from tests.builders import actor, drive_to, portal_args, send_due_mails, settle_notifications
from tests.conftest import NOW, free_port
from tests.e2e.werkplek_browser import chromium, serve  # noqa: F401 - the shared browser fixture

pytestmark = pytest.mark.e2e


@pytest.fixture
def live_api(settings, monkeypatch):
    from models.config import get_settings

    port = free_port()
    monkeypatch.setenv("TEGENSPRAAK_PORTAL_BASE_URL", f"http://127.0.0.1:{port}")
    get_settings.cache_clear()
    with serve(create_app(get_settings()), port) as url:
        yield url


def test_a_parent_and_a_child_respond_through_the_portal(live_api, smtp_server, chromium, session, demo, settings,
                                                         tmp_path):
    now = NOW
    rid = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    settle_notifications(session)
    indiener = actor(session, demo, "utrecht/indiener")
    d = load_dossier(session, rid)
    mother = next(p for p in d.parties if d.person(p.person_id).given_names == "Sanne")
    noah = next(p for p in d.parties if p.kind == "child")
    hearing.invite_party(session, actor=indiener, request_id=rid, party_id=mother.id, channel="email", sent_at=now,
                         proof="", now=now, **portal_args())
    _, child_link = hearing.invite_party(session, actor=indiener, request_id=rid, party_id=noah.id,
                                         channel="persoonlijk", sent_at=now,
                                         proof="brief met link persoonlijk aan Noah gegeven", now=now, **portal_args())
    assert send_due_mails(session, NOW) == ["sent"]
    [mail] = smtp_server.messages
    parent_link = re.search(r"http://127\.0\.0\.1:\d+/portaal/\S+", mail.get_content()).group(0)

    phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="nl-NL")
    page = phone.new_page()
    page.goto(parent_link)
    assert page.locator("h1").inner_text() == "Hallo Sanne Jansen, wat vindt u ervan?"
    assert "ondertoezichtstelling" in page.content()
    page.get_by_label("Ik ben het deels eens").check()
    page.get_by_label("Wat wilt u de rechter laten weten?").fill("Ik wil hulp, maar Noah moet thuis blijven.")
    page.screenshot(path=str(tmp_path / "portaal-ouder.png"), full_page=True)
    page.get_by_role("button", name="Verstuur mijn reactie").click()
    page.wait_for_selector("text=Bedankt!")
    page.goto(parent_link)
    assert page.locator("h1").inner_text() == "Deze link werkt niet (meer)"

    page.goto(child_link)
    assert page.locator("h1").inner_text() == "Hoi Noah!"
    page.get_by_label("Wat wil jij tegen de rechter zeggen?").fill("Ik wil bij mama blijven wonen.")
    page.get_by_role("button", name="Verstuur").click()
    page.wait_for_selector("text=Bedankt!")
    phone.close()

    session.rollback()
    responded = session.get(HearingParty, mother.id)
    assert responded.position == "deels" and responded.response_channel == "portaal"
    assert responded.response_text == "Ik wil hulp, maar Noah moet thuis blijven."
    voice = session.exec(select(ChildVoice).where(ChildVoice.request_id == rid)).one()
    assert voice.child_words == "Ik wil bij mama blijven wonen." and voice.method == "portaal"
