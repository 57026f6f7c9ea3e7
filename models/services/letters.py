"""The letters that go with a court request: the family letter (B1) and a letter for each child of the
hearing age. Context builders are pure."""

from models.documents import format_date_nl
from models.dossier import Dossier

RIGHTS = [
    {"title": "Rechtsbijstand", "text": "U mag een advocaat nemen. Soms betaalt de overheid een deel (het Juridisch "
                                         "Loket helpt u daarbij)."},
    {"title": "Cliëntondersteuning", "text": "U mag gratis hulp vragen van een onafhankelijke cliëntondersteuner."},
    {"title": "Klachtrecht", "text": "Bent u het niet eens met hoe wij werken? Dan mag u een klacht indienen, "
                                      "bijvoorbeeld bij het AKJ."},
    {"title": "Inzage", "text": "U mag uw dossier lezen en vragen om fouten te verbeteren."},
]
CONTRA_EXPERTISE = {"title": "Contra-expertise", "text": "U mag de rechter vragen om een onderzoek door een andere, "
                                                        "onafhankelijke deskundige (art. 810a Rv)."}


def _names(names: list[str]) -> str:
    return " en ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else (names[0] if names else "")


def family_letter_context(d: Dossier, now, code: str) -> dict:
    parents = [p.full_name for p in d.persons.values() if p.kind in ("parent", "carer")]
    m = d.measure
    return {
        "organisation": d.region.name, "place": d.region.court_location, "date": format_date_nl(now),
        "recipients": _names(parents) or "ouders", "children": _names([c.given_names for c in d.children()]),
        "measure_name": m.name, "plain": m.plain, "summary": d.content.summary,
        "goals": [g for g in d.content.goals if g.strip()],
        "duration": f"{d.content.duration_months} maanden" if d.content.duration_months else "onbepaalde tijd",
        "next_steps": [
            f"De kinderrechter van de {d.region.court} krijgt ons verzoek. U krijgt een kopie.",
            "De rechtbank nodigt u uit voor een zitting. Daar mag u zelf vertellen wat u ervan vindt.",
            "Kinderen van 12 jaar en ouder mogen de rechter ook zelf vertellen wat zij vinden.",
            "Na de zitting beslist de kinderrechter. U krijgt die beslissing schriftelijk.",
        ],
        "rights": RIGHTS + ([CONTRA_EXPERTISE] if m.contra_expertise else []),
        "contact": {"name": d.requester.name, "email": d.requester.email},
        "verification_code": code,
    }


def child_letter_context(d: Dossier, child, now, code: str) -> dict:
    voice = d.voices.get(child.id)
    return {"place": d.region.court_location, "date": format_date_nl(now), "name": child.given_names,
            "plain": d.measure.plain, "why": d.content.summary, "heard": bool(voice and voice.heard),
            "contact": d.requester.name, "verification_code": code}
