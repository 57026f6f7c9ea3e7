"""The documents that go with a court request: the family letter (B1), a letter for each child of the
hearing age, and the tegenspraak report for the file. Context builders are pure."""

from sqlmodel import Session, select

from models.documents import format_date_nl
from models.dossier import Dossier, material_changes
from models.organisation import ROLE_LABELS, Region
from models.request import RequestRevision
from models.review import DECISION_LABELS, OUTCOME_LABELS, Assessment, Decision, Outcome

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


def report_context(session: Session, d: Dossier, now, code: str) -> dict:
    from models.intake import intake

    regions = {r.id: r.name for r in session.exec(select(Region))}
    verdicts = d.effective_verdicts()
    members = [{"name": d.user(s.user_id).name, "role": ROLE_LABELS[s.role], "region": regions[d.user(s.user_id).region_id],
                "verdict": DECISION_LABELS[Decision(verdicts[s.id].decision)],
                "date": format_date_nl(verdicts[s.id].recorded_at), "reasons": verdicts[s.id].reasons}
               for s in d.seats if s.id in verdicts]
    labels = dict(d.criteria())
    revision_ids = {v.revision_id for v in verdicts.values()} | {d.revision.id}
    assessments = session.exec(select(Assessment).where(Assessment.revision_id.in_(revision_ids))
                               .order_by(Assessment.criterion, Assessment.id)).all()
    seat_users = {s.user_id for s in d.seats}
    revisions = session.exec(select(RequestRevision).where(RequestRevision.request_id == d.request.id)
                             .order_by(RequestRevision.number)).all()
    history, previous = [], None
    for r in revisions:
        changes = []
        if previous is not None:
            before, after = previous.parsed(), r.parsed()
            changed = [f for f in type(after).model_fields if getattr(before, f) != getattr(after, f)]
            material = set(material_changes(before, after))
            changes = [f"gewijzigd: {f}{' (raakt wat partijen is voorgelegd)' if f in material else ''}"
                       for f in changed]
        history.append({"number": r.number, "date": format_date_nl(r.created_at), "note": r.note or "—",
                        "hash": r.content_hash, "changes": changes})
        previous = r
    from models.services.rendering import _escalation

    return {
        "title": f"Tegenspraakverslag — {d.measure.name}",
        "request_label": f"verzoek {d.request.id}, zaak {d.case.id} ({', '.join(c.full_name for c in d.children())})",
        "region": d.region.name, "catalogue_version": d.request.catalogue_version or d.catalogue.version,
        "revision_number": d.revision.number, "revision_hash": d.revision.content_hash,
        "members": members, "escalation": _escalation(d),
        "assessments": [{"criterion": labels.get(a.criterion, a.criterion), "reviewer": d.user(a.reviewer_id).name,
                         "outcome": OUTCOME_LABELS[Outcome(a.outcome)], "reasoning": a.reasoning}
                        for a in assessments if a.reviewer_id in seat_users],
        "warnings": [p.message for p in intake(d, now)[1]],
        "revisions": history,
        "signoffs": [{"name": d.user(s.user_id).name, "role": ROLE_LABELS[s.role], "date": format_date_nl(s.signed_at),
                      "declaration": s.declaration} for s in d.signoffs],
        "verification_code": code,
    }
