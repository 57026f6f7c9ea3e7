"""The front-end assets come from the app itself (npm packages copied into api/static/vendor/ by
scripts/install_frontend.sh), never from a CDN: /docs, /redoc and the workspace pages reference only local URLs,
every one of them is served with the right content type, and the documentation pages run under a CSP without
inline script."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from api.security import CSP

REPO_ROOT = Path(__file__).resolve().parents[2]
VENDOR = REPO_ROOT / "api" / "static" / "vendor"
CONTENT_TYPES = {".js": "javascript", ".css": "text/css", ".png": "image/png"}


class References(HTMLParser):
    """The URLs a page loads (scripts, stylesheets, icons, images, ReDoc's spec-url) and its inline scripts."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False
        self.attributes: dict[str, list[dict]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes.setdefault(tag, []).append(attrs)
        for name in ("src", "spec-url"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])
        self._in_script = tag == "script" and not attrs.get("src")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def references(html: str) -> References:
    parser = References()
    parser.feed(html)
    return parser


@pytest.fixture(autouse=True)
def installed():
    if not (VENDOR / ".installed").is_file():
        pytest.fail("api/static/vendor/ is missing: run scripts/install_frontend.sh (`make test` does)")


def assert_served(client, urls: list[str]) -> None:
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), f"not a local URL: {url}"
        response = client.get(url)
        assert response.status_code == 200, url
        suffix = Path(url.split("?")[0]).suffix
        if suffix in CONTENT_TYPES:
            assert CONTENT_TYPES[suffix] in response.headers["content-type"], (url, response.headers["content-type"])
            assert len(response.content) > 100, url


def test_swagger_ui_is_local_and_runs_no_inline_script(client):
    response = client.get("/docs")
    assert response.status_code == 200
    page = references(response.text)
    assert page.inline_scripts == []
    assert "http://" not in response.text and "https://" not in response.text
    assert set(page.urls) == {"/static/vendor/swagger-ui/swagger-ui.css", "/static/vendor/swagger-ui/favicon-32x32.png",
                              "/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/swagger-init.js"}
    assert_served(client, page.urls)
    config = json.loads(page.attributes["div"][0]["data-config"])
    assert config["url"] == "/openapi.json" and config["dom_id"] == "#swagger-ui"
    assert client.get(config["url"]).status_code == 200
    # The CSP of /docs is the strict one of every other page: no inline script, no inline style.
    assert response.headers["content-security-policy"] == CSP
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert "unsafe-eval" not in response.headers["content-security-policy"]


def test_redoc_is_local_and_its_csp_allows_no_inline_script(client):
    response = client.get("/redoc")
    assert response.status_code == 200
    page = references(response.text)
    assert page.inline_scripts == []
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text)
    assert "/static/vendor/redoc/redoc.standalone.js" in page.urls
    assert_served(client, page.urls)
    csp = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self' 'unsafe-inline'"  # ReDoc's styled components write <style> elements
    assert csp["worker-src"] == "blob:"  # its search index runs in a worker made from a blob: URL
    assert csp["img-src"] == "'self' data:" and csp["connect-src"] == "'self'"
    assert "/docs/oauth2-redirect" not in {getattr(r, "path", "") for r in client.app.routes}


def test_workspace_pages_load_the_design_system_and_htmx_from_the_app(client):
    response = client.get("/login")  # base.html without a user
    assert response.status_code == 200
    page = references(response.text)
    assert page.inline_scripts == []
    assert page.urls == ["/static/vendor/nlds/theme.css", "/static/vendor/nlds/component-library.css",
                         "/static/vendor/nlds/html.css", "/static/werkplek.css", "/static/vendor/htmx.min.js"]
    assert_served(client, page.urls)
    assert page.attributes["html"][0] == {"lang": "nl"}
    body = page.attributes["body"][0]
    assert {"utrecht-html", "voorbeeld-theme", "tegenspraak-theme", "werkplek"} <= set(body["class"].split())
    htmx_config = json.loads(next(m["content"] for m in page.attributes["meta"] if m.get("name") == "htmx-config"))
    assert htmx_config["allowEval"] is False and htmx_config["includeIndicatorStyles"] is False
    assert htmx_config["historyCacheSize"] == 0  # no copies of dossier pages in the browser's localStorage
    headers = json.loads(body["hx-headers"])
    assert headers["X-CSRF-Token"] == re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
    assert response.headers["content-security-policy"] == CSP


def test_the_stylesheets_name_nothing_outside_the_app(client):
    for url in ("/static/werkplek.css", "/static/vendor/nlds/theme.css", "/static/vendor/nlds/component-library.css",
                "/static/vendor/nlds/html.css"):
        css = client.get(url).text
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css), url


def test_axe_core_is_installed_for_the_browser_tests_but_never_served(client):
    assert (REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js").is_file()
    assert not list(VENDOR.rglob("axe*"))
    assert client.get("/static/vendor/axe.min.js").status_code == 404
