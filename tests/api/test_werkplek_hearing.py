"""Hoor en wederhoor from the workspace: the indiener invites a parent by letter (the portal link shown once),
the parent responds through that link, a response on paper is recorded, the child's voice is recorded; a refusal
is shown next to its field with what was typed kept; someone outside the case team is kept out."""

from datetime import timedelta
from urllib.parse import urlparse

import lxml.html
from sqlmodel import select

from models.hearing import ChildVoice, HearingParty
from tests.api.test_login import browser, demo_settings, hidden_fields, login, page_csrf, served  # noqa: F401
from tests.builders import drive_to
from tests.conftest import NOW

IND = "utrecht/indiener"


def party_of(session, request_id: int, person_id: int) -> HearingParty:
    session.rollback()  # end the read snapshot: the app wrote through its own connection
    return session.exec(select(HearingParty).where(HearingParty.request_id == request_id,
                                                   HearingParty.person_id == person_id)).one()


def test_the_indiener_hears_both_sides_from_the_workspace(browser, demo, session, demo_settings):

    now = NOW - timedelta(minutes=5)
    request_id = drive_to(session, demo, "in_tegenspraak", now, demo_settings.documents_dir)
    login(browser, demo.users[IND])
    base = f"/werkplek/verzoeken/{request_id}/horen"
    page = browser.get(base)
    assert page.status_code == 200 and "Hoor en wederhoor" in page.text and "Sanne Jansen" in page.text
    mother = party_of(session, request_id, demo.persons["mother"])
    father = party_of(session, request_id, demo.persons["father"])

    # A refusal: no proof for a letter. The message sits at the proof field and the channel typed is kept.
    refused = browser.post(f"{base}/partijen/{mother.id}/uitnodigen",
                           data={"csrf_token": page_csrf(browser, base), "channel": "brief",
                                 "sent_on": now.date().isoformat(), "proof": ""})
    assert refused.status_code == 422
    doc = lxml.html.fromstring(refused.text)
    error = doc.get_element_by_id(f"uitnodiging-{mother.id}-proof-fout")
    assert "bewijs" in error.text_content().lower()
    proof_input = doc.get_element_by_id(f"uitnodiging-{mother.id}-proof")
    assert f"uitnodiging-{mother.id}-proof-fout" in proof_input.get("aria-describedby")
    assert doc.get_element_by_id(f"uitnodiging-{mother.id}-channel").value == "brief"
    assert party_of(session, request_id, mother.person_id).invited_at is None  # nothing half-done

    # By letter, with proof: the personal link is shown once; the mother responds through it in the portal.
    invited = browser.post(f"{base}/partijen/{mother.id}/uitnodigen",
                           data={"csrf_token": page_csrf(browser, base), "channel": "brief",
                                 "sent_on": now.date().isoformat(), "proof": "aangetekend, 3S-123"})
    assert invited.status_code == 200
    link = lxml.html.fromstring(invited.text).get_element_by_id("persoonlijke-link").get("href")
    assert "/portaal/" in link
    assert link not in browser.get(base).text  # shown once only
    path = urlparse(link).path  # the portal's public address may differ from this test server's
    portal = browser.get(path)
    assert portal.status_code == 200 and "Sanne" in portal.text
    csrf = hidden_fields(portal.text).get("csrf") or hidden_fields(portal.text).get("csrf_token")
    sent = browser.post(path,
                        data={"csrf": csrf, "csrf_token": csrf, "position": "oneens",
                              "text": "Ik ben het er niet mee eens."})
    assert sent.status_code == 200 and "ontvangen" in sent.text, sent.text[:2000]
    assert party_of(session, request_id, mother.person_id).response_text == "Ik ben het er niet mee eens."

    # The father's answer came on paper through his lawyer.
    recorded = browser.post(f"{base}/partijen/{father.id}/reactie",
                            data={"csrf_token": page_csrf(browser, base), "position": "deels",
                                  "text": "Hulp ja, toezicht nee.", "received_on": now.date().isoformat(),
                                  "channel": "via_advocaat", "responded_by": "mr. P. Bakker"})
    assert recorded.status_code == 303
    stored = party_of(session, request_id, father.person_id)
    assert stored.position == "deels" and stored.responded_by == "mr. P. Bakker"

    # The child's voice in its own words.
    noah = demo.persons["noah"]
    voice = browser.post(f"{base}/kinderen/{noah}/mening",
                         data={"csrf_token": page_csrf(browser, base), "heard": "ja", "method": "gesprek",
                               "obtained_by": "Fatima el Amrani", "obtained_on": now.date().isoformat(),
                               "child_words": "Ik wil dat het rustig is thuis.", "professional_summary": "Rust.",
                               "not_heard_reason": "", "explanation": ""})
    assert voice.status_code == 303
    session.rollback()  # end the read snapshot: the app wrote through its own connection
    words = session.exec(select(ChildVoice).where(ChildVoice.request_id == request_id)).one().child_words
    assert words == "Ik wil dat het rustig is thuis."


def test_only_the_case_team_records_the_hearing(browser, demo, session, demo_settings):
    from models.dossier import load_dossier

    request_id = drive_to(session, demo, "in_tegenspraak", NOW, demo_settings.documents_dir)
    login(browser, demo.users["utrecht/collega"])  # on the case team (tests/builders.make_request)
    assert browser.get(f"/werkplek/verzoeken/{request_id}/horen").status_code == 200
    seated = load_dossier(session, request_id).seats[0].user_id  # on the panel: reads the dossier, not this page
    for user_id in (seated, demo.users["gelderland-zuid/indiener"]):
        login(browser, user_id)
        page = browser.get(f"/werkplek/verzoeken/{request_id}/horen")
        assert page.status_code in (403, 404) and "Sanne" not in page.text and "Noah" not in page.text
        refused = browser.post(f"/werkplek/verzoeken/{request_id}/horen/kinderen/{demo.persons['noah']}/mening",
                               data={"csrf_token": page_csrf(browser, "/werkplek"), "heard": "nee",
                                     "not_heard_reason": "weigert", "explanation": "x"})
        assert refused.status_code in (403, 404)
