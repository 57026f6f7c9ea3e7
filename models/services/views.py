"""Read models: what a user may see of a request, assembled in one place for the API and the scripts."""

from datetime import datetime

import json

from pydantic_core import to_jsonable_python as to_jsonable
from sqlmodel import Session, select

from models.audit import AuditEvent
from models.case import Case
from models.court_document import CourtDocument
from models.errors import NotFound
from models.gates import checklist
from models.readability import request_hints
from models.hearing import PARTY_KIND_LABELS
from models.organisation import ROLE_LABELS, Region, User
from models.request import STATE_LABELS, Request, RequestRevision, RequestState
from models.review import Decision, Verdict
from models.family import Person, PersonPublic
from models.services import access


def _readable(session: Session, actor: User, request_id: int, part: str, now: datetime,
              object_id: int | None = None):
    """The dossier, after the access check and the access-log record (see models.services.access)."""
    return access.open_request(session, actor=actor, request_id=request_id, part=part, now=now,
                               object_id=object_id)


def family_view(session: Session, *, actor: User, family_id: int, now: datetime) -> dict:
    family = access.open_family(session, actor=actor, family_id=family_id, now=now)
    persons = session.exec(select(Person).where(Person.family_id == family_id).order_by(Person.id)).all()
    return {"id": family.id, "name": family.name, "language": family.language, "region_id": family.region_id,
            "persons": [PersonPublic.model_validate(p, from_attributes=True).model_dump(mode="json") for p in persons]}


def correction_list(session: Session, request: Request) -> list[dict]:
    """The panel's reasons for returning the request, visible to the indiener until resubmission."""
    if request.returned_revision_id is None:
        return []
    rows = session.exec(select(Verdict, User).join(User, User.id == Verdict.reviewer_id)
                        .where(Verdict.revision_id == request.returned_revision_id,
                               Verdict.decision != Decision.akkoord)).all()
    return [{"reviewer": u.name, "decision": v.decision, "reasons": v.reasons} for v, u in rows]


def request_view(session: Session, *, actor: User, request_id: int, now: datetime) -> dict:
    d = _readable(session, actor, request_id, "request", now)
    regions = {r.id: r.name for r in session.exec(select(Region))}
    documents = session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id)
                             .order_by(CourtDocument.id)).all()
    return {
        "id": d.request.id,
        "case_id": d.case.id,
        "region": d.region.name,
        "measure": d.content.measure,
        "measure_name": d.measure.name if d.measure else d.content.measure,
        "state": d.request.state,
        "state_label": STATE_LABELS[RequestState(d.request.state)],
        "spoed": d.request.spoed,
        "catalogue_version": d.request.catalogue_version,
        "flagged": d.request.flagged,
        "closing_reason": d.request.closing_reason,
        "revision": {"id": d.revision.id, "number": d.revision.number, "content_hash": d.revision.content_hash,
                     "content": d.content.model_dump(mode="json")},
        "approved_revision_id": d.request.approved_revision_id,
        "checklist": checklist(d, now),
        "criteria": [{"code": code, "label": label} for code, label in d.criteria()],
        "readability": request_hints(d.content),
        "assessments": [{"reviewer": d.user(a.reviewer_id).name if a.reviewer_id in d.users else a.reviewer_id,
                         "criterion": a.criterion, "outcome": a.outcome, "reasoning": a.reasoning}
                        for a in d.assessments],
        "verdicts": [{"reviewer": d.user(v.reviewer_id).name, "decision": v.decision, "reasons": v.reasons,
                      "revision_id": v.revision_id, "override": v.override, "override_reasons": v.override_reasons,
                      "overridden_criteria": v.overridden_criteria} for v in d.effective_verdicts().values()],
        "warning_acceptances": [{"code": a.code, "field": a.field, "message": a.message,
                                 "accepted_by": d.user(a.accepted_by).name, "reasons": a.reasons,
                                 "accepted_at": a.accepted_at} for a in d.warning_acceptances],
        "correction_list": correction_list(session, d.request),
        "panel": [{"seat_id": s.id, "role": s.role, "role_label": ROLE_LABELS[s.role], "seat_no": s.seat_no,
                   "user_id": s.user_id, "name": d.user(s.user_id).name,
                   "region": regions[d.user(s.user_id).region_id],
                   "verdict": d.effective_verdicts()[s.id].decision if s.id in d.effective_verdicts() else None,
                   "chair": s.id == d.chair_seat_id} for s in d.seats],
        "minor_change": d.minor_change,
        "parties": [{"id": p.id, "person_id": p.person_id, "name": d.person(p.person_id).full_name, "kind": p.kind,
                     "kind_label": PARTY_KIND_LABELS[p.kind], "required": p.required,
                     "invited_at": p.invited_at, "channel": p.channel, "proof": p.proof, "deadline": p.deadline,
                     "responded_at": p.responded_at, "position": p.position, "response_text": p.response_text,
                     "responded_by": p.responded_by, "lapsed_at": p.lapsed_at} for p in d.parties],
        "child_voices": [{"person_id": v.person_id, "name": d.person(v.person_id).full_name, "heard": v.heard,
                          "method": v.method, "obtained_by": v.obtained_by, "obtained_at": v.obtained_at,
                          "child_words": v.child_words, "professional_summary": v.professional_summary,
                          "not_heard_reason": v.not_heard_reason, "explanation": v.explanation}
                         for v in d.voices.values()],
        "signoffs": [{"user_id": s.user_id, "name": d.user(s.user_id).name, "role": s.role,
                      "revision_hash": s.revision_hash, "signed_at": s.signed_at} for s in d.signoffs],
        "documents": [{"id": doc.id, "revision_id": doc.revision_id, "sha256": doc.sha256,
                       "verification_code": doc.verification_code, "rendered_at": doc.rendered_at,
                       "download": f"/documents/{doc.id}/download"} for doc in documents],
    }


def revisions_view(session: Session, *, actor: User, request_id: int,
                   now: datetime) -> list[RequestRevision]:
    _readable(session, actor, request_id, "revision", now)
    return list(session.exec(select(RequestRevision).where(RequestRevision.request_id == request_id)
                             .order_by(RequestRevision.number)))


def audit_view(session: Session, *, actor: User, request_id: int, now: datetime) -> list[AuditEvent]:
    _readable(session, actor, request_id, "audit", now)
    return list(session.exec(select(AuditEvent).where(AuditEvent.request_id == request_id).order_by(AuditEvent.id)))


def checklist_view(session: Session, *, actor: User, request_id: int, now: datetime) -> list[dict]:
    return checklist(_readable(session, actor, request_id, "request", now), now)


def document_for_download(session: Session, *, actor: User, document_id: int,
                          now: datetime) -> CourtDocument:
    document = session.get(CourtDocument, document_id)
    if document is None:
        raise NotFound("Document bestaat niet.", code="document_not_found")
    _readable(session, actor, document.request_id, "document", now, object_id=document_id)
    return session.get(CourtDocument, document_id)


def visible_requests(session: Session, *, actor: User) -> list[dict]:
    stmt = (select(Request, Case).join(Case, Case.id == Request.case_id)
            .where(access.readable_requests_clause(actor)).order_by(Request.id))
    return [{"id": r.id, "case_id": c.id, "measure": r.measure, "state": r.state,
             "state_label": STATE_LABELS[RequestState(r.state)], "flagged": r.flagged}
            for r, c in session.exec(stmt).all()]


def case_view(session: Session, *, actor: User, case_id: int, now: datetime) -> dict:
    case = access.open_case(session, actor=actor, case_id=case_id, now=now)
    requests = session.exec(select(Request).where(Request.case_id == case_id).order_by(Request.id)).all()
    return {"id": case.id, "title": case.title, "family_id": case.family_id, "region_id": case.region_id,
            "owner_id": case.owner_id,
            "requests": [{"id": r.id, "measure": r.measure, "state": r.state,
                          "state_label": STATE_LABELS[RequestState(r.state)]} for r in requests]}


def revision_diff(session: Session, *, actor: User, request_id: int, before: int, after: int,
                  now: datetime) -> dict:
    import difflib

    from models.dossier import material_changes

    revisions = {r.number: r for r in revisions_view(session, actor=actor, request_id=request_id, now=now)}
    if before not in revisions or after not in revisions:
        raise NotFound("Die revisie bestaat niet.", code="revision_not_found")
    a, b = revisions[before].parsed(), revisions[after].parsed()
    changes = []
    for name in type(a).model_fields:
        old, new = getattr(a, name), getattr(b, name)
        if old == new:
            continue
        old_text = json.dumps(to_jsonable(old), ensure_ascii=False, indent=1, sort_keys=True).splitlines()
        new_text = json.dumps(to_jsonable(new), ensure_ascii=False, indent=1, sort_keys=True).splitlines()
        changes.append({"field": name, "diff": list(difflib.unified_diff(old_text, new_text, f"revisie {before}",
                                                                         f"revisie {after}", lineterm=""))})
    return {"before": before, "after": after, "changes": changes,
            "material": material_changes(a, b)}
