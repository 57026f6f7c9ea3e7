"""The court documents' words: pure context builders for the verzoekschrift (and the parts the report and the
preview share), from the dossier alone. No database, no clock, no files."""

import base64
import hashlib
from datetime import datetime

from models.documents import DocumentProperties, format_date_nl
from models.dossier import Dossier
from models.hearing import CHANNELS, NOT_HEARD_REASONS, PARTY_KIND_LABELS, POSITIONS, VOICE_METHODS
from models.organisation import ROLE_LABELS, Region
from models.review import DECISION_LABELS, Decision

TEMPLATE = "verzoekschrift.docx"
NOT_RESPONDED = "In de gelegenheid gesteld, niet gereageerd."
DEFERRED = ("Vanwege spoed (art. 809 lid 3 Rv) nog niet gehoord; wordt uiterlijk op {date} alsnog in de "
            "gelegenheid gesteld te reageren.")


def verification_code(revision_hash: str, kind: str) -> str:
    """Derived from what the document is made of, so re-rendering a revision gives the same code."""
    digest = hashlib.sha256(f"{kind}:{revision_hash}".encode()).digest()
    raw = base64.b32encode(digest).decode()[:12]
    return "TS-" + "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def _relation(person) -> str:
    return person.relation or {"parent": "ouder", "carer": "verzorger", "child": "kind"}[person.kind]


def _address(person) -> str:
    """'Kanaalweg 12, 3526 KL Utrecht', or the woonplaats alone when no street address is known."""
    place = " ".join(p for p in (person.postal_code, person.residence) if p)
    return ", ".join(p for p in (person.address, place) if p) or "woonplaats onbekend"


def case_reference(d: Dossier) -> str:
    """The case's reference as people quote it (region, year, number), not a database id."""
    return f"{d.region.code.upper()}/{_local_year(d.case.created_at)}/{d.case.id:05d}"


def _local_year(when: datetime) -> int:
    from models.documents import AMSTERDAM

    return when.astimezone(AMSTERDAM).year if when.tzinfo else when.year


def organisation(region: Region) -> dict:
    """The requesting organisation (the RVT as such), with its address and how to reach it."""
    place_line = " ".join(p for p in (region.postal_code, region.place) if p)
    return {"name": region.legal_name or region.name, "address": region.address, "place_line": place_line,
            "place": region.place or region.court_location, "phone": region.phone, "email": region.email,
            "full_address": ", ".join(p for p in (region.address, place_line) if p)}


def child_views(d: Dossier, now: datetime) -> list[dict]:
    """Per child of the request: its view, or why it was not heard (refusal, a capability assessment, its age,
    or urgency) — never a generic sentence in place of what was recorded."""
    hearing = d.catalogue.hearing
    parties = {p.person_id: p for p in d.parties if p.kind == "child"}
    views = []
    for child in d.children():
        age = child.age_on(now.date())
        voice, party = d.voices.get(child.id), parties.get(child.id)
        follow_up = d.follow_ups.get(party.id) if party is not None else None
        view = {"name": child.full_name, "age": age, "heard": False, "method": "", "obtained_by": "",
                "obtained_at": "", "words": "", "summary": "", "not_heard": ""}
        if voice is not None and voice.heard:
            view.update(heard=True, method=VOICE_METHODS.get(voice.method, voice.method),
                        obtained_by=voice.obtained_by,
                        obtained_at=format_date_nl(voice.obtained_at) if voice.obtained_at else "",
                        words=voice.child_words, summary=voice.professional_summary)
        elif voice is not None:
            reason = NOT_HEARD_REASONS.get(voice.not_heard_reason, voice.not_heard_reason)
            view["not_heard"] = f"Niet gehoord, omdat {reason}." + (f" {voice.explanation}" if voice.explanation else "")
        elif follow_up is not None:
            view["not_heard"] = (f"Nog niet gehoord vanwege spoed (art. 809 lid 3 Rv); het kind wordt uiterlijk op "
                                 f"{format_date_nl(follow_up.deadline)} alsnog gehoord.")
        elif party is not None and party.capable is False:
            by = party.capability_assessed_by or "de professional"
            on = f" op {format_date_nl(party.capability_assessed_at)}" if party.capability_assessed_at else ""
            view["not_heard"] = (f"Niet gehoord: {by} heeft{on} beoordeeld dat {child.given_names} niet in staat is "
                                 f"een eigen mening te vormen en te uiten." +
                                 (f" Toelichting: {party.capability_note}" if party.capability_note else ""))
        elif age is not None and age < hearing.child_hearing_age:
            view["not_heard"] = (f"Niet gehoord: {child.given_names} is jonger dan {hearing.child_hearing_age} jaar "
                                 f"({hearing.child_hearing_article}) en er is geen beoordeling vastgelegd dat "
                                 f"{child.given_names} een eigen mening kan uiten. Het belang van het kind is in de "
                                 "gronden beschreven.")
        else:
            continue  # no record at all: the approve gate refuses this, it cannot reach a document
        views.append(view)
    return views


def _invitation(party) -> str:
    """'Uitgenodigd om op het concept te reageren per e-mail op 2 november 2026, met een reactietermijn tot ...'"""
    if party.invited_at is None:
        return "Niet apart uitgenodigd; heeft uit eigen beweging gereageerd" if party.responded_at else "Niet uitgenodigd"
    sentence = (f"Uitgenodigd om op het concept te reageren ({CHANNELS.get(party.channel, party.channel)}) op "
                f"{format_date_nl(party.invited_at)}")
    return sentence + (f", met een reactietermijn tot {format_date_nl(party.deadline)}" if party.deadline else "")


def _spoed(d: Dossier, fact_numbers: dict[str, int]) -> dict | None:
    """Why the court is asked to decide before the normal hearing (art. 809 lid 3 Rv), as substantiated and as
    the panel's jurist accepted it; None for a request without spoed."""
    from models.request import URGENCY_PARTS

    c = d.content
    if not (d.request.spoed or (d.measure and d.measure.spoed)):
        return None
    details = c.urgency_details
    accepted_by = d.users.get(d.request.urgency_accepted_by) if d.request.urgency_accepted_by else None
    return {
        "danger": details.danger if details else c.urgency,
        "facts": ", ".join(str(fact_numbers[k]) for k in details.fact_keys if k in fact_numbers) if details else "",
        "hearing": details.why_hearing_cannot_wait if details else "",
        "accepted": (f"{accepted_by.name if accepted_by else 'de jurist van het panel'} (jurist van het panel) "
                     f"aanvaardde de spoed op {format_date_nl(d.request.urgency_accepted_at)}"
                     + (f", steunend op {', '.join(URGENCY_PARTS.get(p, p) for p in d.request.urgency_relies_on)}"
                        if d.request.urgency_relies_on else "")
                     + (f": {d.request.urgency_reasons}" if d.request.urgency_reasons else ""))
        if d.request.urgency_accepted_at else "",
    }


def hearing_positions(d: Dossier) -> list[dict]:
    """Per parent or other party that was (or had to be) heard: how they were invited, and their position in
    their own words, or that they let the deadline pass, or that the hearing follows after spoed."""
    positions = []
    for party in d.parties:
        person = d.person(party.person_id)
        if party.kind == "child" or not (party.required or party.invited_at or party.responded_at):
            continue
        responded = party.responded_at is not None
        follow_up = d.follow_ups.get(party.id)
        text = party.response_text if responded else NOT_RESPONDED
        if not responded and follow_up is not None:
            text = DEFERRED.format(date=format_date_nl(follow_up.deadline))
        positions.append({
            "name": person.full_name,
            "relation": f"{_relation(person)}, {PARTY_KIND_LABELS[party.kind]}",
            "invitation": _invitation(party),
            "responded": responded,
            "position": POSITIONS.get(party.position, "") if responded else "",
            "response_date": format_date_nl(party.responded_at) if responded else "",
            "text": text,
            "on_behalf_of": party.responded_by if responded else "",
        })
    return positions


def build_verzoekschrift_context(dossier: Dossier, regions: dict[int, Region], now: datetime, code: str) -> dict:
    """The template's data, from the dossier alone. Pure: no database, no clock."""
    d, c, m = dossier, dossier.content, dossier.measure
    children = d.children()
    facts = [f for f in c.facts if f.kind == "fact"]
    fact_numbers = {f.key: i for i, f in enumerate(facts, 1)}
    option = next(o for o in m.grounds if all(c.answer(e.code) and c.answer(e.code).answer.strip() for e in o.elements))
    positions = hearing_positions(d)
    members = []
    for seat in d.seats:
        user, verdict = d.user(seat.user_id), d.effective_verdicts()[seat.id]
        members.append({"name": user.name, "role": ROLE_LABELS[seat.role], "region": regions[user.region_id].name,
                        "verdict": DECISION_LABELS[Decision(verdict.decision)], "date": format_date_nl(verdict.recorded_at),
                        "reasons": verdict.reasons})
    signoffs = [{"name": d.user(s.user_id).name, "role": ROLE_LABELS[s.role], "date": format_date_nl(s.signed_at),
                 "declaration": s.declaration} for s in sorted(d.signoffs, key=lambda s: s.signed_at)]
    approved_on = max(v.recorded_at for v in d.effective_verdicts().values())
    requester, org = d.requester, organisation(d.region)
    parties = [p for p in sorted(d.persons.values(), key=lambda p: p.id) if p.kind != "child"]
    with_gezag = [p for p in parties if p.has_gezag]
    duration = f"{c.duration_months} maanden" if c.duration_months else "onbepaalde tijd"
    return {
        "court": {"name": d.region.court, "location": d.region.court_location},
        "title": f"Verzoekschrift {m.name}",
        "reference": case_reference(d),
        "organisation": org,
        "requester": {"name": requester.name, "function": requester.function or "RVT-professional",
                      "capacity": d.catalogue.capacities[c.capacity]},
        "minors_label": "De minderjarige" if len(children) == 1 else "De minderjarigen",
        "measure": {"code": m.code, "name": m.name, "articles": ", ".join(m.articles),
                    "court_request": m.court_request_for(len(children), len(with_gezag) or len(parties)),
                    "duration": duration, "duration_article": m.duration_article,
                    "provisional_enforceability": m.provisional_enforceability},
        "institution": ({"label": m.executing_institution, "name": c.executing_institution}
                        if m.executing_institution and c.executing_institution.strip() else None),
        "children": [{"name": ch.full_name, "date_of_birth": format_date_nl(ch.date_of_birth),
                      "age": ch.age_on(now.date()), "residence": _address(ch)} for ch in children],
        "parties": [{"name": p.full_name, "relation": _relation(p), "gezag": "met gezag" if p.has_gezag else "zonder gezag",
                     "address": _address(p), "lawyer": p.lawyer} for p in parties],
        "summary": c.summary,
        "facts": [{"number": fact_numbers[f.key], "text": f.text, "source": f.source, "date": format_date_nl(f.date),
                   "confirmed_by": f.confirmed_by} for f in facts],
        "opinions": [{"text": f.text, "held_by": f.held_by or "niet vermeld", "source": f.source,
                      "date": format_date_nl(f.date) if f.date else ""} for f in c.facts if f.kind == "opinion"],
        "concerns": list(c.concerns),
        "grounds": [{"article": e.article, "question": e.question, "answer": c.answer(e.code).answer,
                     "facts": ", ".join(str(fact_numbers[k]) for k in c.answer(e.code).fact_keys)}
                    for e in option.elements],
        "ground_option_label": option.label,
        "alternatives": [{"kind": d.catalogue.alternative_kinds[a.kind], "description": a.description, "tried": a.tried,
                          "not_tried": a.was_tried is False, "when": a.tried_when, "why_not": a.why_not_tried,
                          "result": a.result, "why_insufficient": a.why_insufficient} for a in c.alternatives],
        "spoed": _spoed(d, fact_numbers),
        "proportionality": c.proportionality,
        "duration_reason": c.duration_reason,
        "effectiveness": c.effectiveness,
        "acceptable_term": c.acceptable_term,
        "goals": [g for g in c.goals if g.strip()],
        "positions": positions,
        "child_views": child_views(d, now),
        "tegenspraak": {"members": members, "signoffs": signoffs, "revision_number": d.revision.number,
                        "escalation": escalation_sentence(d),
                        "revision_hash": d.revision.content_hash, "approved_on": format_date_nl(approved_on)},
        "attachments": [a.title for a in c.attachments],
        "place": org["place"],
        "date": format_date_nl(now),
        "signatory": {"name": requester.name, "function": requester.function or "RVT-professional",
                      "organisation": org["name"]},
        "verification_code": code,
        "verification_hint": (f"Verificatiecode {code}. {org['name']} bevestigt op verzoek dat dit verzoekschrift "
                              "ongewijzigd is en welke tegenspraak eraan voorafging"
                              + (f" ({', '.join(x for x in (org['phone'], org['email']) if x)})"
                                 if org["phone"] or org["email"] else "") + "."),
    }


def escalation_sentence(d: Dossier) -> str:
    """The sentence that states the dissent and the escalation's decision, or '' when the panel agreed."""
    if d.escalation is None or not d.escalation.proceed:
        return ""
    against = [d.user(s.user_id).name for s in d.seats
               if d.effective_verdicts()[s.id].decision not in (Decision.akkoord, Decision.klein)]
    manager = d.users.get(d.escalation.decided_by)
    name = manager.name if manager else "de regiomanager"
    return (f"Niet unaniem: {', '.join(against)} adviseerde(n) het verzoek niet in te dienen. Na escalatie besloot "
            f"{name} (regiomanager) op {format_date_nl(d.escalation.decided_at)} het verzoek toch in te dienen, "
            f"omdat: {d.escalation.reasons}")


DOCUMENT_TITLES = {"verzoekschrift": "Verzoekschrift", "tegenspraakverslag": "Tegenspraakverslag",
                   "kinderbrief": "Brief aan het kind", "ouderbrief": "Brief aan de ouder",
                   "gezinsbrief": "Brief aan het gezin"}


def document_properties(dossier: Dossier, kind: str, code: str, now: datetime) -> DocumentProperties:
    """Title, author (the organisation), creation time (render time) and language of one document."""
    label = DOCUMENT_TITLES.get(kind.split("-")[0], kind)
    children = ", ".join(c.full_name for c in dossier.children())
    return DocumentProperties(title=f"{label} {dossier.measure.name} — {children}",
                              author=organisation(dossier.region)["name"], created=now,
                              subject=f"{dossier.measure.name} ({', '.join(dossier.measure.articles)}), kenmerk "
                                      f"{case_reference(dossier)}", keywords=code)
