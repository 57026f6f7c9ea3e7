"""Every refusal in Dutch, word for word: the message a professional reads, and the field it points at.

The expected texts are written out below (not computed from the code): a changed or lost sentence, a wrong field or
a wrong join fails here. {hash} stands for the first 12 characters of the revision's content hash."""

from datetime import UTC, datetime, timedelta

import pytest

from models import gates, intake
from models.review import Decision
from tests.domain.dossiers import (CHILD, FATHER, MOTHER, minor_change, new_revision, not_responded, party,
                                   ready_dossier, set_verdict, tamper, unsign, with_content, with_fact,
                                   without_assessment, without_seat, without_voice)


def _spoed(d, **details):
    return with_content(d, measure="voorlopige_ots", duration_months=3, urgency="Acuut gevaar thuis.",
                        urgency_details=details or None,
                        grounds=[{"element": "ernstig_vermoeden", "answer": "Ja.", "fact_keys": ["politie"]},
                                 {"element": "acute_bedreiging", "answer": "Ja.", "fact_keys": ["politie"]}])


def _uhp_spoed(now, months):
    d = with_content(ready_dossier(now), measure="uithuisplaatsing", duration_months=months)
    d.request.spoed = True
    return d


def _entitled(now):
    d = with_content(ready_dossier(now), capacity="college")
    d.requester.roles = []
    return intake.check_requester_entitled(d, now)


def _grounds(now):
    d = ready_dossier(now)
    g = [x.model_dump(mode="json") for x in d.content.grounds]
    g[0]["fact_keys"] = []
    g[1]["fact_keys"] = ["bestaat_niet"]
    g[2]["fact_keys"] = ["inschatting"]
    g[2]["answer"] = "Ja. De ouders zullen de verantwoordelijkheid niet meer kunnen dragen? Nee: geen perspectief."
    return intake.check_grounds(with_content(d, grounds=g), now)


def _gezag(now):
    d = with_content(ready_dossier(now), measure="gezagsbeeindiging", duration_months=None, acceptable_term="",
                     grounds=[{"element": "ernstige_bedreiging", "answer": "Ja.", "fact_keys": ["politie"]}])
    return intake.check_grounds(d, now) + intake.check_proportionality(d, now)


def _doubt(now):
    d = ready_dossier(now)
    g = [x.model_dump(mode="json") for x in d.content.grounds]
    g[1]["answer"] = "De ouders staan er wisselend tegenover; inmiddels meer open."
    return intake.check_grounds_doubtful(with_content(d, grounds=g), now)


def _facts(now):
    d = with_fact(ready_dossier(now), "verzuim", source="", date=now.date() + timedelta(days=1), confirmed_by="")
    d = with_fact(d, "politie", date=None)
    d = with_fact(d, "inschatting", held_by="")
    return intake.check_facts(d, now) + intake.check_opinions_attributed(d, now)


def _no_facts(now):
    d = ready_dossier(now)
    return intake.check_facts(with_content(d, facts=[]), now) + intake.check_children(
        with_content(d, child_ids=[]), now)


def _children(now):
    d = with_content(ready_dossier(now), child_ids=[CHILD, MOTHER])
    d.persons[CHILD].date_of_birth = None
    return intake.check_children(d, now)


def _alternatives(now):
    d = ready_dossier(now)
    alts = [{"kind": "verzonnen", "description": "", "tried": "", "result": "", "why_insufficient": "",
             "was_tried": True, "tried_when": ""},
            {"kind": "netwerk", "description": "Grootouders.", "tried": "", "result": "", "why_insufficient": "Nee.",
             "was_tried": False},
            {"kind": "lokaal_team", "description": "Lokaal team.", "tried": "Nee.", "result": "",
             "why_insufficient": "Te licht."}]
    return intake.check_alternatives(with_content(d, alternatives=alts), now) + intake.check_alternatives(
        with_content(d, alternatives=[]), now)


def _proportionality(now):
    d = with_content(ready_dossier(now), proportionality="", goals=[], summary="", duration_reason="",
                     effectiveness="")
    return intake.check_proportionality(d, now) + intake.check_executing_institution(
        with_content(d, executing_institution=""), now)


def _duration(now):
    d = ready_dossier(now)
    spoed_ots = ready_dossier(now)
    spoed_ots.request.spoed = True
    return (intake.check_duration(with_content(d, duration_months=13), now)
            + intake.check_duration(with_content(d, duration_months=None), now)
            + intake.check_duration(spoed_ots, now) + intake.check_duration(_uhp_spoed(now, 2), now)
            + intake.check_measure_known(with_content(d, measure="verzonnen"), now))


def _urgency(now):
    d = _spoed(ready_dossier(now))
    no_danger = _spoed(ready_dossier(now), danger="Rommelig.", fact_keys=["bestaat_niet", "inschatting"],
                       why_hearing_cannot_wait="Omdat.")
    return (intake.check_urgency(with_content(d, urgency=""), now) + intake.check_urgency_details(d, now)
            + intake.check_urgency_details(no_danger, now))


def _panel(now):
    d = with_content(ready_dossier(now), measure="gezagsbeeindiging")
    return gates.check_panel_complete(without_seat(d, "jurist"), now)


def _hearing(now):
    d = new_revision(ready_dossier(now), duration_months=6, child_ids=[CHILD])
    d.invited_contents[1] = d.invited_contents[1].model_copy(update={"facts": []})
    not_responded(d, FATHER, deadline=now + timedelta(days=3))
    party(d, FATHER).invited_revision_id = d.revision.id
    without_voice(d)
    e = not_responded(ready_dossier(now), MOTHER, invited=False)
    not_responded(e, FATHER, deadline=now - timedelta(days=1), proof="")
    return gates.check_hearing(d, now) + gates.check_hearing(e, now)


def _review(now):
    d = without_assessment(ready_dossier(now), "jurist", "subsidiariteit")
    set_verdict(d, "jurist", None)
    set_verdict(d, "gedragswetenschapper", Decision.terug)
    m = minor_change(ready_dossier(now), summary="Klein.")
    return (gates.check_assessments(d, now) + gates.check_verdicts_akkoord(d, now)
            + gates.check_assessments(m, now)[:1] + gates.check_verdicts_akkoord(m, now))


def _signoff(now):
    d = unsign(ready_dossier(now), "gedragswetenschapper")
    e = new_revision(ready_dossier(now), summary="Gewijzigd.")
    t = tamper(ready_dossier(now), summary="Anders.")
    w = with_content(ready_dossier(now), duration_reason="")
    return (gates.check_signoffs(d, now) + gates.check_approval_current(e, now) + gates.check_revision_intact(t, now)
            + gates.check_warnings_resolved(w, now))


SCENARIOS = {f.__name__.strip("_"): f for f in (
    _entitled, _grounds, _gezag, _doubt, _facts, _no_facts, _children, _alternatives, _proportionality, _duration,
    _urgency, _panel, _hearing, _review, _signoff)}


NOW = datetime(2027, 3, 15, 10, 0, tzinfo=UTC)

EXPECTED = {
    'entitled': [
        ('requester_not_entitled', 'capacity',
         'Een verzoek tot ondertoezichtstelling kan niet worden gedaan door het college van burgemeester en wethouders; wel door: de Raad voor de Kinderbescherming (taak belegd bij het Regionaal Veiligheidsteam), het Openbaar Ministerie, een ouder, een pleegouder of verzorger (art. 1:255 BW, art. 1:258 BW).'),
        ('capacity_not_held', 'capacity',
         'RVT Utrecht treedt niet op als het college van burgemeester en wethouders.'),
        ('requester_not_indiener', 'requester',
         'Fatima el Amrani heeft niet de rol van indiener.'),
    ],
    'grounds': [
        ('ground_element_without_facts', 'grounds.ontwikkelingsbedreiging',
         "Onderbouw 'Groeit het kind zo op dat het in zijn ontwikkeling ernstig wordt bedreigd?' met ten minste één feit."),
        ('ground_fact_unknown', 'grounds.zorg_niet_geaccepteerd',
         "Het feit 'bestaat_niet' bij 'Wordt de zorg die nodig is om de bedreiging weg te nemen door de ouders met gezag niet of onvoldoende geaccepteerd?' bestaat niet in het verzoek."),
        ('ground_contradicted', 'grounds.verwachting_verantwoordelijkheid',
         "Het antwoord bij 'Is de verwachting gerechtvaardigd dat de ouders binnen een voor het kind aanvaardbare termijn de verantwoordelijkheid weer kunnen dragen?' zegt 'geen perspectief': dat spreekt deze grond tegen (art. 1:255 lid 1 sub b BW)."),
        ('ground_contradicted', 'grounds.verwachting_verantwoordelijkheid',
         "Het antwoord bij 'Is de verwachting gerechtvaardigd dat de ouders binnen een voor het kind aanvaardbare termijn de verantwoordelijkheid weer kunnen dragen?' zegt 'zullen de verantwoordelijkheid niet': dat spreekt deze grond tegen (art. 1:255 lid 1 sub b BW)."),
        ('ground_fact_is_opinion', 'grounds.verwachting_verantwoordelijkheid',
         "'inschatting' is een mening, geen feit: een grond moet op feiten rusten."),
    ],
    'gezag': [
        ('ground_not_established', 'grounds',
         'Geen van de wettelijke gronden is volledig onderbouwd (art. 1:266 lid 1 sub a BW of art. 1:266 lid 1 sub b BW).'),
        ('ground_element_unanswered', 'grounds.geen_verantwoordelijkheid_binnen_termijn',
         "Beantwoord de vraag 'Kan de ouder niet binnen een voor dit kind aanvaardbare termijn (korter naarmate het kind jonger is) de verantwoordelijkheid dragen?' (art. 1:266 lid 1 sub a BW)."),
        ('acceptable_term_missing', 'acceptable_term',
         'Beargumenteer de aanvaardbare termijn voor dit kind, gezien zijn leeftijd (art. 1:266 lid 1 sub a BW).'),
    ],
    'doubt': [
        ('ground_doubtful', 'grounds.zorg_niet_geaccepteerd',
         "Het antwoord bij 'Wordt de zorg die nodig is om de bedreiging weg te nemen door de ouders met gezag niet of onvoldoende geaccepteerd?' zegt 'wisselend', 'inmiddels meer open': dat zet twijfel bij deze grond (art. 1:255 lid 1 sub a BW). Onderbouw waarom de grond toch vaststaat."),
    ],
    'facts': [
        ('fact_source_missing', 'facts.verzuim',
         "Vermeld de bron van feit 'verzuim'."),
        ('fact_date_in_future', 'facts.verzuim',
         "De datum van feit 'verzuim' ligt in de toekomst."),
        ('fact_confirmation_missing', 'facts.verzuim',
         "Vermeld wie feit 'verzuim' heeft bevestigd."),
        ('fact_date_missing', 'facts.politie',
         "Vermeld de datum van feit 'politie'."),
        ('opinion_holder_missing', 'facts.inschatting',
         "Vermeld van wie de mening 'inschatting' is (naam en functie)."),
    ],
    'no_facts': [
        ('facts_missing', 'facts',
         'Beschrijf de feiten waarop het verzoek rust.'),
        ('children_missing', 'child_ids',
         'Kies voor welk kind of welke kinderen het verzoek is.'),
    ],
    'children': [
        ('child_birth_date_missing', 'child_ids',
         'De geboortedatum van Noah de Vries ontbreekt.'),
        ('child_not_in_family', 'child_ids',
         'Persoon 100 is geen kind uit dit gezin.'),
    ],
    'alternatives': [
        ('alternative_kind_unknown', 'alternatives.1',
         "Alternatief 1: onbekende soort 'verzonnen'."),
        ('alternative_description_missing', 'alternatives.1',
         'Alternatief 1: beschrijf het alternatief.'),
        ('alternative_reason_missing', 'alternatives.1',
         'Alternatief 1: leg uit waarom dit niet volstaat.'),
        ('alternative_tried_missing', 'alternatives.1',
         'Alternatief 1: wat is er geprobeerd?'),
        ('alternative_result_missing', 'alternatives.1',
         'Alternatief 1: met welk resultaat?'),
        ('alternative_tried_when_missing', 'alternatives.1.tried_when',
         'Alternatief 1: wanneer is het geprobeerd?'),
        ('alternative_not_tried', 'alternatives.2',
         'Subsidiariteit: alternatief 2 (hulp uit het netwerk van het gezin) is niet geprobeerd; u geeft aan dat het niet is geprobeerd. Een rechter wijst een verzoek af als een lichter middel had volstaan: het panel weegt of dwang toch nodig is.'),
        ('alternative_why_not_tried_missing', 'alternatives.2.why_not_tried',
         'Subsidiariteit: alternatief 2 (hulp uit het netwerk van het gezin) is niet geprobeerd; leg uit waarom niet.'),
        ('alternative_not_tried', 'alternatives.3',
         "Subsidiariteit: alternatief 3 (hulp van het lokaal team) is niet geprobeerd; volgens de tekst is het niet geprobeerd ('nee'). Een rechter wijst een verzoek af als een lichter middel had volstaan: het panel weegt of dwang toch nodig is."),
        ('alternatives_missing', 'alternatives',
         'Beschrijf welke lichtere middelen zijn overwogen (vrijwillige hulp, netwerk, lokaal team, lichtere maatregel) en waarom die niet volstaan.'),
    ],
    'proportionality': [
        ('proportionality_missing', 'proportionality',
         'Leg uit waarom deze maatregel en deze duur in verhouding staan tot de zorgen.'),
        ('goals_missing', 'goals',
         'Beschrijf de concrete doelen van de maatregel.'),
        ('summary_missing', 'summary',
         'Schrijf een korte samenvatting voor het gezin.'),
        ('duration_reason_missing', 'duration_reason',
         'Leg uit waarom deze duur nodig is.'),
        ('effectiveness_missing', 'effectiveness',
         'Doelmatigheid: beschrijf hoe de maatregel de bedreiging wegneemt.'),
        ('executing_institution_missing', 'executing_institution',
         'Vermeld de gecertificeerde instelling die de ondertoezichtstelling uitvoert (art. 1:255 lid 1 BW): naam en vestigingsplaats.'),
    ],
    'duration': [
        ('duration_exceeds_maximum', 'duration_months',
         'De gevraagde duur van 13 maanden is langer dan de wettelijke maximumduur van 12 maanden (art. 1:258 lid 1 BW).'),
        ('duration_missing', 'duration_months',
         'Vermeld de gevraagde duur van de ondertoezichtstelling (ten hoogste 12 maanden, art. 1:258 lid 1 BW).'),
        ('spoed_not_available', 'spoed',
         'Voor een ondertoezichtstelling bestaat geen spoedvariant.'),
        ('duration_exceeds_maximum', 'duration_months',
         'Een spoedmachtiging uithuisplaatsing duurt ten hoogste 1 maand (art. 1:265c lid 3 BW jo. art. 809 lid 3 Rv).'),
        ('unknown_measure', 'measure',
         "De maatregel 'verzonnen' staat niet in de catalogus (versie 2026.2)."),
    ],
    'urgency': [
        ('urgency_missing', 'urgency',
         'Een voorlopige ondertoezichtstelling vraagt om onderbouwing van de spoed (onmiddellijk en ernstig gevaar, art. 809 lid 3 Rv).'),
        ('urgency_danger_missing', 'urgency_details.danger',
         'Spoed (urgentie): beschrijf welk onmiddellijk en ernstig gevaar het kind loopt (art. 809 lid 3 Rv).'),
        ('urgency_facts_missing', 'urgency_details.fact_keys',
         'Spoed (urgentie): noem de feiten die het gevaar tonen.'),
        ('urgency_hearing_reason_missing', 'urgency_details.why_hearing_cannot_wait',
         'Spoed (urgentie): leg uit waarom het gewone horen van ouders en kind niet kan worden afgewacht.'),
        ('urgency_no_danger', 'urgency_details.danger',
         'Spoed (urgentie): de beschrijving noemt geen gevaar voor het kind (bijvoorbeeld geweld, mishandeling, bedreiging of acuut onveilig). Zonder onmiddellijk en ernstig gevaar is er geen spoed (art. 809 lid 3 Rv).'),
        ('urgency_fact_unknown', 'urgency_details.fact_keys',
         "Spoed (urgentie): 'bestaat_niet' bestaat niet in het verzoek."),
        ('urgency_fact_unknown', 'urgency_details.fact_keys',
         "Spoed (urgentie): 'inschatting' is een mening, geen feit."),
    ],
    'panel': [
        ('seat_empty', 'panel.tegenspreker.2',
         'De plaats van tegenspreker 2 in het panel is niet bezet.'),
        ('seat_empty', 'panel.jurist.1',
         'De plaats van jurist 1 in het panel is niet bezet.'),
    ],
    'hearing': [
        ('party_reinvite_needed', 'parties.300',
         'Sanne de Vries (ouder met gezag) is gehoord op een eerdere versie; sindsdien gewijzigd: de duur, de feiten. Nodig opnieuw uit, of laat het panel met redenen vastleggen dat de wijziging de reactie niet raakt.'),
        ('party_response_pending', 'parties.301',
         'Mark de Vries (ouder met gezag) kan nog reageren tot 18 maart 2027.'),
        ('child_voice_missing', 'parties.302',
         'De mening van Noah de Vries (13 jaar) is niet vastgelegd, en ook niet waarom het kind niet is gehoord.'),
        ('party_not_invited', 'parties.300',
         'Sanne de Vries (ouder met gezag) is niet uitgenodigd om op het concept te reageren.'),
        ('invitation_proof_missing', 'parties.301',
         'Het bewijs van de uitnodiging aan Mark de Vries (ouder met gezag) ontbreekt.'),
    ],
    'review': [
        ('assessment_missing', 'assessments.201.subsidiariteit',
         "Pieter Jansen (jurist) heeft het criterium 'Subsidiariteit' nog niet met motivering beoordeeld."),
        ('verdict_missing', 'verdicts.201',
         'Pieter Jansen (jurist) heeft nog geen oordeel gegeven over revisie 1.'),
        ('verdict_not_akkoord', 'verdicts.202',
         'Meryem Yildiz (gedragswetenschapper) gaf geen akkoord.'),
        ('assessment_missing', 'assessments.200.wettelijke_grond',
         "De voorzitter heeft 'Wettelijke grond' nog niet opnieuw beoordeeld."),
        ('chair_check_missing', 'verdicts.200',
         'De voorzitter van het panel heeft de kleine aanpassing nog niet akkoord bevonden.'),
    ],
    'signoff': [
        ('signoff_missing', 'signoffs.202',
         'Meryem Yildiz (gedragswetenschapper) heeft revisie 1 (hash {hash}…) nog niet ondertekend.'),
        ('approval_missing', 'approval',
         'Het panel heeft revisie 2 niet goedgekeurd; een wijziging na goedkeuring maakt akkoorden en ondertekeningen ongeldig.'),
        ('revision_tampered', 'revision',
         'De opgeslagen inhoud van revisie 1 past niet meer bij de hash ({hash}…) die het panel beoordeelde: de revisie is buiten de applicatie gewijzigd. Ondertekenen en opmaken zijn geweigerd; meld dit aan de beheerder.'),
        ('warning_unresolved', 'warnings.duration_reason_missing.duration_reason',
         'Waarschuwing niet opgelost: Leg uit waarom deze duur nodig is. Herstel dit in een nieuwe revisie, of laat een panellid de waarschuwing met redenen aanvaarden (duration_reason_missing).'),
    ],
}


def test_every_scenario_has_its_expected_messages():
    assert set(EXPECTED) == set(SCENARIOS)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_refusal_says_in_dutch_what_is_missing_and_where(name):
    digest = ready_dossier(NOW).revision.content_hash[:12]
    expected = [(code, field, message.replace("{hash}", digest)) for code, field, message in EXPECTED[name]]
    assert [(p.code, p.field, p.message) for p in SCENARIOS[name](NOW)] == expected
