"""The workspace login in a real browser (Playwright driving Debian's Chromium) on a phone-sized screen: the OIDC
flow through the demo provider, the landing page and the access log, under the strict CSP, without a horizontal
scroll bar at 390 px."""

import pytest

from tests.builders import make_request
from tests.conftest import NOW
from tests.e2e.werkplek_browser import chromium, demo_settings, no_horizontal_scroll, served  # noqa: F401

pytestmark = pytest.mark.e2e


def test_log_in_look_around_and_log_out_on_a_phone(served, chromium, demo, session, tmp_path):  # noqa: F811
    request_id = make_request(session, demo, NOW)
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="nl-NL")
    page = phone.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(served + "/werkplek")
    assert page.url == served + "/login"
    assert "DEMO" in page.locator(".demo-banner").inner_text()
    page.get_by_role("button", name="Inloggen").click()

    assert page.locator("h1").inner_text() == "Demo-aanmelding — niet voor echt gebruik"
    assert no_horizontal_scroll(page)
    page.get_by_label("Fatima el Amrani").check()
    page.get_by_role("button", name="Inloggen als deze demogebruiker").click()

    assert page.url == served + "/werkplek"
    assert "Ingelogd als Fatima el Amrani" in page.locator(".whoami").inner_text()
    assert page.get_by_role("link", name="Concept afmaken en indienen voor tegenspraak").get_attribute("href") \
        == f"/werkplek/verzoeken/{request_id}"
    # The stylesheet is applied (a file, not inline), so the CSP lets it through.
    assert page.evaluate("getComputedStyle(document.querySelector('.demo-banner')).backgroundColor") \
        == "rgb(138, 28, 28)"
    assert no_horizontal_scroll(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    page.screenshot(path=str(tmp_path / "werkplek.png"), full_page=True)

    page.get_by_role("button", name="Uitloggen").click()
    assert page.url == served + "/login?uitgelogd=1"
    assert "U bent uitgelogd." in page.content()
    page.goto(served + "/werkplek")
    assert page.url == served + "/login"
    assert violations == []


def test_the_beheerder_searches_the_access_log_on_a_phone(served, chromium, demo, session, tmp_path):  # noqa: F811
    phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="nl-NL")
    page = phone.new_page()
    page.goto(served + "/login")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_label("Karin Vos").check()
    page.get_by_role("button", name="Inloggen als deze demogebruiker").click()
    page.get_by_role("link", name="Toegangslog").click()
    page.get_by_label("Persoon (id)").fill(str(demo.persons["noah"]))
    page.get_by_role("button", name="Zoeken").click()
    assert "person_id=" in page.url
    assert page.locator("h2#resultaten").count() == 1
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "toegangslog.png"), full_page=True)
