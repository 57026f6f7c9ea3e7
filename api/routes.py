"""Endpoints for every step of the lifecycle. Each calls one service function."""

from pathlib import Path

from fastapi import APIRouter, Request as HttpRequest, UploadFile
from fastapi.responses import FileResponse
from sqlmodel import select

from api.deps import ActorDep, SessionDep
from api.schemas import (AssessmentsCreate, EscalationCreate, CaseCreate, ChildVoiceCreate, FamilyCreate, FileCreate, InvitationCreate,
                         RequestCreate, ResponseCreate, RevisionCreate, SignOffCreate, VerdictCreate, WithdrawCreate)
from models.base import utcnow
from models.catalogue import catalogue_versions, diff_catalogues, get_catalogue
from models.errors import NotFound
from models.family import Family, Person, PersonPublic
from models.organisation import UserPublic
from models.services import drafting, hearing, panel, rendering, review, stats, views

router = APIRouter()


def _settings(http: HttpRequest):
    return http.app.state.settings


@router.get("/health", tags=["systeem"])
def health() -> dict:
    return {"status": "ok"}


@router.get("/me", tags=["systeem"], response_model=UserPublic)
def me(actor: ActorDep):
    return actor


@router.get("/catalogue", tags=["catalogus"])
def catalogue(http: HttpRequest, actor: ActorDep, version: str | None = None) -> dict:
    s = _settings(http)
    current = get_catalogue(s.catalogue_dir, version or s.catalogue_version)
    return {"versions": list(catalogue_versions(s.catalogue_dir)), "catalogue": current.model_dump(mode="json")}


@router.get("/catalogue/diff", tags=["catalogus"])
def catalogue_diff(http: HttpRequest, actor: ActorDep, before: str, after: str) -> dict:
    """What changed between two catalogue versions (running requests keep the version they were submitted under)."""
    s = _settings(http)
    return {"before": before, "after": after,
            "changes": diff_catalogues(get_catalogue(s.catalogue_dir, before), get_catalogue(s.catalogue_dir, after))}


@router.post("/families", tags=["gezinnen"], status_code=201)
def create_family(body: FamilyCreate, session: SessionDep, actor: ActorDep) -> dict:
    family = drafting.create_family(session, actor=actor, name=body.name, language=body.language,
                                    persons=body.persons, now=utcnow())
    return family_view(family.id, session, actor)


@router.get("/families/{family_id}", tags=["gezinnen"])
def family_view(family_id: int, session: SessionDep, actor: ActorDep) -> dict:
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound(f"Gezin {family_id} bestaat niet.", code="family_not_found")
    persons = session.exec(select(Person).where(Person.family_id == family_id).order_by(Person.id)).all()
    return {"id": family.id, "name": family.name, "language": family.language,
            "persons": [PersonPublic.model_validate(p, from_attributes=True).model_dump(mode="json") for p in persons]}


@router.post("/cases", tags=["zaken"], status_code=201)
def create_case(body: CaseCreate, session: SessionDep, actor: ActorDep) -> dict:
    case = drafting.create_case(session, actor=actor, family_id=body.family_id, title=body.title,
                                team_user_ids=body.team_user_ids, now=utcnow())
    return {"id": case.id, "family_id": case.family_id, "region_id": case.region_id, "title": case.title}


@router.get("/cases/{case_id}", tags=["zaken"])
def get_case(case_id: int, session: SessionDep, actor: ActorDep) -> dict:
    return views.case_view(session, actor=actor, case_id=case_id)


@router.get("/requests", tags=["verzoeken"])
def list_requests(session: SessionDep, actor: ActorDep) -> list[dict]:
    return views.visible_requests(session, actor=actor)


@router.post("/requests", tags=["verzoeken"], status_code=201)
def create_request(body: RequestCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    request = drafting.create_request(session, actor=actor, case_id=body.case_id,
                                      content=drafting.parse_content(body.content), spoed=body.spoed, now=now)
    return views.request_view(session, actor=actor, request_id=request.id, now=now)


@router.get("/requests/{request_id}", tags=["verzoeken"])
def get_request(request_id: int, session: SessionDep, actor: ActorDep) -> dict:
    return views.request_view(session, actor=actor, request_id=request_id, now=utcnow())


@router.get("/requests/{request_id}/checklist", tags=["verzoeken"])
def get_checklist(request_id: int, session: SessionDep, actor: ActorDep) -> list[dict]:
    return views.checklist_view(session, actor=actor, request_id=request_id, now=utcnow())


@router.put("/requests/{request_id}/content", tags=["verzoeken"])
def revise(request_id: int, body: RevisionCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    drafting.revise_request(session, actor=actor, request_id=request_id, content=drafting.parse_content(body.content),
                            note=body.note, now=now)
    return views.request_view(session, actor=actor, request_id=request_id, now=now)


@router.get("/requests/{request_id}/revisions", tags=["verzoeken"])
def list_revisions(request_id: int, session: SessionDep, actor: ActorDep) -> list[dict]:
    return [r.model_dump(mode="json") for r in views.revisions_view(session, actor=actor, request_id=request_id)]


@router.get("/requests/{request_id}/audit", tags=["verzoeken"])
def audit_trail(request_id: int, session: SessionDep, actor: ActorDep) -> list[dict]:
    return [a.model_dump(mode="json") for a in views.audit_view(session, actor=actor, request_id=request_id)]


def _step(session, actor, request_id, now) -> dict:
    return views.request_view(session, actor=actor, request_id=request_id, now=now)


@router.post("/requests/{request_id}/submit", tags=["levenscyclus"])
def submit(request_id: int, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    drafting.submit_request(session, actor=actor, request_id=request_id, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/assign", tags=["levenscyclus"])
def assign(request_id: int, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    panel.assign_panel(session, actor=actor, request_id=request_id, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/parties/{party_id}/invitation", tags=["hoor en wederhoor"])
def invite(request_id: int, party_id: int, body: InvitationCreate, session: SessionDep, actor: ActorDep) -> dict:
    """Invite a party with the current revision. The answer carries the party's personal portal link once
    (for a letter or a handover); by e-mail it is sent to the party."""
    now = utcnow()
    _, link = hearing.invite_party(session, actor=actor, request_id=request_id, party_id=party_id,
                                   channel=body.channel, sent_at=body.sent_at, proof=body.proof, now=now)
    return _step(session, actor, request_id, now) | {"portal_link": link}


@router.post("/requests/{request_id}/parties/{party_id}/response", tags=["hoor en wederhoor"])
def respond(request_id: int, party_id: int, body: ResponseCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    hearing.record_response(session, actor=actor, request_id=request_id, party_id=party_id, position=body.position,
                            text=body.text, received_at=body.received_at, channel=body.channel,
                            responded_by=body.responded_by, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/children/{person_id}/voice", tags=["hoor en wederhoor"])
def child_voice(request_id: int, person_id: int, body: ChildVoiceCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    hearing.record_child_voice(session, actor=actor, request_id=request_id, person_id=person_id, now=now,
                               **body.model_dump())
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/assessments", tags=["tegenspraak"])
def assessments(request_id: int, body: AssessmentsCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    review.record_assessments(session, actor=actor, request_id=request_id,
                              items=[i.model_dump() for i in body.items], now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/verdict", tags=["tegenspraak"])
def verdict(request_id: int, body: VerdictCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    review.record_verdict(session, actor=actor, request_id=request_id, decision=body.decision, reasons=body.reasons,
                          now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/escalation", tags=["tegenspraak"])
def escalation(request_id: int, body: EscalationCreate, session: SessionDep, actor: ActorDep) -> dict:
    """After 'advies niet indienen': the regiomanager decides, with reasons, to file anyway or not."""
    now = utcnow()
    review.escalate(session, actor=actor, request_id=request_id, proceed=body.proceed, reasons=body.reasons, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/signoff", tags=["tegenspraak"])
def signoff(request_id: int, body: SignOffCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    review.sign_off(session, actor=actor, request_id=request_id, revision_hash=body.revision_hash,
                    declaration=body.declaration, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/render", tags=["levenscyclus"])
def render(request_id: int, http: HttpRequest, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    document = rendering.render_request(session, actor=actor, request_id=request_id, now=now,
                                        documents_dir=Path(_settings(http).documents_dir))
    return {"id": document.id, "verification_code": document.verification_code, "sha256": document.sha256,
            "download": f"/documents/{document.id}/download"}


@router.post("/requests/{request_id}/file", tags=["levenscyclus"])
def file(request_id: int, body: FileCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    drafting.file_request(session, actor=actor, request_id=request_id, court_reference=body.court_reference, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/withdraw", tags=["levenscyclus"])
def withdraw(request_id: int, body: WithdrawCreate, session: SessionDep, actor: ActorDep) -> dict:
    now = utcnow()
    drafting.withdraw_request(session, actor=actor, request_id=request_id, reason=body.reason, now=now)
    return _step(session, actor, request_id, now)


@router.get("/documents/{document_id}/download", tags=["documenten"])
def download(document_id: int, session: SessionDep, actor: ActorDep, format: str = "docx"):
    """The .docx, or with ?format=pdf the PDF/A made by LibreOffice (made once, then kept)."""
    if format == "pdf":
        document = rendering.ensure_pdf(session, actor=actor, document_id=document_id, now=utcnow())
        return FileResponse(document.pdf_path, filename=Path(document.pdf_path).name, media_type="application/pdf")
    document = views.document_for_download(session, actor=actor, document_id=document_id)
    return FileResponse(document.path, filename=Path(document.path).name,
                        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@router.get("/stats/learning", tags=["leren"])
def learning(session: SessionDep, actor: ActorDep, region: str | None = None, measure: str | None = None) -> list[dict]:
    """Per region and measure: share returned, share advised against, most failing criteria, hours per stage."""
    return stats.learning(session, actor=actor, region_code=region, measure=measure)


@router.get("/verify/{code}", tags=["documenten"])
def verify(code: str, session: SessionDep) -> dict:
    """Public: anyone holding the document can check which tegenspraak it comes from."""
    return rendering.verify_document(session, code=code)


@router.post("/verify/{code}", tags=["documenten"])
async def verify_bytes(code: str, file: UploadFile, session: SessionDep) -> dict:
    return rendering.verify_document(session, code=code, data=await file.read())
