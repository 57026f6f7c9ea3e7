"""The panel's decision follows from its own findings (issue 10), through the API: an akkoord against one's own
'voldoet niet' is refused or recorded as an override; unresolved intake warnings block approval until a panel
member accepts them; a lighter means not tried is flagged as subsidiarity; spoed needs a substantiated danger,
and the jurist's acceptance records what it relies on."""

from sqlmodel import select

from models.audit import AuditEvent
from models.demo import demo_ots_content
from models.request import Request
from tests.api.conftest import auth
from tests.builders import hear_everyone, pump
from tests.conftest import NOW

IND = "utrecht/indiener"
URGENCY = {"danger": "Vader sloeg moeder op 1 november in het bijzijn van Noah en dreigt Noah mee te nemen.",
           "fact_keys": ["politie"],
           "why_hearing_cannot_wait": "Wachten op de gewone zitting laat Noah weken in een onveilig huis."}
SPOED = {"measure": "voorlopige_ots", "duration_months": 3,
         "urgency": "Op 1 november sloeg vader moeder in het bijzijn van Noah; vader dreigt Noah mee te nemen.",
         "urgency_details": URGENCY,
         "grounds": [{"element": "ernstig_vermoeden", "answer": "Ja.", "fact_keys": ["verzuim", "politie"]},
                     {"element": "acute_bedreiging", "answer": "Ja, acuut.", "fact_keys": ["politie"]}]}


def create(client, demo, **overrides) -> int:
    case = client.post("/cases", headers=auth(demo, IND), json={"family_id": demo.family_id}).json()
    response = client.post("/requests", headers=auth(demo, IND),
                           json={"case_id": case["id"], "content": demo_ots_content(demo, NOW) | overrides})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def in_review(client, demo, session, settings, *, heard: bool = True, **overrides) -> dict:
    rid = create(client, demo, **overrides)
    submitted = client.post(f"/requests/{rid}/submit", headers=auth(demo, IND))
    assert submitted.status_code == 200, submitted.text
    pump(session, NOW, settings.documents_dir)
    if heard:
        hear_everyone(session, demo, rid, NOW)
    return view(client, demo, rid)


def view(client, demo, rid) -> dict:
    return client.get(f"/requests/{rid}", headers=auth(demo, IND)).json()


def key_of(demo, seat) -> str:
    return next(k for k, uid in demo.users.items() if uid == seat["user_id"])


def seat(view_, role) -> dict:
    return next(s for s in view_["panel"] if s["role"] == role)


def assess(client, demo, view_, seat_, failing: tuple[str, ...] = ()):
    items = [{"criterion": c["code"], "reasoning": "Concreet onderbouwd.",
              "outcome": "voldoet_niet" if c["code"] in failing else "voldoet"} for c in view_["criteria"]]
    response = client.post(f"/requests/{view_['id']}/assessments", headers=auth(demo, key_of(demo, seat_)),
                           json={"items": items})
    assert response.status_code == 200, response.text


def verdict(client, demo, view_, seat_, decision="akkoord", **extra):
    return client.post(f"/requests/{view_['id']}/verdict", headers=auth(demo, key_of(demo, seat_)),
                       json={"decision": decision, "reasons": "Mijn oordeel, gemotiveerd."} | extra)


def codes(response) -> list[str]:
    return [p["code"] for p in response.json()["problems"]]


def audit(client, demo, rid, action) -> list[dict]:
    return [a for a in client.get(f"/requests/{rid}/audit", headers=auth(demo, IND)).json() if a["action"] == action]


# --- 1. an akkoord must follow from the member's own assessment -----------------------------------------------

def test_an_akkoord_against_ones_own_voldoet_niet_is_refused_or_recorded_as_override(client, demo, session,
                                                                                      settings):
    v = in_review(client, demo, session, settings)
    rid, peer = v["id"], seat(v, "tegenspreker")
    assess(client, demo, v, peer, failing=("subsidiariteit",))
    refused = verdict(client, demo, v, peer)
    assert refused.status_code == 409 and codes(refused) == ["verdict_contradicts_assessment"]
    message = refused.json()["problems"][0]["message"]
    assert "'Subsidiariteit'" in message and "voldoet niet" in message and "terug ter correctie" in message
    assert "akkoord" not in {x["decision"] for x in view(client, demo, rid)["verdicts"]}

    overridden = verdict(client, demo, v, peer, override_reasons="Het lokaal team is wel geprobeerd; het ontbreekt "
                         "alleen in de tekst, en wachten schaadt Noah.")
    assert overridden.status_code == 200, overridden.text
    [recorded] = overridden.json()["verdicts"]
    assert recorded["decision"] == "akkoord" and recorded["override"] is True
    assert recorded["overridden_criteria"] == ["subsidiariteit"]
    assert recorded["override_reasons"].startswith("Het lokaal team is wel geprobeerd")
    [event] = audit(client, demo, rid, "verdict.recorded")
    assert event["details"]["override"] is True and event["details"]["overridden_criteria"] == ["subsidiariteit"]

    # The other members agree without override; the panel approves, the override stays on record.
    for role in ("jurist", "gedragswetenschapper"):
        assess(client, demo, v, seat(v, role))
        assert verdict(client, demo, v, seat(v, role)).status_code == 200
    pump(session, NOW, settings.documents_dir)
    approved = view(client, demo, rid)
    assert approved["state"] == "approved"
    assert [x["override"] for x in approved["verdicts"]].count(True) == 1


def test_voldoet_niet_with_terug_ter_correctie_needs_no_override_and_an_override_without_cause_is_refused(
        client, demo, session, settings):
    v = in_review(client, demo, session, settings)
    peer, jurist = seat(v, "tegenspreker"), seat(v, "jurist")
    assess(client, demo, v, jurist)
    needless = verdict(client, demo, v, jurist, override_reasons="Voor de zekerheid.")
    assert needless.status_code == 409 and codes(needless) == ["override_not_applicable"]
    assess(client, demo, v, peer, failing=("subsidiariteit", "proportionaliteit"))
    back = verdict(client, demo, v, peer, decision="terug_ter_correctie")
    assert back.status_code == 200 and back.json()["verdicts"][0]["override"] is False


# --- 2. intake warnings are resolved before approval -----------------------------------------------------------

def test_unresolved_warnings_block_approval_until_a_panel_member_accepts_them(client, demo, session, settings):
    v = in_review(client, demo, session, settings, duration_reason="")
    rid = v["id"]
    assert v["state"] == "in_tegenspraak"
    review_stage = next(s for s in v["checklist"] if s["stage"] == "review")
    [unresolved] = [p for p in review_stage["missing"] if p["code"] == "warning_unresolved"]
    assert "Leg uit waarom deze duur nodig is." in unresolved["message"]
    assert unresolved["field"] == "warnings.duration_reason_missing.duration_reason"

    for s in v["panel"]:
        assess(client, demo, v, s)
    blocked = verdict(client, demo, v, seat(v, "tegenspreker"))
    assert blocked.status_code == 409 and codes(blocked) == ["warning_unresolved"]

    jurist = key_of(demo, seat(v, "jurist"))
    url = f"/requests/{rid}/warnings/accept"
    body = {"code": "duration_reason_missing", "field": "duration_reason",
            "reasons": "De duur van een jaar volgt uit het plan van aanpak; het panel acht dat voldoende."}
    assert client.post(url, headers=auth(demo, IND), json=body).status_code == 403
    unknown = client.post(url, headers=auth(demo, jurist), json=body | {"code": "alternative_not_tried"})
    assert unknown.status_code == 409 and codes(unknown) == ["warning_not_found"]
    assert client.post(url, headers=auth(demo, jurist), json=body | {"reasons": " "}).status_code == 422
    accepted = client.post(url, headers=auth(demo, jurist), json=body)
    assert accepted.status_code == 200, accepted.text
    [acceptance] = accepted.json()["warning_acceptances"]
    assert acceptance["accepted_by"] == seat(v, "jurist")["name"] and acceptance["code"] == "duration_reason_missing"
    again = client.post(url, headers=auth(demo, jurist), json=body)
    assert again.status_code == 409 and codes(again) == ["warning_already_accepted"]
    checklist = client.get(f"/requests/{rid}/checklist", headers=auth(demo, IND)).json()
    assert "warning_unresolved" not in {p["code"] for s in checklist for p in s["missing"]}
    [event] = audit(client, demo, rid, "warning.accepted")
    assert event["details"]["reasons"] == body["reasons"] and event["actor_id"] == seat(v, "jurist")["user_id"]

    for s in v["panel"]:
        assert verdict(client, demo, v, s).status_code == 200
    pump(session, NOW, settings.documents_dir)
    assert view(client, demo, rid)["state"] == "approved"


# --- 3. subsidiarity --------------------------------------------------------------------------------------------

def test_an_alternative_not_tried_is_flagged_as_subsidiarity(client, demo, session, settings):
    alternatives = demo_ots_content(demo, NOW)["alternatives"]
    alternatives[1] |= {"tried": "Nog niet geprobeerd.", "result": "", "was_tried": None, "tried_when": ""}
    v = in_review(client, demo, session, settings, heard=False, alternatives=alternatives)
    [warning] = next(s for s in v["checklist"] if s["stage"] == "submit")["warnings"]
    assert warning["code"] == "alternative_not_tried" and warning["severity"] == "warning"
    assert warning["message"].startswith("Subsidiariteit: ") and "nog niet geprobeerd" in warning["message"]

    alternatives[1] |= {"was_tried": False, "tried": "", "why_not_tried": ""}
    rid = create(client, demo, alternatives=alternatives)
    refused = client.post(f"/requests/{rid}/submit", headers=auth(demo, IND))
    assert refused.status_code == 409
    [problem] = [p for p in refused.json()["problems"] if p["code"] == "alternative_why_not_tried_missing"]
    assert problem["message"].startswith("Subsidiariteit: ") and problem["field"] == "alternatives.2.why_not_tried"


# --- 4. spoed -----------------------------------------------------------------------------------------------------

def test_a_spoed_claim_without_danger_or_substantiation_is_refused_naming_urgency(client, demo, session, settings):
    no_danger = create(client, demo, **SPOED | {"urgency_details": URGENCY | {
        "danger": "Het gezin heeft een drukke week en school wil snel duidelijkheid."}})
    refused = client.post(f"/requests/{no_danger}/submit", headers=auth(demo, IND))
    assert refused.status_code == 409 and codes(refused) == ["urgency_no_danger"]
    message = refused.json()["problems"][0]["message"]
    assert message.startswith("Spoed (urgentie)") and "gevaar" in message

    negated = create(client, demo, **SPOED | {"urgency_details": URGENCY | {"danger": "Er is geen acuut gevaar."}})
    assert codes(client.post(f"/requests/{negated}/submit", headers=auth(demo, IND))) == ["urgency_no_danger"]

    empty = create(client, demo, **SPOED | {"urgency_details": None})
    refused = client.post(f"/requests/{empty}/submit", headers=auth(demo, IND))
    assert set(codes(refused)) == {"urgency_danger_missing", "urgency_facts_missing", "urgency_hearing_reason_missing"}
    assert all(p["message"].startswith("Spoed (urgentie)") for p in refused.json()["problems"])
    assert client.get(f"/requests/{empty}", headers=auth(demo, IND)).json()["state"] == "draft"


def test_the_jurists_acceptance_of_urgency_records_what_it_relies_on(client, demo, session, settings):
    v = in_review(client, demo, session, settings, heard=False, **SPOED)
    rid, jurist = v["id"], key_of(demo, seat(v, "jurist"))
    assert v["state"] == "in_tegenspraak"
    url = f"/requests/{rid}/urgency"
    reasons = "Onmiddellijk en ernstig gevaar is met de politiemutatie onderbouwd."
    empty = client.post(url, headers=auth(demo, jurist), json={"accepted": True, "reasons": reasons})
    assert empty.status_code == 409 and codes(empty) == ["urgency_relies_on_missing"]
    assert "Spoed (urgentie)" in empty.json()["problems"][0]["message"]
    unknown = client.post(url, headers=auth(demo, jurist),
                          json={"accepted": True, "reasons": reasons, "relies_on": ["gevoel"]})
    assert unknown.status_code == 422
    accepted = client.post(url, headers=auth(demo, jurist),
                           json={"accepted": True, "reasons": reasons, "relies_on": ["danger", "facts"]})
    assert accepted.status_code == 200, accepted.text
    session.expire_all()
    request = session.get(Request, rid)
    assert request.urgency_relies_on == ["danger", "facts"] and request.urgency_accepted_at is not None
    [event] = session.exec(select(AuditEvent).where(AuditEvent.request_id == rid,
                                                    AuditEvent.action == "urgency.accepted")).all()
    assert event.details["relies_on"] == ["danger", "facts"] and event.details["reasons"] == reasons
