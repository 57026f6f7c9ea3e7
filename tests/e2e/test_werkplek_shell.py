"""The workspace's page shell in a real browser (Debian's Chromium): NL Design System CSS and htmx from local files
under the strict CSP, the menu by role, axe-core without serious or critical violations, a 390 px phone without
sideways scrolling, the skip link, htmx's CSRF header, and the API docs from local files."""

import pytest
from fastapi import Request as HttpRequest
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, DictLoader

from api.auth import WorkspaceUserDep, pages, render
from models.dossier import load_dossier
from tests.api.test_login import build_app
from tests.builders import drive_to, make_request
from tests.conftest import NOW
from tests.e2e.werkplek_browser import (DESKTOP, PHONE, assert_accessible, chromium, demo_settings,  # noqa: F401
                                        desktop, login_as, new_context, no_horizontal_scroll, phone, serve, served)

pytestmark = pytest.mark.e2e

EVERYONE = ["Mijn werk"]
INDIENER = ["Mijn werk", "Nieuwe zaak"]
BEHEERDER = ["Mijn werk", "Reviewerpool", "Gemarkeerde verzoeken", "Uniformiteit", "Toegangslog"]


def menu(page) -> list[str]:
    return [t.strip() for t in page.locator('nav[aria-label="Hoofdmenu"] a').all_inner_texts()]


def stylesheets_applied(page) -> bool:
    """The NL Design System tokens and werkplek.css are loaded (files, so the CSP lets them through)."""
    return page.evaluate("""() => {
        const root = getComputedStyle(document.body);
        return root.getPropertyValue('--utrecht-button-primary-action-background-color').trim() !== ''
            && root.getPropertyValue('--tegenspraak-font').trim() !== '';
    }""")


def check_phone_page(page) -> None:
    assert stylesheets_applied(page)
    assert no_horizontal_scroll(page, 390), page.url
    assert_accessible(page)


def test_indiener_on_a_phone_sees_her_menu_and_an_accessible_landing_page(served, phone, demo, session):  # noqa: F811
    make_request(session, demo, NOW)
    page = phone.new_page()
    login_as(page, served, demo.users["utrecht/indiener"])
    assert menu(page) == INDIENER
    assert page.locator('nav[aria-label="Hoofdmenu"] a[href="/werkplek/zaken/nieuw"]').count() == 1
    assert page.evaluate("typeof htmx") == "object"  # the local htmx, not blocked by the CSP
    assert "DEMO" in page.locator(".demo-banner").inner_text()
    check_phone_page(page)

    # The skip link is the first stop of the keyboard and moves the focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "auto"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    assert phone.csp_violations == []


def test_beheerder_menu_landing_and_access_log_pass_axe_on_a_phone(served, phone, demo):  # noqa: F811
    page = phone.new_page()
    login_as(page, served, demo.users["amsterdam-amstelland/beheerder"])
    assert menu(page) == BEHEERDER
    check_phone_page(page)

    page.get_by_role("link", name="Toegangslog").click()
    page.wait_for_url("**/werkplek/toegangslog")
    check_phone_page(page)
    page.get_by_label("Persoon (id)").fill(str(demo.persons["noah"]))
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**person_id=**")
    check_phone_page(page)
    # A refused search shows its error, still accessible.
    page.goto(served + "/werkplek/toegangslog?person_id=abc")
    assert page.get_by_role("alert").count() >= 1
    check_phone_page(page)
    assert phone.csp_violations == []


def test_tegenspreker_with_a_review_task_has_only_mijn_werk(served, phone, demo, session, demo_settings):  # noqa: F811
    request_id = drive_to(session, demo, "in_tegenspraak", NOW, demo_settings.documents_dir)
    seat = next(s for s in load_dossier(session, request_id).seats if s.role == "tegenspreker")
    page = phone.new_page()
    login_as(page, served, seat.user_id)
    assert menu(page) == EVERYONE
    check_phone_page(page)
    page.goto(served + "/werkplek/toegangslog")  # not in the menu, and refused
    assert "/werkplek/toegangslog" in page.url and page.locator("h1").inner_text() == "Geen toegang"
    check_phone_page(page)
    assert phone.csp_violations == []


def test_htmx_requests_carry_the_csrf_token(served, desktop, demo):  # noqa: F811
    page = desktop.new_page()
    login_as(page, served, demo.users["utrecht/indiener"])
    # Without the token (a plain fetch) the workspace refuses a POST ...
    refused = page.evaluate("fetch('/logout', {method: 'POST', redirect: 'manual'}).then(r => r.status)")
    assert refused == 403
    page.goto(served + "/werkplek")
    assert page.url == served + "/werkplek"
    # ... and an htmx request sends it as X-CSRF-Token (hx-headers on <body>), so the same POST logs out.
    page.evaluate("htmx.ajax('POST', '/logout', {source: '#inhoud', target: '#inhoud', swap: 'innerHTML'})")
    page.wait_for_function("document.querySelector('#inhoud').textContent.includes('U bent uitgelogd')")
    page.goto(served + "/werkplek")
    assert page.url == served + "/login"
    assert desktop.csp_violations == []


# --- the generic classes of werkplek.css on one page -------------------------------------------------------------

STYLE_PAGE = """{% extends "base.html" %}{% set nav = "mijn-werk" %}
{% block title %}Stijlen{% endblock %}
{% block content %}
<nav aria-label="Kruimelpad" class="breadcrumb"><a href="/werkplek">Mijn werk</a></nav>
<h1>Stijlen van de werkplek</h1>
<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="fouten-titel">
  <h2 id="fouten-titel">Er ging iets mis</h2>
  <ul><li><a href="#duur">Vul de duur in</a></li></ul>
</div>
<p class="notice">Een mededeling.</p>
<div class="utrecht-alert utrecht-alert--warning"><div class="utrecht-alert__content">
  <p class="utrecht-alert__message">Een waarschuwing.</p></div></div>
<div class="layout-with-sidebar">
  <form class="layout-with-sidebar__main" method="post" action="/werkplek">
    <div class="field field--invalid">
      <label for="duur">Duur in maanden</label>
      <p class="field-hint" id="duur-uitleg">Ten hoogste twaalf maanden.</p>
      <p class="field-error" id="duur-fout"><span class="visually-hidden">Fout:</span> Vul de duur in.</p>
      <input id="duur" name="duur" inputmode="numeric" aria-invalid="true" aria-describedby="duur-uitleg duur-fout">
    </div>
    <div class="utrecht-form-field">
      <label class="utrecht-form-label" for="toelichting">Toelichting</label>
      <textarea class="utrecht-textarea" id="toelichting" name="toelichting"></textarea>
    </div>
    <fieldset class="choices choices--inline"><legend>Spoed</legend>
      <div class="choice"><input type="radio" id="ja" name="spoed" value="ja"><label for="ja">ja</label></div>
      <div class="choice"><input type="radio" id="nee" name="spoed" value="nee"><label for="nee">nee</label></div>
    </fieldset>
    <div class="form-actions">
      <button type="submit" class="utrecht-button utrecht-button--primary-action">Opslaan</button>
      <button type="submit" class="utrecht-button utrecht-button--secondary-action">Annuleren</button>
      <button type="submit">Standaard</button>
      <button type="submit" class="secondary">Secundair</button>
    </div>
  </form>
  <aside class="layout-with-sidebar__aside" aria-labelledby="controle"><h2 id="controle">Controle</h2>
    <ul class="plain-list"><li><span class="overdue">Te laat: 12-11-2026</span></li>
      <li><span class="status-badge">concept</span> <span class="status-badge status-badge--info">ingediend</span>
        <span class="status-badge status-badge--waiting">wacht op reactie</span>
        <span class="status-badge status-badge--done">klaar</span>
        <span class="status-badge status-badge--danger">spoed</span>
        <span class="utrecht-status-badge utrecht-status-badge--warning">let op</span></li></ul>
    <dl class="facts-list"><dt>Gezin</dt><dd>Jansen</dd><dt>Maatregel</dt><dd>ondertoezichtstelling</dd></dl>
  </aside>
</div>
<h2 id="taken">Taken</h2>
<div class="table-wrap" role="region" aria-labelledby="taken" tabindex="0">
<table class="task-table">
  <thead><tr><th scope="col">Wat</th><th scope="col">Verzoek</th><th scope="col">Termijn</th>
    <th scope="col">Status</th></tr></thead>
  <tbody>
  <tr class="is-overdue"><th scope="row"><a href="/werkplek">Reactie vastleggen van de moeder op het verzoek</a></th>
    <td>#1 ondertoezichtstelling</td><td><span class="overdue">Te laat: 12-11-2026</span></td>
    <td><span class="status-badge status-badge--waiting">wacht</span></td></tr>
  <tr><th scope="row"><a href="/werkplek">Toetsen</a></th><td>#2 uithuisplaatsing</td><td>20-12-2026</td>
    <td><span class="status-badge status-badge--in_tegenspraak">in tegenspraak</span></td></tr>
  </tbody>
</table>
</div>
<p class="muted">Secundaire tekst, <span class="code">problem_code</span>.</p>
{% endblock %}"""


@pytest.fixture
def styled(demo_settings, demo):  # noqa: F811
    """The app with one extra, test-only page that uses every generic class of werkplek.css."""
    app = build_app(demo_settings)

    @app.get("/werkplek/_stijlen", response_class=HTMLResponse)
    def style_page(http: HttpRequest, user: WorkspaceUserDep):
        return render(http, "_stijlen.html", user=user)

    original = pages.loader
    pages.loader = ChoiceLoader([DictLoader({"_stijlen.html": STYLE_PAGE}), original])
    port = int(demo_settings.public_base_url.rsplit(":", 1)[1])
    try:
        with serve(app, port) as url:
            yield url
    finally:
        pages.loader = original


def test_the_generic_classes_pass_axe_and_the_layout_stacks_on_a_phone(styled, chromium, demo):  # noqa: F811
    for options, stacked in ((PHONE, True), (DESKTOP, False)):
        context = new_context(chromium, **options)
        page = context.new_page()
        login_as(page, styled, demo.users["utrecht/indiener"], next_path="/werkplek/_stijlen")
        assert stylesheets_applied(page)
        assert_accessible(page)
        assert no_horizontal_scroll(page)
        main = page.locator(".layout-with-sidebar__main").bounding_box()
        aside = page.locator(".layout-with-sidebar__aside").bounding_box()
        if stacked:
            assert aside["y"] >= main["y"] + main["height"] and aside["width"] > 300
        else:
            assert aside["x"] >= main["x"] + main["width"] and abs(aside["y"] - main["y"]) < 2
        assert page.locator('nav[aria-label="Hoofdmenu"] a[aria-current="page"]').inner_text() == "Mijn werk"
        # Not colour alone: the overdue mark is red and says so in words.
        overdue = page.locator("td .overdue")
        assert "Te laat" in overdue.inner_text()
        assert overdue.evaluate("e => getComputedStyle(e).color") == "rgb(160, 29, 35)"
        assert context.csp_violations == []
        context.close()


# --- the API docs -------------------------------------------------------------------------------------------------

def test_api_docs_render_from_local_files_under_the_csp(served, desktop):  # noqa: F811
    page = desktop.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(served) else None)
    page.goto(served + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "tegenspraak" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() > 10
    page.goto(served + "/redoc")
    page.wait_for_selector("h1", timeout=20_000)
    assert "tegenspraak" in page.locator("h1").first.inner_text()
    # ReDoc's "powered by" logo lives on its vendor's CDN: the CSP blocks it, and nothing else leaves the app.
    assert [u for u in outside if not u.startswith(("data:", "blob:", "https://cdn.redoc.ly/"))] == []
    assert [v for v in desktop.csp_violations if "cdn.redoc.ly" not in v] == []
