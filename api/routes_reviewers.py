"""The reviewer pool (beheerder) and the panel's explanations: why these reviewers, why not X."""

from datetime import date

from fastapi import APIRouter, Request as HttpRequest
from pydantic import BaseModel

from api.deps import ActorDep, SessionDep
from models.base import utcnow
from models.organisation import RegionPublic
from models.services import panel, pool_admin

router = APIRouter(tags=["reviewers"])


class UnavailabilityCreate(BaseModel):
    start: date
    end: date
    reason: str = ""


class ConflictCreate(BaseModel):
    person_id: int | None = None
    family_id: int | None = None
    organisation: str = ""
    region_id: int | None = None
    reason: str = ""


class DeclineCreate(BaseModel):
    reason: str
    conflict: bool = False


class TooCloseUpdate(BaseModel):
    too_close: list[str]


@router.get("/reviewers")
def list_reviewers(session: SessionDep, actor: ActorDep) -> list[dict]:
    return pool_admin.reviewer_overview(session, actor=actor)


@router.get("/reviewers/{user_id}")
def get_reviewer(user_id: int, session: SessionDep, actor: ActorDep) -> dict:
    return pool_admin.reviewer_overview(session, actor=actor, user_id=user_id)[0]


@router.post("/reviewers", status_code=201)
def create_reviewer(body: pool_admin.ReviewerData, session: SessionDep, actor: ActorDep) -> dict:
    user, token = pool_admin.save_reviewer(session, actor=actor, data=body, now=utcnow())
    return {"id": user.id, "token": token}


@router.put("/reviewers/{user_id}")
def update_reviewer(user_id: int, body: pool_admin.ReviewerData, session: SessionDep, actor: ActorDep) -> dict:
    user, _ = pool_admin.save_reviewer(session, actor=actor, data=body, now=utcnow(), user_id=user_id)
    return pool_admin.reviewer_overview(session, actor=actor, user_id=user.id)[0]


@router.post("/reviewers/import", description="CSV (UTF-8) met kolommen: " + ",".join(pool_admin.CSV_COLUMNS)
             + ". Meerdere waarden gescheiden door ';', afwezigheid als JJJJ-MM-DD..JJJJ-MM-DD.")
async def import_reviewers(http: HttpRequest, session: SessionDep, actor: ActorDep) -> dict:
    text = (await http.body()).decode("utf-8-sig", errors="replace")
    return pool_admin.import_reviewers_csv(session, actor=actor, text=text, now=utcnow())


@router.post("/reviewers/{user_id}/unavailability", status_code=201)
def add_unavailability(user_id: int, body: UnavailabilityCreate, session: SessionDep, actor: ActorDep) -> dict:
    period = pool_admin.add_unavailability(session, actor=actor, user_id=user_id, start=body.start, end=body.end,
                                           reason=body.reason, now=utcnow())
    return {"id": period.id}


@router.post("/reviewers/{user_id}/conflicts", status_code=201)
def declare_conflict(user_id: int, body: ConflictCreate, session: SessionDep, actor: ActorDep) -> dict:
    conflict = pool_admin.declare_conflict(session, actor=actor, user_id=user_id, now=utcnow(), **body.model_dump())
    return {"id": conflict.id}


@router.put("/regions/{region_id}/too-close", response_model=RegionPublic)
def set_too_close(region_id: int, body: TooCloseUpdate, session: SessionDep, actor: ActorDep):
    return pool_admin.set_too_close(session, actor=actor, region_id=region_id, codes=body.too_close, now=utcnow())


@router.get("/requests/{request_id}/panel/why")
def why(request_id: int, session: SessionDep, actor: ActorDep) -> list[dict]:
    """Why these reviewers: each seat's score broken down, the draw and its seed, and past seat holders."""
    return panel.why_panel(session, actor=actor, request_id=request_id)


@router.get("/requests/{request_id}/panel/why-not/{user_id}")
def why_not(request_id: int, user_id: int, session: SessionDep, actor: ActorDep) -> dict:
    """Why not this person: the reason codes that exclude them, per panel role."""
    return panel.why_not(session, actor=actor, request_id=request_id, user_id=user_id, now=utcnow())


@router.post("/requests/{request_id}/decline")
def decline(request_id: int, body: DeclineCreate, session: SessionDep, actor: ActorDep) -> dict:
    seat = panel.decline_seat(session, actor=actor, request_id=request_id, reason=body.reason,
                              conflict=body.conflict, now=utcnow())
    return {"refilled": seat is not None, "seat_id": seat.id if seat else None}


@router.post("/assignments/batch")
def batch(session: SessionDep, actor: ActorDep) -> dict:
    """Assign every submitted request at once, as one optimisation."""
    return panel.assign_batch_now(session, actor=actor, now=utcnow())
