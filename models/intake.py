"""Completeness of a request for its measure: the guards of the 'submit' gate.

Every check names what is missing in Dutch, with a stable code and the field it concerns.
"""

from datetime import datetime

from models.dossier import Dossier
from models.errors import Problem
from models.phrases import answers_with, found
from models.request import URGENCY_PARTS


def check_measure_known(d: Dossier, now: datetime) -> list[Problem]:
    if d.measure is None:
        return [Problem("unknown_measure", f"De maatregel '{d.content.measure}' staat niet in de catalogus "
                        f"(versie {d.catalogue.version}).", "measure")]
    return []


def check_children(d: Dossier, now: datetime) -> list[Problem]:
    problems = []
    if not d.content.child_ids:
        problems.append(Problem("children_missing", "Kies voor welk kind of welke kinderen het verzoek is.", "child_ids"))
    for child_id in d.content.child_ids:
        person = d.persons.get(child_id)
        if person is None or person.kind != "child":
            problems.append(Problem("child_not_in_family", f"Persoon {child_id} is geen kind uit dit gezin.", "child_ids"))
        elif person.date_of_birth is None:
            problems.append(Problem("child_birth_date_missing",
                                    f"De geboortedatum van {person.full_name} ontbreekt.", "child_ids"))
    return problems


def check_duration(d: Dossier, now: datetime) -> list[Problem]:
    m = d.measure
    if m is None:
        return []
    if d.request.spoed and not m.spoed:
        variant = m.spoed_variant
        if variant is None:
            return [Problem("spoed_not_available", f"Voor een {m.name} bestaat geen spoedvariant.", "spoed")]
        months = d.content.duration_months
        if months is None or months > variant.max_duration_months:
            return [Problem("duration_exceeds_maximum", f"Een {variant.name} duurt ten hoogste "
                            f"{variant.max_duration_months} maand ({variant.article}).", "duration_months")]
        return []
    if m.max_duration_months is None:
        return []
    months = d.content.duration_months
    if months is None:
        return [Problem("duration_missing", f"Vermeld de gevraagde duur van de {m.name} (ten hoogste "
                        f"{m.max_duration_months} maanden, {m.duration_article}).", "duration_months")]
    if months > m.max_duration_months:
        return [Problem("duration_exceeds_maximum", f"De gevraagde duur van {months} maanden is langer dan de "
                        f"wettelijke maximumduur van {m.max_duration_months} maanden ({m.duration_article}).",
                        "duration_months")]
    return []


def check_requester_entitled(d: Dossier, now: datetime) -> list[Problem]:
    m = d.measure
    if m is None:
        return []
    capacity = d.content.capacity
    label = d.catalogue.capacities.get(capacity, capacity)
    problems = []
    if m.requester_rule(capacity) is None:
        allowed = ", ".join(d.catalogue.capacities.get(r.capacity, r.capacity) for r in m.requesters)
        problems.append(Problem("requester_not_entitled", f"Een verzoek tot {m.name} kan niet worden gedaan door "
                                f"{label}; wel door: {allowed} ({', '.join(m.articles)}).", "capacity"))
    if capacity not in d.region.capacities:
        problems.append(Problem("capacity_not_held", f"{d.region.name} treedt niet op als {label}.", "capacity"))
    if not d.requester.has_role("indiener"):
        problems.append(Problem("requester_not_indiener",
                                f"{d.requester.name} heeft niet de rol van indiener.", "requester"))
    return problems


def check_grounds(d: Dossier, now: datetime) -> list[Problem]:
    """One ground option (all its elements) must be fully argued; options are alternatives."""
    m = d.measure
    if m is None:
        return []
    per_option = [(option, _option_problems(d, option)) for option in m.grounds]
    if any(not problems for _, problems in per_option):
        return []
    # Report the option the indiener argued (fewest unanswered elements), then the one closest to complete, so the
    # indiener sees what to add to their own argument, not every theory.
    option, problems = min(per_option, key=lambda op: (
        sum(p.code == "ground_element_unanswered" for p in op[1]), len(op[1])))
    if len(m.grounds) > 1:
        names = " of ".join(o.label for o in m.grounds)
        problems = [Problem("ground_not_established",
                            f"Geen van de wettelijke gronden is volledig onderbouwd ({names}).", "grounds")] + problems
    return problems


def _option_problems(d: Dossier, option) -> list[Problem]:
    problems = []
    for element in option.elements:
        answer = d.content.answer(element.code)
        where = f"grounds.{element.code}"
        if answer is None or not answer.answer.strip():
            problems.append(Problem("ground_element_unanswered",
                                    f"Beantwoord de vraag '{element.question}' ({element.article}).", where))
            continue
        for phrase in found(answer.answer, element.contradicted_by, *_negation(d)):
            problems.append(Problem("ground_contradicted", f"Het antwoord bij '{element.question}' zegt "
                                    f"'{phrase}': dat spreekt deze grond tegen ({element.article}).", where))
        if not answer.fact_keys:
            problems.append(Problem("ground_element_without_facts",
                                    f"Onderbouw '{element.question}' met ten minste één feit.", where))
        for key in answer.fact_keys:
            fact = d.content.fact(key)
            if fact is None:
                problems.append(Problem("ground_fact_unknown", f"Het feit '{key}' bij '{element.question}' bestaat "
                                        "niet in het verzoek.", where))
            elif fact.kind != "fact":
                problems.append(Problem("ground_fact_is_opinion", f"'{key}' is een mening, geen feit: een grond moet "
                                        "op feiten rusten.", where))
    return problems


def _negation(d: Dossier) -> tuple[list[str], int]:
    return d.catalogue.intake.negation_words, d.catalogue.intake.negation_window


def check_grounds_doubtful(d: Dossier, now: datetime) -> list[Problem]:
    """Words that do not contradict a ground element but cast doubt on it: a warning the panel must weigh."""
    m = d.measure
    if m is None or not d.catalogue.intake.knows("ground_doubtful"):
        return []
    problems = []
    for option in m.grounds:
        for element in option.elements:
            answer = d.content.answer(element.code)
            if answer is None:
                continue
            doubts = found(answer.answer, element.doubted_by, *_negation(d))
            if doubts:
                said = "', '".join(doubts)
                problems.append(Problem("ground_doubtful", f"Het antwoord bij '{element.question}' zegt '{said}': "
                                        f"dat zet twijfel bij deze grond ({element.article}). Onderbouw waarom de grond "
                                        "toch vaststaat.", f"grounds.{element.code}"))
    return problems


def check_facts(d: Dossier, now: datetime) -> list[Problem]:
    problems = []
    if not any(f.kind == "fact" for f in d.content.facts):
        problems.append(Problem("facts_missing", "Beschrijf de feiten waarop het verzoek rust.", "facts"))
    for fact in d.content.facts:
        if fact.kind != "fact":
            continue
        where = f"facts.{fact.key}"
        if not fact.source.strip():
            problems.append(Problem("fact_source_missing", f"Vermeld de bron van feit '{fact.key}'.", where))
        if fact.date is None:
            problems.append(Problem("fact_date_missing", f"Vermeld de datum van feit '{fact.key}'.", where))
        elif fact.date > now.date():
            problems.append(Problem("fact_date_in_future", f"De datum van feit '{fact.key}' ligt in de toekomst.", where))
        if not fact.confirmed_by.strip():
            problems.append(Problem("fact_confirmation_missing",
                                    f"Vermeld wie feit '{fact.key}' heeft bevestigd.", where))
    return problems


def check_opinions_attributed(d: Dossier, now: datetime) -> list[Problem]:
    """A judge wants facts and opinions apart, both present, and each opinion attributed to whoever holds it."""
    if not d.catalogue.intake.knows("opinion_holder_missing"):
        return []
    return [Problem("opinion_holder_missing", f"Vermeld van wie de mening '{f.key}' is (naam en functie).",
                    f"facts.{f.key}") for f in d.content.facts if f.kind == "opinion" and not f.held_by.strip()]


def check_executing_institution(d: Dossier, now: datetime) -> list[Problem]:
    m = d.measure
    if m is None or not m.executing_institution or not d.catalogue.intake.knows("executing_institution_missing"):
        return []
    if d.content.executing_institution.strip():
        return []
    return [Problem("executing_institution_missing", f"Vermeld {m.executing_institution}: naam en vestigingsplaats.",
                    "executing_institution")]


def check_alternatives(d: Dossier, now: datetime) -> list[Problem]:
    if not d.content.alternatives:
        return [Problem("alternatives_missing", "Beschrijf welke lichtere middelen zijn overwogen (vrijwillige hulp, "
                        "netwerk, lokaal team, lichtere maatregel) en waarom die niet volstaan.", "alternatives")]
    problems = []
    for i, alt in enumerate(d.content.alternatives, start=1):
        where = f"alternatives.{i}"
        if alt.kind not in d.catalogue.alternative_kinds:
            problems.append(Problem("alternative_kind_unknown", f"Alternatief {i}: onbekende soort '{alt.kind}'.", where))
        if not alt.description.strip():
            problems.append(Problem("alternative_description_missing", f"Alternatief {i}: beschrijf het alternatief.", where))
        if not alt.why_insufficient.strip():
            problems.append(Problem("alternative_reason_missing",
                                    f"Alternatief {i}: leg uit waarom dit niet volstaat.", where))
        said = _said_not_tried(d, alt)
        if said is not None:  # nothing tried, so no 'what' or 'result' to ask for: subsidiarity is the question
            problems += _not_tried(d, i, alt, where, said)
            continue
        if not alt.tried.strip():
            problems.append(Problem("alternative_tried_missing", f"Alternatief {i}: wat is er geprobeerd?", where))
        if not alt.result.strip():
            problems.append(Problem("alternative_result_missing", f"Alternatief {i}: met welk resultaat?", where))
        if alt.was_tried and not alt.tried_when.strip() and d.catalogue.intake.knows("alternative_tried_when_missing"):
            problems.append(Problem("alternative_tried_when_missing", f"Alternatief {i}: wanneer is het geprobeerd?",
                                    f"{where}.tried_when"))
    return problems


def _said_not_tried(d: Dossier, alt) -> str | None:
    """How the alternative says it was not tried (structured, or in the catalogue's wordings), or None."""
    rules = d.catalogue.intake
    if not rules.knows("alternative_not_tried"):
        return None
    if alt.was_tried is False:
        return "u geeft aan dat het niet is geprobeerd"
    phrases = found(f"{alt.tried}\n{alt.result}", rules.not_tried_phrases, rules.negation_words, rules.negation_window)
    said = max(phrases, key=len) if phrases else answers_with(alt.tried, rules.not_tried_answers)
    return f"volgens de tekst is het niet geprobeerd ('{said}')" if said else None


def _not_tried(d: Dossier, i: int, alt, where: str, how: str) -> list[Problem]:
    """Subsidiarity: a lighter means not tried is a warning the panel must weigh; without a reason, a block."""
    label = d.catalogue.alternative_kinds.get(alt.kind, alt.kind)
    problems = [Problem("alternative_not_tried", f"Subsidiariteit: alternatief {i} ({label}) is niet geprobeerd; "
                        f"{how}. Een rechter wijst een verzoek af als een lichter middel had volstaan: het panel "
                        "weegt of dwang toch nodig is.", where)]
    if alt.was_tried is False and not alt.why_not_tried.strip():
        problems.append(Problem("alternative_why_not_tried_missing", f"Subsidiariteit: alternatief {i} ({label}) is "
                                "niet geprobeerd; leg uit waarom niet.", f"{where}.why_not_tried"))
    return problems


def check_proportionality(d: Dossier, now: datetime) -> list[Problem]:
    problems = []
    if not d.content.proportionality.strip():
        problems.append(Problem("proportionality_missing", "Leg uit waarom deze maatregel en deze duur in verhouding "
                                "staan tot de zorgen.", "proportionality"))
    if not any(g.strip() for g in d.content.goals):
        problems.append(Problem("goals_missing", "Beschrijf de concrete doelen van de maatregel.", "goals"))
    if not d.content.summary.strip():
        problems.append(Problem("summary_missing", "Schrijf een korte samenvatting voor het gezin.", "summary"))
    if d.measure is not None and d.measure.max_duration_months and not d.content.duration_reason.strip():
        problems.append(Problem("duration_reason_missing", "Leg uit waarom deze duur nodig is.", "duration_reason"))
    if not d.content.effectiveness.strip():
        problems.append(Problem("effectiveness_missing", "Doelmatigheid: beschrijf hoe de maatregel de bedreiging "
                                "wegneemt.", "effectiveness"))
    if d.measure is not None and d.measure.requires_acceptable_term and not d.content.acceptable_term.strip():
        problems.append(Problem("acceptable_term_missing", "Beargumenteer de aanvaardbare termijn voor dit kind, "
                                "gezien zijn leeftijd (art. 1:266 lid 1 sub a BW).", "acceptable_term"))
    return problems


def check_attachments(d: Dossier, now: datetime) -> list[Problem]:
    m = d.measure
    if m is None:
        return []
    present = {a.code for a in d.content.attachments}
    return [
        Problem("attachment_missing", f"Bijlage ontbreekt: {rule.label} ({rule.article}).", f"attachments.{rule.code}")
        for rule in m.required_attachments
        if rule.applies(d.content.capacity, d.content.flags) and rule.code not in present
    ]


def is_spoed(d: Dossier) -> bool:
    return d.measure is not None and (d.measure.spoed or d.request.spoed)


def check_urgency(d: Dossier, now: datetime) -> list[Problem]:
    m = d.measure
    if m is not None and (m.spoed or d.request.spoed) and not d.content.urgency.strip():
        return [Problem("urgency_missing", f"Een {m.name} vraagt om onderbouwing van de spoed (onmiddellijk en ernstig "
                        "gevaar, art. 809 lid 3 Rv).", "urgency")]
    return []


def urgency_part_problems(d: Dossier) -> dict[str, list[Problem]]:
    """Per part of the structured urgency (URGENCY_PARTS) what is missing; an empty list: the part is substantiated.
    A danger text that claims no danger (no term of the catalogue's list) cannot open the spoed path."""
    details = d.content.urgency_details
    danger = details.danger if details else ""
    keys = details.fact_keys if details else []
    where = "urgency_details"
    parts: dict[str, list[Problem]] = {part: [] for part in URGENCY_PARTS}
    rules = d.catalogue.intake
    if not danger.strip():
        parts["danger"].append(Problem("urgency_danger_missing", "Spoed (urgentie): beschrijf welk onmiddellijk en "
                                       "ernstig gevaar het kind loopt (art. 809 lid 3 Rv).", f"{where}.danger"))
    elif not found(danger, rules.danger_terms, rules.negation_words, rules.negation_window, whole_words=False):
        parts["danger"].append(Problem("urgency_no_danger", "Spoed (urgentie): de beschrijving noemt geen gevaar voor "
                                       "het kind (bijvoorbeeld geweld, mishandeling, bedreiging of acuut onveilig). "
                                       "Zonder onmiddellijk en ernstig gevaar is er geen spoed (art. 809 lid 3 Rv).",
                                       f"{where}.danger"))
    if not keys:
        parts["facts"].append(Problem("urgency_facts_missing", "Spoed (urgentie): noem de feiten die het gevaar "
                                      "tonen.", f"{where}.fact_keys"))
    for key in keys:
        fact = d.content.fact(key)
        if fact is None or fact.kind != "fact":
            what = "bestaat niet in het verzoek" if fact is None else "is een mening, geen feit"
            parts["facts"].append(Problem("urgency_fact_unknown", f"Spoed (urgentie): '{key}' {what}.",
                                          f"{where}.fact_keys"))
    if not (details and details.why_hearing_cannot_wait.strip()):
        parts["hearing"].append(Problem("urgency_hearing_reason_missing", "Spoed (urgentie): leg uit waarom het "
                                        "gewone horen van ouders en kind niet kan worden afgewacht.",
                                        f"{where}.why_hearing_cannot_wait"))
    return parts


def check_urgency_details(d: Dossier, now: datetime) -> list[Problem]:
    if not is_spoed(d) or not d.catalogue.intake.knows("urgency_no_danger"):
        return []
    return [p for problems in urgency_part_problems(d).values() for p in problems]


INTAKE_CHECKS = [
    check_measure_known,
    check_children,
    check_duration,
    check_requester_entitled,
    check_grounds,
    check_grounds_doubtful,
    check_facts,
    check_opinions_attributed,
    check_alternatives,
    check_proportionality,
    check_attachments,
    check_urgency,
    check_urgency_details,
    check_executing_institution,
]


def intake(d: Dossier, now: datetime) -> tuple[list[Problem], list[Problem]]:
    """Every intake check, split by the catalogue's severity: (blocking submit, warnings for the panel)."""
    blocking, warnings = [], []
    for check in INTAKE_CHECKS:
        for p in check(d, now):
            severity = d.catalogue.intake.severity(p.code)
            (blocking if severity == "block" else warnings).append(Problem(p.code, p.message, p.field, severity))
    return blocking, warnings


def check_intake(d: Dossier, now: datetime) -> list[Problem]:
    return intake(d, now)[0]


SUBMIT_GUARDS = [check_intake]
