"""The HTTP entry point. Thin: authenticate, call one service, shape the answer."""

from contextlib import asynccontextmanager

from fastapi import FastAPI

from models.catalogue import get_catalogue
from models.config import Settings, get_settings
from models.db import create_schema, make_engine


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

    from api.errors import install_error_handling

    install_error_handling(app, settings.max_body_bytes)  # one error shape; body size limit; bad characters

    from api import auth, portal, routes, routes_access, routes_hearing, routes_integrity, routes_reviewers
    from api.security import install_security

    install_security(app, settings)  # security headers, real client address, access log of refusals
    app.include_router(routes.router)
    app.include_router(routes_reviewers.router)
    app.include_router(routes_hearing.router)
    app.include_router(routes_access.router)
    app.include_router(routes_integrity.router)
    auth.install(app, settings)  # workspace: OIDC login, sessions, CSRF, /werkplek pages; /dev-oidc in demo mode
    app.include_router(portal.router)
    return app
