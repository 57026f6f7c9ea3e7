"""The access log (NEN 7513): who looked at a child's file, for the beheerder."""

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ActorDep, NowDep, SessionDep
from api.errors import AUTHENTICATED, error_responses
from models.access_log import AccessLogPublic
from models.services import access

router = APIRouter(tags=["toegang"])
Id = Annotated[int | None, Query(ge=1, le=2**63 - 1)]


@router.get("/access-log", response_model=list[AccessLogPublic], responses=error_responses(*AUTHENTICATED, 404))
def access_log(session: SessionDep, actor: ActorDep, now: NowDep,
               person_id: Id = None, family_id: Id = None, user_id: Id = None,
               request_id: Id = None, limit: Annotated[int, Query(ge=1, le=5000)] = 500):
    """Every read and refused attempt on a family's dossier (ask by person: a child's id finds its family's
    file), or everything one user looked at. Only for the beheerder; the question itself is logged too."""
    return access.query_log(session, actor=actor, now=now, person_id=person_id, family_id=family_id,
                            user_id=user_id, request_id=request_id, limit=limit)
