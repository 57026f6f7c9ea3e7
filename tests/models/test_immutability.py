"""Revisions and the audit trail are append-only."""

import pytest
from sqlmodel import select

from models.audit import AuditEvent
from models.request import RequestRevision
from tests.builders import make_request


def test_a_revision_cannot_be_changed_or_deleted(session, demo, now):
    make_request(session, demo, now)
    revision = session.exec(select(RequestRevision)).first()
    revision.content = {**revision.content, "summary": "stiekem aangepast"}
    with pytest.raises(RuntimeError, match="immutable"):
        session.commit()
    session.rollback()
    session.delete(session.exec(select(RequestRevision)).first())
    with pytest.raises(RuntimeError, match="immutable"):
        session.commit()


def test_an_audit_event_cannot_be_changed_or_deleted(session, demo, now):
    make_request(session, demo, now)
    event = session.exec(select(AuditEvent)).first()
    event.action = "iets anders"
    with pytest.raises(RuntimeError, match="immutable"):
        session.commit()
    session.rollback()
    session.delete(session.exec(select(AuditEvent)).first())
    with pytest.raises(RuntimeError, match="immutable"):
        session.commit()


def test_the_content_hash_identifies_the_content(session, demo, now):
    make_request(session, demo, now)
    revision = session.exec(select(RequestRevision)).first()
    assert revision.content_hash == revision.parsed().content_hash()
    changed = revision.parsed().model_copy(update={"duration_months": 6})
    assert changed.content_hash() != revision.content_hash
