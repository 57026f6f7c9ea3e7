"""The tegenspraak report for the file: who reviewed, why, and what changed between revisions."""

from sqlmodel import Session, select

from models.documents import format_date_nl
from models.dossier import Dossier, material_changes
from models.organisation import ROLE_LABELS, Region
from models.request import RequestRevision
from models.review import DECISION_LABELS, OUTCOME_LABELS, Assessment, Decision, Outcome
from models.services.court_context import case_reference, child_views, escalation_sentence, hearing_positions


def combined_findings(d: Dossier, assessments: list[Assessment]) -> list[dict]:
    """Per criterion one line: the panel's combined finding, and who diverged. Reasons that several members
    gave in the same words are given once."""
    seat_role = {s.user_id: ROLE_LABELS[s.role] for s in d.seats}
    latest: dict[tuple[str, int], Assessment] = {}
    for a in assessments:
        if a.reviewer_id in seat_role:
            latest[(a.criterion, a.reviewer_id)] = a  # ordered by id: the last word of each member counts
    rows = []
    for code, label in d.criteria():
        found = [a for (criterion, _), a in latest.items() if criterion == code]
        if not found:
            continue
        outcomes = {a.outcome for a in found}
        if len(outcomes) == 1:
            finding = f"{OUTCOME_LABELS[Outcome(found[0].outcome)]} (eensluidend, {len(found)} leden)"
        else:
            finding = "verdeeld: " + "; ".join(
                f"{OUTCOME_LABELS[Outcome(o)]} volgens " + ", ".join(
                    f"{d.user(a.reviewer_id).name} ({seat_role[a.reviewer_id]})" for a in found if a.outcome == o)
                for o in (x.value for x in Outcome) if o in outcomes)
        reasons, seen = [], set()
        for a in found:
            text = a.reasoning.strip()
            if text.lower() in seen:
                continue
            seen.add(text.lower())
            reasons.append(text if len(outcomes) == 1 else f"{seat_role[a.reviewer_id]}: {text}")
        rows.append({"criterion": label, "finding": finding, "reasons": " ".join(reasons),
                     "divergent": len(outcomes) > 1})
    return rows


def independence(d: Dossier, seat, regions: dict[int, Region], own_words: str) -> str:
    """Why this member could review: the hard constraints the engine checked when it gave the seat."""
    user = d.user(seat.user_id)
    parts = [f"werkt bij {regions[user.region_id].name}, niet bij {d.region.name} dat het verzoek indient",
             "staat niet in het zaakteam",
             "had geen eerdere betrokkenheid bij dit gezin en meldde geen belangenconflict (gecontroleerd bij "
             f"toewijzing op {format_date_nl(seat.assigned_at)})"]
    if own_words.strip():
        parts.append(f"eigen verklaring: {own_words.strip().rstrip('.')}")
    return "; ".join(parts) + "."


def _override(d: Dossier, verdict) -> str:
    """An akkoord although the member found criteria wanting: the criteria and the member's reasons."""
    if not verdict.override:
        return ""
    labels = dict(d.criteria())
    wanting = ", ".join(labels.get(c, c) for c in verdict.overridden_criteria)
    return (f"akkoord ondanks eigen bevinding 'voldoet niet' op: {wanting}. Reden voor deze afwijking: "
            f"{verdict.override_reasons}")


def report_context(session: Session, d: Dossier, now, code: str) -> dict:
    regions = {r.id: r for r in session.exec(select(Region))}
    verdicts = d.effective_verdicts()
    revision_ids = {v.revision_id for v in verdicts.values()} | {d.revision.id}
    assessments = session.exec(select(Assessment).where(Assessment.revision_id.in_(revision_ids))
                               .order_by(Assessment.id)).all()
    own_independence = {a.reviewer_id: a.reasoning for a in assessments if a.criterion == "onafhankelijkheid"}
    members = [{"name": d.user(s.user_id).name, "role": ROLE_LABELS[s.role],
                "region": regions[d.user(s.user_id).region_id].name,
                "verdict": DECISION_LABELS[Decision(verdicts[s.id].decision)],
                "date": format_date_nl(verdicts[s.id].recorded_at), "reasons": verdicts[s.id].reasons,
                "override": _override(d, verdicts[s.id]),
                "independence": independence(d, s, regions, own_independence.get(s.user_id, ""))}
               for s in d.seats if s.id in verdicts]
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
    children = ", ".join(c.full_name for c in d.children())
    requester = d.requester
    return {
        "title": f"Tegenspraakverslag — {d.measure.name}",
        "reference": case_reference(d),
        "request_label": f"verzoek tot {d.measure.name} voor {children}, revisie {d.revision.number}",
        "region": d.region.name, "catalogue_version": d.request.catalogue_version or d.catalogue.version,
        "drafted_by": f"{requester.name}, {requester.function or 'RVT-professional'}, {d.region.name}",
        "revision_number": d.revision.number, "revision_hash": d.revision.content_hash,
        "members": members, "escalation": escalation_sentence(d),
        "findings": combined_findings(d, assessments),
        "positions": hearing_positions(d),
        "child_views": child_views(d, now),
        "warnings": _warnings(d, now),
        "revisions": history,
        "signoffs": [{"name": d.user(s.user_id).name, "role": ROLE_LABELS[s.role], "date": format_date_nl(s.signed_at),
                      "declaration": s.declaration} for s in d.signoffs],
        "verification_code": code,
    }


def _warnings(d: Dossier, now) -> list[dict]:
    """Every intake warning on the approved revision, with the panel member who accepted it and why."""
    from models.intake import intake

    accepted = {(a.code, a.field): a for a in d.warning_acceptances}
    seat_role = {s.user_id: ROLE_LABELS[s.role] for s in d.seats}
    out = []
    for w in intake(d, now)[1]:
        a = accepted.get((w.code, w.field or ""))
        how = (f"aanvaard door {d.user(a.accepted_by).name} ({seat_role.get(a.accepted_by, 'panellid')}) op "
               f"{format_date_nl(a.accepted_at)}: {a.reasons}" if a is not None else "niet aanvaard")
        out.append({"message": w.message, "resolution": how})
    return out
