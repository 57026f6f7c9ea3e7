"""The reviewer pool through the API: why / why not, CSV import, declining, batch, partner regions."""


from tests.api.conftest import auth
from models.demo import demo_ots_content
from tests.builders import pump

BEHEERDER = "amsterdam-amstelland/beheerder"




def submitted_request(client, demo, now, **overrides) -> int:
    case = client.post("/cases", headers=auth(demo, "utrecht/indiener"), json={"family_id": demo.family_id}).json()
    request = client.post("/requests", headers=auth(demo, "utrecht/indiener"),
                          json={"case_id": case["id"], "content": demo_ots_content(demo, now) | overrides}).json()
    response = client.post(f"/requests/{request['id']}/submit", headers=auth(demo, "utrecht/indiener"))
    assert response.status_code == 200, response.text
    return request["id"]


def test_why_and_why_not_on_a_case_with_a_siblings_earlier_review(client, demo, now, session, settings):
    # Lina (6), Noah's sister, had an earlier request; its panel may not review Noah's.
    lina = submitted_request(client, demo, now, child_ids=[demo.persons["lina"]])
    pump(session, now, settings.documents_dir)
    earlier = client.get(f"/requests/{lina}/panel/why", headers=auth(demo, "utrecht/indiener")).json()
    earlier_jurist = next(s for s in earlier if s["role"] == "jurist")
    noah = submitted_request(client, demo, now)
    pump(session, now, settings.documents_dir)

    why = client.get(f"/requests/{noah}/panel/why", headers=auth(demo, "utrecht/indiener")).json()
    assert {s["role"] for s in why} == {"tegenspreker", "jurist", "gedragswetenschapper"}
    for seat in why:
        assert seat["active"] and seat["seed"]
        assert set(seat["breakdown"]) >= {"total", "expertise", "language", "load", "reciprocity", "drawn_among"}
        assert seat["user_id"] in seat["breakdown"]["drawn_among"]
        assert seat["user_id"] not in {s["user_id"] for s in earlier}

    why_not = client.get(f"/requests/{noah}/panel/why-not/{earlier_jurist['user_id']}",
                         headers=auth(demo, "utrecht/indiener")).json()
    jurist = why_not["roles"]["jurist"]
    assert not jurist["eligible"]
    assert [r["code"] for r in jurist["reasons"]] == ["earlier_involvement"]
    assert "eerder betrokken" in jurist["reasons"][0]["message"]
    own_region = client.get(f"/requests/{noah}/panel/why-not/{demo.users['utrecht/jurist']}",
                            headers=auth(demo, "utrecht/indiener")).json()
    assert [r["code"] for r in own_region["roles"]["jurist"]["reasons"]] == ["same_region"]
    assert "wrong_role" in [r["code"] for r in own_region["roles"]["tegenspreker"]["reasons"]]


CSV_HEADER = "name,email,region,roles,team,function,capacity,expertise,languages,unavailable\n"


def test_csv_import_is_all_or_nothing_with_an_error_per_row(client, demo):
    bad = CSV_HEADER + (
        "Ans de Boer,ans@example.nl,gelderland-zuid,tegenspreker,Team Oost,,4,huiselijk_geweld,nl;ar,\n"
        "Bert,bert@example,atlantis,rechter,,,veel,,nl,\n"
        "Cor Jansen,cor@example.nl,rotterdam-rijnmond,jurist,,,3,zwemmen,nl,2026-12-20..2026-12-01\n"
        "Ans dubbel,ans@example.nl,utrecht,jurist,,,3,,nl,\n")
    response = client.post("/reviewers/import", headers=auth(demo, BEHEERDER), content=bad.encode())
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert {p["field"] for p in problems} == {"regel 3", "regel 4", "regel 5"}
    assert {p["code"] for p in problems} >= {"row_invalid", "expertise_unknown", "period_invalid", "email_duplicate"}
    before = client.get("/reviewers", headers=auth(demo, BEHEERDER)).json()
    assert "ans@example.nl" not in {r["email"] for r in before}

    good = CSV_HEADER + (
        "Ans de Boer,ans@example.nl,gelderland-zuid,tegenspreker;jurist,Team Oost,,4,huiselijk_geweld,nl;ar,"
        "2026-12-20..2027-01-03\n"
        f"Noor Dekker,{before[0]['email']},amsterdam-amstelland,tegenspreker,Team West,,7,lvb,nl,\n")
    response = client.post("/reviewers/import", headers=auth(demo, BEHEERDER), content=good.encode())
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["created"]) == 1 and len(body["updated"]) == 1 and list(body["tokens"]) == ["ans@example.nl"]
    ans = client.get(f"/reviewers/{body['created'][0]}", headers=auth(demo, BEHEERDER)).json()
    assert ans["roles"] == ["tegenspreker", "jurist"] and ans["languages"] == ["nl", "ar"]
    assert ans["unavailable"][0]["start"] == "2026-12-20"
    me = client.get("/me", headers={"Authorization": f"Bearer {body['tokens']['ans@example.nl']}"})
    assert me.json()["name"] == "Ans de Boer"


def test_only_a_beheerder_manages_the_pool(client, demo):
    assert client.get("/reviewers", headers=auth(demo, "utrecht/indiener")).status_code == 403
    response = client.post("/reviewers/import", headers=auth(demo, "gelderland-zuid/jurist"),
                           content=CSV_HEADER.encode())
    assert response.status_code == 403


def test_a_declined_seat_is_refilled_and_the_history_kept(client, demo, now, session, settings):
    rid = submitted_request(client, demo, now)
    pump(session, now, settings.documents_dir)
    why = client.get(f"/requests/{rid}/panel/why", headers=auth(demo, "utrecht/indiener")).json()
    peer = next(s for s in why if s["role"] == "tegenspreker")
    key = next(k for k, uid in demo.users.items() if uid == peer["user_id"])
    response = client.post(f"/requests/{rid}/decline", headers=auth(demo, key),
                           json={"reason": "Ik ken de moeder van de sportclub.", "conflict": True})
    assert response.status_code == 200 and response.json()["refilled"]
    after = client.get(f"/requests/{rid}/panel/why", headers=auth(demo, "utrecht/indiener")).json()
    old = next(s for s in after if s["seat_id"] == peer["seat_id"])
    new = next(s for s in after if s["role"] == "tegenspreker" and s["active"])
    assert not old["active"] and old["release_kind"] == "conflict"
    assert new["user_id"] != peer["user_id"]
    why_not = client.get(f"/requests/{rid}/panel/why-not/{peer['user_id']}",
                         headers=auth(demo, "utrecht/indiener")).json()
    assert {"declared_conflict", "declined_before"} <= {r["code"] for r in why_not["roles"]["tegenspreker"]["reasons"]}
    audit = [a["action"] for a in client.get(f"/requests/{rid}/audit", headers=auth(demo, "utrecht/indiener")).json()]
    assert audit.count("seat.assigned") == 4 and "seat.released" in audit


def test_batch_assignment_and_partner_regions(client, demo, now):
    utrecht = demo.regions["utrecht"]
    response = client.put(f"/regions/{utrecht}/too-close", headers=auth(demo, BEHEERDER),
                          json={"too_close": ["gelderland-zuid"]})
    assert response.status_code == 200 and response.json()["too_close"] == ["gelderland-zuid"]
    first = submitted_request(client, demo, now)
    second = submitted_request(client, demo, now)
    result = client.post("/assignments/batch", headers=auth(demo, BEHEERDER)).json()
    assert sorted(result["assigned"]) == [first, second] and result["refused"] == {}
    gelderland = {uid for key, uid in demo.users.items() if key.startswith("gelderland-zuid/")}
    panels = []
    for rid in (first, second):
        seats = client.get(f"/requests/{rid}/panel/why", headers=auth(demo, "utrecht/indiener")).json()
        assert len(seats) == 3 and not {s["user_id"] for s in seats} & gelderland
        panels.append({s["user_id"] for s in seats})
    # One family: nobody sits on both (that would be current involvement with a sibling's review).
    assert not panels[0] & panels[1]
