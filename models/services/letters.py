"""The letters that go with a court request: one to each parent or carer who is a party, each at their own
address, and one to each child who may give its view. Context builders are pure; every text for the family
comes from the texts data (models/texts), per reader and per measure."""

from collections.abc import Callable
from datetime import datetime

from models.documents import format_date_nl
from models.dossier import Dossier
from models.family import Person
from models.texts import fill, get_texts

PARENT_TEMPLATE = "gezinsbrief.docx"  # one letter per parent, from the template of the former family letter
CHILD_TEMPLATE = "kinderbrief.docx"


def _names(names: list[str]) -> str:
    return " en ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else (names[0] if names else "")


def letter_parents(d: Dossier) -> list[Person]:
    """Every parent or carer who is a party to the request (as in the verzoekschrift's positions)."""
    ids = {p.person_id for p in d.parties
           if p.kind != "child" and (p.required or p.invited_at or p.responded_at)}
    return [d.person(i) for i in sorted(ids)]


def letter_children(d: Dossier, now: datetime) -> list[Person]:
    """Children of the catalogue's hearing age, and younger children found able to give their view."""
    hearing_age = d.catalogue.hearing.child_hearing_age
    capable = {p.person_id for p in d.parties if p.kind == "child" and p.capable}
    return [c for c in d.children() if (c.age_on(now.date()) or 0) >= hearing_age or c.id in capable]


def letter_jobs(d: Dossier, now: datetime) -> list[tuple[str, str, Callable[[str], dict]]]:
    """(document kind, template, context for a verification code) for every letter to the family."""
    jobs = [(f"ouderbrief-{p.id}", PARENT_TEMPLATE, lambda code, p=p: parent_letter_context(d, p, now, code))
            for p in letter_parents(d)]
    jobs += [(f"kinderbrief-{c.id}", CHILD_TEMPLATE, lambda code, c=c: child_letter_context(d, c, now, code))
             for c in letter_children(d, now)]
    return jobs


def contact(d: Dossier) -> dict[str, str]:
    """Whom the family calls: the indiener by name, on their team's phone and e-mail."""
    reach = d.region.contact_for(d.requester.team)
    return {"name": d.requester.name, "team": d.requester.team or organisation(d), "function": d.requester.function,
            "phone": reach["phone"], "email": reach["email"] or d.requester.email}


def organisation(d: Dossier) -> str:
    return d.region.legal_name or d.region.name


def text_values(d: Dossier, person: Person | None = None) -> dict[str, object]:
    """The values the family texts' placeholders are filled with; `person` is the parent a text is for."""
    region, who = d.region, contact(d)
    postal = ", ".join(part for part in (region.address, f"{region.postal_code} {region.place}".strip()) if part)
    values = {
        "court": region.court,
        "hearing_age": d.catalogue.hearing.child_hearing_age,
        "organisation": organisation(d),
        "organisation_reach": " of ".join(part for part in (postal, region.email) if part)
                              or f"{who['phone']} ({who['name']})",
        "gemeente": f"de gemeente {person.residence}" if person is not None and person.residence else "uw gemeente",
        "team": who["team"],
        "contact_name": who["name"], "contact_phone": who["phone"], "contact_email": who["email"],
    }
    values["complaints"] = region.complaints or fill(get_texts().parents.complaints_unknown, values | {"complaints": ""})
    return values


def parent_rights(d: Dossier, person: Person | None = None) -> list[dict[str, str]]:
    values = text_values(d, person)
    return [{"title": r.title, "text": fill(r.text, values)} for r in get_texts().parent_rights(d.measure)]


def parent_measure_text(d: Dossier) -> str:
    texts = get_texts().measure(d.content.measure).parents
    return texts.one if len(d.children()) == 1 else texts.many


def parent_letter_context(d: Dossier, parent: Person, now: datetime, code: str) -> dict:
    texts, m, region = get_texts(), d.measure, d.region
    values = text_values(d, parent)
    who = contact(d)
    return {
        "sender": {"organisation": organisation(d), "address": region.address,
                   "postal_place": f"{region.postal_code} {region.place}".strip(), "phone": region.phone,
                   "email": region.email},
        "place": region.place or region.court_location, "date": format_date_nl(now),
        "recipient": {"name": parent.full_name, "address": parent.address,
                      "postal_place": f"{parent.postal_code} {parent.residence}".strip()},
        "copy_to": parent.lawyer,
        "children": _names([c.given_names for c in d.children()]),
        "measure_name": m.name, "plain": parent_measure_text(d), "summary": d.content.summary,
        "goals": [g for g in d.content.goals if g.strip()],
        "duration": f"{d.content.duration_months} maanden" if d.content.duration_months else "onbepaalde tijd",
        "next_steps": [fill(step, values) for step in texts.parents.next_steps],
        "rights": parent_rights(d, parent),
        "contact": who | {"text": fill(texts.parents.contact, values)},
        "verification_code": code,
    }


def child_texts(d: Dossier) -> dict:
    """What the child reads, in the letter and on the portal: honest about who reads its words, with the other
    ways to be heard."""
    texts, values = get_texts().child, text_values(d)
    return {
        "plain": get_texts().measure(d.content.measure).child,
        **{name: fill(getattr(texts, name), values)
           for name in ("who_reads", "heard", "not_heard", "why", "next", "options_intro", "unsafe", "contact",
                        "thanks")},
        "options": [{"title": o.title, "text": fill(o.text, values)} for o in texts.options],
    }


def child_letter_context(d: Dossier, child: Person, now: datetime, code: str) -> dict:
    voice = d.voices.get(child.id)
    return {"place": d.region.place or d.region.court_location, "date": format_date_nl(now),
            "name": child.given_names, "organisation": organisation(d), "heard": bool(voice and voice.heard),
            "texts": child_texts(d), "contact": contact(d), "verification_code": code}
