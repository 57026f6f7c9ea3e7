"""FastAPI dependencies: the database session and the authenticated user."""

from collections.abc import Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session, select

from models.organisation import User
from models.ports import Clock
from models.security import hash_api_token

bearer = HTTPBearer(auto_error=False, description="Persoonlijk API-token van de gebruiker (voor systemen)")


def get_session(request: Request) -> Iterator[Session]:
    session = Session(request.app.state.engine, expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def clock_of(request: Request) -> Clock:
    """The app's clock (api/app.create_app): the one source of 'now' for every route and page."""
    return request.app.state.clock


def get_now(request: Request) -> datetime:
    return clock_of(request).now()


# A route's `now`: read once per request, so every step of one request sees the same moment.
NowDep = Annotated[datetime, Depends(get_now)]


def get_actor(request: Request, session: SessionDep,
              credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    unauthorised = HTTPException(
        status_code=401,
        detail={"code": "unauthenticated", "message": "Log in met een geldig token (Authorization: Bearer ...).",
                "problems": []},
        headers={"WWW-Authenticate": "Bearer"},
    )
    if credentials is None or credentials.scheme.lower() != "bearer" or len(credentials.credentials) > 200:
        raise unauthorised
    digest = hash_api_token(credentials.credentials, request.app.state.settings)
    user = session.exec(select(User).where(User.token_hash == digest)).first()
    if user is None or not user.active:
        raise unauthorised
    session.commit()  # end the read, so the use case that follows starts its own (writing) transaction
    request.state.actor = user  # for the access log of a refusal further down
    return user


ActorDep = Annotated[User, Depends(get_actor)]
