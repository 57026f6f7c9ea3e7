"""The HTTP entry point. Thin: authenticate, call one service, shape the answer."""

import html
import json
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request as HttpRequest
from fastapi.openapi.docs import get_redoc_html, swagger_ui_default_parameters
from fastapi.responses import HTMLResponse

from adapters.clock import clock_from_settings
from adapters.secret_key import ensure_demo_key
from adapters.wiring import document_store, pdf_converter, use_settings_catalogues
from models.catalogue import get_catalogue
from models.config import Settings, get_settings
from models.db import create_schema, make_engine
from models.ports import Clock


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """The app on `clock` (tests pass a FixedClock); without one, the clock the settings choose."""
    settings = settings or get_settings()
    # clock_start outside demo mode stops the start here (adapters/clock.ClockStartRefused)
    clock = clock if clock is not None else clock_from_settings(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        app.state.engine.dispose()

    app = FastAPI(
        title="tegenspraak",
        description="Tegenspraak op verzoeken om kinderbeschermingsmaatregelen: van concept tot verzoekschrift.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served below from local files (api/static/vendor), never from a CDN
        redoc_url=None,
    )
    get_catalogue(settings.catalogue_dir, settings.catalogue_version)  # an invalid catalogue stops the start
    app.state.settings = settings
    ensure_demo_key(settings)  # demo mode without a configured key: the key file, made once
    use_settings_catalogues(settings)  # the catalogues every dossier of this process is judged by
    app.state.documents = document_store(settings)  # where documents and attachments are kept
    app.state.pdf_converter = pdf_converter(settings)
    app.state.clock = clock  # every route's `now` (api/deps.NowDep)
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
    install_docs(app)
    return app


# The API documentation pages load Swagger UI and ReDoc from the app itself (scripts/install_frontend.sh copies them
# from the npm packages into api/static/vendor/); nothing comes from a CDN, and /docs runs no inline script: its
# configuration travels as JSON in a data attribute, read by the local /static/swagger-init.js.
VENDOR = "/static/vendor"
SWAGGER_PAGE = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="stylesheet" href="{vendor}/swagger-ui/swagger-ui.css">
<link rel="icon" type="image/png" href="{vendor}/swagger-ui/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-config="{config}"></div>
<script src="{vendor}/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/swagger-init.js"></script>
</body>
</html>
"""


def install_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    def swagger_ui(http: HttpRequest) -> HTMLResponse:
        config = swagger_ui_default_parameters | {
            "url": http.scope.get("root_path", "") + app.openapi_url,
            "validatorUrl": None,  # no badge from an outside validator
        } | (app.swagger_ui_parameters or {})
        page = SWAGGER_PAGE.format(title=html.escape(f"{app.title} — API (Swagger UI)"), vendor=VENDOR,
                                   config=html.escape(json.dumps(config), quote=True))
        return HTMLResponse(page)

    @app.get("/redoc", include_in_schema=False)
    def redoc(http: HttpRequest) -> HTMLResponse:
        return get_redoc_html(openapi_url=http.scope.get("root_path", "") + app.openapi_url,
                              title=f"{app.title} — API (ReDoc)", redoc_js_url=f"{VENDOR}/redoc/redoc.standalone.js",
                              redoc_favicon_url=f"{VENDOR}/swagger-ui/favicon-32x32.png", with_google_fonts=False)
