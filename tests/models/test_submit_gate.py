"""The submit gate: a complete request passes; every missing part is named with its code; nothing is half-written."""

import pytest
from sqlmodel import select

from models.audit import AuditEvent, Event
from models.errors import GateRefused, NotAllowed
from models.request import Request, RequestState
from models.services import drafting
from tests.builders import actor, make_request


def submit(session, demo, request_id, now, who="utrecht/indiener"):
    return drafting.submit_request(session, actor=actor(session, demo, who), request_id=request_id, now=now)


def refused_codes(session, demo, now, **overrides) -> set[str]:
    request_id = make_request(session, demo, now, **overrides)
    with pytest.raises(GateRefused) as refused:
        submit(session, demo, request_id, now)
    return {p.code for p in refused.value.problems}


def test_a_complete_request_is_submitted_and_pinned_to_its_catalogue(session, demo, now):
    request_id = make_request(session, demo, now)
    request = submit(session, demo, request_id, now)
    assert request.state == RequestState.submitted
    from models.catalogue import get_catalogue
    from models.config import get_settings

    assert request.catalogue_version == get_catalogue(get_settings().catalogue_dir).version == "2026.2"
    assert session.exec(select(Event).where(Event.request_id == request_id, Event.kind == "request.submitted")).one()




MUTATIONS = [
    ({"duration_months": 13}, "duration_exceeds_maximum"),
    ({"duration_months": None}, "duration_missing"),
    ({"capacity": "college"}, "requester_not_entitled"),
    ({"capacity": "om"}, "capacity_not_held"),
    ({"alternatives": []}, "alternatives_missing"),
    ({"goals": []}, "goals_missing"),
    ({"proportionality": ""}, "proportionality_missing"),
    ({"summary": ""}, "summary_missing"),
    ({"child_ids": []}, "children_missing"),
    ({"measure": "voorlopige_ots", "duration_months": 3}, "urgency_missing"),
    ({"measure": "voorlopige_ots", "duration_months": 3}, "urgency_danger_missing"),
    ({"measure": "voorlopige_ots", "duration_months": 3, "urgency": "Spoed.",
      "urgency_details": {"danger": "Het is druk.", "fact_keys": ["politie"], "why_hearing_cannot_wait": "Druk."}},
     "urgency_no_danger"),
]


@pytest.mark.parametrize("overrides,code", MUTATIONS, ids=[c for _, c in MUTATIONS])
def test_each_missing_part_blocks_submit_with_its_code(session, demo, now, overrides, code):
    assert code in refused_codes(session, demo, now, **overrides)


def _content(demo, now):
    from models.demo import demo_ots_content
    return demo_ots_content(demo, now)


def test_ground_elements_each_need_an_answer_backed_by_facts(session, demo, now):
    content = _content(demo, now)
    grounds = content["grounds"]
    grounds[0]["fact_keys"] = []
    grounds[1]["fact_keys"] = ["inschatting"]  # an opinion
    grounds[2]["answer"] = ""
    codes = refused_codes(session, demo, now, grounds=grounds)
    assert {"ground_element_without_facts", "ground_fact_is_opinion", "ground_element_unanswered"} <= codes


def test_facts_need_source_date_and_confirmation(session, demo, now):
    facts = _content(demo, now)["facts"]
    facts[0]["source"] = ""
    facts[1]["date"] = None
    facts[2]["confirmed_by"] = ""
    codes = refused_codes(session, demo, now, facts=facts)
    assert {"fact_source_missing", "fact_date_missing", "fact_confirmation_missing"} <= codes


def test_every_unmet_condition_is_listed_at_once(session, demo, now):
    codes = refused_codes(session, demo, now, duration_months=24, alternatives=[], goals=[], capacity="college")
    assert {"duration_exceeds_maximum", "alternatives_missing", "goals_missing", "requester_not_entitled"} <= codes


def test_uhp_by_the_raad_needs_the_college_decision_unless_placed_with_the_other_parent(session, demo, now):
    grounds = [{"element": "noodzakelijk_verzorging_opvoeding", "answer": "Ja, thuis is niet veilig.",
                "fact_keys": ["politie"]}]
    assert "attachment_missing" in refused_codes(session, demo, now, measure="uithuisplaatsing", grounds=grounds)
    codes = refused_codes(session, demo, now, measure="uithuisplaatsing", grounds=grounds, duration_months=13,
                          flags={"plaatsing_bij_andere_ouder_met_gezag": True})
    assert "attachment_missing" not in codes and codes == {"duration_exceeds_maximum"}


def test_a_refused_submit_leaves_nothing_behind(session, demo, now):
    request_id = make_request(session, demo, now, alternatives=[])
    audit_before = len(session.exec(select(AuditEvent)).all())
    with pytest.raises(GateRefused):
        submit(session, demo, request_id, now)
    session.rollback()
    request = session.get(Request, request_id)
    session.refresh(request)
    assert request.state == RequestState.draft and request.catalogue_version is None
    assert len(session.exec(select(AuditEvent)).all()) == audit_before
    assert session.exec(select(Event).where(Event.kind == "request.submitted")).all() == []


def test_only_the_case_team_submits(session, demo, now):
    request_id = make_request(session, demo, now)
    for who in ("rotterdam-rijnmond/indiener", "gelderland-zuid/tegenspreker"):
        with pytest.raises(NotAllowed):
            submit(session, demo, request_id, now, who=who)
    assert submit(session, demo, request_id, now, who="utrecht/collega").state == RequestState.submitted
