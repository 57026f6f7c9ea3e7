"""The later gates (models.gates) on in-memory dossiers: panel, hearing, assessments, verdicts, sign-off, render.

Each test starts from a ready request, for which every gate holds, and moves one thing to its boundary."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from models.gates import (
    APPROVE_GUARDS,
    CHECKLIST_STAGES,
    READY_GUARDS,
    RENDER_GUARDS,
    check_approval_current,
    check_assessments,
    check_hearing,
    check_panel_complete,
    check_revision_intact,
    check_signoffs,
    check_verdicts_akkoord,
    check_warnings_resolved,
    checklist,
    hearing_gaps,
    revision_tamper_problems,
    unresolved_warnings,
)
from models.errors import GateRefused
from models.hearing import ReinviteWaiver
from models.intake import SUBMIT_GUARDS
from models.lifecycle import check
from models.request import RequestState as S
from models.review import Decision, WarningAcceptance

from tests.domain.dossiers import (
    CHILD,
    FATHER,
    MOTHER,
    PARTY_IDS,
    SEAT_IDS,
    add_seat,
    chair_checks,
    minor_change,
    new_revision,
    not_responded,
    party,
    ready_dossier,
    seat,
    set_verdict,
    sign,
    tamper,
    unsign,
    with_content,
    with_escalation,
    with_fact,
    with_state,
    without_assessment,
    without_seat,
    without_voice,
)

NOW = datetime(2027, 3, 15, 10, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def fields(problems) -> list[tuple[str, str]]:
    return [(p.code, p.field) for p in problems]


def test_every_gate_holds_for_the_ready_dossier():
    d = ready_dossier(NOW)
    assert {g.__name__: g(d, NOW) for g in RENDER_GUARDS} == {g.__name__: [] for g in RENDER_GUARDS}
    assert check("render", d, NOW, RENDER_GUARDS) == S.rendered
    assert all(stage["done"] and stage["missing"] == [] for stage in checklist(d, NOW))


# --- the panel: every seat the catalogue asks for ------------------------------------------------

@pytest.mark.parametrize("role", ["tegenspreker", "jurist", "gedragswetenschapper"])
def test_each_required_seat_missing_is_named(role):
    d = without_seat(ready_dossier(NOW), role)
    assert (role, 1) in d.measure.panel_seats()
    [problem] = check_panel_complete(d, NOW)
    assert (problem.code, problem.field) == ("seat_empty", f"panel.{role}.1")


def test_a_gezagsbeeindiging_needs_a_second_tegenspreker():
    d = with_content(ready_dossier(NOW), measure="gezagsbeeindiging")
    assert d.measure.panel["tegenspreker"] == 2
    assert fields(check_panel_complete(d, NOW)) == [("seat_empty", "panel.tegenspreker.2")]
    assert check_panel_complete(add_seat(d, "tegenspreker", 2, 23), NOW) == []
    wrong_number = with_content(ready_dossier(NOW), measure="gezagsbeeindiging")
    assert codes(check_panel_complete(add_seat(wrong_number, "tegenspreker", 3, 23), NOW)) == ["seat_empty"]


def test_a_seat_of_another_role_does_not_fill_a_seat():
    d = without_seat(ready_dossier(NOW), "jurist")
    add_seat(d, "tegenspreker", 2, 23)
    assert fields(check_panel_complete(d, NOW)) == [("seat_empty", "panel.jurist.1")]


def test_without_a_known_measure_there_is_no_panel_to_complete():
    d = without_seat(with_content(ready_dossier(NOW), measure="verzonnen"), "jurist")
    assert check_panel_complete(d, NOW) == []


# --- hoor en wederhoor: the deadline exactly now, or one second later ---------------------------------

def test_a_party_whose_deadline_is_exactly_now_has_let_it_pass():
    d = not_responded(ready_dossier(NOW), MOTHER, deadline=NOW)
    assert check_hearing(d, NOW) == []


def test_a_party_whose_deadline_is_one_second_away_may_still_respond():
    d = not_responded(ready_dossier(NOW), MOTHER, deadline=NOW + SECOND)
    [problem] = check_hearing(d, NOW)
    assert (problem.code, problem.field) == ("party_response_pending", f"parties.{PARTY_IDS[MOTHER]}")
    assert "Sanne de Vries (ouder met gezag)" in problem.message


@settings(max_examples=50, deadline=None, database=None)
@given(offset=st.integers(min_value=-10**7, max_value=10**7))
def test_an_unheard_party_blocks_exactly_while_its_deadline_is_in_the_future(offset):
    d = not_responded(ready_dossier(NOW), FATHER, deadline=NOW + timedelta(seconds=offset))
    assert codes(check_hearing(d, NOW)) == (["party_response_pending"] if offset > 0 else [])


def test_a_party_invited_with_proof_but_without_a_response_time_is_not_heard():
    """No deadline is not a deadline passed: hearing both sides needs a response time the party could use."""
    d = not_responded(ready_dossier(NOW), MOTHER, proof="aangetekend verzonden, 3SABCD")
    party(d, MOTHER).deadline = None
    [problem] = check_hearing(d, NOW)
    assert (problem.code, problem.field) == ("party_deadline_missing", f"parties.{PARTY_IDS[MOTHER]}")
    assert problem.message == ("Sanne de Vries (ouder met gezag) is uitgenodigd, maar de reactietermijn is niet "
                               "vastgelegd; nodig opnieuw uit.")


def test_a_party_not_invited_is_named():
    d = not_responded(ready_dossier(NOW), FATHER, invited=False)
    assert fields(check_hearing(d, NOW)) == [("party_not_invited", f"parties.{PARTY_IDS[FATHER]}")]


def test_an_invitation_without_proof_does_not_count():
    d = not_responded(ready_dossier(NOW), FATHER, deadline=NOW - SECOND, proof="  ")
    assert codes(check_hearing(d, NOW)) == ["invitation_proof_missing"]


def test_a_response_counts_even_before_the_deadline_and_without_an_invitation():
    d = ready_dossier(NOW)
    p = party(d, MOTHER)
    p.deadline, p.invited_at, p.proof = NOW + timedelta(days=5), None, ""
    assert p.responded_at is not None
    assert check_hearing(d, NOW) == []


def test_a_party_that_is_not_required_is_not_waited_for():
    d = not_responded(ready_dossier(NOW), FATHER, invited=False)
    party(d, FATHER).required = False
    assert check_hearing(d, NOW) == []


def test_the_childs_voice_or_why_not_is_recorded():
    d = without_voice(ready_dossier(NOW))
    [problem] = check_hearing(d, NOW)
    assert (problem.code, problem.field) == ("child_voice_missing", f"parties.{PARTY_IDS[CHILD]}")
    age = d.persons[CHILD].age_on(NOW.date())
    assert f"Noah de Vries ({age} jaar)" in problem.message
    party(d, CHILD).required = False
    assert check_hearing(d, NOW) == []


def test_a_child_party_is_heard_through_its_voice_not_an_invitation():
    d = ready_dossier(NOW)
    child = party(d, CHILD)
    assert child.invited_at is None and child.responded_at is None
    assert check_hearing(d, NOW) == []


def test_every_unheard_party_is_named_at_once():
    d = not_responded(ready_dossier(NOW), MOTHER, deadline=NOW + SECOND)
    not_responded(d, FATHER, invited=False)
    without_voice(d)
    assert codes(check_hearing(d, NOW)) == ["party_response_pending", "party_not_invited", "child_voice_missing"]
    assert [p.id for p, _ in hearing_gaps(d, NOW)] == [PARTY_IDS[MOTHER], PARTY_IDS[FATHER], PARTY_IDS[CHILD]]


def test_accepted_urgency_defers_the_hearing_without_forgetting_it():
    d = without_voice(not_responded(ready_dossier(NOW), FATHER, invited=False))
    d.request.urgency_accepted_at = NOW - timedelta(hours=1)
    assert check_hearing(d, NOW) == []
    assert len(hearing_gaps(d, NOW)) == 2


def test_a_material_change_after_the_invitation_calls_for_a_new_one():
    d = new_revision(ready_dossier(NOW), duration_months=6)
    gaps = check_hearing(d, NOW)
    assert fields(gaps) == [("party_reinvite_needed", f"parties.{PARTY_IDS[MOTHER]}"),
                            ("party_reinvite_needed", f"parties.{PARTY_IDS[FATHER]}")]
    assert "gewijzigd: de duur." in gaps[0].message


def test_the_reinvitation_names_every_material_change():
    d = ready_dossier(NOW)
    d = new_revision(with_fact(d, "politie", text="Anders."), duration_months=6)
    d.invited_contents[1] = ready_dossier(NOW).content
    assert "gewijzigd: de duur, de feiten." in check_hearing(d, NOW)[0].message


def test_a_change_the_parties_were_not_heard_on_needs_no_new_invitation():
    d = new_revision(ready_dossier(NOW), summary="Een andere samenvatting.")
    assert check_hearing(d, NOW) == []


def test_the_panels_waiver_replaces_the_new_invitation():
    d = new_revision(ready_dossier(NOW), duration_months=6)
    d.waivers = {(PARTY_IDS[MOTHER], d.revision.id)}
    assert [p.id for p, _ in hearing_gaps(d, NOW)] == [PARTY_IDS[FATHER]]
    d.waivers = {(PARTY_IDS[MOTHER], d.revision.id - 1)}  # a waiver for another revision does not count
    assert len(hearing_gaps(d, NOW)) == 2


def test_a_party_invited_on_an_earlier_unchanged_revision_still_has_its_deadline():
    d = new_revision(ready_dossier(NOW), summary="Een andere samenvatting.")
    not_responded(d, MOTHER, deadline=NOW + SECOND)
    assert codes(check_hearing(d, NOW)) == ["party_response_pending"]


def test_a_party_invited_on_the_current_revision_is_not_compared():
    d = ready_dossier(NOW)
    assert party(d, MOTHER).invited_revision_id == d.revision.id
    assert d.invited_contents == {}  # nothing to compare with: a lookup would fail
    assert check_hearing(d, NOW) == []


# --- assessments -----------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["tegenspreker", "jurist", "gedragswetenschapper"])
def test_every_member_assesses_every_criterion(role):
    d = ready_dossier(NOW)
    code, label = d.criteria()[-1]
    assert code.startswith("grond:")
    [problem] = check_assessments(without_assessment(d, role, code), NOW)
    assert (problem.code, problem.field) == ("assessment_missing", f"assessments.{SEAT_IDS[role]}.{code}")
    assert f"'{label}'" in problem.message and d.user(seat(d, role).user_id).name in problem.message


def test_an_assessment_without_reasoning_is_no_assessment():
    d = ready_dossier(NOW)
    d.assessments[0].reasoning = "   "
    assert codes(check_assessments(d, NOW)) == ["assessment_missing"]


def test_the_criteria_are_the_catalogues_and_the_argued_grounds_elements():
    d = ready_dossier(NOW)
    assert [c for c, _ in d.criteria()] == d.catalogue.criterion_codes + [
        f"grond:{e.code}" for e in d.measure.grounds[0].elements]


def test_after_a_minor_change_only_the_chair_reassesses():
    d = minor_change(ready_dossier(NOW), summary="Een kleine aanpassing.")
    missing = check_assessments(d, NOW)
    chair = seat(d, "tegenspreker")
    assert {p.field.split(".")[1] for p in missing} == {str(chair.id)}
    assert len(missing) == len(d.criteria())
    assert all(p.message.startswith("De voorzitter heeft") for p in missing)
    assert check_assessments(chair_checks(d), NOW) == []


# --- verdicts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["tegenspreker", "jurist", "gedragswetenschapper"])
def test_every_member_gives_a_verdict(role):
    d = set_verdict(ready_dossier(NOW), role, None)
    [problem] = check_verdicts_akkoord(d, NOW)
    assert (problem.code, problem.field) == ("verdict_missing", f"verdicts.{SEAT_IDS[role]}")
    assert "revisie 1" in problem.message


@pytest.mark.parametrize("decision,expected", [
    (Decision.akkoord, []),
    (Decision.klein, []),
    (Decision.terug, ["verdict_not_akkoord"]),
    (Decision.niet_indienen, ["verdict_not_akkoord"]),
])
def test_approval_is_unanimous(decision, expected):
    d = set_verdict(ready_dossier(NOW), "jurist", decision)
    assert codes(check_verdicts_akkoord(d, NOW)) == expected


def test_an_escalation_that_proceeds_overrides_the_dissent_but_not_a_missing_verdict():
    d = set_verdict(ready_dossier(NOW), "jurist", Decision.niet_indienen)
    assert check_verdicts_akkoord(with_escalation(d, proceed=True), NOW) == []
    assert codes(check_verdicts_akkoord(with_escalation(d, proceed=False), NOW)) == ["verdict_not_akkoord"]
    set_verdict(d, "gedragswetenschapper", None)
    assert codes(check_verdicts_akkoord(with_escalation(d, proceed=True), NOW)) == ["verdict_missing"]


def test_after_a_minor_change_the_chair_checks_and_the_others_verdicts_carry_over():
    d = minor_change(ready_dossier(NOW), summary="Een kleine aanpassing.")
    chair = seat(d, "tegenspreker")
    assert d.minor_change and d.chair_seat_id == chair.id
    assert fields(check_verdicts_akkoord(d, NOW)) == [("chair_check_missing", f"verdicts.{chair.id}")]
    assert check_verdicts_akkoord(chair_checks(d), NOW) == []


@pytest.mark.parametrize("decision", [Decision.klein, Decision.terug])
def test_after_a_minor_change_the_chair_must_say_akkoord(decision):
    d = chair_checks(minor_change(ready_dossier(NOW), summary="Een kleine aanpassing."), decision)
    assert "chair_check_missing" in codes(check_verdicts_akkoord(d, NOW))


def test_a_minor_change_without_a_chair_is_refused():
    d = minor_change(without_seat(ready_dossier(NOW), "tegenspreker"), summary="Een kleine aanpassing.")
    assert d.chair_seat_id is None
    assert codes(check_verdicts_akkoord(d, NOW)) == ["chair_check_missing"]


def test_the_minor_change_revision_itself_is_no_minor_change():
    d = ready_dossier(NOW)
    d.request.minor_change_revision_id = d.revision.id
    assert not d.minor_change
    set_verdict(d, "jurist", None)
    assert codes(check_verdicts_akkoord(d, NOW)) == ["verdict_missing"]


# --- intake warnings the panel must resolve (catalogue 2026.2) ---------------------------------------

def test_a_warning_blocks_approval_until_a_member_accepts_it_with_reasons():
    d = with_content(ready_dossier(NOW), duration_reason="")
    [warning] = unresolved_warnings(d, NOW)
    [problem] = check_warnings_resolved(d, NOW)
    assert (problem.code, problem.field) == ("warning_unresolved", "warnings.duration_reason_missing.duration_reason")
    assert warning.message in problem.message and "(duration_reason_missing)" in problem.message
    d.warning_acceptances = [WarningAcceptance(id=1, request_id=1, revision_id=d.revision.id,
                                               code="duration_reason_missing", field="duration_reason",
                                               accepted_by=seat(d, "jurist").user_id, reasons="Aanvaard.",
                                               accepted_at=NOW)]
    assert check_warnings_resolved(d, NOW) == [] and unresolved_warnings(d, NOW) == []


def test_accepting_a_warning_for_another_field_does_not_resolve_it():
    d = with_content(ready_dossier(NOW), duration_reason="")
    d.warning_acceptances = [WarningAcceptance(id=1, request_id=1, revision_id=d.revision.id,
                                               code="duration_reason_missing", field="", accepted_by=21,
                                               reasons="Aanvaard.", accepted_at=NOW)]
    assert codes(check_warnings_resolved(d, NOW)) == ["warning_unresolved"]


def test_a_warning_without_a_field_has_a_field_of_its_code():
    d = ready_dossier(NOW)
    d = with_content(d, grounds=[g.model_dump(mode="json") for g in d.content.grounds],
                     alternatives=[a.model_dump(mode="json") | {"tried_when": ""} for a in d.content.alternatives])
    [problem] = check_warnings_resolved(d, NOW)
    assert problem.field == "warnings.alternative_tried_when_missing.alternatives.1.tried_when"


def test_catalogue_2026_1_does_not_ask_warnings_to_be_resolved():
    d = with_content(ready_dossier(NOW, version="2026.1"), duration_reason="")
    assert codes(unresolved_warnings(d, NOW)) == ["duration_reason_missing"]
    assert check_warnings_resolved(d, NOW) == []


# --- sign-off of the exact revision the panel approved -------------------------------------------------

def test_the_approval_must_be_of_the_current_revision():
    d = ready_dossier(NOW)
    d.request.approved_revision_id = None
    assert fields(check_approval_current(d, NOW)) == [("approval_missing", "approval")]
    d = new_revision(ready_dossier(NOW), summary="Na goedkeuring gewijzigd.")
    assert codes(check_approval_current(d, NOW)) == ["approval_missing"]
    assert "revisie 2" in check_approval_current(d, NOW)[0].message


@pytest.mark.parametrize("role", ["jurist", "gedragswetenschapper"])
def test_each_signoff_role_signs(role):
    d = unsign(ready_dossier(NOW), role)
    assert role in d.catalogue.review.signoff_roles
    [problem] = check_signoffs(d, NOW)
    assert (problem.code, problem.field) == ("signoff_missing", f"signoffs.{SEAT_IDS[role]}")
    assert d.revision.content_hash[:12] in problem.message


def test_the_tegenspreker_does_not_sign():
    d = ready_dossier(NOW)
    assert "tegenspreker" not in d.catalogue.review.signoff_roles
    assert {s.role for s in d.signoffs} == set(d.catalogue.review.signoff_roles)
    assert check_signoffs(d, NOW) == []


def test_a_signoff_of_another_hash_does_not_count():
    d = unsign(ready_dossier(NOW), "jurist")
    sign(d, "jurist", revision_hash="0" * 64)
    assert codes(check_signoffs(d, NOW)) == ["signoff_missing"]


def test_a_signoff_by_someone_else_does_not_count():
    d = unsign(ready_dossier(NOW), "jurist")
    d.signoffs.append(d.signoffs[0].model_copy(update={"id": 9, "role": "jurist"}))  # the gedragswetenschapper twice
    assert codes(check_signoffs(d, NOW)) == ["signoff_missing"]


# --- render: the whole chain again, on an intact revision ------------------------------------------------

def test_an_intact_revision_is_not_tampered():
    assert revision_tamper_problems(ready_dossier(NOW).revision) == []


def test_a_tampered_revision_is_refused_at_render():
    d = tamper(ready_dossier(NOW), duration_months=6)
    [problem] = check_revision_intact(d, NOW)
    assert (problem.code, problem.field) == ("revision_tampered", "revision")
    assert d.revision.content_hash[:12] in problem.message
    assert check("make_ready", with_state(d, S.approved), NOW, READY_GUARDS) == S.ready  # the ready gate alone misses it
    with pytest.raises(GateRefused) as refused:
        check("render", with_state(d, S.ready), NOW, RENDER_GUARDS)
    assert codes(refused.value.problems) == ["revision_tampered"]


def test_an_unreadable_stored_revision_is_tampered():
    d = tamper(ready_dossier(NOW), duration_months="twaalf")
    assert codes(revision_tamper_problems(d.revision)) == ["revision_tampered"]


def test_a_changed_hash_is_tampered():
    d = ready_dossier(NOW)
    d.revision.content_hash = "f" * 64
    assert codes(revision_tamper_problems(d.revision)) == ["revision_tampered"]


def test_a_field_at_its_default_is_out_of_the_hash():
    # 'added' fields at their default are left out of the hash, so a stored revision without them is intact
    d = ready_dossier(NOW)
    stored = {k: v for k, v in d.revision.content.items() if k != "urgency_details"}
    d.revision.content = stored
    assert revision_tamper_problems(d.revision) == []


BREAKAGES = {
    "verdict_missing": lambda d: set_verdict(d, "gedragswetenschapper", None),
    "verdict_not_akkoord": lambda d: set_verdict(d, "jurist", Decision.terug),
    "assessment_missing": lambda d: without_assessment(d, "jurist", "proportionaliteit"),
    "seat_empty": lambda d: without_seat(d, "tegenspreker"),
    "child_voice_missing": without_voice,
    "party_response_pending": lambda d: not_responded(d, MOTHER, deadline=NOW + SECOND),
    "fact_date_in_future": lambda d: with_fact(d, "verzuim", date=NOW.date() + timedelta(days=1)),
    "warning_unresolved": lambda d: with_content(d, duration_reason=""),
    "revision_tampered": lambda d: tamper(d, summary="Achteraf in de database veranderd."),
}


@pytest.mark.parametrize("code", BREAKAGES)
def test_render_is_refused_when_only_the_ready_gate_holds(code):
    d = BREAKAGES[code](ready_dossier(NOW))
    assert [p for g in READY_GUARDS for p in g(with_state(d, S.approved), NOW)] == []
    with pytest.raises(GateRefused) as refused:
        check("render", with_state(d, S.ready), NOW, RENDER_GUARDS)
    assert code in codes(refused.value.problems)


@settings(max_examples=40, deadline=None, database=None)
@given(broken=st.sets(st.sampled_from(sorted(BREAKAGES))))
def test_render_succeeds_exactly_when_nothing_is_broken(broken):
    d = ready_dossier(NOW)
    for code, breaks in BREAKAGES.items():  # tampering last: a proper change would rewrite the hash
        if code in broken:
            breaks(d)
    problems = [p for g in RENDER_GUARDS for p in g(d, NOW)]
    assert set(broken) <= set(codes(problems))
    assert (problems == []) == (not broken)


@pytest.mark.parametrize("role", ["jurist", "gedragswetenschapper"])
def test_render_refuses_an_unsigned_revision(role):
    d = unsign(ready_dossier(NOW), role)
    with pytest.raises(GateRefused) as refused:
        check("render", d, NOW, RENDER_GUARDS)
    assert codes(refused.value.problems) == ["signoff_missing"]


def test_render_refuses_a_revision_changed_after_approval():
    d = new_revision(ready_dossier(NOW), summary="Na ondertekening gewijzigd.")
    sign(d, "jurist", "gedragswetenschapper")
    with pytest.raises(GateRefused) as refused:
        check("render", d, NOW, RENDER_GUARDS)
    assert "approval_missing" in codes(refused.value.problems)


def test_render_runs_every_gate_of_the_chain():
    assert RENDER_GUARDS[0] is check_revision_intact
    assert RENDER_GUARDS[1:] == SUBMIT_GUARDS + APPROVE_GUARDS + READY_GUARDS


def test_the_checklist_names_what_is_missing_per_stage():
    d = without_voice(with_content(ready_dossier(NOW), duration_reason=""))
    unsign(d, "jurist")
    stages = {s["stage"]: s for s in checklist(d, NOW)}
    assert list(stages) == [code for code, _, _ in CHECKLIST_STAGES]
    assert stages["submit"]["done"] and stages["assign"]["done"]
    assert [w["code"] for w in stages["submit"]["warnings"]] == ["duration_reason_missing"]
    assert [m["code"] for m in stages["hearing"]["missing"]] == ["child_voice_missing"]
    assert [m["code"] for m in stages["review"]["missing"]] == ["warning_unresolved"]
    assert [m["code"] for m in stages["signoff"]["missing"]] == ["signoff_missing"]
    assert not stages["hearing"]["done"] and not stages["signoff"]["done"]
    assert stages["hearing"]["label"] == "Hoor en wederhoor, stem van het kind"


def test_a_waiver_record_is_keyed_by_party_and_revision():
    # the Dossier holds waivers as (party id, revision id); ReinviteWaiver is what load_dossier reads them from
    w = ReinviteWaiver(id=1, request_id=1, party_id=PARTY_IDS[MOTHER], revision_id=2, reasons="Raakt niet.",
                       recorded_by=20, recorded_at=NOW)
    d = new_revision(ready_dossier(NOW), duration_months=6)
    d.waivers = {(w.party_id, w.revision_id)}
    assert [p.id for p, _ in hearing_gaps(d, NOW)] == [PARTY_IDS[FATHER]]


# --- every party is looked at, whatever comes before it ---------------------------------------------

def test_a_party_after_one_that_is_not_required_is_still_checked():
    d = not_responded(ready_dossier(NOW), FATHER, invited=False)
    party(d, MOTHER).required = False
    assert [p.id for p in d.parties][:2] == [PARTY_IDS[MOTHER], PARTY_IDS[FATHER]]
    assert fields(check_hearing(d, NOW)) == [("party_not_invited", f"parties.{PARTY_IDS[FATHER]}")]


def test_a_parent_after_the_child_is_still_checked():
    d = not_responded(ready_dossier(NOW), FATHER, invited=False)
    d.parties = [party(d, CHILD)] + [p for p in d.parties if p.person_id != CHILD]
    assert codes(check_hearing(d, NOW)) == ["party_not_invited"]


def test_unreadable_content_is_tampered_even_against_an_empty_hash():
    d = tamper(ready_dossier(NOW), duration_months="twaalf")
    d.revision.content_hash = ""
    assert codes(revision_tamper_problems(d.revision)) == ["revision_tampered"]


def test_an_action_allowed_in_no_state_says_so(monkeypatch):
    from models import lifecycle

    monkeypatch.setitem(lifecycle.TRANSITIONS, "nergens", {})
    monkeypatch.setitem(lifecycle.ACTION_LABELS, "nergens", "nergens toegestaan")
    with pytest.raises(GateRefused) as refused:
        lifecycle.target_state("nergens", S.draft)
    assert refused.value.problems[0].message == "'nergens toegestaan' kan niet in de status 'concept' (wel in: geen)."
