"""Hearing, review and sign-off gates on a real database, through the services and event handlers."""

from datetime import timedelta

import pytest
from sqlmodel import select

from models.audit import AuditEvent
from models.dossier import load_dossier
from models.errors import GateRefused, InvalidInput, NotAllowed
from models.request import Request, RequestState
from models.review import Decision
from models.services import drafting, hearing, review
from models.demo import demo_ots_content
from tests.builders import actor, assess_all, deadline_args, drive_to, give_verdicts, portal_args, pump


def reviewer(session, request_id, role="tegenspreker"):
    d = load_dossier(session, request_id)
    return d.user(next(s for s in d.seats if s.role == role).user_id)


def state(session, request_id) -> str:
    request = session.get(Request, request_id)
    session.refresh(request)
    return request.state


def test_akkoord_is_refused_while_a_parent_was_not_invited_naming_the_parent(session, demo, now, settings):
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    assess_all(session, request_id, now)
    with pytest.raises(GateRefused) as refused:
        review.record_verdict(session, actor=reviewer(session, request_id), request_id=request_id,
                              decision=Decision.akkoord, reasons="Akkoord.", now=now)
    messages = {p.code: [] for p in refused.value.problems}
    for p in refused.value.problems:
        messages[p.code].append(p.message)
    assert any("Sanne Jansen" in m for m in messages["party_not_invited"])
    assert any("Youssef el Amrani" in m for m in messages["party_not_invited"])
    assert any("Noah Jansen (13 jaar)" in m for m in messages["child_voice_missing"])


def test_a_deadline_passed_after_a_proven_invitation_counts_as_heard(session, demo, now, settings):
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    indiener = actor(session, demo, "utrecht/indiener")
    d = load_dossier(session, request_id)
    for party in d.parties:
        if party.kind != "child":
            hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=party.id, channel="brief",
                                 sent_at=now, proof="aangetekend verzonden, track-and-trace 3SABC", now=now, **portal_args())
    hearing.record_child_voice(session, actor=indiener, request_id=request_id, person_id=demo.persons["noah"],
                               heard=False, method="", obtained_by="", obtained_at=None, child_words="",
                               professional_summary="", not_heard_reason="weigert",
                               explanation="Noah wil uitdrukkelijk niet praten over de thuissituatie.", now=now)
    assess_all(session, request_id, now)
    with pytest.raises(GateRefused) as refused:  # the parents still have time
        review.record_verdict(session, actor=reviewer(session, request_id), request_id=request_id,
                              decision=Decision.akkoord, reasons="Akkoord.", now=now + timedelta(days=13))
    assert {p.code for p in refused.value.problems} == {"party_response_pending"}
    later = now + timedelta(days=15)
    assert hearing.record_lapses(session, now=later, **deadline_args()) == [request_id]
    assert hearing.record_lapses(session, now=later + timedelta(hours=1), **deadline_args()) == []  # exactly once
    lapses = session.exec(select(AuditEvent).where(AuditEvent.action == "party.deadline_passed")).all()
    assert len(lapses) == 2 and all("niet gereageerd" in a.details["text"] for a in lapses)
    give_verdicts(session, request_id, later)
    pump(session, later, settings.documents_dir)
    assert state(session, request_id) == RequestState.approved


def test_a_child_at_hearing_age_cannot_pass_unheard_without_a_reason(session, demo, now, settings):
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    with pytest.raises(InvalidInput) as refused:
        hearing.record_child_voice(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                                   person_id=demo.persons["noah"], heard=False, method="", obtained_by="",
                                   obtained_at=None, child_words="", professional_summary="", not_heard_reason="",
                                   explanation="", now=now)
    assert {p.code for p in refused.value.problems} == {"not_heard_reason_invalid", "not_heard_explanation_missing"}


def test_a_young_child_is_a_party_but_not_a_required_one(session, demo, now, settings):
    request_id = drive_to(session, demo, "submitted", now, settings.documents_dir,
                          child_ids=[demo.persons["noah"], demo.persons["lina"]])
    parties = {p.person_id: p for p in load_dossier(session, request_id).parties}
    assert parties[demo.persons["noah"]].required and not parties[demo.persons["lina"]].required


def test_return_for_correction_then_resubmit_keeps_the_panel(session, demo, now, settings):
    request_id = drive_to(session, demo, "assessed", now, settings.documents_dir)
    panel_before = {(s.role, s.user_id) for s in load_dossier(session, request_id).seats}
    give_verdicts(session, request_id, now, {"jurist": Decision.terug})
    pump(session, now, settings.documents_dir)
    assert state(session, request_id) == RequestState.returned
    indiener = actor(session, demo, "utrecht/indiener")
    from models.services.views import request_view
    view = request_view(session, actor=indiener, request_id=request_id, now=now)
    assert [c["decision"] for c in view["correction_list"]] == [Decision.terug]
    with pytest.raises(GateRefused):  # no silent resubmission of the returned revision
        drafting.submit_request(session, actor=indiener, request_id=request_id, now=now)
    content = demo_ots_content(demo, now) | {"proportionality": "Aangescherpt: waarom een jaar en niet zes maanden."}
    revision = drafting.revise_request(session, actor=indiener, request_id=request_id,
                                       content=drafting.parse_content(content), note="correctie", now=now)
    assert revision.number == 2 and state(session, request_id) == RequestState.draft
    drafting.submit_request(session, actor=indiener, request_id=request_id, now=now)
    pump(session, now, settings.documents_dir)
    assert {(s.role, s.user_id) for s in load_dossier(session, request_id).seats} == panel_before
    assert state(session, request_id) == RequestState.in_tegenspraak


def test_advice_not_to_file_stops_the_request(session, demo, now, settings):
    request_id = drive_to(session, demo, "assessed", now, settings.documents_dir)
    give_verdicts(session, request_id, now, {"gedragswetenschapper": Decision.niet_indienen})
    pump(session, now, settings.documents_dir)
    assert state(session, request_id) == RequestState.advised_against


def test_sign_off_is_bound_to_the_exact_approved_revision(session, demo, now, settings):
    request_id = drive_to(session, demo, "approved", now, settings.documents_dir)
    jurist = reviewer(session, request_id, "jurist")
    with pytest.raises(GateRefused) as refused:
        review.sign_off(session, actor=jurist, request_id=request_id, revision_hash="0" * 64, declaration="Akkoord.",
                        now=now)
    assert {p.code for p in refused.value.problems} == {"revision_hash_mismatch"}
    with pytest.raises(NotAllowed):
        review.sign_off(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                        revision_hash=load_dossier(session, request_id).revision.content_hash, declaration="x", now=now)


def test_an_edit_after_approval_voids_approvals_and_sign_offs(session, demo, now, settings):
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir)
    assert state(session, request_id) == RequestState.ready
    content = demo_ots_content(demo, now) | {"duration_months": 9}
    drafting.revise_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                            content=drafting.parse_content(content), note="duur aangepast", now=now)
    assert state(session, request_id) == RequestState.in_tegenspraak
    d = load_dossier(session, request_id)
    assert d.request.approved_revision_id is None and d.verdicts == {} and d.signoffs == []
    voided = session.exec(select(AuditEvent).where(AuditEvent.action == "approvals.voided")).one()
    assert len(voided.details["verdicts"]) == 3 and len(voided.details["signoffs"]) == 2
    pump(session, now, settings.documents_dir)  # the pending render must not render the old revision
    assert state(session, request_id) == RequestState.in_tegenspraak


def test_reviewers_act_only_on_requests_assigned_to_them(session, demo, now, settings):
    request_id = drive_to(session, demo, "heard", now, settings.documents_dir)
    seated = {s.user_id for s in load_dossier(session, request_id).seats}
    outsider = next(uid for key, uid in demo.users.items() if key.endswith("/tegenspreker") and uid not in seated
                    and not key.startswith("utrecht"))
    from models.organisation import User
    with pytest.raises(NotAllowed):
        review.record_verdict(session, actor=session.get(User, outsider), request_id=request_id,
                              decision=Decision.akkoord, reasons="x", now=now)


def test_full_path_to_rendered(session, demo, now, settings):
    request_id = drive_to(session, demo, "rendered", now, settings.documents_dir)
    assert state(session, request_id) == RequestState.rendered


def test_each_ground_element_is_a_criterion_the_panel_must_assess(session, demo, now, settings):
    request_id = drive_to(session, demo, "heard", now, settings.documents_dir)
    d = load_dossier(session, request_id)
    codes = [code for code, _ in d.criteria()]
    assert {"grond:ontwikkelingsbedreiging", "grond:zorg_niet_geaccepteerd", "grond:verwachting_verantwoordelijkheid",
            "proportionaliteit", "subsidiariteit", "doelmatigheid", "onafhankelijkheid"} <= set(codes)
    peer = reviewer(session, request_id)
    review.record_assessments(session, actor=peer, request_id=request_id, now=now, items=[
        {"criterion": code, "outcome": "voldoet", "reasoning": "ok"} for code in codes if not code.startswith("grond:")])
    with pytest.raises(GateRefused) as refused:
        review.record_verdict(session, actor=peer, request_id=request_id, decision=Decision.akkoord, reasons="ok",
                              now=now)
    assert {p.field for p in refused.value.problems} == {f"assessments.{c}" for c in codes if c.startswith("grond:")}


def test_an_invitation_dated_two_weeks_before_the_revision_is_refused_and_counts_for_nothing(session, demo, now,
                                                                                          settings):
    """The attack: back-date a letter so the deadline has passed at once and the parent counts as heard."""
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    indiener = actor(session, demo, "utrecht/indiener")
    mother = next(p for p in load_dossier(session, request_id).parties if p.kind == "parent_gezag")
    for channel in ("brief", "email"):
        with pytest.raises(InvalidInput) as refused:
            hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=mother.id, channel=channel,
                                 sent_at=now - timedelta(days=14), proof="aangetekend, 3SABC", now=now, **portal_args())
        [problem] = refused.value.problems
        assert problem.code == "sent_at_before_revision" and problem.field == "sent_at"
        assert "vóór versie 1" in problem.message
    session.rollback()
    mother = session.get(type(mother), mother.id)
    assert mother.invited_at is None and mother.deadline is None
    assert hearing.watch_deadlines(session, now=now + timedelta(hours=1), **deadline_args()) == []
    with pytest.raises(InvalidInput) as future:
        hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=mother.id, channel="brief",
                             sent_at=now + timedelta(days=1), proof="aangetekend, 3SABC", now=now, **portal_args())
    assert [p.code for p in future.value.problems] == ["sent_at_in_future"]


def test_a_letter_runs_from_its_validated_send_date(session, demo, now, settings):
    written = now - timedelta(days=3)
    request_id = drive_to(session, demo, "in_tegenspraak", written, settings.documents_dir)
    indiener = actor(session, demo, "utrecht/indiener")
    d = load_dossier(session, request_id)
    mother, father = [p for p in d.parties if p.kind != "child"]
    sent = now - timedelta(days=2)
    party, link = hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=mother.id,
                                       channel="brief", sent_at=sent, proof="aangetekend, 3SABC", now=now, **portal_args())
    assert link and "/portaal/" in link  # a letter: the link is handed over, so the answer carries it once
    assert party.invited_at == sent
    assert party.deadline == sent + timedelta(days=d.catalogue.hearing.response_days)
    # Sent the same day the revision was written (a letter carries a date, not a time): accepted.
    same_day = written.replace(hour=0, minute=5)
    hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=father.id, channel="brief",
                         sent_at=same_day, proof="aangetekend, 3SABD", now=now, **portal_args())
    # The deadline watcher lapses each letter only after its own deadline.
    hearing.watch_deadlines(session, now=sent + timedelta(days=13), **deadline_args())
    session.refresh(party)
    assert party.lapsed_at is None
    hearing.watch_deadlines(session, now=sent + timedelta(days=14, minutes=1), **deadline_args())
    session.refresh(party)
    assert party.lapsed_at == sent + timedelta(days=14, minutes=1)


def test_an_e_mail_invitation_is_not_an_invitation_until_it_is_sent(session, demo, now, settings):
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
    indiener = actor(session, demo, "utrecht/indiener")
    mother = next(p for p in load_dossier(session, request_id).parties if p.kind == "parent_gezag")
    party, link = hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=mother.id,
                                       channel="email", sent_at=now,
                                       proof="", now=now, **portal_args())
    assert link is None  # the link goes by e-mail only, made when the message is sent
    assert party.invited_at is None and party.deadline is None and party.proof == ""
    # Months later, never sent: no lapse, no 'in de gelegenheid gesteld'.
    assert hearing.watch_deadlines(session, now=now + timedelta(days=90), **deadline_args()) == []
    assess_all(session, request_id, now)
    with pytest.raises(GateRefused) as refused:
        review.record_verdict(session, actor=reviewer(session, request_id), request_id=request_id,
                              decision=Decision.akkoord, reasons="Akkoord.", now=now + timedelta(days=90))
    assert "party_not_invited" in {p.code for p in refused.value.problems}
