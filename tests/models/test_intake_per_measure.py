"""Table-driven intake: for each measure a complete request passes; removing each required part in turn blocks
it with the right code; warnings do not block; contradiction rules fire."""

import copy

import pytest

from models.catalogue import get_catalogue
from models.config import get_settings
from models.demo import demo_ots_content
from models.errors import GateRefused
from models.request import RequestState
from models.services import drafting
from tests.builders import actor, make_request

CATALOGUE = get_catalogue(get_settings().catalogue_dir)
CAPACITY = {"verlenging_ots": "gi", "uithuisplaatsing": "raad", "gesloten_jeugdhulp": "gi"}


def complete_content(demo, now, code: str) -> dict:
    measure = CATALOGUE.measure(code)
    content = demo_ots_content(demo, now)
    option = measure.grounds[0]
    content.update(
        measure=code,
        capacity=CAPACITY.get(code, "raad"),
        duration_months=measure.max_duration_months,
        grounds=[{"element": e.code, "answer": f"Ja: {e.question}", "fact_keys": ["verzuim", "politie"]}
                 for e in option.elements],
        attachments=content["attachments"] + [{"code": a.code, "title": a.label, "reference": "B-1"}
                                              for a in measure.required_attachments],
        urgency="Onmiddellijk en ernstig gevaar: geweld op 1 november." if measure.spoed else "",
        acceptable_term="Noah is 13; een termijn langer dan een jaar is voor hem niet aanvaardbaar."
        if measure.requires_acceptable_term else "",
    )
    return content


def submit_codes(session, demo, now, content) -> set[str]:
    request_id = make_request(session, demo, now, **content)
    try:
        drafting.submit_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id, now=now)
    except GateRefused as refused:
        return {p.code for p in refused.problems}
    return set()


def removals(code: str):
    """(label, mutate(content), expected code) for every required part of `code`'s request."""
    measure = CATALOGUE.measure(code)
    out = []
    for i, element in enumerate(measure.grounds[0].elements):
        out.append((f"answer-{element.code}", lambda c, i=i: c["grounds"][i].update(answer=""),
                    "ground_element_unanswered"))
        out.append((f"facts-{element.code}", lambda c, i=i: c["grounds"][i].update(fact_keys=[]),
                    "ground_element_without_facts"))
    for rule in measure.required_attachments:
        out.append((f"attachment-{rule.code}",
                    lambda c, r=rule.code: c.update(attachments=[a for a in c["attachments"] if a["code"] != r]),
                    "attachment_missing"))
    out.append(("entitlement", lambda c: c.update(capacity="ouder" if code == "gesloten_jeugdhulp" else "college"),
                "requester_not_entitled"))
    if measure.max_duration_months:
        out.append(("duration", lambda c: c.update(duration_months=measure.max_duration_months + 1),
                    "duration_exceeds_maximum"))
    if measure.spoed:
        out.append(("urgency", lambda c: c.update(urgency=""), "urgency_missing"))
    if measure.requires_acceptable_term:
        out.append(("acceptable-term", lambda c: c.update(acceptable_term=""), "acceptable_term_missing"))
    out += [("alternatives", lambda c: c.update(alternatives=[]), "alternatives_missing"),
            ("effectiveness", lambda c: c.update(effectiveness=""), "effectiveness_missing"),
            ("fact-source", lambda c: c["facts"][0].update(source=""), "fact_source_missing")]
    return out


CASES = [(code, label, mutate, expected) for code in CATALOGUE.measures for label, mutate, expected in removals(code)]


@pytest.mark.parametrize("code", list(CATALOGUE.measures))
def test_a_complete_request_passes_intake(session, demo, now, code):
    assert submit_codes(session, demo, now, complete_content(demo, now, code)) == set()


@pytest.mark.parametrize("code,label,mutate,expected", CASES, ids=[f"{c}-{lbl}" for c, lbl, _, _ in CASES])
def test_removing_a_required_part_blocks_with_its_code(session, demo, now, code, label, mutate, expected):
    content = copy.deepcopy(complete_content(demo, now, code))
    mutate(content)
    assert expected in submit_codes(session, demo, now, content)


def test_care_accepted_by_the_parents_contradicts_the_ots_ground(session, demo, now):
    content = complete_content(demo, now, "ots")
    content["grounds"][1]["answer"] = "De ouders accepteren de hulp van het lokaal team inmiddels wel."
    assert submit_codes(session, demo, now, content) == {"ground_contradicted"}


def test_warnings_do_not_block_but_are_shown_to_the_panel(session, demo, now):
    from models.dossier import load_dossier
    from models.gates import checklist

    content = complete_content(demo, now, "ots")
    content["alternatives"][0]["tried"] = ""
    content["duration_reason"] = ""
    request_id = make_request(session, demo, now, **content)
    request = drafting.submit_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                                      now=now)
    assert request.state == RequestState.submitted
    [submit] = [s for s in checklist(load_dossier(session, request_id), now) if s["stage"] == "submit"]
    assert submit["done"] and {w["code"] for w in submit["warnings"]} == {"alternative_tried_missing",
                                                                           "duration_reason_missing"}
    assert all(w["severity"] == "warning" for w in submit["warnings"])


def test_the_spoed_variant_of_a_uhp_is_catalogue_data(session, demo, now):
    from models.services.drafting import create_request
    from models.case import Case
    from sqlmodel import select

    content = complete_content(demo, now, "uithuisplaatsing")
    indiener = actor(session, demo, "utrecht/indiener")
    make_request(session, demo, now)  # a case to reuse
    case = session.exec(select(Case)).first()

    def spoed_codes(**overrides) -> set[str]:
        request = create_request(session, actor=indiener, case_id=case.id, spoed=True,
                                 content=drafting.parse_content(content | overrides), now=now)
        try:
            drafting.submit_request(session, actor=indiener, request_id=request.id, now=now)
        except GateRefused as refused:
            return {p.code for p in refused.problems}
        return set()

    assert spoed_codes(duration_months=12) == {"duration_exceeds_maximum", "urgency_missing"}
    assert spoed_codes(duration_months=1, urgency="Onmiddellijk gevaar: geweld op 1 november.") == set()
    ots = complete_content(demo, now, "gezagsbeeindiging")
    assert "spoed_not_available" in spoed_codes(**{k: ots[k] for k in ("measure", "grounds", "acceptable_term")},
                                                urgency="Spoed.", duration_months=None)
