"""The submit gate (models.intake) on in-memory dossiers, at its boundaries: a fact dated today or tomorrow, a
duration at the catalogue's maximum or one month over, each part of a complete request taken away in turn."""

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from models.intake import (
    SUBMIT_GUARDS,
    check_alternatives,
    check_attachments,
    check_children,
    check_duration,
    check_executing_institution,
    check_facts,
    check_grounds,
    check_grounds_doubtful,
    check_intake,
    check_measure_known,
    check_opinions_attributed,
    check_proportionality,
    check_requester_entitled,
    check_urgency,
    check_urgency_details,
    intake,
    is_spoed,
    urgency_part_problems,
)

from tests.domain.dossiers import CHILD, MOTHER, ready_dossier, with_content, with_fact

NOW = datetime(2027, 3, 15, 10, 0, tzinfo=UTC)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def answers(d, **changed: str) -> list[dict]:
    """The ground answers with some answer texts changed."""
    return [g.model_dump(mode="json") | ({"answer": changed[g.element]} if g.element in changed else {})
            for g in d.content.grounds]


# --- the complete request ---------------------------------------------------------------------

@pytest.mark.parametrize("version", ["2026.1", "2026.2"])
def test_a_complete_request_passes_intake_without_a_warning(version):
    d = ready_dossier(NOW, version=version)
    assert intake(d, NOW) == ([], [])
    assert [g(d, NOW) for g in SUBMIT_GUARDS] == [[]]


def test_the_submit_gate_is_the_blocking_part_of_intake():
    d = with_content(ready_dossier(NOW), duration_reason="", summary="")
    blocking, warnings = intake(d, NOW)
    assert codes(blocking) == ["summary_missing"]
    assert codes(warnings) == ["duration_reason_missing"]
    assert {p.severity for p in blocking} == {"block"} and {p.severity for p in warnings} == {"warning"}
    assert check_intake(d, NOW) == blocking
    assert SUBMIT_GUARDS == [check_intake]


def test_severity_comes_from_the_catalogue_and_an_unlisted_code_blocks():
    d = ready_dossier(NOW)
    assert d.catalogue.intake.severity("duration_reason_missing") == "warning"
    assert "summary_missing" not in d.catalogue.intake.severities
    blocking, warnings = intake(with_content(d, summary="", duration_reason=""), NOW)
    [summary] = blocking
    [reason] = warnings
    assert (summary.field, reason.field) == ("summary", "duration_reason")
    assert summary.message == "Schrijf een korte samenvatting voor het gezin."


# --- facts: dated today is fine, tomorrow is in the future ------------------------------------

@pytest.mark.parametrize("clock", [time(0, 0), time(10, 0), time(23, 59, 59)])
def test_a_fact_dated_today_is_accepted_at_any_time_of_day(clock):
    now = datetime.combine(NOW.date(), clock, tzinfo=UTC)
    d = with_fact(ready_dossier(now), "verzuim", date=now.date())
    assert check_facts(d, now) == []
    assert check_intake(d, now) == []


@pytest.mark.parametrize("clock", [time(0, 0), time(23, 59, 59)])
def test_a_fact_dated_tomorrow_is_refused(clock):
    now = datetime.combine(NOW.date(), clock, tzinfo=UTC)
    d = with_fact(ready_dossier(now), "verzuim", date=now.date() + timedelta(days=1))
    [problem] = check_facts(d, now)
    assert (problem.code, problem.field) == ("fact_date_in_future", "facts.verzuim")
    assert "verzuim" in problem.message
    assert codes(check_intake(d, now)) == ["fact_date_in_future"]


@settings(max_examples=60, deadline=None, database=None)
@given(offset=st.integers(min_value=-4000, max_value=4000), seconds=st.integers(min_value=0, max_value=86399))
def test_a_fact_is_refused_exactly_when_it_is_dated_after_today(offset, seconds):
    now = datetime.combine(NOW.date(), time(0), tzinfo=UTC) + timedelta(seconds=seconds)
    d = with_fact(ready_dossier(NOW), "politie", date=now.date() + timedelta(days=offset))
    assert ("fact_date_in_future" in codes(check_facts(d, now))) == (offset > 0)


@pytest.mark.parametrize("field,value,code", [
    ("source", "  ", "fact_source_missing"),
    ("date", None, "fact_date_missing"),
    ("confirmed_by", " ", "fact_confirmation_missing"),
])
def test_each_fact_says_its_source_date_and_who_confirmed_it(field, value, code):
    d = with_fact(ready_dossier(NOW), "politie", **{field: value})
    [problem] = check_facts(d, NOW)
    assert (problem.code, problem.field) == (code, "facts.politie")
    assert "'politie'" in problem.message


def test_an_opinion_needs_no_source_date_or_confirmation():
    d = ready_dossier(NOW)
    opinion = d.content.fact("inschatting")
    assert opinion.kind == "opinion" and opinion.date is None and not opinion.source
    assert check_facts(d, NOW) == []


def test_a_request_with_only_opinions_has_no_facts():
    d = ready_dossier(NOW)
    only_opinions = [f.model_dump(mode="json") | {"kind": "opinion", "held_by": "dr. A. Visser"}
                     for f in d.content.facts]
    d = with_content(d, facts=only_opinions)
    assert codes(check_facts(d, NOW)) == ["facts_missing"]
    assert check_facts(d, NOW)[0].field == "facts"


def test_every_unmet_fact_condition_is_named_not_just_the_first():
    d = with_fact(ready_dossier(NOW), "verzuim", source="", date=NOW.date() + timedelta(days=1), confirmed_by="")
    d = with_fact(d, "politie", date=None)
    assert codes(check_facts(d, NOW)) == ["fact_source_missing", "fact_date_in_future", "fact_confirmation_missing",
                                          "fact_date_missing"]


def test_an_opinion_says_whose_it_is_from_catalogue_2026_2_on():
    d = with_fact(ready_dossier(NOW), "inschatting", held_by=" ")
    [problem] = check_opinions_attributed(d, NOW)
    assert (problem.code, problem.field) == ("opinion_holder_missing", "facts.inschatting")
    old = with_fact(ready_dossier(NOW, version="2026.1"), "inschatting", held_by="")
    assert check_opinions_attributed(old, NOW) == []


# --- children -----------------------------------------------------------------------------------

def test_a_request_is_for_at_least_one_child():
    [problem] = check_children(with_content(ready_dossier(NOW), child_ids=[]), NOW)
    assert (problem.code, problem.field) == ("children_missing", "child_ids")


@pytest.mark.parametrize("person_id", [MOTHER, 999])
def test_a_child_of_the_request_is_a_child_of_the_family(person_id):
    d = with_content(ready_dossier(NOW), child_ids=[CHILD, person_id])
    [problem] = check_children(d, NOW)
    assert (problem.code, problem.field) == ("child_not_in_family", "child_ids")
    assert str(person_id) in problem.message


def test_a_child_without_a_birth_date_is_named():
    d = ready_dossier(NOW)
    d.persons[CHILD].date_of_birth = None
    [problem] = check_children(d, NOW)
    assert problem.code == "child_birth_date_missing" and "Noah de Vries" in problem.message


# --- the measure and its duration: the catalogue's maximum, and one over ----------------------

def test_an_unknown_measure_is_named_and_the_measure_checks_wait_for_it():
    d = with_content(ready_dossier(NOW), measure="verzonnen")
    [problem] = check_measure_known(d, NOW)
    assert (problem.code, problem.field) == ("unknown_measure", "measure")
    assert "verzonnen" in problem.message and "2026.2" in problem.message
    for check in (check_duration, check_requester_entitled, check_grounds, check_grounds_doubtful,
                  check_attachments, check_executing_institution, check_urgency):
        assert check(d, NOW) == [], check.__name__
    assert check_measure_known(ready_dossier(NOW), NOW) == []


def test_duration_at_the_catalogues_maximum_is_accepted_and_one_month_more_refused():
    d = ready_dossier(NOW)
    maximum = d.measure.max_duration_months
    assert check_duration(with_content(d, duration_months=maximum), NOW) == []
    [problem] = check_duration(with_content(d, duration_months=maximum + 1), NOW)
    assert (problem.code, problem.field) == ("duration_exceeds_maximum", "duration_months")
    assert f"{maximum + 1} maanden" in problem.message and d.measure.duration_article in problem.message


def test_a_measure_with_a_maximum_needs_a_duration():
    d = with_content(ready_dossier(NOW), duration_months=None)
    [problem] = check_duration(d, NOW)
    assert problem.code == "duration_missing" and f"{d.measure.max_duration_months} maanden" in problem.message


@pytest.mark.parametrize("months", [None, 1, 1200])
def test_a_measure_without_a_maximum_takes_any_duration(months):
    d = with_content(ready_dossier(NOW), measure="gezagsbeeindiging", duration_months=months)
    assert d.measure.max_duration_months is None
    assert check_duration(d, NOW) == []


def test_spoed_on_a_measure_with_a_spoed_variant_is_bound_by_the_variants_maximum():
    d = with_content(ready_dossier(NOW), measure="uithuisplaatsing")
    d.request.spoed = True
    variant = d.measure.spoed_variant
    assert variant.max_duration_months < d.measure.max_duration_months
    assert check_duration(with_content(d, duration_months=variant.max_duration_months), NOW) == []
    for months in (variant.max_duration_months + 1, None):
        [problem] = check_duration(with_content(d, duration_months=months), NOW)
        assert problem.code == "duration_exceeds_maximum"
        assert variant.name in problem.message and variant.article in problem.message


def test_spoed_on_a_measure_without_a_spoed_variant_is_refused():
    d = ready_dossier(NOW)
    d.request.spoed = True
    assert d.measure.spoed_variant is None and not d.measure.spoed
    [problem] = check_duration(d, NOW)
    assert (problem.code, problem.field) == ("spoed_not_available", "spoed")


def test_a_spoed_measure_keeps_its_own_maximum():
    d = with_content(ready_dossier(NOW), measure="voorlopige_ots")
    d.request.spoed = True
    maximum = d.measure.max_duration_months
    assert check_duration(with_content(d, duration_months=maximum), NOW) == []
    assert codes(check_duration(with_content(d, duration_months=maximum + 1), NOW)) == ["duration_exceeds_maximum"]


# --- who may request -------------------------------------------------------------------------

def test_a_capacity_the_measure_does_not_allow_is_refused_with_who_may():
    d = with_content(ready_dossier(NOW), capacity="college")
    d.region.capacities.append("college")
    [problem] = check_requester_entitled(d, NOW)
    assert (problem.code, problem.field) == ("requester_not_entitled", "capacity")
    assert d.catalogue.capacities["raad"] in problem.message  # who may
    assert d.catalogue.capacities["college"] in problem.message  # who asked


def test_the_region_must_act_in_the_capacity_it_requests_in():
    d = with_content(ready_dossier(NOW), capacity="om")
    assert d.measure.requester_rule("om") is not None
    [problem] = check_requester_entitled(d, NOW)
    assert (problem.code, problem.field) == ("capacity_not_held", "capacity")


def test_the_requester_has_the_role_of_indiener():
    d = ready_dossier(NOW)
    d.requester.roles = ["tegenspreker"]
    [problem] = check_requester_entitled(d, NOW)
    assert (problem.code, problem.field) == ("requester_not_indiener", "requester")


def test_an_unknown_capacity_is_named_as_written():
    d = with_content(ready_dossier(NOW), capacity="buurman")
    assert codes(check_requester_entitled(d, NOW)) == ["requester_not_entitled", "capacity_not_held"]
    assert "buurman" in check_requester_entitled(d, NOW)[0].message


# --- grounds --------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer", ["", "   "])
def test_an_unanswered_ground_element_is_named(answer):
    d = ready_dossier(NOW)
    d = with_content(d, grounds=answers(d, zorg_niet_geaccepteerd=answer))
    [problem] = check_grounds(d, NOW)
    assert (problem.code, problem.field) == ("ground_element_unanswered", "grounds.zorg_niet_geaccepteerd")


def test_a_missing_ground_answer_is_unanswered():
    d = ready_dossier(NOW)
    d = with_content(d, grounds=[g for g in answers(d) if g["element"] != "ontwikkelingsbedreiging"])
    assert codes(check_grounds(d, NOW)) == ["ground_element_unanswered"]


def test_an_answer_that_says_the_opposite_of_the_ground_is_refused_unless_negated():
    d = ready_dossier(NOW)
    said = with_content(d, grounds=answers(d, zorg_niet_geaccepteerd="De ouders accepteren de hulp."))
    [problem] = check_grounds(said, NOW)
    assert problem.code == "ground_contradicted" and "'accepteren de hulp'" in problem.message
    negated = with_content(d, grounds=answers(d, zorg_niet_geaccepteerd="De ouders accepteren de hulp niet."))
    assert check_grounds(negated, NOW) == []


def test_a_ground_rests_on_facts_that_exist_and_are_facts():
    d = ready_dossier(NOW)
    grounds = answers(d)
    grounds[0]["fact_keys"] = []
    grounds[1]["fact_keys"] = ["bestaat_niet"]
    grounds[2]["fact_keys"] = ["inschatting"]
    problems = check_grounds(with_content(d, grounds=grounds), NOW)
    assert [(p.code, p.field) for p in problems] == [
        ("ground_element_without_facts", "grounds.ontwikkelingsbedreiging"),
        ("ground_fact_unknown", "grounds.zorg_niet_geaccepteerd"),
        ("ground_fact_is_opinion", "grounds.verwachting_verantwoordelijkheid"),
    ]


def _gezagsbeeindiging(d, **answered: str):
    grounds = [{"element": code, "answer": text, "fact_keys": ["politie"]} for code, text in answered.items()]
    return with_content(d, measure="gezagsbeeindiging", duration_months=None, grounds=grounds,
                        acceptable_term="Noah is 13; hij kan niet jaren wachten.")


def test_one_fully_argued_ground_option_is_enough():
    d = _gezagsbeeindiging(ready_dossier(NOW), misbruik_gezag="Ja. De vader gebruikt het gezag tegen het kind in.")
    assert len(d.measure.grounds) == 2
    assert check_grounds(d, NOW) == []


def test_with_no_option_complete_the_refusal_names_the_option_closest_to_complete():
    d = _gezagsbeeindiging(ready_dossier(NOW), ernstige_bedreiging="Ja. Noah wordt ernstig bedreigd.")
    problems = check_grounds(d, NOW)
    assert codes(problems) == ["ground_not_established", "ground_element_unanswered"]
    assert problems[0].field == "grounds"
    assert problems[1].field == "grounds.geen_verantwoordelijkheid_binnen_termijn"
    assert all(o.label in problems[0].message for o in d.measure.grounds)


def test_the_closest_option_is_the_one_with_fewest_unanswered_elements_then_fewest_problems():
    d = _gezagsbeeindiging(ready_dossier(NOW), ernstige_bedreiging="Ja.", geen_verantwoordelijkheid_binnen_termijn="Ja.")
    grounds = [g.model_dump(mode="json") | {"fact_keys": []} for g in d.content.grounds]
    d = with_content(d, grounds=grounds)  # option a: nothing unanswered, two problems; option b: one, unanswered
    assert codes(check_grounds(d, NOW)) == ["ground_not_established", "ground_element_without_facts",
                                            "ground_element_without_facts"]
    one_short = with_content(d, grounds=grounds[:1])  # both one unanswered; a has two problems, b one
    assert fields(check_grounds(one_short, NOW))[1:] == [("ground_element_unanswered", "grounds.misbruik_gezag")]


def test_a_measure_with_one_ground_option_does_not_speak_of_options():
    d = ready_dossier(NOW)
    d = with_content(d, grounds=answers(d, ontwikkelingsbedreiging=""))
    assert "ground_not_established" not in codes(check_grounds(d, NOW))


def test_a_doubtful_answer_is_a_warning_from_catalogue_2026_2_on():
    d = ready_dossier(NOW)
    d = with_content(d, grounds=answers(d, zorg_niet_geaccepteerd="De hulp wordt wisselend aangenomen."))
    [problem] = check_grounds_doubtful(d, NOW)
    assert (problem.code, problem.field) == ("ground_doubtful", "grounds.zorg_niet_geaccepteerd")
    assert "'wisselend'" in problem.message
    blocking, warnings = intake(d, NOW)
    assert blocking == [] and codes(warnings) == ["ground_doubtful"]
    old = ready_dossier(NOW, version="2026.1")
    old = with_content(old, grounds=answers(old, zorg_niet_geaccepteerd="De hulp wordt wisselend aangenomen."))
    assert check_grounds_doubtful(old, NOW) == []


def test_doubt_is_only_looked_for_in_answered_elements():
    d = ready_dossier(NOW)
    d = with_content(d, grounds=[g for g in answers(d) if g["element"] != "zorg_niet_geaccepteerd"])
    assert check_grounds_doubtful(d, NOW) == []


# --- alternatives (subsidiarity) ----------------------------------------------------------------

def alternative(**fields) -> dict:
    return {"kind": "netwerk", "description": "Steun van de grootouders.", "tried": "Netwerkberaad.",
            "result": "Helpt niet genoeg.", "why_insufficient": "Het verzuim blijft.", "was_tried": True,
            "tried_when": "september 2026"} | fields


def test_alternatives_must_be_considered():
    [problem] = check_alternatives(with_content(ready_dossier(NOW), alternatives=[]), NOW)
    assert (problem.code, problem.field) == ("alternatives_missing", "alternatives")


@pytest.mark.parametrize("fields,expected", [
    ({"kind": "verzonnen"}, [("alternative_kind_unknown", "alternatives.2")]),
    ({"description": " "}, [("alternative_description_missing", "alternatives.2")]),
    ({"why_insufficient": ""}, [("alternative_reason_missing", "alternatives.2")]),
    ({"tried": ""}, [("alternative_tried_missing", "alternatives.2")]),
    ({"result": " "}, [("alternative_result_missing", "alternatives.2")]),
    ({"tried_when": ""}, [("alternative_tried_when_missing", "alternatives.2.tried_when")]),
    ({"was_tried": None, "tried_when": ""}, []),
])
def test_each_part_of_an_alternative_is_named_by_its_number(fields, expected):
    d = with_content(ready_dossier(NOW), alternatives=[alternative(), alternative(**fields)])
    problems = check_alternatives(d, NOW)
    assert [(p.code, p.field) for p in problems] == expected
    assert all(p.message.startswith("Alternatief 2") for p in problems)


def test_tried_when_is_asked_only_under_a_catalogue_that_knows_it():
    d = with_content(ready_dossier(NOW, version="2026.1"), alternatives=[alternative(tried_when="")])
    assert check_alternatives(d, NOW) == []


def test_an_alternative_not_tried_is_a_warning_and_without_a_reason_a_block():
    d = ready_dossier(NOW)
    without = with_content(d, alternatives=[alternative(was_tried=False, tried="", result="", why_not_tried="")])
    problems = check_alternatives(without, NOW)
    assert [(p.code, p.field) for p in problems] == [
        ("alternative_not_tried", "alternatives.1"), ("alternative_why_not_tried_missing", "alternatives.1.why_not_tried")]
    assert "hulp uit het netwerk van het gezin" in problems[0].message
    blocking, warnings = intake(without, NOW)
    assert codes(blocking) == ["alternative_why_not_tried_missing"] and codes(warnings) == ["alternative_not_tried"]
    reasoned = with_content(d, alternatives=[alternative(was_tried=False, tried="", result="",
                                                         why_not_tried="Er is geen netwerk.")])
    assert codes(check_alternatives(reasoned, NOW)) == ["alternative_not_tried"]


@pytest.mark.parametrize("fields,said", [
    ({"tried": "Nee.", "was_tried": None}, "'nee'"),
    ({"tried": "Nog niet, het staat gepland.", "was_tried": None}, "'nog niet'"),
    ({"result": "De hulp is nog niet gestart door de wachtlijst.", "was_tried": None}, "'nog niet gestart'"),
])
def test_an_alternative_that_says_it_was_not_tried_is_weighed_by_the_panel(fields, said):
    d = with_content(ready_dossier(NOW), alternatives=[alternative(**fields)])
    [problem] = check_alternatives(d, NOW)
    assert problem.code == "alternative_not_tried" and said in problem.message


def test_not_tried_is_looked_for_only_under_a_catalogue_that_knows_it():
    d = with_content(ready_dossier(NOW, version="2026.1"), alternatives=[alternative(tried="Nee.", result="")])
    assert codes(check_alternatives(d, NOW)) == ["alternative_result_missing"]


# --- proportionality, the executing institution, attachments ------------------------------------

@pytest.mark.parametrize("field,value,code", [
    ("proportionality", " ", "proportionality_missing"),
    ("goals", [" ", ""], "goals_missing"),
    ("goals", [], "goals_missing"),
    ("summary", "", "summary_missing"),
    ("duration_reason", "", "duration_reason_missing"),
    ("effectiveness", " ", "effectiveness_missing"),
])
def test_proportionality_and_effectiveness_are_argued(field, value, code):
    [problem] = check_proportionality(with_content(ready_dossier(NOW), **{field: value}), NOW)
    assert (problem.code, problem.field) == (code, field)


def test_a_measure_without_a_maximum_needs_no_duration_reason_but_gezagsbeeindiging_an_acceptable_term():
    d = _gezagsbeeindiging(ready_dossier(NOW), misbruik_gezag="Ja.")
    assert d.measure.requires_acceptable_term
    assert check_proportionality(with_content(d, duration_reason=""), NOW) == []
    [problem] = check_proportionality(with_content(d, acceptable_term=" "), NOW)
    assert (problem.code, problem.field) == ("acceptable_term_missing", "acceptable_term")
    assert check_proportionality(with_content(ready_dossier(NOW), acceptable_term=""), NOW) == []


def test_unknown_measure_asks_no_duration_reason():
    d = with_content(ready_dossier(NOW), measure="verzonnen", duration_reason="", acceptable_term="")
    assert check_proportionality(d, NOW) == []


def test_the_executing_institution_is_named_where_the_catalogue_asks():
    d = with_content(ready_dossier(NOW), executing_institution="  ")
    [problem] = check_executing_institution(d, NOW)
    assert (problem.code, problem.field) == ("executing_institution_missing", "executing_institution")
    assert d.measure.executing_institution in problem.message
    assert check_executing_institution(with_content(ready_dossier(NOW, version="2026.1"),
                                                    executing_institution=""), NOW) == []


def test_a_required_attachment_depends_on_capacity_and_flags():
    d = with_content(ready_dossier(NOW), measure="uithuisplaatsing")
    [rule] = d.measure.required_attachments
    [problem] = check_attachments(d, NOW)
    assert (problem.code, problem.field) == ("attachment_missing", f"attachments.{rule.code}")
    assert problem.message == f"Bijlage ontbreekt: {rule.label} ({rule.article})."  # no article to get wrong
    present = with_content(d, attachments=[{"code": rule.code, "title": "Besluit van het college"}])
    assert check_attachments(present, NOW) == []
    assert check_attachments(with_content(d, flags={rule.unless_flag: True}), NOW) == []
    assert check_attachments(with_content(d, capacity="gi"), NOW) == []


# --- spoed -----------------------------------------------------------------------------------------

def _spoed(d, **details):
    return with_content(d, measure="voorlopige_ots", duration_months=3, urgency="Acuut gevaar thuis.",
                        urgency_details=details or None,
                        grounds=[{"element": "ernstig_vermoeden", "answer": "Ja.", "fact_keys": ["politie"]},
                                 {"element": "acute_bedreiging", "answer": "Ja.", "fact_keys": ["politie"]}])


FULL_URGENCY = {"danger": "Noah loopt gevaar door geweld thuis.", "fact_keys": ["politie"],
                "why_hearing_cannot_wait": "Het geweld kan elke dag terugkomen."}


def test_a_substantiated_spoed_request_passes():
    d = _spoed(ready_dossier(NOW), **FULL_URGENCY)
    assert is_spoed(d)
    assert check_urgency(d, NOW) == [] and check_urgency_details(d, NOW) == []
    assert check_intake(d, NOW) == []


def test_spoed_needs_its_urgency_argued():
    d = with_content(_spoed(ready_dossier(NOW), **FULL_URGENCY), urgency=" ")
    [problem] = check_urgency(d, NOW)
    assert (problem.code, problem.field) == ("urgency_missing", "urgency")
    flagged = with_content(ready_dossier(NOW), urgency="")
    flagged.request.spoed = True
    assert codes(check_urgency(flagged, NOW)) == ["urgency_missing"]
    assert check_urgency(with_content(ready_dossier(NOW), urgency=""), NOW) == []


def test_spoed_without_details_names_each_missing_part():
    d = _spoed(ready_dossier(NOW))
    assert [(p.code, p.field) for p in check_urgency_details(d, NOW)] == [
        ("urgency_danger_missing", "urgency_details.danger"),
        ("urgency_facts_missing", "urgency_details.fact_keys"),
        ("urgency_hearing_reason_missing", "urgency_details.why_hearing_cannot_wait"),
    ]
    parts = urgency_part_problems(d)
    assert {k: codes(v) for k, v in parts.items()} == {
        "danger": ["urgency_danger_missing"], "facts": ["urgency_facts_missing"],
        "hearing": ["urgency_hearing_reason_missing"]}


@pytest.mark.parametrize("danger,code", [
    ("Het is thuis rommelig.", ["urgency_no_danger"]),
    ("Er is geen gevaar.", ["urgency_no_danger"]),
    ("Er is sprake van mishandeling.", []),  # a stem inside a longer word counts
])
def test_the_danger_names_a_danger(danger, code):
    d = _spoed(ready_dossier(NOW), **FULL_URGENCY | {"danger": danger})
    assert codes(check_urgency_details(d, NOW)) == code


@pytest.mark.parametrize("key,what", [("bestaat_niet", "bestaat niet in het verzoek"),
                                      ("inschatting", "is een mening, geen feit")])
def test_the_urgency_rests_on_facts(key, what):
    d = _spoed(ready_dossier(NOW), **FULL_URGENCY | {"fact_keys": ["politie", key]})
    [problem] = check_urgency_details(d, NOW)
    assert (problem.code, problem.field) == ("urgency_fact_unknown", "urgency_details.fact_keys")
    assert f"'{key}' {what}" in problem.message


def test_urgency_details_only_for_spoed_and_only_under_a_catalogue_that_knows_them():
    assert check_urgency_details(ready_dossier(NOW), NOW) == []
    flagged = ready_dossier(NOW)
    flagged.request.spoed = True
    assert codes(check_urgency_details(flagged, NOW))[0] == "urgency_danger_missing"
    assert check_urgency_details(_spoed(ready_dossier(NOW, version="2026.1")), NOW) == []
    assert not is_spoed(with_content(ready_dossier(NOW), measure="verzonnen"))



# --- every item is checked, not only the ones before the first problem ----------------------------

def test_an_alternative_of_unknown_kind_not_tried_is_named_by_its_code():
    d = with_content(ready_dossier(NOW), alternatives=[alternative(kind="verzonnen", was_tried=False,
                                                                   why_not_tried="Geen tijd.")])
    problems = check_alternatives(d, NOW)
    assert codes(problems) == ["alternative_kind_unknown", "alternative_not_tried"]
    assert "alternatief 1 (verzonnen) is niet geprobeerd" in problems[1].message


def test_each_alternative_is_checked_whatever_the_one_before_it_said():
    d = ready_dossier(NOW)
    not_tried = alternative(was_tried=False, tried="", result="", why_not_tried="Er is geen netwerk.")
    first_bad = with_content(d, alternatives=[alternative(description=""), not_tried])
    assert fields(check_alternatives(first_bad, NOW)) == [("alternative_description_missing", "alternatives.1"),
                                                          ("alternative_not_tried", "alternatives.2")]
    first_not_tried = with_content(d, alternatives=[not_tried, alternative(result="")])
    assert fields(check_alternatives(first_not_tried, NOW)) == [("alternative_not_tried", "alternatives.1"),
                                                                ("alternative_result_missing", "alternatives.2")]


def test_every_element_of_a_ground_is_checked_after_an_unanswered_one():
    d = ready_dossier(NOW)
    grounds = answers(d, ontwikkelingsbedreiging="")
    grounds[1]["fact_keys"] = []
    assert codes(check_grounds(with_content(d, grounds=grounds), NOW)) == [
        "ground_element_unanswered", "ground_element_without_facts"]


def test_doubt_in_a_later_element_is_found_when_an_earlier_one_is_unanswered():
    d = ready_dossier(NOW)
    grounds = [g for g in answers(d, zorg_niet_geaccepteerd="Wisselend.") if g["element"] != "ontwikkelingsbedreiging"]
    assert fields(check_grounds_doubtful(with_content(d, grounds=grounds), NOW)) == [
        ("ground_doubtful", "grounds.zorg_niet_geaccepteerd")]


def test_a_fact_after_an_opinion_is_checked():
    d = ready_dossier(NOW)
    facts = [f.model_dump(mode="json") for f in d.content.facts]
    facts = [facts[-1]] + facts[:-1]  # the opinion first
    facts[1]["source"] = ""
    assert fields(check_facts(with_content(d, facts=facts), NOW)) == [("fact_source_missing", "facts.verzuim")]


def fields(problems):
    return [(p.code, p.field) for p in problems]


# --- the catalogue's negation words and window ------------------------------------------------------

def with_intake_rules(d, **changes):
    """The same catalogue with other intake rules (a version that says so)."""
    d.catalogue = d.catalogue.model_copy(update={"intake": d.catalogue.intake.model_copy(update=changes)})
    return d


def test_a_negated_not_tried_phrase_does_not_say_not_tried():
    d = with_content(ready_dossier(NOW), alternatives=[alternative(result="Er was geen lange wachtlijst.")])
    assert d.catalogue.intake.negation_window == 3
    assert check_alternatives(d, NOW) == []
    assert codes(check_alternatives(with_intake_rules(d, negation_window=1), NOW)) == ["alternative_not_tried"]


def test_a_negated_doubt_is_no_doubt():
    d = ready_dossier(NOW)
    d = with_content(d, grounds=answers(d, verwachting_verantwoordelijkheid="Het is niet onzeker."))
    assert check_grounds_doubtful(d, NOW) == []
    d = with_content(d, grounds=answers(d, verwachting_verantwoordelijkheid="Het is niet erg zeker, eerder onzeker."))
    assert codes(check_grounds_doubtful(d, NOW)) == ["ground_doubtful"]


def test_the_danger_is_read_with_the_catalogues_negation_window():
    d = _spoed(ready_dossier(NOW), **FULL_URGENCY | {"danger": "Er is geen direct gevaar."})
    assert codes(check_urgency_details(d, NOW)) == ["urgency_no_danger"]
    assert check_urgency_details(with_intake_rules(d, negation_window=1), NOW) == []


def test_a_catalogue_without_the_institution_check_does_not_ask_for_the_institution():
    d = with_content(ready_dossier(NOW), executing_institution="")
    assert d.measure.executing_institution
    severities = {k: v for k, v in d.catalogue.intake.severities.items() if k != "executing_institution_missing"}
    assert check_executing_institution(with_intake_rules(d, severities=severities), NOW) == []
