"""Hoor en wederhoor and the child's voice through the API, with a real SMTP server."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.api.conftest import auth
from models.audit import AuditEvent
from models.demo import demo_ots_content
from models.documents import docx_text
from models.mail import MailMessage
from models.request import Request
from models.services import hearing, rendering
from tests.builders import actor, assess_all, deadline_args, give_verdicts, pump, send_due_mails, settle_notifications, sign_all, store
from tests.conftest import NOW

IND = "utrecht/indiener"




def in_review(client, demo, session, settings, now=NOW, **overrides) -> dict:
    case = client.post("/cases", headers=auth(demo, IND), json={"family_id": demo.family_id}).json()
    request = client.post("/requests", headers=auth(demo, IND),
                          json={"case_id": case["id"], "content": demo_ots_content(demo, now) | overrides})
    rid = request.json()["id"]
    assert client.post(f"/requests/{rid}/submit", headers=auth(demo, IND)).status_code == 200
    pump(session, now, settings.documents_dir)
    settle_notifications(session)
    return client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()


def party(view, first_name):
    return next(p for p in view["parties"] if p["name"].startswith(first_name))


def letter(client, demo, rid, party_id, when=None):
    when = when or NOW
    response = client.post(f"/requests/{rid}/parties/{party_id}/invitation", headers=auth(demo, IND),
                           json={"channel": "brief", "sent_at": when.isoformat(), "proof": "aangetekend, 3SABC123"})
    assert response.status_code == 200, response.text
    return response.json()


def respond(client, demo, rid, party_id, text="Ik ben het er niet mee eens."):
    response = client.post(f"/requests/{rid}/parties/{party_id}/response", headers=auth(demo, IND),
                           json={"position": "oneens", "text": text, "received_at": NOW.isoformat(),
                                 "channel": "brief"})
    assert response.status_code == 200, response.text


def voice(client, demo, rid, person_id, **body):
    return client.post(f"/requests/{rid}/children/{person_id}/voice", headers=auth(demo, IND), json=body)


def codes(checklist, stage="hearing"):
    return [m["code"] for s in checklist if s["stage"] == stage for m in s["missing"]]


def test_a_parent_not_invited_blocks_approval_and_is_named(client, demo, session, settings):
    view = in_review(client, demo, session, settings)
    rid = view["id"]
    letter(client, demo, rid, party(view, "Sanne")["id"])
    respond(client, demo, rid, party(view, "Sanne")["id"])
    voice(client, demo, rid, demo.persons["noah"], heard=True, method="gesprek", obtained_by="F. el Amrani",
          obtained_at=NOW.isoformat(), child_words="Ik wil rust.")
    assess_all(session, rid, NOW)
    seat = view["panel"][0]
    key = next(k for k, uid in demo.users.items() if uid == seat["user_id"])
    response = client.post(f"/requests/{rid}/verdict", headers=auth(demo, key),
                           json={"decision": "akkoord", "reasons": "Goed onderbouwd."})
    assert response.status_code == 409
    [problem] = response.json()["problems"]
    assert problem["code"] == "party_not_invited" and "Youssef el Amrani" in problem["message"]


def test_e_mail_invitation_reaches_the_smtp_server_and_a_passed_deadline_is_stated_in_the_document(
        client, demo, session, settings, smtp_server):
    view = in_review(client, demo, session, settings)
    rid = view["id"]
    now = NOW
    father = party(view, "Youssef")
    invited = client.post(f"/requests/{rid}/parties/{father['id']}/invitation", headers=auth(demo, IND),
                          json={"channel": "email", "sent_at": now.isoformat()}).json()
    assert codes(invited["checklist"]).count("party_not_invited") == 2  # not invited until really sent
    assert invited["portal_link"] is None  # by e-mail the link goes to the party only
    assert send_due_mails(session, NOW) == ["sent"]
    [mail] = smtp_server.messages
    assert mail["To"] == "y.elamrani@example.nl" and "Uw reactie gevraagd" in mail["Subject"]
    link = re.search(r"http://\S+/portaal/\S+", mail.get_content()).group(0)
    assert client.get(link.split("8000", 1)[1]).status_code == 200
    # The rights from the family texts, the same as in the letter: legal aid where to get it, the RVT's own
    # complaints committee (not the AKJ as a complaints route).
    assert "Rechtsbijstand" in mail.get_content() and "Juridisch Loket" in mail.get_content()
    assert "Klachtencommissie RVT Utrecht" in mail.get_content()
    assert "klacht indienen, bijvoorbeeld bij het AKJ" not in mail.get_content()
    stored = session.exec(select(MailMessage).where(MailMessage.party_id.is_not(None))).one()
    assert link.rsplit("/", 1)[1] not in stored.body and "{portal_link}" in stored.body
    letter(client, demo, rid, party(view, "Sanne")["id"])
    respond(client, demo, rid, party(view, "Sanne")["id"])
    voice(client, demo, rid, demo.persons["noah"], heard=True, method="gesprek", obtained_by="F. el Amrani",
          obtained_at=now.isoformat(), child_words="Ik wil dat papa en mama geen ruzie maken.")
    later = now + timedelta(days=15)
    assert hearing.watch_deadlines(session, now=later, **deadline_args()) == [rid]
    assess_all(session, rid, later)
    give_verdicts(session, rid, later)
    pump(session, later, settings.documents_dir)
    sign_all(session, rid, later)
    pump(session, later, settings.documents_dir)
    document = rendering.render_request(session, actor=actor(session, demo, IND), request_id=rid, now=later,
                                        documents=store(settings.documents_dir))
    text = docx_text(open(document.path, "rb").read())
    father_part = text[text.index("Youssef el Amrani (vader"):]
    assert "(per e-mail) op" in father_part.split("\n")[1]
    assert "In de gelegenheid gesteld, niet gereageerd." in father_part
    assert "Ik wil dat papa en mama geen ruzie maken." in text


def test_a_failed_send_is_retried_then_shown_on_the_case_and_never_counts_as_invited(client, demo, session, settings,
                                                                                    monkeypatch):
    from models.config import get_settings
    from tests.conftest import free_port

    monkeypatch.setenv("TEGENSPRAAK_SMTP_PORT", str(free_port()))  # nobody listens there
    get_settings.cache_clear()
    view = in_review(client, demo, session, settings)
    rid = view["id"]
    client.post(f"/requests/{rid}/parties/{party(view, 'Sanne')['id']}/invitation", headers=auth(demo, IND),
                json={"channel": "email", "sent_at": NOW.isoformat()})
    from flows.lifecycle import send_mail_task
    mail = session.exec(select(MailMessage).where(MailMessage.party_id.is_not(None))).one()
    outcomes = [send_mail_task.fn(mail.id) for _ in range(get_settings().mail_max_attempts + 1)]
    assert all(o.startswith("failed") for o in outcomes[:-1]) and outcomes[-1] == "skipped"
    session.rollback()  # end the test's own read, to see what the flow committed
    assert session.get(MailMessage, mail.id).status == "failed"
    request = session.get(Request, rid)
    assert "sanne.jansen@example.nl" in request.flagged
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "mail.failed")).one()
    assert hearing.watch_deadlines(session, now=NOW + timedelta(days=30), **deadline_args()) == []  # no lapse without proof
    assert "party_not_invited" in codes(client.get(f"/requests/{rid}/checklist", headers=auth(demo, IND)).json())


def test_the_childs_voice_at_hearing_age(client, demo, session, settings):
    view = in_review(client, demo, session, settings)
    rid = view["id"]
    response = voice(client, demo, rid, demo.persons["noah"], heard=False)
    assert response.status_code == 422
    assert {p["code"] for p in response.json()["problems"]} == {"not_heard_reason_invalid",
                                                                "not_heard_explanation_missing"}
    assert "child_voice_missing" in codes(client.get(f"/requests/{rid}/checklist", headers=auth(demo, IND)).json())
    response = voice(client, demo, rid, demo.persons["noah"], heard=False, not_heard_reason="weigert",
                     explanation="Noah wil er niet over praten; dat is zijn recht (art. 809 Rv).")
    assert response.status_code == 200
    assert "child_voice_missing" not in codes(response.json()["checklist"])


def test_a_six_year_olds_capability_assessment_is_recorded_and_decides(client, demo, session, settings):
    view = in_review(client, demo, session, settings, child_ids=[demo.persons["noah"], demo.persons["lina"]])
    rid = view["id"]
    lina = party(view, "Lina")
    assert not lina["required"]
    response = client.post(f"/requests/{rid}/children/{demo.persons['lina']}/capability", headers=auth(demo, IND),
                           json={"capable": True, "note": "Lina vertelt samenhangend over thuis en school.",
                                 "assessed_by": "drs. A. Bakker, gedragswetenschapper"})
    assert response.status_code == 200
    assert party(response.json(), "Lina")["required"]
    assert sum("Lina Jansen" in m["message"] for s in response.json()["checklist"] for m in s["missing"]) == 1
    audit = client.get(f"/requests/{rid}/audit", headers=auth(demo, IND)).json()
    assert any(a["action"] == "child.capability" and a["details"]["capable"] for a in audit)


# Lina (born 2020-06-02) is 6 at NOW and turns 12, the catalogue's hearing age, on 2032-06-02.
IN_2032 = datetime(2032, 7, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("today, heard_by_age", [(NOW, False), (IN_2032, True)], ids=["2026-lina-6", "2032-lina-12"])
def test_the_app_reckons_a_childs_age_on_its_own_clock(client, clock, demo, session, settings, today, heard_by_age):
    """The same request about Lina alone, made on the app's clock: in 2026 she is heard only after a capability
    assessment, in 2032 she must be heard by age. The real date plays no part."""
    clock.set(today)
    view = in_review(client, demo, session, settings, now=today, child_ids=[demo.persons["lina"]])
    assert party(view, "Lina")["required"] is heard_by_age
    missing = codes(client.get(f"/requests/{view['id']}/checklist", headers=auth(demo, IND)).json())
    assert ("child_voice_missing" in missing) is heard_by_age


@pytest.mark.parametrize("today, heard_by_age", [(NOW, False), (IN_2032, True)], ids=["2026-lina-6", "2032-lina-12"])
def test_a_served_app_takes_its_clock_from_the_setting(settings, demo, session, monkeypatch, today, heard_by_age):
    """What the served app and the worker get in their own processes: TEGENSPRAAK_CLOCK_START."""
    from fastapi.testclient import TestClient

    from api.app import create_app
    from models.config import get_settings

    monkeypatch.setenv("TEGENSPRAAK_CLOCK_START", today.isoformat())
    get_settings.cache_clear()
    with TestClient(create_app(get_settings())) as served:
        assert abs(served.app.state.clock.now() - today) < timedelta(minutes=1)
        view = in_review(served, demo, session, settings, now=today, child_ids=[demo.persons["lina"]])
    assert party(view, "Lina")["required"] is heard_by_age


def test_a_material_change_after_hearing_requires_inviting_again_unless_the_panel_waives(client, demo, session,
                                                                                           settings):
    view = in_review(client, demo, session, settings)
    rid = view["id"]
    for name in ("Sanne", "Youssef"):
        letter(client, demo, rid, party(view, name)["id"])
        respond(client, demo, rid, party(view, name)["id"])
    assert "party_reinvite_needed" not in codes(client.get(f"/requests/{rid}/checklist", headers=auth(demo, IND)).json())
    content = demo_ots_content(demo, NOW)
    content["facts"][0]["text"] = "Noah is sinds 1 september op 41 van de 45 schooldagen afwezig geweest."
    client.put(f"/requests/{rid}/content", headers=auth(demo, IND), json={"content": content, "note": "nieuwe cijfers"})
    diff = client.get(f"/requests/{rid}/revisions/1/diff/2", headers=auth(demo, IND)).json()
    assert diff["material"] == ["facts"] and any("41 van de 45" in line for line in diff["changes"][0]["diff"])
    assert codes(client.get(f"/requests/{rid}/checklist", headers=auth(demo, IND)).json()).count(
        "party_reinvite_needed") == 2
    seat = view["panel"][0]
    key = next(k for k, uid in demo.users.items() if uid == seat["user_id"])
    response = client.post(f"/requests/{rid}/parties/{party(view, 'Sanne')['id']}/no-reinvitation",
                           headers=auth(demo, key), json={"reasons": "Alleen het aantal verzuimdagen is bijgewerkt; "
                                                                     "moeder reageerde op de zorgen, niet op het aantal."})
    assert response.status_code == 200
    letter(client, demo, rid, party(view, "Youssef")["id"])
    checklist = client.get(f"/requests/{rid}/checklist", headers=auth(demo, IND)).json()
    assert "party_reinvite_needed" not in codes(checklist)
    assert "party_response_pending" in codes(checklist)  # the father is asked again
    audit = [a["action"] for a in client.get(f"/requests/{rid}/audit", headers=auth(demo, IND)).json()]
    assert "party.response_superseded" in audit and "reinvite.waived" in audit


def test_the_indiener_adds_parties_but_cannot_remove_a_required_one(client, demo, session, settings):
    view = in_review(client, demo, session, settings)
    rid = view["id"]
    response = client.post(f"/requests/{rid}/parties/{party(view, 'Sanne')['id']}/remove", headers=auth(demo, IND),
                           json={"reason": "niet nodig"})
    assert response.status_code == 409 and response.json()["problems"][0]["code"] == "party_required"
    # A carer is a required party for an OTS (catalogue): once added, it cannot be taken off again.
    response = client.post(f"/requests/{rid}/parties", headers=auth(demo, IND),
                           json={"kind": "carer", "given_names": "Els", "surname": "de Groot", "relation": "oma",
                                 "residence": "Zeist"})
    assert response.status_code == 201
    added = party(client.get(f"/requests/{rid}", headers=auth(demo, IND)).json(), "Els")
    assert added["required"]
    assert "Els de Groot" in str(client.get(f"/requests/{rid}/checklist", headers=auth(demo, IND)).json())
    response = client.post(f"/requests/{rid}/parties/{added['id']}/remove", headers=auth(demo, IND),
                           json={"reason": "oma blijkt geen verzorger te zijn"})
    assert response.status_code == 409
    # A parent without gezag is not required for an OTS: the indiener may add and remove them.
    response = client.post(f"/requests/{rid}/parties", headers=auth(demo, IND),
                           json={"kind": "parent", "given_names": "Kees", "surname": "Bakker", "has_gezag": False,
                                 "relation": "biologische vader"})
    kees = party(client.get(f"/requests/{rid}", headers=auth(demo, IND)).json(), "Kees")
    assert kees["required"]
    response = client.post(f"/requests/{rid}/parties/{kees['id']}/remove", headers=auth(demo, IND),
                           json={"reason": "geen contact met het kind sinds de geboorte"})
    assert response.status_code == 200 and not party(response.json(), "Kees")["required"]


def test_the_portal_link_opens_one_invitation_once_and_bad_links_reveal_nothing(client, demo, session, settings):
    view = in_review(client, demo, session, settings)
    rid = view["id"]
    link = letter(client, demo, rid, party(view, "Sanne")["id"])["portal_link"]
    path = link.split("8000", 1)[1]
    page = client.get(path)
    assert page.status_code == 200 and "Hallo Sanne Jansen" in page.text and "ondertoezichtstelling" in page.text
    assert "Youssef" not in page.text and "Rechtsbijstand" in page.text
    assert "Lees het hele concept" in page.text and "38 van de 45 schooldagen" in page.text
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    forged = client.post(path, data={"position": "eens", "text": "Vanaf een andere site verstuurd."})
    assert forged.status_code == 403  # no anti-forgery token: nothing recorded, the link still works
    incomplete = client.post(path, data={"text": "", "csrf": csrf})
    assert incomplete.status_code == 422 and "Schrijf uw reactie" in incomplete.text
    done = client.post(path, data={"position": "deels", "text": "Hulp ja, <b>rechter</b> nee.", "csrf": csrf})
    assert done.status_code == 200 and "Bedankt" in done.text
    sanne = party(client.get(f"/requests/{rid}", headers=auth(demo, IND)).json(), "Sanne")
    assert sanne["position"] == "deels" and sanne["response_text"] == "Hulp ja, <b>rechter</b> nee."
    used = client.get(path)
    unknown = client.get("/portaal/dit-bestaat-niet")
    assert used.status_code == unknown.status_code == 404 and used.text == unknown.text
    actions = [a["action"] for a in client.get(f"/requests/{rid}/audit", headers=auth(demo, IND)).json()]
    assert actions.count("portal.viewed") == 2 and "portal.responded" in actions
    father_link = letter(client, demo, rid, party(view, "Youssef")["id"])["portal_link"]
    assert client.post(f"/requests/{rid}/parties/{party(view, 'Youssef')['id']}/revoke-links",
                       headers=auth(demo, IND)).json() == {"revoked": 1}
    assert client.get(father_link.split("8000", 1)[1]).text == unknown.text


def test_the_portal_is_rate_limited(client, demo, settings):
    statuses = [client.get(f"/portaal/raden-{i}").status_code for i in range(settings.portal_rate_per_minute + 3)]
    assert statuses[0] == 404 and statuses[-1] == 429


def test_spoed_accepted_by_the_panel_defers_the_hearing_with_watched_follow_ups(client, demo, session, settings):
    view = in_review(client, demo, session, settings, measure="voorlopige_ots", duration_months=3,
                     urgency="Op 1 november sloeg vader moeder in het bijzijn van Noah; vader dreigt Noah mee te nemen.",
                     urgency_details={"danger": "Vader sloeg moeder in het bijzijn van Noah en dreigt hem mee te nemen.",
                                      "fact_keys": ["politie"],
                                      "why_hearing_cannot_wait": "Noah is thuis nu niet veilig; horen duurt weken."},
                     grounds=[{"element": "ernstig_vermoeden", "answer": "Ja.", "fact_keys": ["verzuim", "politie"]},
                              {"element": "acute_bedreiging", "answer": "Ja, acuut.", "fact_keys": ["politie"]}])
    rid = view["id"]
    assert view["state"] == "in_tegenspraak"
    jurist = next(k for k, uid in demo.users.items() if uid == next(
        s["user_id"] for s in view["panel"] if s["role"] == "jurist"))
    peer = next(k for k, uid in demo.users.items() if uid == next(
        s["user_id"] for s in view["panel"] if s["role"] == "tegenspreker"))
    refused = client.post(f"/requests/{rid}/urgency", headers=auth(demo, peer),
                          json={"accepted": True, "reasons": "eens"})
    assert refused.status_code == 403 and refused.json()["problems"][0]["code"] == "urgency_role"
    accepted = client.post(f"/requests/{rid}/urgency", headers=auth(demo, jurist),
                           json={"accepted": True, "reasons": "Onmiddellijk en ernstig gevaar is met feiten onderbouwd.",
                                 "relies_on": ["danger", "facts", "hearing"]})
    assert accepted.status_code == 200
    letter(client, demo, rid, party(view, "Sanne")["id"])  # invited, no answer yet; father and Noah not yet heard
    now = NOW
    assess_all(session, rid, now)
    give_verdicts(session, rid, now)
    pump(session, now, settings.documents_dir)
    assert session.get(Request, rid).state == "approved"
    deferred = session.exec(select(AuditEvent).where(AuditEvent.action == "hearing.deferred")).all()
    assert sorted(a.details["person"] for a in deferred) == ["Noah Jansen", "Sanne Jansen", "Youssef el Amrani"]
    sign_all(session, rid, now)
    pump(session, now, settings.documents_dir)
    pump(session, now, settings.documents_dir)
    request = client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()
    text = docx_text(open(rendering_path(session, rid), "rb").read())
    assert text.count("Vanwege spoed (art. 809 lid 3 Rv) nog niet gehoord") == 2
    assert "Nog niet gehoord vanwege spoed (art. 809 lid 3 Rv); het kind wordt uiterlijk op" in text
    # The urgency as substantiated, with the facts by number and what the jurist's acceptance relies on.
    spoed = text[text.index("Spoed (art. 809 lid 3 Rv)"):text.index("Samenvatting")]
    assert "Onmiddellijk en ernstig gevaar: Vader sloeg moeder in het bijzijn van Noah" in spoed
    assert "Blijkt uit feit(en): 2." in spoed and "Waarom het gewone horen niet kan worden afgewacht: Noah is" in spoed
    assert ("(jurist van het panel) aanvaardde de spoed op" in spoed and "steunend op het gevaar, de feiten, waarom "
            "het horen niet kan wachten" in spoed)
    # After approval, the deferred father can still be heard; the follow-up is then done.
    respond(client, demo, rid, party(request, "Youssef")["id"], text="Ik wil mijn kant alsnog vertellen.")
    overdue_day = now + timedelta(days=15)
    hearing.watch_deadlines(session, now=overdue_day, **deadline_args())
    session.rollback()
    overdue = session.exec(select(AuditEvent).where(AuditEvent.action == "follow_up.overdue")).all()
    assert len(overdue) == 2 and "niet op tijd alsnog gehoord" in session.get(Request, rid).flagged
    hearing.watch_deadlines(session, now=overdue_day + timedelta(days=1), **deadline_args())
    assert len(session.exec(select(AuditEvent).where(AuditEvent.action == "follow_up.overdue")).all()) == 2


def rendering_path(session, request_id) -> str:
    from models.court_document import CourtDocument

    return session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id,
                                                    CourtDocument.kind == "verzoekschrift")).one().path
