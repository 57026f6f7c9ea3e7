"""The reviewer pool (beheerder) and the panel's explanations: why these reviewers, why not X."""

from datetime import date

from fastapi import APIRouter, Request as HttpRequest
from pydantic import BaseModel, EmailStr, Field

from api.deps import ActorDep, NowDep, SessionDep
from api.errors import AUTHENTICATED, error_responses
from api.responses import (BatchPublic, CreatedPublic, DeclinePublic, ImportPublic, ReviewerCreatedPublic,
                           ReviewerPublic, SeatWhyPublic, WhyNotPublic)
from models.base import Code, Id, Name, Text
from models.organisation import RegionPublic
from models.security import secret_key
from models.services import panel, pool_admin

router = APIRouter(tags=["reviewers"], responses=error_responses(*AUTHENTICATED))
FOUND = error_responses(404)
STEP = error_responses(404, 409)


class ReviewerCreate(pool_admin.ReviewerData):
    """ReviewerData with the API's bounds on every field."""

    name: Name
    email: EmailStr = Field(max_length=320)
    region: Code = Field(description="Code van de regio, bv. 'utrecht'")
    roles: list[Code] = Field(max_length=10)
    team: Name = ""
    function: Name = ""
    capacity: int = Field(default=5, ge=0, le=100)
    expertise: list[Code] = Field(default=[], max_length=50)
    languages: list[Code] = Field(default=["nl"], max_length=20)
    unavailable: list[tuple[date, date]] = Field(default=[], max_length=100)


class UnavailabilityCreate(BaseModel):
    start: date
    end: date
    reason: Text = ""


class ConflictCreate(BaseModel):
    person_id: Id | None = None
    family_id: Id | None = None
    organisation: Name = ""
    region_id: Id | None = None
    reason: Text = ""


class DeclineCreate(BaseModel):
    reason: Text
    conflict: bool = False


class TooCloseUpdate(BaseModel):
    too_close: list[Code] = Field(max_length=100)


@router.get("/reviewers", response_model=list[ReviewerPublic])
def list_reviewers(session: SessionDep, actor: ActorDep):
    return pool_admin.reviewer_overview(session, actor=actor)


@router.get("/reviewers/{user_id}", response_model=ReviewerPublic, responses=FOUND)
def get_reviewer(user_id: Id, session: SessionDep, actor: ActorDep):
    return pool_admin.reviewer_overview(session, actor=actor, user_id=user_id)[0]


@router.post("/reviewers", status_code=201, response_model=ReviewerCreatedPublic, responses=error_responses(409))
def create_reviewer(body: ReviewerCreate, http: HttpRequest, session: SessionDep, actor: ActorDep, now: NowDep):
    user, token = pool_admin.save_reviewer(session, actor=actor, data=body, now=now,
                                           token_key=secret_key(http.app.state.settings))
    return {"id": user.id, "token": token}


@router.put("/reviewers/{user_id}", response_model=ReviewerPublic, responses=STEP)
def update_reviewer(user_id: Id, body: ReviewerCreate, http: HttpRequest, session: SessionDep, actor: ActorDep,
                    now: NowDep):
    user, _ = pool_admin.save_reviewer(session, actor=actor, data=body, now=now, user_id=user_id,
                                       token_key=secret_key(http.app.state.settings))
    return pool_admin.reviewer_overview(session, actor=actor, user_id=user.id)[0]


@router.post("/reviewers/import", response_model=ImportPublic, responses=error_responses(409),
             description="CSV (UTF-8) met kolommen: " + ",".join(pool_admin.CSV_COLUMNS)
             + ". Meerdere waarden gescheiden door ';', afwezigheid als JJJJ-MM-DD..JJJJ-MM-DD.")
async def import_reviewers(http: HttpRequest, session: SessionDep, actor: ActorDep, now: NowDep):
    text = (await http.body()).decode("utf-8-sig", errors="replace")
    return pool_admin.import_reviewers_csv(session, actor=actor, text=text, now=now,
                                           token_key=secret_key(http.app.state.settings))


@router.post("/reviewers/{user_id}/unavailability", status_code=201, response_model=CreatedPublic, responses=STEP)
def add_unavailability(user_id: Id, body: UnavailabilityCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    period = pool_admin.add_unavailability(session, actor=actor, user_id=user_id, start=body.start, end=body.end,
                                           reason=body.reason, now=now)
    return {"id": period.id}


@router.post("/reviewers/{user_id}/conflicts", status_code=201, response_model=CreatedPublic, responses=STEP)
def declare_conflict(user_id: Id, body: ConflictCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    conflict = pool_admin.declare_conflict(session, actor=actor, user_id=user_id, now=now, **body.model_dump())
    return {"id": conflict.id}


@router.put("/regions/{region_id}/too-close", response_model=RegionPublic, responses=STEP)
def set_too_close(region_id: Id, body: TooCloseUpdate, session: SessionDep, actor: ActorDep, now: NowDep):
    return pool_admin.set_too_close(session, actor=actor, region_id=region_id, codes=body.too_close, now=now)


@router.get("/requests/{request_id}/panel/why", response_model=list[SeatWhyPublic], responses=FOUND)
def why(request_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    """Why these reviewers: each seat's score broken down, the draw and its seed, and past seat holders."""
    return panel.why_panel(session, actor=actor, request_id=request_id, now=now)


@router.get("/requests/{request_id}/panel/why-not/{user_id}", response_model=WhyNotPublic, responses=FOUND)
def why_not(request_id: Id, user_id: Id, session: SessionDep, actor: ActorDep, now: NowDep):
    """Why not this person: the reason codes that exclude them, per panel role."""
    return panel.why_not(session, actor=actor, request_id=request_id, user_id=user_id, now=now)


@router.post("/requests/{request_id}/decline", response_model=DeclinePublic, responses=STEP)
def decline(request_id: Id, body: DeclineCreate, session: SessionDep, actor: ActorDep, now: NowDep):
    seat = panel.decline_seat(session, actor=actor, request_id=request_id, reason=body.reason,
                              conflict=body.conflict, now=now)
    return {"refilled": seat is not None, "seat_id": seat.id if seat else None}


@router.post("/assignments/batch", response_model=BatchPublic, responses=error_responses(409))
def batch(session: SessionDep, actor: ActorDep, now: NowDep):
    """Assign every submitted request at once, as one optimisation."""
    return panel.assign_batch_now(session, actor=actor, now=now)
