"""The family response portal: plain Dutch pages (B1), usable on a phone, one per personal link.

Every kind of bad link gets the same friendly page and status, so a link reveals nothing about a case.
"""

from pathlib import Path

from fastapi import APIRouter, Form, Request as HttpRequest
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

import hashlib
import hmac

from api.deps import NowDep, SessionDep
from api.ratelimit import RateLimiter
from api.security import client_address
from models.security import secret_key
from models.services import portal

router = APIRouter(include_in_schema=False)
pages = Environment(loader=FileSystemLoader(Path(__file__).parent / "pages"), autoescape=select_autoescape(["html"]),
                    undefined=StrictUndefined)
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


def _html(name: str, status: int = 200, **context) -> HTMLResponse:
    return HTMLResponse(pages.get_template(name).render(**context), status_code=status, headers=NO_STORE)


def _limited(http: HttpRequest) -> bool:
    """Keyed on the real client: X-Forwarded-For counts only from a configured trusted proxy."""
    limiter: RateLimiter = http.app.state.portal_limiter
    return not limiter.allow(client_address(http) or "?")


def _csrf(http: HttpRequest, token: str) -> str:
    """The form's anti-forgery token: bound to the personal link, signed with the server key."""
    key = secret_key(http.app.state.settings).encode()
    return hmac.new(key, f"portaal:{token}".encode(), hashlib.sha256).hexdigest()


@router.get("/portaal/{token}", response_class=HTMLResponse)
def show(token: str, http: HttpRequest, session: SessionDep, now: NowDep):
    if _limited(http):
        return _html("slow_down.html", 429)
    page = portal.portal_page(session, token=token, now=now)
    if page is None:
        return _html("unavailable.html", 404)
    return _html("respond_child.html" if page["child"] else "respond.html", page=page, errors=[], position="", text="",
                 csrf=_csrf(http, token))


@router.post("/portaal/{token}", response_class=HTMLResponse)
def respond(token: str, http: HttpRequest, session: SessionDep, now: NowDep, text: str = Form("", max_length=10_000),
            position: str = Form("", max_length=16), csrf: str = Form("", max_length=64)):
    if _limited(http):
        return _html("slow_down.html", 429)
    if not hmac.compare_digest(csrf, _csrf(http, token)):
        return _html("unavailable.html", 403)
    result = portal.portal_respond(session, token=token, position=position, text=text, now=now)
    if isinstance(result, dict):
        return _html("thanks.html", thanks=result)
    if result is False:
        return _html("unavailable.html", 404)
    page = portal.portal_page(session, token=token, now=now)
    if page is None:
        return _html("unavailable.html", 404)
    return _html("respond_child.html" if page["child"] else "respond.html", 422, page=page,
                 errors=[p.message for p in result], position=position, text=text, csrf=_csrf(http, token))
