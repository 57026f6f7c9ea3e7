"""Hoor en wederhoor beyond invitation and response: parties, capability, re-invitation, links, diffs."""

from fastapi import APIRouter

from api.deps import ActorDep, NowDep, SessionDep
from api.errors import AUTHENTICATED, error_responses
from api.responses import CreatedPublic, PartyAddedPublic, RequestPublic, RevisionDiffPublic, RevokedPublic
from api.schemas import CapabilityCreate, PartyRemove, UrgencyDecision, WaiverCreate
from models.base import Id
from models.family import PersonCreate
from models.services import hearing, portal, views

router = APIRouter(tags=["hoor en wederhoor"], responses=error_responses(*AUTHENTICATED, 404))
STEP = error_responses(409)


@router.post("/requests/{request_id}/parties", status_code=201, response_model=PartyAddedPublic, responses=STEP)
def add_party(request_id: Id, body: PersonCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    party = hearing.add_party(session, actor=actor, request_id=request_id, person=body, now=now)
    return {"party_id": party.id, "person_id": party.person_id}


@router.post("/requests/{request_id}/parties/{party_id}/remove", response_model=RequestPublic, responses=STEP)
def remove_party(request_id: Id, party_id: Id, body: PartyRemove, session: SessionDep, actor: ActorDep, now: NowDep):
    hearing.remove_party(session, actor=actor, request_id=request_id, party_id=party_id, reason=body.reason,
                         now=now)
    return views.request_view(session, actor=actor, request_id=request_id, now=now)


@router.post("/requests/{request_id}/children/{person_id}/capability", response_model=RequestPublic, responses=STEP)
def capability(request_id: Id, person_id: Id, body: CapabilityCreate, session: SessionDep, actor: ActorDep,
               now: NowDep):
    hearing.record_capability(session, actor=actor, request_id=request_id, person_id=person_id, capable=body.capable,
                              note=body.note, assessed_by=body.assessed_by, now=now)
    return views.request_view(session, actor=actor, request_id=request_id, now=now)


@router.post("/requests/{request_id}/parties/{party_id}/no-reinvitation", response_model=CreatedPublic,
             responses=STEP)
def waive(request_id: Id, party_id: Id, body: WaiverCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    """The panel records why a change does not require inviting this party again."""
    waiver = hearing.waive_reinvitation(session, actor=actor, request_id=request_id, party_id=party_id,
                                       reasons=body.reasons, now=now)
    return {"id": waiver.id}


@router.post("/requests/{request_id}/parties/{party_id}/revoke-links", response_model=RevokedPublic, responses=STEP)
def revoke(request_id: Id, party_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    return {"revoked": portal.revoke_links(session, actor=actor, request_id=request_id, party_id=party_id,
                                           now=now)}


@router.get("/requests/{request_id}/revisions/{before}/diff/{after}", tags=["verzoeken"],
            response_model=RevisionDiffPublic)
def diff(request_id: Id, before: Id, after: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    """What changed between two revisions, field by field, and whether parties must be heard again."""
    return views.revision_diff(session, actor=actor, request_id=request_id, before=before, after=after, now=now)


@router.post("/requests/{request_id}/urgency", response_model=RequestPublic, responses=STEP)
def urgency(request_id: Id, body: UrgencyDecision, session: SessionDep, actor: ActorDep, now: NowDep):
    """The panel's jurist accepts (or not) the urgency: then the hearing may be completed after approval. Accepting
    names the parts of the substantiated urgency it relies on (danger, facts, hearing)."""
    hearing.accept_urgency(session, actor=actor, request_id=request_id, accepted=body.accepted, reasons=body.reasons,
                           relies_on=list(body.relies_on), now=now)
    return views.request_view(session, actor=actor, request_id=request_id, now=now)
