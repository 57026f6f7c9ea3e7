"""Endpoints for every step of the lifecycle. Each calls one service function."""

from typing import Literal

from fastapi import APIRouter, Request as HttpRequest, UploadFile
from fastapi.responses import FileResponse

from api import downloads
from api.deps import ActorDep, NowDep, SessionDep
from api.errors import AUTHENTICATED, PUBLIC, error_responses
from api.responses import (AuditEventPublic, CaseCreatedPublic, CataloguePublic, CatalogueDiffPublic, CasePublic,
                           ChecklistStagePublic, FamilyPublic, HealthPublic, InvitationPublic, LearningPublic,
                           RenderedPublic, RequestPublic, RequestSummaryPublic, VerificationPublic)
from api.schemas import (AssessmentsCreate, EscalationCreate, CaseCreate, ChildVoiceCreate, FamilyCreate, FileCreate,
                         InvitationCreate, RequestCreate, ResponseCreate, RevisionCreate, SignOffCreate, VerdictCreate,
                         WarningAccept, WithdrawCreate)
from models.base import Code, Id
from models.catalogue import catalogue_versions, diff_catalogues, get_catalogue
from models.organisation import UserPublic
from models.request import RevisionPublic
from models.services import drafting, hearing, panel, rendering, review, stats, views

router = APIRouter()
# Statuses on top of AUTHENTICATED: a named object may not exist (404); a step may not be possible now (409).
FOUND = error_responses(*AUTHENTICATED, 404)
STEP = error_responses(*AUTHENTICATED, 404, 409)


def _settings(http: HttpRequest):
    return http.app.state.settings


@router.get("/health", tags=["systeem"], response_model=HealthPublic)
def health():
    return {"status": "ok"}


@router.get("/me", tags=["systeem"], response_model=UserPublic, responses=error_responses(*AUTHENTICATED))
def me(actor: ActorDep):
    return actor


@router.get("/catalogue", tags=["catalogus"], response_model=CataloguePublic, responses=FOUND)
def catalogue(http: HttpRequest, actor: ActorDep, version: Code | None = None):
    s = _settings(http)
    current = get_catalogue(s.catalogue_dir, version or s.catalogue_version)
    return {"versions": list(catalogue_versions(s.catalogue_dir)), "catalogue": current.model_dump(mode="json")}


@router.get("/catalogue/diff", tags=["catalogus"], response_model=CatalogueDiffPublic, responses=FOUND)
def catalogue_diff(http: HttpRequest, actor: ActorDep, before: Code, after: Code):
    """What changed between two catalogue versions (running requests keep the version they were submitted under)."""
    s = _settings(http)
    return {"before": before, "after": after,
            "changes": diff_catalogues(get_catalogue(s.catalogue_dir, before), get_catalogue(s.catalogue_dir, after))}


@router.post("/families", tags=["gezinnen"], status_code=201, response_model=FamilyPublic,
             responses=error_responses(*AUTHENTICATED, 409))
def create_family(body: FamilyCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    family = drafting.create_family(session, actor=actor, name=body.name, language=body.language,
                                    persons=body.persons, now=now)
    return views.family_view(session, actor=actor, family_id=family.id, now=now)


@router.get("/families/{family_id}", tags=["gezinnen"], response_model=FamilyPublic, responses=FOUND)
def family_view(family_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    return views.family_view(session, actor=actor, family_id=family_id, now=now)


@router.post("/cases", tags=["zaken"], status_code=201, response_model=CaseCreatedPublic, responses=STEP)
def create_case(body: CaseCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    case = drafting.create_case(session, actor=actor, family_id=body.family_id, title=body.title,
                                team_user_ids=body.team_user_ids, now=now)
    return {"id": case.id, "family_id": case.family_id, "region_id": case.region_id, "title": case.title}


@router.get("/cases/{case_id}", tags=["zaken"], response_model=CasePublic, responses=FOUND)
def get_case(case_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    return views.case_view(session, actor=actor, case_id=case_id, now=now)


@router.get("/requests", tags=["verzoeken"], response_model=list[RequestSummaryPublic],
            responses=error_responses(*AUTHENTICATED))
def list_requests(session: SessionDep, actor: ActorDep):
    return views.visible_requests(session, actor=actor)


@router.post("/requests", tags=["verzoeken"], status_code=201, response_model=RequestPublic, responses=STEP)
def create_request(body: RequestCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    request = drafting.create_request(session, actor=actor, case_id=body.case_id,
                                      content=drafting.parse_content(body.content.model_dump(mode="json")),
                                      spoed=body.spoed, now=now)
    return views.request_view(session, actor=actor, request_id=request.id, now=now)


def _known_measure(http: HttpRequest, measure: str) -> None:
    """A measure no catalogue version knows is refused at once (422), as when the request was created."""
    versions = catalogue_versions(_settings(http).catalogue_dir)
    if not any(measure in c.measures for c in versions.values()):
        get_catalogue(_settings(http).catalogue_dir).measure(measure)  # raises UnknownMeasure


@router.get("/requests/{request_id}", tags=["verzoeken"], response_model=RequestPublic, responses=FOUND)
def get_request(request_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    return views.request_view(session, actor=actor, request_id=request_id, now=now)


@router.get("/requests/{request_id}/checklist", tags=["verzoeken"], response_model=list[ChecklistStagePublic],
            responses=FOUND)
def get_checklist(request_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    return views.checklist_view(session, actor=actor, request_id=request_id, now=now)


@router.put("/requests/{request_id}/content", tags=["verzoeken"], response_model=RequestPublic, responses=STEP)
def revise(request_id: Id, body: RevisionCreate, http: HttpRequest, session: SessionDep, actor: ActorDep, now: NowDep):
    _known_measure(http, body.content.measure)
    drafting.revise_request(session, actor=actor, request_id=request_id,
                            content=drafting.parse_content(body.content.model_dump(mode="json")), note=body.note,
                            now=now)
    return views.request_view(session, actor=actor, request_id=request_id, now=now)


@router.get("/requests/{request_id}/revisions", tags=["verzoeken"], response_model=list[RevisionPublic],
            responses=FOUND)
def list_revisions(request_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    return [r.model_dump(mode="json") for r in views.revisions_view(session, actor=actor, request_id=request_id,
                                                                    now=now)]


@router.get("/requests/{request_id}/audit", tags=["verzoeken"], response_model=list[AuditEventPublic],
            responses=FOUND)
def audit_trail(request_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    return [a.model_dump(mode="json") for a in views.audit_view(session, actor=actor, request_id=request_id, now=now)]


def _step(session, actor, request_id, now) -> dict:
    return views.request_view(session, actor=actor, request_id=request_id, now=now)


@router.post("/requests/{request_id}/submit", tags=["levenscyclus"], response_model=RequestPublic, responses=STEP)
def submit(request_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    drafting.submit_request(session, actor=actor, request_id=request_id, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/assign", tags=["levenscyclus"], response_model=RequestPublic, responses=STEP)
def assign(request_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    panel.assign_panel(session, actor=actor, request_id=request_id, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/parties/{party_id}/invitation", tags=["hoor en wederhoor"],
             response_model=InvitationPublic, responses=STEP)
def invite(request_id: Id, party_id: Id, body: InvitationCreate, http: HttpRequest, session: SessionDep,
           actor: ActorDep, now: NowDep):
    """Invite a party with the current revision. The answer carries the party's personal portal link once
    (for a letter or a handover); by e-mail it is sent to the party."""
    settings = _settings(http)
    _, link = hearing.invite_party(session, actor=actor, request_id=request_id, party_id=party_id,
                                   channel=body.channel, sent_at=body.sent_at, proof=body.proof, now=now,
                                   portal_base_url=settings.portal_base_url,
                                   portal_single_use=settings.portal_single_use)
    return _step(session, actor, request_id, now) | {"portal_link": link}


@router.post("/requests/{request_id}/parties/{party_id}/response", tags=["hoor en wederhoor"],
             response_model=RequestPublic, responses=STEP)
def respond(request_id: Id, party_id: Id, body: ResponseCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    hearing.record_response(session, actor=actor, request_id=request_id, party_id=party_id, position=body.position,
                            text=body.text, received_at=body.received_at, channel=body.channel,
                            responded_by=body.responded_by, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/children/{person_id}/voice", tags=["hoor en wederhoor"],
             response_model=RequestPublic, responses=STEP)
def child_voice(request_id: Id, person_id: Id, body: ChildVoiceCreate, session: SessionDep, actor: ActorDep,
                now: NowDep):
    hearing.record_child_voice(session, actor=actor, request_id=request_id, person_id=person_id, now=now,
                               **body.model_dump())
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/assessments", tags=["tegenspraak"], response_model=RequestPublic, responses=STEP)
def assessments(request_id: Id, body: AssessmentsCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    review.record_assessments(session, actor=actor, request_id=request_id,
                              items=[i.model_dump() for i in body.items], now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/verdict", tags=["tegenspraak"], response_model=RequestPublic, responses=STEP)
def verdict(request_id: Id, body: VerdictCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    review.record_verdict(session, actor=actor, request_id=request_id, decision=body.decision, reasons=body.reasons,
                          override_reasons=body.override_reasons, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/warnings/accept", tags=["tegenspraak"], response_model=RequestPublic,
             responses=STEP)
def accept_warning(request_id: Id, body: WarningAccept, session: SessionDep, actor: ActorDep, now: NowDep):
    """A panel member accepts, with reasons, an intake warning on the current revision (see the checklist);
    approval waits until every warning is fixed in a new revision or accepted."""
    review.accept_warning(session, actor=actor, request_id=request_id, code=body.code, field=body.field,
                          reasons=body.reasons, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/escalation", tags=["tegenspraak"], response_model=RequestPublic, responses=STEP)
def escalation(request_id: Id, body: EscalationCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    """After 'advies niet indienen': the regiomanager decides, with reasons, to file anyway or not."""
    review.escalate(session, actor=actor, request_id=request_id, proceed=body.proceed, reasons=body.reasons, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/signoff", tags=["tegenspraak"], response_model=RequestPublic, responses=STEP)
def signoff(request_id: Id, body: SignOffCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    review.sign_off(session, actor=actor, request_id=request_id, revision_hash=body.revision_hash,
                    declaration=body.declaration, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/render", tags=["levenscyclus"], response_model=RenderedPublic, responses=STEP)
def render(request_id: Id, http: HttpRequest, session: SessionDep, actor: ActorDep, now: NowDep):
    document = rendering.render_request(session, actor=actor, request_id=request_id, now=now,
                                        documents=http.app.state.documents)
    return {"id": document.id, "verification_code": document.verification_code, "sha256": document.sha256,
            "download": f"/documents/{document.id}/download"}


@router.post("/requests/{request_id}/file", tags=["levenscyclus"], response_model=RequestPublic, responses=STEP)
def file(request_id: Id, body: FileCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    drafting.file_request(session, actor=actor, request_id=request_id, court_reference=body.court_reference, now=now)
    return _step(session, actor, request_id, now)


@router.post("/requests/{request_id}/withdraw", tags=["levenscyclus"], response_model=RequestPublic, responses=STEP)
def withdraw(request_id: Id, body: WithdrawCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    drafting.withdraw_request(session, actor=actor, request_id=request_id, reason=body.reason, now=now)
    return _step(session, actor, request_id, now)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/documents/{document_id}/download", tags=["documenten"], response_class=FileResponse,
            responses={200: {"description": "Het document (.docx, of met ?format=pdf de PDF/A)",
                             "content": {DOCX: {}, "application/pdf": {}}}}
            | error_responses(*AUTHENTICATED, 404, 409, 502))
def download(document_id: Id, http: HttpRequest, session: SessionDep, actor: ActorDep, now: NowDep,
             format: Literal["docx", "pdf"] = "docx"):
    """The .docx, or with ?format=pdf the PDF/A made by LibreOffice (made once, then kept); refused (409
    document_tampered) when the file on disk is no longer the one recorded when it was made. At most
    TEGENSPRAAK_LIBREOFFICE_SLOTS conversions run at once (across the deployment: Prefect's concurrency limit
    `libreoffice`); one that finds no slot free in time is refused (503 pdf_converter_busy), nothing changed."""
    data, media_type, filename = rendering.open_document(session, actor=actor, document_id=document_id,
                                                         format=format, now=now, documents=http.app.state.documents,
                                                         converter=http.app.state.pdf_converter)
    return downloads.download(data, filename=filename, media_type=media_type)


@router.get("/stats/learning", tags=["leren"], response_model=list[LearningPublic],
            responses=error_responses(*AUTHENTICATED))
def learning(session: SessionDep, actor: ActorDep, region: Code | None = None, measure: Code | None = None):
    """Per region and measure: share returned, share advised against, most failing criteria, hours per stage."""
    return stats.learning(session, actor=actor, region_code=region, measure=measure)


@router.get("/verify/{code}", tags=["documenten"], response_model=VerificationPublic,
            responses=error_responses(*PUBLIC, 404))
def verify(code: Code, session: SessionDep):
    """Public: anyone holding the document can check which tegenspraak it comes from."""
    return rendering.verify_document(session, code=code)


@router.post("/verify/{code}", tags=["documenten"], response_model=VerificationPublic,
             responses=error_responses(*PUBLIC, 404))
async def verify_bytes(code: Code, file: UploadFile, session: SessionDep):
    return rendering.verify_document(session, code=code, data=await file.read())
