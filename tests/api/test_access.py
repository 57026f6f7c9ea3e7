"""Nobody reads or changes a child's dossier unseen: each attack from the security review, as a test."""

import hashlib
import sqlite3

import pytest

from sqlmodel import select

from api.app import create_app
from models.access_log import AccessLogEntry
from models.config import get_settings
from models.demo import DemoModeRequired, seed_demo
from models.organisation import User
from models.security import hash_api_token
from tests.api.conftest import auth
from tests.api.test_api import new_request
from tests.builders import pump

IND, BEHEERDER = "utrecht/indiener", "amsterdam-amstelland/beheerder"


def log_rows(session, **where) -> list[AccessLogEntry]:
    session.rollback()
    stmt = select(AccessLogEntry).order_by(AccessLogEntry.id)
    for name, value in where.items():
        stmt = stmt.where(getattr(AccessLogEntry, name) == value)
    return list(session.exec(stmt))


def in_review(client, demo, session, settings, now) -> dict:
    request = new_request(client, demo, now)
    client.post(f"/requests/{request['id']}/submit", headers=auth(demo, IND))
    pump(session, now, settings.documents_dir)
    return client.get(f"/requests/{request['id']}", headers=auth(demo, IND)).json()


def key_of(demo, user_id) -> str:
    return next(k for k, uid in demo.users.items() if uid == user_id)


def test_another_region_cannot_read_a_family_or_open_a_case_on_it(client, demo, session):
    other = auth(demo, "rotterdam-rijnmond/indiener")
    response = client.get(f"/families/{demo.family_id}", headers=other)
    assert response.status_code == 403 and "Sanne" not in response.text
    response = client.post("/cases", headers=other, json={"family_id": demo.family_id, "title": "overname"})
    assert response.status_code == 403 and response.json()["problems"][0]["code"] == "family_other_region"
    # Probing the next ids gives nothing either, and every attempt is on record.
    assert client.get(f"/families/{demo.family_id + 1}", headers=other).status_code == 404
    rows = log_rows(session, user_id=demo.users["rotterdam-rijnmond/indiener"])
    assert [(r.object_type, r.object_id, r.outcome) for r in rows] == [
        ("family", demo.family_id, "refused"), ("family", demo.family_id, "refused"),
        ("family", demo.family_id + 1, "refused")]
    assert rows[0].reason == "not_visible" and rows[1].reason == "family_other_region"
    assert rows[0].route == f"GET /families/{demo.family_id}" and rows[0].channel == "api"
    # The family's own region reads it, and that read is on record too.
    assert client.get(f"/families/{demo.family_id}", headers=auth(demo, IND)).json()["persons"][0]["given_names"]
    granted = log_rows(session, user_id=demo.users[IND], object_type="family")
    assert granted[-1].outcome == "granted" and granted[-1].purpose == "regio"


def test_the_beheerder_manages_the_pool_but_does_not_read_a_familys_file(client, demo, session, settings, now):
    view = in_review(client, demo, session, settings, now)
    beheerder = auth(demo, BEHEERDER)
    assert client.get(f"/families/{demo.family_id}", headers=beheerder).status_code == 403
    assert client.get(f"/requests/{view['id']}", headers=beheerder).status_code == 403
    assert client.get(f"/requests/{view['id']}/panel/why", headers=beheerder).status_code == 200
    assert [r["id"] for r in client.get("/requests", headers=beheerder).json()] == [view["id"]]


def test_a_reviewer_who_declines_with_a_conflict_stops_reading_at_once(client, demo, session, settings, now):
    view = in_review(client, demo, session, settings, now)
    rid = view["id"]
    seat = next(s for s in view["panel"] if s["role"] == "tegenspreker")
    reviewer = auth(demo, key_of(demo, seat["user_id"]))
    assert client.get(f"/requests/{rid}", headers=reviewer).status_code == 200
    assert client.get(f"/families/{demo.family_id}", headers=reviewer).status_code == 200
    declined = client.post(f"/requests/{rid}/decline", headers=reviewer,
                           json={"reason": "Ik ken de moeder uit mijn buurt.", "conflict": True})
    assert declined.status_code == 200
    for path in (f"/requests/{rid}", f"/requests/{rid}/audit", f"/requests/{rid}/revisions",
                 f"/requests/{rid}/checklist", f"/families/{demo.family_id}"):
        assert client.get(path, headers=reviewer).status_code == 403, path
    assert client.get("/requests", headers=reviewer).json() == []
    refused = log_rows(session, user_id=seat["user_id"], outcome="refused")
    assert {r.object_type for r in refused} == {"request", "audit", "revision", "family"}


def test_every_read_of_a_dossier_part_is_logged_and_the_beheerder_asks_who_looked(client, demo, session, settings, now):
    view = in_review(client, demo, session, settings, now)
    rid = view["id"]
    seat = next(s for s in view["panel"] if s["role"] == "jurist")
    jurist = auth(demo, key_of(demo, seat["user_id"]))
    before = len(log_rows(session))
    client.get(f"/requests/{rid}/audit", headers=jurist)
    client.get(f"/requests/{rid}/revisions", headers=jurist)
    client.get(f"/requests/{rid}", headers=auth(demo, "gelderland-zuid/indiener"))  # refused
    rows = log_rows(session)[before:]
    assert [(r.user_id, r.object_type, r.request_id, r.outcome, r.purpose) for r in rows] == [
        (seat["user_id"], "audit", rid, "granted", "tegenspraak"),
        (seat["user_id"], "revision", rid, "granted", "tegenspraak"),
        (demo.users["gelderland-zuid/indiener"], "request", rid, "refused", "")]
    assert all(r.at is not None and r.roles and r.route.startswith("GET /requests/") for r in rows)
    assert rows[0].family_id == demo.family_id
    # Who looked at Noah's file? Asked by the child's person id.
    answer = client.get("/access-log", headers=auth(demo, BEHEERDER), params={"person_id": demo.persons["noah"]})
    assert answer.status_code == 200
    seen = {(e["user_name"], e["object_type"], e["outcome"]) for e in answer.json()}
    jurist_name = session.get(User, seat["user_id"]).name
    assert {(jurist_name, "audit", "granted"), ("Sanne Willems", "request", "refused")} <= seen
    # Nobody else may ask, and asking is itself logged.
    assert client.get("/access-log", headers=jurist, params={"person_id": demo.persons["noah"]}).status_code == 403
    assert log_rows(session, object_type="access_log")[-1].outcome == "refused"


@pytest.mark.sqlite_only(reason="changes the SQLite file directly")
def test_a_read_is_refused_when_it_cannot_be_logged(client, demo, session, settings, now):
    view = in_review(client, demo, session, settings, now)
    path = settings.database_url.split("///", 1)[1]
    with sqlite3.connect(path) as db:  # the log refuses writes (disk full, table locked, ...)
        db.execute("CREATE TRIGGER log_broken BEFORE INSERT ON accesslogentry BEGIN SELECT RAISE(ABORT, 'vol'); END")
    response = client.get(f"/requests/{view['id']}", headers=auth(demo, IND))
    assert response.status_code == 503 and response.json()["code"] == "access_log_unavailable"
    assert "Noah" not in response.text
    with sqlite3.connect(path) as db:
        db.execute("DROP TRIGGER log_broken")
    assert client.get(f"/requests/{view['id']}", headers=auth(demo, IND)).status_code == 200


def test_forwarded_for_does_not_bypass_the_portal_rate_limit(client, settings):
    statuses = [client.get(f"/portaal/raden-{i}", headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
                for i in range(settings.portal_rate_per_minute + 3)]
    assert statuses[0] == 404 and statuses[-1] == 429


def test_forwarded_for_counts_only_from_a_trusted_proxy(demo, settings, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.setenv("TEGENSPRAAK_TRUSTED_PROXIES", "127.0.0.1/32")
    get_settings.cache_clear()
    with TestClient(create_app(get_settings()), client=("127.0.0.1", 5000)) as proxied:
        limit = get_settings().portal_rate_per_minute
        spread = [proxied.get("/portaal/x", headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
                  for i in range(limit + 3)]
        assert 429 not in spread  # each real client has its own budget behind the proxy
        one = [proxied.get("/portaal/x", headers={"X-Forwarded-For": "6.6.6.6, 198.51.100.7"}).status_code
               for _ in range(limit + 3)]
        assert one[-1] == 429  # a forged left part does not help: the proxy's own entry counts


def test_html_pages_carry_security_headers(client):
    for path in ("/portaal/onbekend", "/health"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    assert client.get("/static/portaal.css").status_code == 200


def test_api_tokens_are_stored_as_hmac_and_demo_tokens_are_random(client, demo, session, settings, monkeypatch):
    token = demo.tokens[IND]
    user = session.get(User, demo.users[IND])
    assert user.token_hash == hash_api_token(token) != hashlib.sha256(token.encode()).hexdigest()
    assert token not in {"demo-utrecht-indiener"} and len(token) > 40
    again = seed_demo(session)  # a new start: new tokens, the old ones stop working
    assert again.tokens[IND] != token and again.users == demo.users
    assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert client.get("/me", headers={"Authorization": f"Bearer {again.tokens[IND]}"}).status_code == 200
    # Outside demo mode nothing with a token is seeded.
    monkeypatch.setenv("TEGENSPRAAK_DEMO", "0")
    get_settings.cache_clear()
    try:
        seed_demo(session)
        raise AssertionError("seeded outside demo mode")
    except DemoModeRequired as refused:
        assert refused.code == "demo_mode_required"
