"""Hoor en wederhoor beyond invitation and response: parties, capability, re-invitation, links, diffs."""

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ActorDep, SessionDep
from models.base import utcnow
from models.family import PersonCreate
from models.services import hearing, portal, views

router = APIRouter(tags=["hoor en wederhoor"])


class PartyRemove(BaseModel):
    reason: str


class CapabilityCreate(BaseModel):
    capable: bool
    note: str
    assessed_by: str


class WaiverCreate(BaseModel):
    reasons: str


@router.post("/requests/{request_id}/parties", status_code=201)
def add_party(request_id: int, body: PersonCreate, session: SessionDep, actor: ActorDep) -> dict:
    party = hearing.add_party(session, actor=actor, request_id=request_id, person=body, now=utcnow())
    return {"party_id": party.id, "person_id": party.person_id}


@router.post("/requests/{request_id}/parties/{party_id}/remove")
def remove_party(request_id: int, party_id: int, body: PartyRemove, session: SessionDep, actor: ActorDep) -> dict:
    hearing.remove_party(session, actor=actor, request_id=request_id, party_id=party_id, reason=body.reason,
                         now=utcnow())
    return views.request_view(session, actor=actor, request_id=request_id, now=utcnow())


@router.post("/requests/{request_id}/children/{person_id}/capability")
def capability(request_id: int, person_id: int, body: CapabilityCreate, session: SessionDep, actor: ActorDep) -> dict:
    hearing.record_capability(session, actor=actor, request_id=request_id, person_id=person_id, capable=body.capable,
                              note=body.note, assessed_by=body.assessed_by, now=utcnow())
    return views.request_view(session, actor=actor, request_id=request_id, now=utcnow())


@router.post("/requests/{request_id}/parties/{party_id}/no-reinvitation")
def waive(request_id: int, party_id: int, body: WaiverCreate, session: SessionDep, actor: ActorDep) -> dict:
    """The panel records why a change does not require inviting this party again."""
    waiver = hearing.waive_reinvitation(session, actor=actor, request_id=request_id, party_id=party_id,
                                       reasons=body.reasons, now=utcnow())
    return {"id": waiver.id}


@router.post("/requests/{request_id}/parties/{party_id}/revoke-links")
def revoke(request_id: int, party_id: int, session: SessionDep, actor: ActorDep) -> dict:
    return {"revoked": portal.revoke_links(session, actor=actor, request_id=request_id, party_id=party_id,
                                           now=utcnow())}


@router.get("/requests/{request_id}/revisions/{before}/diff/{after}", tags=["verzoeken"])
def diff(request_id: int, before: int, after: int, session: SessionDep, actor: ActorDep) -> dict:
    """What changed between two revisions, field by field, and whether parties must be heard again."""
    return views.revision_diff(session, actor=actor, request_id=request_id, before=before, after=after)


class UrgencyDecision(BaseModel):
    accepted: bool
    reasons: str


@router.post("/requests/{request_id}/urgency")
def urgency(request_id: int, body: UrgencyDecision, session: SessionDep, actor: ActorDep) -> dict:
    """The panel's jurist accepts (or not) the urgency: then the hearing may be completed after approval."""
    hearing.accept_urgency(session, actor=actor, request_id=request_id, accepted=body.accepted, reasons=body.reasons,
                           now=utcnow())
    return views.request_view(session, actor=actor, request_id=request_id, now=utcnow())
