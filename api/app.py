"""The HTTP entry point. Thin: authenticate, call one service, shape the answer."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request as HttpRequest
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.catalogue import get_catalogue
from models.config import Settings, get_settings
from models.db import create_schema, make_engine
from models.errors import DomainError


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.engine.dispose()

    app = FastAPI(
        title="tegenspraak",
        description="Tegenspraak op verzoeken om kinderbeschermingsmaatregelen: van concept tot verzoekschrift.",
        version="0.1.0",
        lifespan=lifespan,
    )
    get_catalogue(settings.catalogue_dir, settings.catalogue_version)  # an invalid catalogue stops the start
    app.state.settings = settings
    from api.ratelimit import RateLimiter

    app.state.portal_limiter = RateLimiter(settings.portal_rate_per_minute)
    app.state.engine = make_engine(settings.database_url)
    create_schema(app.state.engine)

    @app.exception_handler(DomainError)
    async def domain_error(_request: HttpRequest, exc: DomainError):
        return JSONResponse(status_code=exc.status, content=exc.as_dict())

    @app.exception_handler(OperationalError)
    async def database_busy(_request: HttpRequest, exc: OperationalError):
        # SQLite refuses a write whose snapshot another writer made stale: nothing was saved, try again.
        if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
            raise exc
        return JSONResponse(status_code=503, headers={"Retry-After": "1"}, content={
            "code": "database_busy", "message": "Het systeem is even bezet; er is niets opgeslagen. Probeer het "
            "opnieuw.", "problems": []})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: HttpRequest, exc: StarletteHTTPException):
        body = exc.detail if isinstance(exc.detail, dict) else {
            "code": f"http_{exc.status_code}", "message": str(exc.detail), "problems": []}
        return JSONResponse(status_code=exc.status_code, content=body, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: HttpRequest, exc: RequestValidationError):
        problems = [{"code": "field_invalid", "field": ".".join(str(p) for p in e["loc"]),
                     "message": f"Ongeldig veld {'.'.join(str(p) for p in e['loc'])}: {e['msg']}"} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"code": "invalid_input", "message": "De invoer is niet geldig.",
                                                      "problems": problems})

    from api import portal, routes, routes_access, routes_hearing, routes_reviewers
    from api.security import install_security

    install_security(app, settings)  # security headers, real client address, access log of refusals
    app.include_router(routes.router)
    app.include_router(routes_reviewers.router)
    app.include_router(routes_hearing.router)
    app.include_router(routes_access.router)
    _include_optional(app, settings)
    app.include_router(portal.router)
    return app


def _include_optional(app: FastAPI, settings: Settings) -> None:
    """Routers built alongside (integrity checks, workspace login)."""
    import importlib.util

    if importlib.util.find_spec("api.routes_integrity"):
        from api import routes_integrity

        app.include_router(routes_integrity.router)
    if importlib.util.find_spec("api.auth"):
        from api import auth

        if hasattr(auth, "install"):
            auth.install(app, settings)
