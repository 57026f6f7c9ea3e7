"""Tamper evidence over HTTP: GET /audit/verify (beheerder only) and downloads that refuse a changed file."""

import sqlite3

import pytest
from pathlib import Path

from sqlmodel import select

from models.court_document import CourtDocument
from tests.api.conftest import auth
from tests.builders import drive_to, make_request

BEHEERDER = "amsterdam-amstelland/beheerder"


def test_the_beheerder_verifies_the_audit_chain(client, session, demo, now):
    make_request(session, demo, now)
    response = client.get("/audit/verify", headers=auth(demo, BEHEERDER))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ok"] is True and body["code"] == "audit_intact" and body["checked"] > 0
    assert body["broken_id"] is None and len(body["head_hash"]) == 64


def test_nobody_else_verifies_the_audit_chain(client, session, demo, now):
    for key in ("utrecht/indiener", "rotterdam-rijnmond/jurist", "gelderland-zuid/tegenspreker"):
        response = client.get("/audit/verify", headers=auth(demo, key))
        assert response.status_code == 403 and response.json()["code"] == "not_allowed", key
    assert client.get("/audit/verify").status_code == 401


@pytest.mark.sqlite_only(reason="changes the SQLite file directly")
def test_the_endpoint_names_the_first_broken_link(client, session, demo, now, settings):
    make_request(session, demo, now)
    make_request(session, demo, now)
    db = sqlite3.connect(settings.database_url.split("///", 1)[1], isolation_level=None)
    db.execute("DROP TRIGGER auditevent_no_delete")
    db.execute("DELETE FROM auditevent WHERE id = 2")
    body = client.get("/audit/verify", headers=auth(demo, BEHEERDER)).json()
    assert (body["ok"], body["code"], body["broken_id"]) == (False, "audit_deleted", 3)
    assert "gebeurtenis 2 ontbreekt" in body["message"]


def test_the_endpoint_is_documented_with_its_response_model(client):
    operation = client.get("/openapi.json").json()["paths"]["/audit/verify"]["get"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/AuditVerification")
    assert {"401", "403"} <= set(operation["responses"])


def test_a_document_changed_on_disk_is_not_downloaded(client, session, demo, now, settings):
    request_id = drive_to(session, demo, "rendered", now, settings.documents_dir)
    document = session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id,
                                                        CourtDocument.kind == "verzoekschrift")).one()
    headers = auth(demo, "utrecht/indiener")
    genuine = client.get(f"/documents/{document.id}/download", headers=headers)
    assert genuine.status_code == 200 and genuine.content == Path(document.path).read_bytes()
    Path(document.path).write_bytes(genuine.content + b"\0")
    refused = client.get(f"/documents/{document.id}/download", headers=headers)
    assert refused.status_code == 409 and refused.json()["code"] == "document_tampered"
