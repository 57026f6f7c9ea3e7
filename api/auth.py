"""Login for the workspace: OpenID Connect (authorization code + PKCE) through Authlib, cookie sessions, CSRF.

Machines keep their API tokens (`api/deps.py`); people log in here with their organisation's OIDC provider
(Keycloak, Entra ID, ...). The session cookie is signed, HttpOnly, SameSite=Lax and Secure; every POST form
carries a per-session CSRF token. The cookie carries only a random session id; the session itself lives on the
server (`models.services.sessions`), so logging out ends it even for a copy of the cookie. In demo mode
(`TEGENSPRAAK_DEMO=1`) a local provider (`api/oidc_dev.py`) stands in for the real one.
"""

import hmac
import logging
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import httpx
from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import APIRouter, Depends, FastAPI, Request as HttpRequest
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from joserfc.errors import JoseError
from markupsafe import Markup
from sqlalchemy import func
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware
from sqlmodel import Session, select

from api.deps import NowDep, SessionDep, clock_of
from models.config import Settings
from models.organisation import User
from models.services import sessions as workspace_sessions

log = logging.getLogger("tegenspraak.auth")

SESSION_COOKIE = "tegenspraak_sessie"
CLIENT_NAME = "werkplek"
DEV_CLIENT_ID = "tegenspraak-werkplek-demo"
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


# --- pages -------------------------------------------------------------------------------------

@pass_context
def _csrf_field(context) -> Markup:
    return Markup('<input type="hidden" name="csrf_token" value="%s">') % context["csrf_token"]


def _local_time(value) -> str:
    if value is None:
        return "—"
    if value.tzinfo is None:  # stored as UTC without zone (SQLite)
        value = value.replace(tzinfo=UTC)
    return value.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M:%S")


def _roles_text(value) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(value)
    return value or "—"


pages = Environment(loader=FileSystemLoader(Path(__file__).parent / "pages" / "werkplek"),
                    autoescape=select_autoescape(["html"]), undefined=StrictUndefined)
pages.globals["csrf_field"] = _csrf_field
pages.filters["local_time"] = _local_time
pages.filters["roles_text"] = _roles_text


def render(http: HttpRequest, name: str, status: int = 200, *, user: User | None = None, **context) -> HTMLResponse:
    settings: Settings = http.app.state.settings
    html = pages.get_template(name).render(demo=settings.demo, user=user, csrf_token=csrf_token(http), **context)
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


def message_page(http: HttpRequest, status: int, title: str, message: str, *, problems: list[str] | None = None,
                 user: User | None = None, back_url: str = "/werkplek", back_label: str = "Terug naar de werkplek"):
    return render(http, "melding.html", status, user=user, title=title, message=message, problems=problems or [],
                  back_url=back_url, back_label=back_label)


# --- CSRF --------------------------------------------------------------------------------------

class CsrfRefused(Exception):
    """A state-changing request without the session's CSRF token."""


def csrf_token(http: HttpRequest) -> str:
    """The session's CSRF token, made on first use; rendered into every POST form."""
    token = http.session.get("csrf")
    if not token:
        token = http.session["csrf"] = secrets.token_urlsafe(32)
    return token


async def require_csrf(http: HttpRequest) -> None:
    """Refuse an unsafe request whose form field `csrf_token` (or header X-CSRF-Token) is not the session's."""
    if http.method not in UNSAFE_METHODS:
        return
    sent = http.headers.get("x-csrf-token")
    if not sent:
        form = await http.form()  # parsed once; the endpoint's own Form fields read the same parse
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else ""
    expected = http.session.get("csrf")
    if not expected or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfRefused()


CsrfDep = Depends(require_csrf)


# --- the logged-in user --------------------------------------------------------------------------

class LoginRequired(Exception):
    """No valid workspace session: the browser is sent to /login."""


def workspace_user(http: HttpRequest, session: SessionDep, now: NowDep) -> User:
    settings: Settings = http.app.state.settings
    sid = http.session.get("sid")
    login_at = http.session.get("login_at")
    # The cookie's signature expires max_age after it was last written (Starlette, on real time: it only ever ends
    # a session sooner); login_at caps the whole session on the app's clock, and the server-side row (expires_at,
    # revoked_at) decides in the end: a copied cookie dies with logout.
    if not isinstance(sid, str) or not isinstance(login_at, int | float) \
            or now.timestamp() - login_at > settings.session_max_age_seconds:
        _forget_login(http)
        raise LoginRequired()
    # resolve_session ends its own transaction, so the use case that follows starts its own.
    user = workspace_sessions.resolve_session(session, token=sid, now=now)
    if user is None:
        _forget_login(http)
        raise LoginRequired()
    http.state.actor = user  # so a refusal further down is written to the access log under this user
    return user


def _forget_login(http: HttpRequest) -> None:
    for key in ("sid", "login_at"):
        http.session.pop(key, None)
    if http.method == "GET" and http.url.path.startswith("/werkplek"):
        target = http.url.path + (f"?{http.url.query}" if http.url.query else "")
        http.session["next"] = target[:500]


WorkspaceUserDep = Annotated[User, Depends(workspace_user)]


# --- OpenID Connect relying party ----------------------------------------------------------------

def discovery_url(settings: Settings) -> str:
    if settings.oidc_discovery_url:
        return settings.oidc_discovery_url
    if settings.demo:
        return settings.public_base_url.rstrip("/") + "/dev-oidc/.well-known/openid-configuration"
    return ""


def client_id(settings: Settings) -> str:
    return settings.oidc_client_id or (DEV_CLIENT_ID if settings.demo else "")


def redirect_uri(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/") + "/auth/callback"


def build_oauth(settings: Settings) -> OAuth | None:
    """The OIDC client, or None when no provider is configured (then nobody can log in to the workspace)."""
    url, cid = discovery_url(settings), client_id(settings)
    if not url or not cid:
        return None
    oauth = OAuth()
    oauth.register(
        CLIENT_NAME,
        client_id=cid,
        client_secret=settings.oidc_client_secret or None,  # none: a public client, PKCE alone
        server_metadata_url=url,
        client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256", "timeout": 10.0},
    )
    return oauth


def find_user_by_email(session: Session, email: str) -> User | None:
    """The one active user with this e-mail address (case-insensitive); None when none or ambiguous."""
    users = session.exec(select(User).where(func.lower(User.email) == email.strip().lower(),
                                            User.active == True)).all()  # noqa: E712
    return users[0] if len(users) == 1 else None


def _lookup_user(engine, email: str) -> User | None:
    with Session(engine, expire_on_commit=False) as session:
        return find_user_by_email(session, email)


def _start_session(engine, user: User, previous: object, max_age_seconds: int, now: datetime) -> str:
    """Ends the browser's earlier session (if any) and starts a new one; returns the new session id."""
    with Session(engine, expire_on_commit=False) as session:
        if isinstance(previous, str):
            workspace_sessions.end_session(session, token=previous, now=now)
        return workspace_sessions.start_session(session, user=user, now=now, max_age_seconds=max_age_seconds)


def _end_session(engine, sid: object, now: datetime) -> None:
    if isinstance(sid, str):
        with Session(engine, expire_on_commit=False) as session:
            workspace_sessions.end_session(session, token=sid, now=now)


router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(http: HttpRequest):
    message = "U bent uitgelogd." if http.query_params.get("uitgelogd") else None
    return render(http, "login.html", configured=http.app.state.oauth is not None, message=message)


@router.post("/login", dependencies=[CsrfDep])
async def login_start(http: HttpRequest):
    oauth: OAuth | None = http.app.state.oauth
    if oauth is None:
        return message_page(http, 503, "Inloggen niet mogelijk", "Inloggen is op deze server nog niet ingesteld.",
                            back_url="/login", back_label="Terug")
    try:
        response = await oauth.werkplek.authorize_redirect(http, redirect_uri(http.app.state.settings))
    except (httpx.HTTPError, ValueError, KeyError, RuntimeError) as exc:
        log.warning("inlogdienst niet bereikbaar bij het starten van het inloggen: %r", exc)
        return _provider_unreachable(http)
    response.status_code = 303
    return response


@router.get("/auth/callback")
async def callback(http: HttpRequest):
    settings: Settings = http.app.state.settings
    oauth: OAuth | None = http.app.state.oauth
    if oauth is None:
        return message_page(http, 404, "Niet gevonden", "Inloggen is op deze server niet ingesteld.",
                            back_url="/login", back_label="Terug")
    try:
        token = await oauth.werkplek.authorize_access_token(http)  # checks state, PKCE at the provider, nonce
    except (OAuthError, JoseError, ValueError):
        return message_page(http, 400, "Inloggen mislukt",
                            "Het inloggen is mislukt of verlopen. Probeer het opnieuw vanaf de inlogpagina.",
                            back_url="/login", back_label="Opnieuw inloggen")
    except httpx.HTTPError as exc:
        log.warning("inlogdienst niet bereikbaar bij het afronden van het inloggen: %r", exc)
        return _provider_unreachable(http)
    now = clock_of(http).now()
    claims = token.get("userinfo")
    if not claims:  # a token answer without a validated ID token is no login
        return message_page(http, 400, "Inloggen mislukt", "De inlogdienst gaf geen geldige identiteit terug.",
                            back_url="/login", back_label="Opnieuw inloggen")
    email = claims.get(settings.oidc_email_claim)
    user = None
    if isinstance(email, str) and email and claims.get("email_verified", True) is not False:
        user = await run_in_threadpool(_lookup_user, http.app.state.engine, email)
    if user is None:
        await run_in_threadpool(_end_session, http.app.state.engine, http.session.get("sid"), now)
        http.session.clear()
        return message_page(http, 403, "U heeft geen toegang",
                            "U bent wel aangemeld bij de inlogdienst, maar u heeft geen (actief) account op de "
                            "werkplek van tegenspraak. Neem contact op met de beheerder van uw organisatie.",
                            back_url="/login", back_label="Terug naar de inlogpagina")
    next_url = http.session.get("next")
    sid = await run_in_threadpool(_start_session, http.app.state.engine, user, http.session.get("sid"),
                                  settings.session_max_age_seconds, now)
    # Session fixation: nothing from before the login survives into the logged-in session.
    http.session.clear()
    http.session.update({"sid": sid, "login_at": int(now.timestamp()), "csrf": secrets.token_urlsafe(32)})
    target = next_url if isinstance(next_url, str) and next_url.startswith("/werkplek") else "/werkplek"
    return RedirectResponse(target, status_code=303, headers=NO_STORE)


@router.post("/logout", dependencies=[CsrfDep])
def logout(http: HttpRequest, session: SessionDep, now: NowDep):
    sid = http.session.get("sid")
    if isinstance(sid, str):  # the server forgets the session: a copy of this cookie no longer logs anyone in
        workspace_sessions.end_session(session, token=sid, now=now)
    http.session.clear()
    return RedirectResponse("/login?uitgelogd=1", status_code=303, headers=NO_STORE)


def _provider_unreachable(http: HttpRequest) -> HTMLResponse:
    return message_page(http, 502, "Inlogdienst niet bereikbaar",
                        "De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer het over enkele minuten "
                        "opnieuw.", back_url="/login", back_label="Terug naar de inlogpagina")


# --- wiring --------------------------------------------------------------------------------------

def session_signing_key(settings: Settings) -> str:
    """The session cookie's key: derived from the server's secret, so it is never the key of the API-token HMAC."""
    from models.security import secret_key

    key = secret_key(settings)  # refuses to start without one outside demo mode
    return hmac.new(key.encode(), b"tegenspraak/werkplek-sessie", "sha256").hexdigest()


def install(app: FastAPI, settings: Settings) -> None:
    """Sessions, login, the workspace pages and (demo mode only) the local OIDC provider."""
    from fastapi.staticfiles import StaticFiles

    from api import (oidc_dev, werkplek_admin, werkplek_draft, werkplek_hearing, werkplek_review, werkplek_tasks,
                     workspace)

    app.add_middleware(SessionMiddleware, secret_key=session_signing_key(settings), session_cookie=SESSION_COOKIE,
                       max_age=settings.session_max_age_seconds, same_site="lax",
                       https_only=settings.session_cookie_secure)
    app.state.oauth = build_oauth(settings)

    async def csrf_refused(http: HttpRequest, _exc: CsrfRefused):
        return message_page(http, 403, "Verzoek geweigerd",
                            "Dit formulier is verlopen of kwam niet van deze website, daarom is er niets gedaan. "
                            "Ga terug, laad de pagina opnieuw en probeer het nog eens.")

    async def login_required(_http: HttpRequest, _exc: LoginRequired):
        return RedirectResponse("/login", status_code=303, headers=NO_STORE)

    app.add_exception_handler(CsrfRefused, csrf_refused)
    app.add_exception_handler(LoginRequired, login_required)
    app.include_router(router)
    app.include_router(workspace.router)
    for pages in (werkplek_tasks, werkplek_draft, werkplek_hearing, werkplek_review, werkplek_admin):
        app.include_router(pages.router)
    if settings.demo:
        oidc_dev.install(app, settings)
    if not any(getattr(r, "path", None) == "/static" for r in app.routes):
        app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
