"""Browser-test harness for the workspace (a module, not a test file): Playwright driving Debian's Chromium
(/usr/bin/chromium, never a downloaded browser), the app served by uvicorn on a free local port, a login through
the demo OIDC provider as a person would do it, and an accessibility check with the local axe-core.

Use it from a test module:

    from tests.e2e.werkplek_browser import (assert_accessible, chromium, demo_settings, login_as, phone,  # noqa: F401
                                            served)

    def test_my_page(served, phone, demo):
        page = phone.new_page()
        login_as(page, served, demo.users["utrecht/indiener"], next_path="/werkplek/zaken/nieuw")
        assert_accessible(page)

`served` (the whole app in demo mode: API, workspace, demo OIDC provider) and `demo_settings` are the fixtures of
tests/api/test_login.py, re-exported; importing them into the test module is what makes pytest see them. `chromium`
is a launched browser, `phone` a 390 x 844 touch context (Dutch locale) and `desktop` a 1280 x 900 one; both record
Content-Security-Policy violations reported on the console in `context.csp_violations` ("page url: message").
"""

import json
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn

from tests.api.test_login import demo_settings, served  # noqa: F401 - re-exported fixtures

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "nl-NL"}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "nl-NL"}
# axe-core from the npm registry (package-lock.json), installed by scripts/install_frontend.sh: a test tool, never
# served by the app and never fetched from a CDN.
AXE_JS = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
LOGIN_TIMEOUT_MS = 15_000


# --- browser and app -------------------------------------------------------------------------------

@contextmanager
def launch_chromium():
    """Debian's Chromium under Playwright, headless; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def chromium():
    with launch_chromium() as browser:
        yield browser


def new_context(browser, **options):
    """A browser context that records CSP violations from the console in `context.csp_violations`."""
    context = browser.new_context(**options)
    context.csp_violations = []

    def watch(page):
        page.on("console", lambda m: context.csp_violations.append(f"{page.url}: {m.text}")
                if "Content Security Policy" in m.text else None)

    context.on("page", watch)
    return context


@pytest.fixture
def phone(chromium):
    context = new_context(chromium, **PHONE)
    yield context
    context.close()


@pytest.fixture
def desktop(chromium):
    context = new_context(chromium, **DESKTOP)
    yield context
    context.close()


@contextmanager
def serve(app, port: int, timeout: float = 20):
    """Runs an ASGI app with uvicorn on 127.0.0.1:port in a thread; yields its base URL, stops it on exit."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# --- what a person does ----------------------------------------------------------------------------

def login_as(page, served_url: str, user_id: int, next_path: str = "/werkplek") -> None:
    """Logs in through the demo OIDC provider in the browser, as the demo user with this id, and lands on next_path
    (a /werkplek page: the workspace sends the browser back there after the login). An earlier login in the same
    browser context is forgotten first."""
    page.goto("about:blank")  # the previous page loads nothing more (a lazy frame) under the new session
    page.context.clear_cookies()
    page.goto(served_url.rstrip("/") + next_path)
    if "/login" in page.url:
        page.get_by_role("button", name="Inloggen", exact=True).click()
        page.wait_for_url("**/dev-oidc/authorize**", timeout=LOGIN_TIMEOUT_MS)
    assert "/dev-oidc/authorize" in page.url, f"expected the demo login page, got {page.url}"
    choice = page.locator(f'input[name="user_id"][value="{int(user_id)}"]')
    assert choice.count() == 1, f"demo user {user_id} is not offered on the demo login page"
    choice.check()
    page.get_by_role("button", name="Inloggen als deze demogebruiker").click()
    page.wait_for_url(lambda url: "/dev-oidc/" not in url and "/auth/callback" not in url,
                      timeout=LOGIN_TIMEOUT_MS)
    assert page.url.split("?")[0].endswith(next_path.split("?")[0]), f"after login: {page.url}, not {next_path}"


def no_horizontal_scroll(page, width: int | None = None) -> bool:
    """The page is no wider than the viewport it was given (or than `width`): nothing to scroll sideways. (Not
    window.innerWidth: on a mobile viewport Chromium widens that to fit a page that is too wide.)"""
    limit = width if width is not None else (page.viewport_size or {}).get("width") or page.evaluate("innerWidth")
    return page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)") <= limit


def axe_violations(page, impacts=FAILING_IMPACTS) -> list[dict]:
    """Runs the local axe-core (WCAG 2.x A/AA rules and best practices) on the page; returns the violations with one
    of these impacts. axe is evaluated through the DevTools protocol, so the page's strict CSP stays in force."""
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS.relative_to(REPO_ROOT)} is missing: run scripts/install_frontend.sh (`make test` does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))}));
    }""")
    return [v for v in result if v["impact"] in impacts]


def assert_accessible(page, impacts=FAILING_IMPACTS) -> None:
    """Fails on any axe-core violation with impact serious or critical, printing each with the elements it found."""
    violations = axe_violations(page, impacts)
    if violations:
        report = "\n".join(
            f"- [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})\n"
            + "\n".join(f"    {json.dumps(n['target'])}: {(n['summary'] or '').replace(chr(10), ' ')}"
                        for n in v["nodes"][:10])
            for v in violations)
        print(f"axe-core on {page.url}:\n{report}")
        pytest.fail(f"{len(violations)} accessibility violation(s) on {page.url}:\n{report}", pytrace=False)
