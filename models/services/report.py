"""The tegenspraak report for the file: who reviewed, why, and what changed between revisions."""

from sqlmodel import Session, select

from models.documents import format_date_nl
from models.dossier import Dossier, material_changes
from models.organisation import ROLE_LABELS, Region
from models.request import RequestRevision
from models.review import DECISION_LABELS, OUTCOME_LABELS, Assessment, Decision, Outcome


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
