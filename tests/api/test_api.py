"""The API: bearer tokens, Dutch errors as JSON with stable codes, access by role, region and assignment."""


from tests.api.conftest import auth
from models.demo import demo_ots_content
from tests.builders import pump




def new_request(client, demo, now, **overrides):
    case = client.post("/cases", headers=auth(demo, "utrecht/indiener"),
                       json={"family_id": demo.family_id, "title": "Noah"}).json()
    response = client.post("/requests", headers=auth(demo, "utrecht/indiener"),
                           json={"case_id": case["id"], "content": demo_ots_content(demo, now) | overrides})
    assert response.status_code == 201, response.text
    return response.json()


def test_every_call_needs_a_valid_token(client, demo):
    assert client.get("/requests").status_code == 401
    response = client.get("/requests", headers={"Authorization": "Bearer verzonnen"})
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert client.get("/me", headers=auth(demo, "utrecht/indiener")).json()["name"] == "Fatima el Amrani"


def test_openapi_documentation_is_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/requests/{request_id}/submit", "/requests/{request_id}/render", "/verify/{code}"} <= set(paths)


def test_a_refused_submit_lists_every_problem_in_dutch_with_codes(client, demo, now):
    request = new_request(client, demo, now, duration_months=18, alternatives=[])
    response = client.post(f"/requests/{request['id']}/submit", headers=auth(demo, "utrecht/indiener"))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "gate_refused"
    codes = {p["code"]: p["message"] for p in body["problems"]}
    assert "duration_exceeds_maximum" in codes and "18 maanden" in codes["duration_exceeds_maximum"]
    assert "alternatives_missing" in codes
    checklist = client.get(f"/requests/{request['id']}/checklist", headers=auth(demo, "utrecht/indiener")).json()
    assert not checklist[0]["done"] and {m["code"] for m in checklist[0]["missing"]} == set(codes)


def test_invalid_content_is_refused_with_field_errors(client, demo, now):
    case = client.post("/cases", headers=auth(demo, "utrecht/indiener"), json={"family_id": demo.family_id}).json()
    response = client.post("/requests", headers=auth(demo, "utrecht/indiener"),
                           json={"case_id": case["id"], "content": {"measure": "ots", "duration_months": "veel"}})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and body["message"] == "De invoer is niet geldig."
    problems = {p["field"]: p for p in body["problems"]}
    assert problems["content.duration_months"]["code"] == "not_a_number"
    assert problems["content.capacity"]["code"] == "field_missing"
    assert "verplicht" in problems["content.capacity"]["message"]


def test_render_through_the_api_is_refused_before_tegenspraak(client, demo, now, settings):
    request = new_request(client, demo, now)
    response = client.post(f"/requests/{request['id']}/render", headers=auth(demo, "utrecht/indiener"))
    assert response.status_code == 409
    assert "transition_not_allowed" in {p["code"] for p in response.json()["problems"]}
    assert not settings.documents_dir.exists()


def test_users_see_only_their_region_or_what_they_review(client, demo, now, session, settings):
    request = new_request(client, demo, now)
    rid = request["id"]
    assert client.get(f"/requests/{rid}", headers=auth(demo, "rotterdam-rijnmond/indiener")).status_code == 403
    assert client.get(f"/cases/{request['case_id']}", headers=auth(demo, "rotterdam-rijnmond/indiener")).status_code == 403
    # A colleague of the same region who is not on the case team does not read it either (need to know).
    response = client.get(f"/requests/{rid}", headers=auth(demo, "utrecht/collega"))
    assert response.status_code == 403 and response.json()["problems"][0]["code"] == "not_visible"
    case = client.get(f"/cases/{request['case_id']}", headers=auth(demo, "utrecht/indiener")).json()
    assert [r["id"] for r in case["requests"]] == [rid]
    assert client.get("/requests", headers=auth(demo, "rotterdam-rijnmond/indiener")).json() == []
    client.post(f"/requests/{rid}/submit", headers=auth(demo, "utrecht/indiener"))
    pump(session, now, settings.documents_dir)
    view = client.get(f"/requests/{rid}", headers=auth(demo, "utrecht/indiener")).json()
    reviewer_key = next(k for k, uid in demo.users.items() if uid == view["panel"][0]["user_id"])
    assert client.get(f"/requests/{rid}", headers=auth(demo, reviewer_key)).status_code == 200
    # A reviewer cannot act as indiener, an indiener cannot review.
    party = view["parties"][0]
    response = client.post(f"/requests/{rid}/parties/{party['id']}/invitation", headers=auth(demo, reviewer_key),
                           json={"channel": "email", "sent_at": now.isoformat(), "proof": "x"})
    assert response.status_code == 403 and response.json()["problems"][0]["code"] == "not_case_team"
    response = client.post(f"/requests/{rid}/verdict", headers=auth(demo, "utrecht/indiener"),
                           json={"decision": "akkoord", "reasons": "prima"})
    assert response.status_code == 403 and response.json()["problems"][0]["code"] == "not_on_panel"


def test_audit_trail_and_revisions_are_readable(client, demo, now):
    request = new_request(client, demo, now)
    rid = request["id"]
    content = demo_ots_content(demo, now) | {"duration_months": 6}
    client.put(f"/requests/{rid}/content", headers=auth(demo, "utrecht/indiener"), json={"content": content,
                                                                                          "note": "korter"})
    revisions = client.get(f"/requests/{rid}/revisions", headers=auth(demo, "utrecht/indiener")).json()
    assert [r["number"] for r in revisions] == [1, 2]
    assert revisions[0]["content_hash"] != revisions[1]["content_hash"]
    audit = client.get(f"/requests/{rid}/audit", headers=auth(demo, "utrecht/indiener")).json()
    assert [a["action"] for a in audit] == ["request.created", "request.revised"]
    assert audit[1]["details"]["changed"] == ["duration_months"] and audit[1]["revision_number"] == 2
