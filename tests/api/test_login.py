"""Workspace login: OpenID Connect (authorization code + PKCE) against the demo provider, served on a real port,
so the relying party fetches discovery, token and keys over HTTP exactly as it would from Keycloak or Entra ID.
Each attack is performed, not described."""

import base64
import html
import json
import re
import threading
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlmodel import select

from api.app import create_app
from models.config import get_settings
from models.organisation import User, hash_token
from models.workspace_session import WorkspaceSession
from tests.builders import make_request
from tests.conftest import NOW, free_port

SECRET = "test-secret-key-for-sessions-0123456789abcdef"


def build_app(settings, clock=None):
    app = create_app(settings, clock=clock)
    if not any(getattr(r, "path", None) == "/login" for r in app.routes):  # until api/app.py wires it in
        from api import auth

        auth.install(app, settings)
    return app


@pytest.fixture
def demo_settings(settings, monkeypatch):
    port = free_port()
    monkeypatch.setenv("TEGENSPRAAK_DEMO", "1")
    monkeypatch.setenv("TEGENSPRAAK_SECRET_KEY", SECRET)
    monkeypatch.setenv("TEGENSPRAAK_SESSION_COOKIE_SECURE", "0")  # plain http on 127.0.0.1
    monkeypatch.setenv("TEGENSPRAAK_PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def served(demo_settings, demo):
    """The whole app (API, workspace and the demo OIDC provider) served by uvicorn on a free local port; its clock
    starts at NOW (TEGENSPRAAK_CLOCK_START, set by the `settings` fixture)."""
    yield from serve(build_app(demo_settings), demo_settings)


def serve(app, demo_settings):
    port = int(demo_settings.public_base_url.rsplit(":", 1)[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield demo_settings.public_base_url
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def browser(served):
    with httpx.Client(base_url=served, follow_redirects=False, timeout=20) as client:
        yield client


def hidden_fields(page: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2))
            for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)}


def start_login(browser: httpx.Client) -> str:
    """Up to the provider's authorize page; returns its URL."""
    page = browser.get("/login")
    assert page.status_code == 200
    started = browser.post("/login", data={"csrf_token": hidden_fields(page.text)["csrf_token"]})
    assert started.status_code == 303, started.text
    return started.headers["location"]


def pick_user(browser: httpx.Client, authorize_url: str, user_id: int) -> str:
    """Chooses a demo user on the provider's page; returns the callback URL the provider sends the browser to."""
    page = browser.get(authorize_url)
    assert page.status_code == 200
    assert "Demo-aanmelding — niet voor echt gebruik" in page.text
    chosen = browser.post("/dev-oidc/authorize", data=hidden_fields(page.text) | {"user_id": str(user_id),
                                                                                   "decision": "allow"})
    assert chosen.status_code == 303, chosen.text
    return chosen.headers["location"]


def login(browser: httpx.Client, user_id: int) -> None:
    done = browser.get(pick_user(browser, start_login(browser), user_id))
    assert done.status_code == 303, done.text
    assert done.headers["location"] == "/werkplek"


def session_data(browser: httpx.Client) -> dict:
    """What the signed session cookie carries (signed, not encrypted: the browser can read it, never change it)."""
    value = browser.cookies["tegenspraak_sessie"]
    return json.loads(base64.b64decode(value.split(".")[0]))


def page_csrf(browser: httpx.Client, path: str = "/werkplek") -> str:
    return hidden_fields(browser.get(path).text)["csrf_token"]


# --- the flow -------------------------------------------------------------------------------------

def test_authorization_code_flow_with_pkce_logs_in_and_opens_the_workspace(browser, demo, session):
    request_id = make_request(session, demo, NOW)
    assert browser.get("/werkplek").headers["location"] == "/login"  # not yet logged in

    authorize = urlsplit(start_login(browser))
    query = parse_qs(authorize.query)
    assert authorize.path == "/dev-oidc/authorize"
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["state"][0] and query["nonce"][0] and query["response_type"] == ["code"]
    assert "code_verifier" not in query
    before = session_data(browser)

    callback = pick_user(browser, f"{authorize.path}?{authorize.query}", demo.users["utrecht/indiener"])
    assert urlsplit(callback).path == "/auth/callback" and "code=" in callback
    done = browser.get(callback)
    assert done.status_code == 303 and done.headers["location"] == "/werkplek"

    after = session_data(browser)
    # The cookie names no user: only a random session id, whose SHA-256 the server holds for this user.
    assert "user_id" not in after and len(after["sid"]) == 43
    row = session.exec(select(WorkspaceSession).where(WorkspaceSession.token_hash == hash_token(after["sid"]))).one()
    assert row.user_id == demo.users["utrecht/indiener"] and row.revoked_at is None
    assert session.exec(select(WorkspaceSession).where(WorkspaceSession.token_hash == after["sid"])).first() is None
    assert after["csrf"] != before["csrf"]  # a new session at login: nothing from before survives
    assert not any(k.startswith("_state_") for k in after)

    page = browser.get("/werkplek")
    assert page.status_code == 200
    assert "Ingelogd als <strong>Fatima el Amrani</strong> (RVT-professional (indiener), RVT Utrecht)" in page.text
    assert f'<a href="/werkplek/verzoeken/{request_id}">Concept afmaken en indienen' in page.text
    assert '<html lang="nl">' in page.text and 'href="#inhoud"' in page.text
    assert "<style" not in page.text and " style=" not in page.text
    # Scripts only as local files (htmx), never inline: the CSP allows script-src 'self' alone.
    assert re.findall(r"<script[^>]*>[^<]*</script>", page.text) == ['<script src="/static/vendor/htmx.min.js" defer>'
                                                                     '</script>']
    assert browser.get("/static/werkplek.css").status_code == 200


def test_the_workspace_shows_only_what_the_user_may_see(browser, demo, session):
    request_id = make_request(session, demo, NOW)  # a Utrecht draft
    login(browser, demo.users["rotterdam-rijnmond/indiener"])
    page = browser.get("/werkplek")
    assert page.status_code == 200 and "Mohamed Bouzid" in page.text
    assert f"#{request_id}" not in page.text
    assert "Er staan geen verzoeken voor u open." in page.text


def test_token_endpoint_refuses_a_wrong_code_verifier_and_spends_the_code(browser, demo, demo_settings):
    authorize_url = start_login(browser)
    state = parse_qs(urlsplit(authorize_url).query)["state"][0]
    verifier = session_data(browser)[f"_state_werkplek_{state}"]["data"]["code_verifier"]
    callback = parse_qs(urlsplit(pick_user(browser, authorize_url, demo.users["utrecht/jurist"])).query)
    token_request = {"grant_type": "authorization_code", "code": callback["code"][0],
                     "redirect_uri": demo_settings.public_base_url + "/auth/callback",
                     "client_id": "tegenspraak-werkplek-demo"}

    stolen = browser.post("/dev-oidc/token", data=token_request | {"code_verifier": "A" * 64})
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    assert "id_token" not in stolen.text
    # The code is spent by the failed attempt: not even the right verifier redeems it now.
    late = browser.post("/dev-oidc/token", data=token_request | {"code_verifier": verifier})
    assert late.status_code == 400 and late.json()["error"] == "invalid_grant"
    no_pkce = browser.post("/dev-oidc/token", data=token_request)
    assert no_pkce.status_code == 400


def test_token_endpoint_gives_a_signed_id_token_for_the_right_verifier(browser, demo, demo_settings):
    from joserfc import jwt
    from joserfc.jwk import KeySet

    authorize_url = start_login(browser)
    query = parse_qs(urlsplit(authorize_url).query)
    verifier = session_data(browser)[f"_state_werkplek_{query['state'][0]}"]["data"]["code_verifier"]
    callback = parse_qs(urlsplit(pick_user(browser, authorize_url, demo.users["utrecht/jurist"])).query)
    answer = browser.post("/dev-oidc/token", data={
        "grant_type": "authorization_code", "code": callback["code"][0], "code_verifier": verifier,
        "redirect_uri": demo_settings.public_base_url + "/auth/callback", "client_id": "tegenspraak-werkplek-demo"})
    assert answer.status_code == 200, answer.text
    keys = KeySet.import_key_set(browser.get("/dev-oidc/jwks").json())
    token = jwt.decode(answer.json()["id_token"], keys, algorithms=["RS256"])
    assert token.header["alg"] == "RS256"
    assert token.claims["nonce"] == query["nonce"][0]
    assert token.claims["email"] == "koen.smit@utrecht.rvt.example"
    assert token.claims["iss"] == demo_settings.public_base_url + "/dev-oidc"
    assert "d" not in browser.get("/dev-oidc/jwks").json()["keys"][0]  # the private part never leaves


def test_authorize_refuses_plain_pkce_and_foreign_redirect_uris(browser, demo_settings):
    authorize = urlsplit(start_login(browser))
    good = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    for attack in ({"code_challenge_method": "plain"}, {"code_challenge": ""},
                   {"redirect_uri": "https://evil.example/auth/callback"}, {"client_id": "someone-else"}):
        page = browser.get(authorize.path, params=good | attack)
        assert page.status_code == 400 and "DEMO" in page.text, attack
        forged = browser.post("/dev-oidc/authorize", data=good | attack | {
            "user_id": "1", "decision": "allow", "csrf_token": session_data(browser)["csrf"]})
        assert forged.status_code == 400, attack
        assert "location" not in forged.headers


def test_callback_with_a_forged_state_is_refused(browser, demo):
    callback = urlsplit(pick_user(browser, start_login(browser), demo.users["utrecht/indiener"]))
    params = parse_qs(callback.query)
    forged = browser.get(callback.path, params={"code": params["code"][0], "state": "forged-" + params["state"][0]})
    assert forged.status_code == 400
    assert "Inloggen mislukt" in forged.text
    assert "user_id" not in session_data(browser)
    assert browser.get("/werkplek").headers["location"] == "/login"


def test_callback_in_another_browser_is_refused(served, browser, demo):
    """Login CSRF: the victim's browser gets the attacker's code and state; its session never started that flow."""
    callback = pick_user(browser, start_login(browser), demo.users["utrecht/indiener"])
    with httpx.Client(base_url=served, follow_redirects=False) as victim:
        answer = victim.get(callback)
        assert answer.status_code == 400
        assert victim.get("/werkplek").headers["location"] == "/login"


@pytest.mark.parametrize("change", ["email", "inactive"])
def test_unknown_or_inactive_user_gets_no_access_and_nothing_is_created(browser, demo, session, change):
    user_id = demo.users["utrecht/gw"]
    callback = pick_user(browser, start_login(browser), user_id)
    # Between the provider's login and our callback the account changes: the ID token's e-mail is no user here.
    user = session.get(User, user_id)
    if change == "email":
        user.email = "someone.else@utrecht.rvt.example"
    else:
        user.active = False
    session.add(user)
    session.commit()
    count = len(session.exec(select(User)).all())

    answer = browser.get(callback)
    assert answer.status_code == 403
    assert "U heeft geen toegang" in answer.text
    assert browser.get("/werkplek").headers["location"] == "/login"
    session.expire_all()
    assert len(session.exec(select(User)).all()) == count


def test_email_match_is_case_insensitive(browser, demo, session):
    user = session.get(User, demo.users["utrecht/manager"])
    user.email = user.email.upper()  # the provider sends the address as it was when the page listed it
    session.add(user)
    session.commit()
    login(browser, demo.users["utrecht/manager"])
    assert "Hanneke Dijkstra" in browser.get("/werkplek").text


def test_a_deactivated_user_is_logged_out_at_the_next_page(browser, demo, session):
    login(browser, demo.users["utrecht/indiener"])
    user = session.get(User, demo.users["utrecht/indiener"])
    user.active = False
    session.add(user)
    session.commit()
    answer = browser.get("/werkplek")
    assert answer.status_code == 303 and answer.headers["location"] == "/login"


# --- CSRF, logout -----------------------------------------------------------------------------

def test_posts_without_or_with_a_wrong_csrf_token_are_refused(browser, demo):
    login(browser, demo.users["utrecht/indiener"])
    for data in ({}, {"csrf_token": ""}, {"csrf_token": "wrong"}, {"csrf_token": page_csrf(browser) + "x"}):
        answer = browser.post("/logout", data=data)
        assert answer.status_code == 403, data
        assert "Verzoek geweigerd" in answer.text and '<html lang="nl">' in answer.text
    assert browser.get("/werkplek").status_code == 200  # still logged in: nothing was done
    assert browser.post("/login", data={"csrf_token": "wrong"}).status_code == 403


def test_a_cross_site_form_cannot_log_out_or_start_a_login(served, demo):
    """Another site's form posts without our token (the browser may even send the cookie)."""
    with httpx.Client(base_url=served, follow_redirects=False) as attacker:
        assert attacker.post("/logout", data={"csrf_token": "guess"}).status_code == 403
        assert attacker.post("/login", data={}).status_code == 403
        assert attacker.post("/dev-oidc/authorize", data={"user_id": "1", "decision": "allow"}).status_code == 403


def test_logout_clears_the_session(browser, demo):
    login(browser, demo.users["utrecht/indiener"])
    answer = browser.post("/logout", data={"csrf_token": page_csrf(browser)})
    assert answer.status_code == 303 and answer.headers["location"] == "/login?uitgelogd=1"
    assert "tegenspraak_sessie=null" in answer.headers["set-cookie"]
    assert "expires=Thu, 01 Jan 1970" in answer.headers["set-cookie"]
    assert browser.get("/werkplek").headers["location"] == "/login"
    assert "U bent uitgelogd." in browser.get(answer.headers["location"]).text


def copy_cookie(browser: httpx.Client) -> str:
    return browser.cookies["tegenspraak_sessie"]


def replay(served: str, cookie: str, path: str = "/werkplek") -> httpx.Response:
    """What an attacker does with a stolen cookie: send it from another client."""
    with httpx.Client(base_url=served, follow_redirects=False) as attacker:
        attacker.cookies.set("tegenspraak_sessie", cookie, domain="127.0.0.1")
        return attacker.get(path)


def session_row(session, browser: httpx.Client) -> WorkspaceSession:
    session.rollback()  # a fresh read: the server wrote the row in another connection
    return session.exec(select(WorkspaceSession).where(
        WorkspaceSession.token_hash == hash_token(session_data(browser)["sid"]))).one()


def test_a_copied_cookie_is_dead_after_logout(served, browser, demo, session):
    login(browser, demo.users["utrecht/indiener"])
    stolen = copy_cookie(browser)
    assert replay(served, stolen).status_code == 200  # the copy works while the session lives
    row = session_row(session, browser)

    answer = browser.post("/logout", data={"csrf_token": page_csrf(browser)})
    assert answer.status_code == 303 and answer.headers["location"] == "/login?uitgelogd=1"

    replayed = replay(served, stolen)
    assert replayed.status_code == 303 and replayed.headers["location"] == "/login"
    assert replay(served, stolen, "/werkplek/toegangslog").headers["location"] == "/login"
    session.rollback()  # end the test's read, so it sees what the server wrote
    assert session.get(WorkspaceSession, row.id).revoked_at is not None


def test_revoking_the_session_in_the_database_ends_it_at_the_next_request(served, browser, demo, session):
    login(browser, demo.users["utrecht/indiener"])
    stolen = copy_cookie(browser)
    assert browser.get("/werkplek").status_code == 200
    row = session_row(session, browser)
    row.revoked_at = NOW
    session.add(row)
    session.commit()
    assert browser.get("/werkplek").headers["location"] == "/login"
    assert replay(served, stolen).headers["location"] == "/login"


def test_an_expired_session_row_is_refused(served, browser, demo, session):
    """The cookie is still validly signed and within its login time; the server's row has expired."""
    login(browser, demo.users["utrecht/indiener"])
    assert browser.get("/werkplek").status_code == 200
    row = session_row(session, browser)
    row.expires_at = NOW - timedelta(seconds=1)
    session.add(row)
    session.commit()
    assert browser.get("/werkplek").headers["location"] == "/login"


def test_ending_all_sessions_of_a_user_logs_out_every_browser(served, demo, session):
    from models.services.sessions import end_all_sessions

    cookies = []
    for _ in range(2):
        with httpx.Client(base_url=served, follow_redirects=False, timeout=20) as browser:
            login(browser, demo.users["utrecht/jurist"])
            cookies.append(copy_cookie(browser))
    assert [replay(served, c).status_code for c in cookies] == [200, 200]
    assert end_all_sessions(session, user_id=demo.users["utrecht/jurist"], now=NOW) == 2
    assert [replay(served, c).headers.get("location") for c in cookies] == ["/login", "/login"]


def test_logging_in_again_ends_the_earlier_session_of_that_browser(served, browser, demo, session):
    login(browser, demo.users["utrecht/indiener"])
    first = copy_cookie(browser)
    login(browser, demo.users["utrecht/indiener"])
    assert browser.get("/werkplek").status_code == 200
    assert replay(served, first).headers["location"] == "/login"


def test_a_session_older_than_the_maximum_is_refused(browser, demo, demo_settings):
    """A cookie rewritten on every request would slide forever; the login time caps the whole session."""
    from itsdangerous import TimestampSigner

    from api.auth import session_signing_key

    login(browser, demo.users["utrecht/indiener"])
    data = session_data(browser)
    data["login_at"] -= demo_settings.session_max_age_seconds + 1
    payload = base64.b64encode(json.dumps(data).encode())
    signed = TimestampSigner(session_signing_key(demo_settings)).sign(payload).decode()
    browser.cookies.set("tegenspraak_sessie", signed, domain="127.0.0.1")
    assert browser.get("/werkplek").headers["location"] == "/login"


def test_the_session_ages_on_the_apps_clock_while_the_login_itself_runs_on_real_time(demo_settings, demo, clock):
    """The app stands at NOW, weeks before the real date: the demo provider's ID token (iat, exp) is checked by
    Authlib against the real time and still logs in; the session's age is measured on the app's clock."""
    for base_url in serve(build_app(demo_settings, clock=clock), demo_settings):
        with httpx.Client(base_url=base_url, follow_redirects=False, timeout=20) as browser:
            login(browser, demo.users["utrecht/indiener"])
            assert session_data(browser)["login_at"] == int(NOW.timestamp())
            clock.advance(seconds=demo_settings.session_max_age_seconds - 1)
            assert browser.get("/werkplek").status_code == 200  # one second before the maximum: still in
            clock.advance(seconds=1)  # no real waiting: only the app's clock moved
            assert browser.get("/werkplek").headers["location"] == "/login"


def test_a_forged_session_cookie_is_not_a_login(browser, demo):
    forged = base64.b64encode(json.dumps({"user_id": demo.users["amsterdam-amstelland/beheerder"],
                                          "login_at": int(NOW.timestamp())}).encode()).decode()
    browser.cookies.set("tegenspraak_sessie", forged + ".AAAAAA.forgedsignature", domain="127.0.0.1")
    assert browser.get("/werkplek").headers["location"] == "/login"


# --- cookie flags and demo mode off ------------------------------------------------------------

@pytest.mark.parametrize("secure", [True, False])
def test_session_cookie_is_httponly_lax_and_secure_when_configured(settings, demo, monkeypatch, secure):
    monkeypatch.setenv("TEGENSPRAAK_SECRET_KEY", SECRET)
    monkeypatch.setenv("TEGENSPRAAK_SESSION_COOKIE_SECURE", "1" if secure else "0")
    get_settings.cache_clear()
    with TestClient(build_app(get_settings())) as client:
        cookie = client.get("/login").headers["set-cookie"]
    flags = [f.strip().lower() for f in cookie.split(";")]
    assert cookie.startswith("tegenspraak_sessie=")
    assert "httponly" in flags and "samesite=lax" in flags
    assert ("secure" in flags) is secure
    assert f"max-age={get_settings().session_max_age_seconds}" in flags


def test_without_demo_mode_the_dev_provider_and_demo_login_do_not_exist(settings, demo, monkeypatch):
    monkeypatch.setenv("TEGENSPRAAK_DEMO", "0")
    monkeypatch.setenv("TEGENSPRAAK_SECRET_KEY", SECRET)
    monkeypatch.delenv("TEGENSPRAAK_CLOCK_START")  # refused outside demo mode (tests/test_clock.py)
    get_settings.cache_clear()
    with TestClient(build_app(get_settings())) as client:
        for path in ("/dev-oidc/.well-known/openid-configuration", "/dev-oidc/authorize", "/dev-oidc/jwks"):
            assert client.get(path).status_code == 404, path
        assert client.post("/dev-oidc/token", data={"grant_type": "authorization_code"}).status_code == 404
        assert client.post("/dev-oidc/authorize", data={"user_id": "1"}).status_code == 404
        page = client.get("/login")
        assert page.status_code == 200
        assert "DEMO" not in page.text and "demo" not in page.text.lower()
        assert "niet ingesteld" in page.text  # no provider configured: nobody logs in, nobody is let in
        csrf = hidden_fields(page.text).get("csrf_token")
        assert csrf is None  # no login form at all
        assert client.get("/werkplek", follow_redirects=False).headers["location"] == "/login"


def test_a_real_provider_is_used_when_configured(settings, demo, monkeypatch):
    """Outside demo mode the relying party goes to the configured provider's discovery URL, nowhere else."""
    provider = free_port()
    monkeypatch.setenv("TEGENSPRAAK_SECRET_KEY", SECRET)
    monkeypatch.setenv("TEGENSPRAAK_OIDC_DISCOVERY_URL",
                       f"http://127.0.0.1:{provider}/realms/rvt/.well-known/openid-configuration")
    monkeypatch.setenv("TEGENSPRAAK_OIDC_CLIENT_ID", "tegenspraak")
    get_settings.cache_clear()
    with TestClient(build_app(get_settings()), base_url="https://testserver") as client:  # Secure cookie: https
        page = client.get("/login")
        # Nothing listens there: the login is refused with a Dutch page, not a crash and not a bypass.
        answer = client.post("/login", data={"csrf_token": hidden_fields(page.text)["csrf_token"]})
        assert answer.status_code == 502 and "niet bereikbaar" in answer.text


# --- the access log page -----------------------------------------------------------------------

def test_a_non_beheerder_is_refused_the_access_log(browser, demo, session):
    from models.access_log import AccessLogEntry

    login(browser, demo.users["utrecht/indiener"])
    for query in ("", "?person_id=1", "?person_id=abc"):
        answer = browser.get("/werkplek/toegangslog" + query)
        assert answer.status_code == 403, query
        assert "Geen toegang" in answer.text and "beheerder" in answer.text
        assert "<table" not in answer.text
    refusals = session.exec(select(AccessLogEntry).where(AccessLogEntry.object_type == "access_log")).all()
    assert [(e.user_id, e.outcome, e.channel) for e in refusals] == [(demo.users["utrecht/indiener"], "refused",
                                                                      "werkplek")] * 3


def test_the_beheerder_sees_who_looked_at_a_childs_file(served, browser, demo, session):
    request_id = make_request(session, demo, NOW)
    with httpx.Client(base_url=served) as machine:  # the indiener opens the family over the API
        headers = {"Authorization": f"Bearer {demo.tokens['utrecht/indiener']}"}
        assert machine.get(f"/families/{demo.family_id}", headers=headers).status_code == 200
        assert machine.get(f"/requests/{request_id}", headers=headers).status_code == 200
    login(browser, demo.users["amsterdam-amstelland/beheerder"])
    page = browser.get("/werkplek/toegangslog", params={"person_id": demo.persons["noah"]})
    assert page.status_code == 200, page.text
    assert "Fatima el Amrani" in page.text
    assert "<label for=\"person_id\">" in page.text
    invalid = browser.get("/werkplek/toegangslog", params={"person_id": "1; drop table", "family_id": "9" * 30})
    assert invalid.status_code == 422 and "vul een nummer in" in invalid.text
