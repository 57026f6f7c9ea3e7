"""Every verdict path through the API: returned and resubmitted with the diff shown; advised against with
escalation; the dissent carried into the court document."""

from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from tests.api.conftest import auth
from models.demo import demo_ots_content
from models.documents import docx_text
from models.dossier import load_dossier
from models.mail import MailMessage
from models.services.notify import watch_review_deadlines
from tests.builders import hear_everyone, pump, review_watch_args
from tests.conftest import NOW

IND = "utrecht/indiener"



def heard_request(client, demo, session, settings) -> dict:
    case = client.post("/cases", headers=auth(demo, IND), json={"family_id": demo.family_id}).json()
    rid = client.post("/requests", headers=auth(demo, IND),
                      json={"case_id": case["id"], "content": demo_ots_content(demo, NOW)}).json()["id"]
    client.post(f"/requests/{rid}/submit", headers=auth(demo, IND))
    pump(session, NOW, settings.documents_dir)
    hear_everyone(session, demo, rid, NOW)
    return client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()


def review(client, demo, view, decisions: dict[str, str], failing: dict[str, str] | None = None):
    criteria = view["criteria"]
    for seat in view["panel"]:
        key = next(k for k, uid in demo.users.items() if uid == seat["user_id"])
        items = [{"criterion": c["code"], "reasoning": "Concreet onderbouwd.",
                  "outcome": "voldoet_niet" if (failing or {}).get(seat["role"]) == c["code"] else "voldoet"}
                 for c in criteria]
        assert client.post(f"/requests/{view['id']}/assessments", headers=auth(demo, key),
                           json={"items": items}).status_code == 200
        decision = decisions.get(seat["role"], "akkoord")
        reasons = {"akkoord": "Akkoord.", "terug_ter_correctie": "Waarom twaalf maanden? Onderbouw de duur.",
                   "akkoord_na_kleine_aanpassing": "Noem in de samenvatting de samenwerking met school.",
                   "advies_niet_indienen": "Een OTS is te zwaar: vrijwillige hulp via school is niet geprobeerd."}
        response = client.post(f"/requests/{view['id']}/verdict", headers=auth(demo, key),
                               json={"decision": decision, "reasons": reasons[decision]})
        assert response.status_code == 200, response.text


def sign(client, demo, view):
    for seat in view["panel"]:
        if seat["role"] in ("jurist", "gedragswetenschapper"):
            key = next(k for k, uid in demo.users.items() if uid == seat["user_id"])
            response = client.post(f"/requests/{view['id']}/signoff", headers=auth(demo, key),
                                   json={"revision_hash": view["revision"]["content_hash"],
                                         "declaration": "Getoetst; mijn oordeel staat in het tegenspraakverslag."})
            assert response.status_code == 200, response.text


def test_returned_then_resubmitted_with_the_diff_shown(client, demo, session, settings):
    view = heard_request(client, demo, session, settings)
    rid = view["id"]
    review(client, demo, view, {"jurist": "terug_ter_correctie"})
    pump(session, NOW, settings.documents_dir)
    returned = client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()
    assert returned["state"] == "returned"
    assert [c["reasons"] for c in returned["correction_list"]] == ["Waarom twaalf maanden? Onderbouw de duur."]
    content = returned["revision"]["content"] | {"duration_months": 9, "duration_reason": "Negen maanden: tot de "
                                                 "zomervakantie, daarna evaluatie met school."}
    client.put(f"/requests/{rid}/content", headers=auth(demo, IND), json={"content": content, "note": "correctie"})
    diff = client.get(f"/requests/{rid}/revisions/1/diff/2", headers=auth(demo, IND)).json()
    assert {c["field"] for c in diff["changes"]} == {"duration_months", "duration_reason"}
    assert diff["material"] == ["duration_months"]
    key = next(k for k, uid in demo.users.items() if uid == view["panel"][0]["user_id"])
    assert client.get(f"/requests/{rid}/revisions/1/diff/2", headers=auth(demo, key)).status_code == 200
    assert client.post(f"/requests/{rid}/submit", headers=auth(demo, IND)).status_code == 200
    pump(session, NOW, settings.documents_dir)
    again = client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()
    assert again["state"] == "in_tegenspraak"
    assert {s["user_id"] for s in again["panel"]} == {s["user_id"] for s in view["panel"]}


def test_advised_against_then_escalated_and_the_dissent_is_in_the_document(client, demo, session, settings):
    view = heard_request(client, demo, session, settings)
    rid = view["id"]
    review(client, demo, view, {"gedragswetenschapper": "advies_niet_indienen"})
    pump(session, NOW, settings.documents_dir)
    assert client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()["state"] == "advised_against"
    refused = client.post(f"/requests/{rid}/escalation", headers=auth(demo, IND),
                          json={"proceed": True, "reasons": "Ik wil door."})
    assert refused.status_code == 403 and refused.json()["problems"][0]["code"] == "escalation_role"
    decided = client.post(f"/requests/{rid}/escalation", headers=auth(demo, "utrecht/manager"),
                          json={"proceed": True, "reasons": "De school heeft vrijwillige hulp al twee keer aangeboden; "
                                                           "de ouders weigerden (feit 3)."})
    assert decided.status_code == 200, decided.text
    approved = decided.json()
    assert approved["state"] == "approved"
    sign(client, demo, approved)
    pump(session, NOW, settings.documents_dir)
    pump(session, NOW, settings.documents_dir)
    final = client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()
    assert final["state"] == "rendered"
    from models.court_document import CourtDocument
    text = docx_text(Path(session.get(CourtDocument, final["documents"][0]["id"]).path).read_bytes())
    assert "advies niet indienen" in text
    assert "Een OTS is te zwaar" in text
    assert "Na escalatie besloot Hanneke Dijkstra (regiomanager)" in text


def test_escalation_that_stops_the_request_keeps_it_from_court(client, demo, session, settings):
    view = heard_request(client, demo, session, settings)
    rid = view["id"]
    review(client, demo, view, {"tegenspreker": "advies_niet_indienen"})
    pump(session, NOW, settings.documents_dir)
    stopped = client.post(f"/requests/{rid}/escalation", headers=auth(demo, "utrecht/manager"),
                          json={"proceed": False, "reasons": "Het panel heeft gelijk: eerst vrijwillige hulp."})
    assert stopped.json()["state"] == "advised_against"
    render = client.post(f"/requests/{rid}/render", headers=auth(demo, IND))
    assert render.status_code == 409


def test_learning_figures_per_region_and_measure(client, demo, session, settings):
    view = heard_request(client, demo, session, settings)
    review(client, demo, view, {"jurist": "terug_ter_correctie"}, failing={"jurist": "proportionaliteit"})
    pump(session, NOW, settings.documents_dir)
    other = heard_request(client, demo, session, settings)
    review(client, demo, other, {})
    pump(session, NOW, settings.documents_dir)
    own = client.get(f"/requests/{view['id']}", headers=auth(demo, IND)).json()
    assert {v["decision"] for v in own["verdicts"]} == {"akkoord", "terug_ter_correctie"}
    assert own["assessments"] and all(a["reasoning"] for a in own["assessments"])
    [row] = client.get("/stats/learning?region=utrecht&measure=ots", headers=auth(demo, "utrecht/manager")).json()
    assert row["requests"] == 2 and row["share_returned"] == 0.5 and row["share_advised_against"] == 0
    assert row["most_failing_criteria"] == [{"criterion": "proportionaliteit", "count": 1}]
    assert {"submitted", "in_tegenspraak"} <= set(row["median_hours_in_stage"])
    assert client.get("/stats/learning", headers=auth(demo, "gelderland-zuid/jurist")).status_code == 403


def test_akkoord_after_a_small_change_is_checked_by_the_chair_only(client, demo, session, settings):
    view = heard_request(client, demo, session, settings)
    rid = view["id"]
    review(client, demo, view, {"jurist": "akkoord_na_kleine_aanpassing"})
    pump(session, NOW, settings.documents_dir)
    returned = client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()
    assert returned["state"] == "returned"
    assert [c["decision"] for c in returned["correction_list"]] == ["akkoord_na_kleine_aanpassing"]
    content = returned["revision"]["content"] | {"summary": returned["revision"]["content"]["summary"]
                                                 + " De jeugdbeschermer werkt samen met school."}
    client.put(f"/requests/{rid}/content", headers=auth(demo, IND), json={"content": content, "note": "kleine aanpassing"})
    client.post(f"/requests/{rid}/submit", headers=auth(demo, IND))
    pump(session, NOW, settings.documents_dir)
    again = client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()
    assert again["minor_change"] and again["state"] == "in_tegenspraak"
    chair = next(s for s in again["panel"] if s["chair"])
    assert chair["role"] == "tegenspreker"
    # Only the chair is reminded of the review deadline: the others' verdicts carry over.
    window = load_dossier(session, rid).catalogue.review.window_days
    assert watch_review_deadlines(session, now=NOW + timedelta(days=window, hours=-12), **review_watch_args())["reminders"] == 1
    session.rollback()
    reminded = {m.user_id for m in session.exec(select(MailMessage).where(MailMessage.kind == "review_reminder"))}
    assert reminded == {chair["user_id"]}
    session.rollback()  # end the read, so the next steps see what the app writes
    checklist = {s["stage"]: s for s in again["checklist"]}
    assert {m["code"] for m in checklist["review"]["missing"]} == {"assessment_missing", "chair_check_missing"}
    key = next(k for k, uid in demo.users.items() if uid == chair["user_id"])
    items = [{"criterion": c["code"], "outcome": "voldoet", "reasoning": "Aanpassing gecontroleerd."}
             for c in again["criteria"]]
    client.post(f"/requests/{rid}/assessments", headers=auth(demo, key), json={"items": items})
    response = client.post(f"/requests/{rid}/verdict", headers=auth(demo, key),
                           json={"decision": "akkoord", "reasons": "De aanpassing is gedaan."})
    assert response.status_code == 200, response.text
    pump(session, NOW, settings.documents_dir)
    approved = client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()
    assert approved["state"] == "approved" and approved["revision"]["number"] == 2
    sign(client, demo, approved)
    pump(session, NOW, settings.documents_dir)
    pump(session, NOW, settings.documents_dir)
    final = client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()
    assert final["state"] == "rendered"
    from models.court_document import CourtDocument
    text = docx_text(Path(session.get(CourtDocument, final["documents"][0]["id"]).path).read_bytes())
    assert "akkoord na kleine aanpassing" in text and "De jeugdbeschermer werkt samen met school." in text
