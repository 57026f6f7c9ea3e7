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
URGENCY_DETAILS = {"danger": "Vader sloeg moeder op 1 november in het bijzijn van Noah en dreigt Noah mee te nemen.",
                   "fact_keys": ["politie"],
                   "why_hearing_cannot_wait": "Wachten op de gewone zitting laat Noah weken in een onveilig huis."}


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
        urgency_details=URGENCY_DETAILS if measure.spoed else None,
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
        out.append(("urgency-details", lambda c: c.update(urgency_details=None), "urgency_danger_missing"))
        out.append(("urgency-danger", lambda c: c.update(urgency_details=URGENCY_DETAILS | {"danger": ""}),
                    "urgency_danger_missing"))
        out.append(("urgency-no-danger", lambda c: c.update(urgency_details=URGENCY_DETAILS | {
                        "danger": "Het is druk op school en de ouders maken ruzie."}),
                    "urgency_no_danger"))
        out.append(("urgency-facts", lambda c: c.update(urgency_details=URGENCY_DETAILS | {"fact_keys": []}),
                    "urgency_facts_missing"))
        out.append(("urgency-fact-opinion", lambda c: c.update(urgency_details=URGENCY_DETAILS | {"fact_keys": ["inschatting"]}),
                    "urgency_fact_unknown"))
        out.append(("urgency-hearing", lambda c: c.update(urgency_details=URGENCY_DETAILS | {"why_hearing_cannot_wait": ""}),
                    "urgency_hearing_reason_missing"))
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

    assert spoed_codes(duration_months=12) == {"duration_exceeds_maximum", "urgency_missing", "urgency_danger_missing",
                                               "urgency_facts_missing", "urgency_hearing_reason_missing"}
    assert spoed_codes(duration_months=1, urgency="Onmiddellijk gevaar: geweld op 1 november.",
                       urgency_details=URGENCY_DETAILS) == set()
    ots = complete_content(demo, now, "gezagsbeeindiging")
    assert "spoed_not_available" in spoed_codes(**{k: ots[k] for k in ("measure", "grounds", "acceptable_term")},
                                                urgency="Spoed.", duration_months=None)


# --- contradiction and doubt rules, for every measure (issue 10) --------------------------------------------------

def _rules(kind: str) -> list[tuple[str, int, str, str]]:
    """(measure, option index, element code, phrase) for every contradicted_by or doubted_by phrase."""
    return [(code, i, e.code, phrase) for code, m in CATALOGUE.measures.items() for i, option in enumerate(m.grounds)
            for e in option.elements for phrase in getattr(e, kind)]


CONTRADICTIONS, DOUBTS = _rules("contradicted_by"), _rules("doubted_by")


def test_every_measure_has_contradiction_and_doubt_rules():
    assert CATALOGUE.version == "2026.2"
    for code, measure in CATALOGUE.measures.items():
        elements = [e for option in measure.grounds for e in option.elements]
        assert any(e.contradicted_by for e in elements), f"{code}: no contradiction rule"
        assert any(e.doubted_by for e in elements), f"{code}: no doubt rule"
        for option in measure.grounds:  # every alternative ground can be contradicted, not only the first
            assert any(e.contradicted_by for e in option.elements), f"{code} {option.code}: no contradiction rule"


@pytest.fixture
def dossiers(session, demo, now):
    """Per measure (and ground option) a submittable request's dossier, whose content the test swaps."""
    from models.dossier import load_dossier

    cache = {}

    def get(code: str, option: int):
        if (code, option) not in cache:
            content = complete_content(demo, now, code)
            content["grounds"] = [{"element": e.code, "answer": f"Ja: {e.question}", "fact_keys": ["verzuim", "politie"]}
                                  for e in CATALOGUE.measure(code).grounds[option].elements]
            cache[code, option] = (load_dossier(session, make_request(session, demo, now, **content)), content)
        return cache[code, option]
    return get


def _intake_with_answer(dossiers, now, code, option, element, answer):
    from models.intake import intake
    from models.request import RequestContent

    d, content = dossiers(code, option)
    content = copy.deepcopy(content)
    next(g for g in content["grounds"] if g["element"] == element)["answer"] = answer
    d.content = RequestContent.model_validate(content)
    blocking, warnings = intake(d, now)
    return {p.code for p in blocking}, {p.code for p in warnings}


@pytest.mark.parametrize("code,option,element,phrase", CONTRADICTIONS,
                         ids=[f"{c}-{e}-{p}" for c, _, e, p in CONTRADICTIONS])
def test_each_contradiction_rule_fires(dossiers, now, code, option, element, phrase):
    assert _intake_with_answer(dossiers, now, code, option, element, "Ja.") == (set(), set())
    blocking, _ = _intake_with_answer(dossiers, now, code, option, element, f"Ja, want {phrase.capitalize()}.")
    assert "ground_contradicted" in blocking


@pytest.mark.parametrize("code,option,element,phrase", DOUBTS, ids=[f"{c}-{e}-{p}" for c, _, e, p in DOUBTS])
def test_each_doubt_rule_warns_without_blocking(dossiers, now, code, option, element, phrase):
    blocking, warnings = _intake_with_answer(dossiers, now, code, option, element, f"Ja, al is het {phrase}.")
    assert blocking == set() and warnings == {"ground_doubtful"}


@pytest.mark.parametrize("code,element,answer", [
    ("verlenging_ots", "grond_bestaat_nog", "Nee: de ouders accepteren de hulp van de jeugdbeschermer inmiddels."),
    ("uithuisplaatsing", "noodzakelijk_verzorging_opvoeding", "Noah kan veilig thuis blijven als er hulp komt."),
    ("gezagsbeeindiging", "geen_verantwoordelijkheid_binnen_termijn",
     "Moeder kan de verantwoordelijkheid weer dragen binnen een jaar."),
    ("gesloten_jeugdhulp", "onttrekking_voorkomen", "Noah werkt mee aan de hulp en komt afspraken na."),
])
def test_the_examples_of_the_issue_are_contradictions(dossiers, now, code, element, answer):
    assert "ground_contradicted" in _intake_with_answer(dossiers, now, code, 0, element, answer)[0]


@pytest.mark.parametrize("code,element,answer", [
    ("ots", "zorg_niet_geaccepteerd", "De ouders accepteren de hulp niet."),
    ("uithuisplaatsing", "noodzakelijk_verzorging_opvoeding", "Noah kan niet veilig thuis blijven."),
    ("gesloten_jeugdhulp", "onttrekking_voorkomen", "Noah accepteert de hulp niet en loopt weg."),
])
def test_a_negated_phrase_is_no_contradiction(dossiers, now, code, element, answer):
    assert _intake_with_answer(dossiers, now, code, 0, element, answer) == (set(), set())


# --- subsidiarity ------------------------------------------------------------------------------------------------

NOT_TRIED = [{"tried": "Niet geprobeerd."}, {"tried": "Nog niet."}, {"tried": "Nee, de ouders wilden dat niet."},
             {"tried": "Is niet ingezet vanwege de wachtlijst."}, {"tried": "-"},
             {"result": "Niet geprobeerd: er was geen plek."},
             {"was_tried": False, "why_not_tried": "De ouders weigerden elk gesprek.", "tried": "", "result": ""}]


@pytest.mark.parametrize("change", NOT_TRIED, ids=[str(c) for c in NOT_TRIED])
def test_an_alternative_not_tried_is_a_subsidiarity_warning(session, demo, now, change):
    from models.dossier import load_dossier
    from models.intake import intake

    content = demo_ots_content(demo, now)
    content["alternatives"][0].update(change)
    blocking, warnings = intake(load_dossier(session, make_request(session, demo, now, **content)), now)
    assert blocking == []
    [warning] = warnings
    assert warning.code == "alternative_not_tried" and warning.message.startswith("Subsidiariteit: ")


def test_not_tried_without_saying_why_not_blocks(session, demo, now):
    content = demo_ots_content(demo, now)
    content["alternatives"][1].update(was_tried=False, tried="", result="")
    assert submit_codes(session, demo, now, content) == {"alternative_why_not_tried_missing"}


def test_a_tried_alternative_needs_when(session, demo, now):
    from models.dossier import load_dossier
    from models.intake import intake

    content = demo_ots_content(demo, now)
    content["alternatives"][0]["tried_when"] = ""
    warnings = intake(load_dossier(session, make_request(session, demo, now, **content)), now)[1]
    assert [w.code for w in warnings] == ["alternative_tried_when_missing"]
