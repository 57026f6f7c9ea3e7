"""HTTP-level protection: security headers, the real client address, the access context of each request, and
the access log of refusals.

The rules themselves (who may read what) live in models.services.access; this module only tells them where a
request comes from and makes sure a refusal raised anywhere below is written to the access log."""

import ipaddress
from pathlib import Path

from fastapi import FastAPI, Request as HttpRequest
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlmodel import Session

from models.config import Settings
from models.errors import DomainError, NotAllowed, NotFound
from models.services import access

STATIC_DIR = Path(__file__).resolve().parent / "static"

# Strict for our own pages: no inline script or style, nothing from elsewhere, never in a frame.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
# The API documentation pages (api/app.py) load Swagger UI and ReDoc from /static/vendor, never from a CDN, and run
# no inline script (/docs starts Swagger UI from /static/swagger-init.js). ReDoc alone needs more: its styled
# components write <style> elements, and its search runs in a worker it makes from a blob: URL.
DOCS_CSP = {
    "/docs": CSP,
    "/redoc": CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + "; worker-src blob:",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Objects named by a path parameter, for the access log of a refused step.
PATH_OBJECTS = (("request_id", "request"), ("document_id", "document"), ("case_id", "case"),
                ("family_id", "family"))


def trusted_networks(settings: Settings) -> list:
    networks = []
    for item in settings.trusted_proxies.split(","):
        item = item.strip()
        if item:
            networks.append(ipaddress.ip_network(item, strict=False))
    return networks


def client_address(http: HttpRequest) -> str:
    """The peer's address; X-Forwarded-For is believed only when the peer is a configured trusted proxy, and then
    the right-most address that is not itself a trusted proxy counts (the left part can be forged by anyone)."""
    peer = http.client.host if http.client else ""
    networks = getattr(http.app.state, "trusted_proxies", [])
    if not networks or not _in(peer, networks):
        return peer
    hops = [h.strip() for h in http.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _in(hop, networks):
            return hop
    return peer


def _in(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in n for n in networks)


def _channel(path: str) -> str:
    if path.startswith("/portaal"):
        return "portaal"
    if path.startswith(("/werkplek", "/login", "/auth", "/logout")):
        return "werkplek"
    return "api"


def install_security(app: FastAPI, settings: Settings) -> None:
    app.state.trusted_proxies = trusted_networks(settings)
    STATIC_DIR.mkdir(exist_ok=True)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.middleware("http")
    async def context_and_headers(http: HttpRequest, call_next):
        token = access.set_context(access.AccessContext(channel=_channel(http.url.path),
                                                        route=f"{http.method} {http.url.path}"[:300],
                                                        client=client_address(http)))
        try:
            response = await call_next(http)
        finally:
            access.reset_context(token)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if http.url.path in DOCS_CSP:
            response.headers["Content-Security-Policy"] = DOCS_CSP[http.url.path]
        return response

    async def refused(http: HttpRequest, exc: DomainError):
        """Every 403, and every 404 on a dossier object, is written to the access log (probing ids included)."""
        if not getattr(exc, "logged", False):
            object_type, object_id = getattr(exc, "object_ref", ("", None))
            for param, kind in PATH_OBJECTS:
                if not object_type and param in http.path_params:
                    object_type, object_id = kind, _int(http.path_params[param])
            actor = getattr(http.state, "actor", None)
            if actor is not None and (exc.status == 403 or object_type):
                token = access.set_context(access.AccessContext(channel=_channel(http.url.path),
                                                                route=f"{http.method} {http.url.path}"[:300],
                                                                client=client_address(http)))
                try:
                    with Session(app.state.engine, expire_on_commit=False) as session:
                        access.log_refusal(session, actor=actor, now=app.state.clock.now(),
                                           object_type=object_type or "api",
                                           object_id=object_id, reason=exc.problems[0].code if exc.problems
                                           else exc.code)
                except access.AccessLogUnavailable as failed:
                    return JSONResponse(status_code=failed.status, content=failed.as_dict())
                finally:
                    access.reset_context(token)
        return JSONResponse(status_code=exc.status, content=exc.as_dict())

    app.add_exception_handler(NotAllowed, refused)
    app.add_exception_handler(NotFound, refused)


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -2**63 <= number < 2**63 else None
