"""Render: only a `ready` revision becomes a document; any skipped gate refuses it and nothing is written."""

import uuid
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from sqlmodel import Session, select

from models.audit import AuditEvent
from models.court_document import CourtDocument
from models.db import create_schema, make_engine
from models.demo import seed_demo
from models.dossier import load_dossier
from models.errors import DomainError, GateRefused
from models.request import Request, RequestState
from models.services import drafting, hearing, rendering, review
from tests.builders import STAGES, actor, drive_to, make_request, portal_args, pump, store


def render(session, demo, request_id, now, documents_dir):
    return rendering.render_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                                    now=now, documents=store(documents_dir))


@pytest.mark.parametrize("stage", STAGES[:-2])
def test_render_before_ready_is_refused_listing_what_is_unmet_and_writes_nothing(session, demo, now, settings, stage):
    request_id = drive_to(session, demo, stage, now, settings.documents_dir)
    audit_before = len(session.exec(select(AuditEvent)).all())
    state_before = session.get(Request, request_id).state
    with pytest.raises(GateRefused) as refused:
        render(session, demo, request_id, now, settings.documents_dir)
    codes = {p.code for p in refused.value.problems}
    assert "transition_not_allowed" in codes
    assert codes - {"transition_not_allowed"}, "the refusal names what is still missing, not only the state"
    session.rollback()
    assert session.exec(select(CourtDocument)).all() == []
    assert not settings.documents_dir.exists() or not any(settings.documents_dir.rglob("*.docx"))
    assert len(session.exec(select(AuditEvent)).all()) == audit_before
    assert session.get(Request, request_id).state == state_before


def test_rendering_a_ready_revision_twice_gives_one_document(session, demo, now, settings):
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir)
    first = render(session, demo, request_id, now, settings.documents_dir)
    again = render(session, demo, request_id, now + timedelta(minutes=5), settings.documents_dir)
    assert first.id == again.id
    documents = session.exec(select(CourtDocument)).all()
    assert {d.kind for d in documents} == {"verzoekschrift", "tegenspraakverslag", f"ouderbrief-{demo.persons['mother']}",
                                           f"ouderbrief-{demo.persons['father']}",
                                           f"kinderbrief-{demo.persons['noah']}"} and len(documents) == 5
    assert len(list(settings.documents_dir.rglob("*.docx"))) == 5
    assert session.get(Request, request_id).state == RequestState.rendered


SKIPPABLE = ["invite_mother", "invite_father", "child_voice", "assess_jurist", "verdict_tegenspreker",
             "sign_jurist", "sign_gw"]


@hsettings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(skipped=st.sets(st.sampled_from(SKIPPABLE)))
def test_property_a_document_exists_only_if_no_gate_was_skipped(tmp_path, settings, now, skipped):
    engine = make_engine(f"sqlite:///{tmp_path / uuid.uuid4().hex}.db")
    create_schema(engine)
    documents_dir = tmp_path / uuid.uuid4().hex
    with Session(engine, expire_on_commit=False) as session:
        demo = seed_demo(session)
        indiener = actor(session, demo, "utrecht/indiener")
        request_id = make_request(session, demo, now)
        drafting.submit_request(session, actor=indiener, request_id=request_id, now=now)
        pump(session, now, documents_dir)
        d = load_dossier(session, request_id)

        def attempt(step: str, fn):
            if step in skipped:
                return
            try:
                fn()
            except DomainError:
                pass  # a refused step must simply not count

        for party in d.parties:
            name = {"Sanne": "invite_mother", "Youssef": "invite_father"}.get(d.person(party.person_id).given_names)
            if name:
                attempt(name, lambda p=party: (
                    hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=p.id,
                                         channel="email", sent_at=now, proof="verzonden", now=now, **portal_args()),
                    hearing.record_response(session, actor=indiener, request_id=request_id, party_id=p.id,
                                            position="oneens", text="Nee.", received_at=now, channel="email",
                                            responded_by="", now=now)))
        attempt("child_voice", lambda: hearing.record_child_voice(
            session, actor=indiener, request_id=request_id, person_id=demo.persons["noah"], heard=True,
            method="gesprek", obtained_by="F.", obtained_at=now, child_words="Rust.", professional_summary="",
            not_heard_reason="", explanation="", now=now))
        for seat in d.seats:
            attempt(f"assess_{seat.role}", lambda s=seat: review.record_assessments(
                session, actor=d.user(s.user_id), request_id=request_id, now=now,
                items=[{"criterion": code, "outcome": "voldoet", "reasoning": "ok"} for code, _ in d.criteria()]))
        for seat in d.seats:
            attempt(f"verdict_{seat.role}", lambda s=seat: review.record_verdict(
                session, actor=d.user(s.user_id), request_id=request_id, decision="akkoord", reasons="ok", now=now))
        pump(session, now, documents_dir)
        for seat in d.seats:
            attempt(f"sign_{'gw' if seat.role == 'gedragswetenschapper' else seat.role}",
                    lambda s=seat: review.sign_off(session, actor=d.user(s.user_id), request_id=request_id,
                                                   revision_hash=d.revision.content_hash, declaration="ok", now=now))
        pump(session, now, documents_dir)
        pump(session, now, documents_dir)
        try:
            rendering.render_request(session, actor=indiener, request_id=request_id, now=now,
                                     documents=store(documents_dir))
        except DomainError:
            session.rollback()
        documents = session.exec(select(CourtDocument)).all()
        assert (len(documents) == 5) == (not skipped) and (len(documents) == 0) == bool(skipped)
        assert bool(list(documents_dir.rglob("*.docx"))) == (not skipped)
