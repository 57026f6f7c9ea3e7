"""A local OpenID Connect provider for demo mode only: never mounted unless TEGENSPRAAK_DEMO=1.

Small but real, so the relying party in `api/auth.py` runs exactly the flow it runs against Keycloak or Entra ID:
discovery, an authorize page where one picks a demo user (no password: this is a demo), a token endpoint that
checks the client, the redirect URI, the single-use code and the PKCE verifier (S256 only), and an RS256-signed ID
token whose key is made when the provider is first used and never leaves the process.
"""

import base64
import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Form, Request as HttpRequest
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from sqlmodel import select

from adapters.clock import SystemClock
from api.auth import CsrfDep, client_id, message_page, redirect_uri, render
from api.deps import SessionDep
from models.config import Settings
from models.organisation import ROLE_LABELS, Region, User

PREFIX = "/dev-oidc"
# The demo seed gives every demo user an address under <region>.rvt.example; nobody else can be picked here, so a
# demo-mode server pointed at a real user table still cannot log in as a real person.
DEMO_EMAIL_SUFFIX = ".rvt.example"
CODE_SECONDS = 60
ID_TOKEN_SECONDS = 300
AUTHORIZE_PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge",
                    "code_challenge_method")
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclass(frozen=True)
class Grant:
    """What the provider vouches for, fixed when the person logged in at the provider (as with any real IdP)."""

    user_id: int
    email: str
    name: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str
    expires: float


class DevProvider:
    """The provider's state for one app: its signing key and the codes it has handed out (single use)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        # Real time, not the app's clock: the relying party (Authlib, in api/auth.py) checks the ID token's iat and
        # exp against the real time, as it would against Keycloak or Entra ID; a token dated on a pinned or started
        # clock would be refused as expired or not yet valid. Codes and tokens live seconds; no domain date
        # depends on them.
        self.real_clock = SystemClock()
        self.issuer = settings.public_base_url.rstrip("/") + PREFIX
        self._key: RSAKey | None = None
        self._codes: dict[str, Grant] = {}
        self._lock = threading.Lock()

    def real_now(self) -> float:
        return self.real_clock.now().timestamp()

    @property
    def key(self) -> RSAKey:
        with self._lock:
            if self._key is None:
                self._key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True)
            return self._key

    def issue_code(self, grant: Grant) -> str:
        code = secrets.token_urlsafe(32)
        with self._lock:
            now = self.real_now()
            for stale in [c for c, g in self._codes.items() if g.expires < now]:
                del self._codes[stale]
            self._codes[code] = grant
        return code

    def redeem(self, code: str) -> Grant | None:
        """Every presented code is spent, whether the rest of the request is right or not (RFC 6749 §4.1.2)."""
        with self._lock:
            grant = self._codes.pop(code, None)
        return grant if grant is not None and grant.expires >= self.real_now() else None

    def id_token(self, grant: Grant, now: float) -> str:
        claims = {"iss": self.issuer, "sub": str(grant.user_id), "aud": grant.client_id, "iat": int(now),
                  "exp": int(now) + ID_TOKEN_SECONDS, "auth_time": int(now), "nonce": grant.nonce,
                  "email": grant.email, "email_verified": True, "name": grant.name}
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def provider(http: HttpRequest) -> DevProvider:
    return http.app.state.dev_oidc


router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/.well-known/openid-configuration")
def discovery(p: DevProvider = Depends(provider)):
    return JSONResponse({
        "issuer": p.issuer,
        "authorization_endpoint": p.issuer + "/authorize",
        "token_endpoint": p.issuer + "/token",
        "jwks_uri": p.issuer + "/jwks",
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none", "client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "email", "profile"],
        "claims_supported": ["sub", "email", "email_verified", "name"],
    })


@router.get("/jwks")
def jwks(p: DevProvider = Depends(provider)):
    return JSONResponse(KeySet([p.key]).as_dict(private=False))


def _authorize_problem(p: DevProvider, params: dict[str, str]) -> str | None:
    """Why this authorization request is refused, or None."""
    if params.get("client_id") != client_id(p.settings):
        return "Onbekende toepassing (client_id)."
    if params.get("redirect_uri") != redirect_uri(p.settings):
        return "Het terugkeeradres (redirect_uri) is niet geregistreerd."
    if params.get("response_type") != "code":
        return "Alleen de authorization-code-flow wordt ondersteund (response_type=code)."
    if "openid" not in (params.get("scope") or "").split():
        return "De scope moet 'openid' bevatten."
    if not params.get("state") or not params.get("nonce"):
        return "state en nonce zijn verplicht."
    if params.get("code_challenge_method") != "S256" or not params.get("code_challenge"):
        return "PKCE met S256 is verplicht (code_challenge, code_challenge_method=S256)."
    return None


def _demo_users(session) -> list[dict]:
    regions = {r.id: r.name for r in session.exec(select(Region))}
    active = select(User).where(User.active == True)  # noqa: E712
    users = session.exec(active.order_by(User.region_id, User.name)).all()
    session.commit()
    return [{"id": u.id, "name": u.name, "email": u.email, "region": regions.get(u.region_id, "?"),
             "roles": ", ".join(ROLE_LABELS.get(r, r) for r in u.roles)}
            for u in users if u.email.lower().endswith(DEMO_EMAIL_SUFFIX)]


def _refused(http: HttpRequest, reason: str) -> HTMLResponse:
    return message_page(http, 400, "DEMO — aanmelding geweigerd", reason, back_url="/login",
                        back_label="Terug naar de inlogpagina")


@router.get("/authorize", response_class=HTMLResponse)
def authorize_page(http: HttpRequest, session: SessionDep, p: DevProvider = Depends(provider)):
    params = {k: http.query_params.get(k, "") for k in AUTHORIZE_PARAMS}
    problem = _authorize_problem(p, params)
    if problem:
        return _refused(http, problem)
    return render(http, "dev_authorize.html", params=params, users=_demo_users(session))


@router.post("/authorize", dependencies=[CsrfDep])
async def authorize_decide(http: HttpRequest, session: SessionDep, p: DevProvider = Depends(provider)):
    form = await http.form()
    params = {k: str(form.get(k, "")) for k in AUTHORIZE_PARAMS}
    problem = _authorize_problem(p, params)
    if problem:
        return _refused(http, problem)
    back = {"state": params["state"], "iss": p.issuer}
    if form.get("decision") != "allow":
        query = urlencode({"error": "access_denied", **back})
        return RedirectResponse(f"{params['redirect_uri']}?{query}", status_code=303)
    raw_user = str(form.get("user_id", ""))
    chosen = {u["id"]: u for u in _demo_users(session)}.get(int(raw_user) if raw_user.isdigit() else None)
    if chosen is None:
        return _refused(http, "Kies een van de demogebruikers.")
    code = p.issue_code(Grant(user_id=chosen["id"], email=chosen["email"], name=chosen["name"],
                              client_id=params["client_id"],
                              redirect_uri=params["redirect_uri"], code_challenge=params["code_challenge"],
                              nonce=params["nonce"], expires=p.real_now() + CODE_SECONDS))
    query = urlencode({"code": code, **back})
    return RedirectResponse(f"{params['redirect_uri']}?{query}", status_code=303)


def _token_error(error: str, description: str, status: int = 400) -> JSONResponse:
    headers = dict(NO_STORE)
    if error == "invalid_client":
        headers["WWW-Authenticate"] = 'Basic realm="dev-oidc"'
    return JSONResponse({"error": error, "error_description": description}, status_code=status, headers=headers)


def _client_authenticated(http: HttpRequest, p: DevProvider, form_client_id: str, form_secret: str) -> str | None:
    """The authenticated client id, or None. A public client (no secret configured) names itself."""
    expected_id, expected_secret = client_id(p.settings), p.settings.oidc_client_secret
    sent_id, sent_secret = form_client_id, form_secret
    header = http.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            from urllib.parse import unquote

            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
            sent_id, _, sent_secret = decoded.partition(":")
            sent_id, sent_secret = unquote(sent_id), unquote(sent_secret)
        except ValueError:
            return None
    if not hmac.compare_digest(sent_id.encode(), expected_id.encode()):
        return None
    if expected_secret and not hmac.compare_digest(sent_secret.encode(), expected_secret.encode()):
        return None
    return sent_id


@router.post("/token")
def token(http: HttpRequest, p: DevProvider = Depends(provider),
          grant_type: str = Form(""), code: str = Form(""), redirect_uri_: str = Form("", alias="redirect_uri"),
          code_verifier: str = Form(""), client_id_: str = Form("", alias="client_id"),
          client_secret: str = Form("")):
    authenticated = _client_authenticated(http, p, client_id_, client_secret)
    if authenticated is None:
        return _token_error("invalid_client", "Client-authenticatie mislukt.", 401)
    if grant_type != "authorization_code":
        return _token_error("unsupported_grant_type", "Alleen authorization_code.")
    grant = p.redeem(code)
    if grant is None:
        return _token_error("invalid_grant", "Code onbekend, verlopen of al gebruikt.")
    if grant.client_id != authenticated or grant.redirect_uri != redirect_uri_:
        return _token_error("invalid_grant", "Code hoort niet bij deze client of dit terugkeeradres.")
    if not code_verifier or not hmac.compare_digest(s256(code_verifier), grant.code_challenge):
        return _token_error("invalid_grant", "PKCE-controle mislukt: code_verifier past niet bij code_challenge.")
    # Whether this person may use tegenspraak is the relying party's decision, made on the e-mail claim.
    now = p.real_now()
    return JSONResponse({"access_token": secrets.token_urlsafe(32), "token_type": "Bearer",
                         "expires_in": ID_TOKEN_SECONDS, "id_token": p.id_token(grant, now),
                         "scope": "openid email profile"}, headers=NO_STORE)


def install(app: FastAPI, settings: Settings) -> None:
    """Only ever called in demo mode: without it every /dev-oidc path is a plain 404."""
    if not settings.demo:
        raise RuntimeError("De demo-inlogdienst bestaat alleen in demo-modus (TEGENSPRAAK_DEMO=1).")
    app.state.dev_oidc = DevProvider(settings)
    app.include_router(router)
