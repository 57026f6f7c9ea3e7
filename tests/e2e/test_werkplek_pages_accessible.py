"""Every workspace page that the lifecycle test does not pass through, checked in Chromium with axe-core (no
serious or critical violation) and at 390 px (nothing to scroll sideways): the beheerder's pages, the indiener's
case list and revision difference, the access log, and the API documentation served from local files."""

from datetime import timedelta

import pytest

from tests.builders import drive_to
from tests.conftest import NOW
from tests.e2e.werkplek_browser import (assert_accessible, chromium, demo_settings, login_as,  # noqa: F401
                                        no_horizontal_scroll, phone, served)

ADMIN_PAGES = ["/werkplek/beheer/pool", "/werkplek/beheer/pool/nieuw", "/werkplek/beheer/pool/import",
               "/werkplek/beheer/regios", "/werkplek/beheer/gemarkeerd", "/werkplek/beheer/cijfers",
               "/werkplek/toegangslog"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_the_beheerders_pages_are_accessible_on_a_phone(served, phone, demo, session, demo_settings, path):
    drive_to(session, demo, "approved", NOW - timedelta(days=3), demo_settings.documents_dir)
    page = phone.new_page()
    login_as(page, served, demo.users["amsterdam-amstelland/beheerder"], next_path=path)
    assert_accessible(page)
    assert no_horizontal_scroll(page), path


def test_the_indieners_other_pages_are_accessible(served, phone, demo, session, demo_settings):
    request_id = drive_to(session, demo, "in_tegenspraak", NOW - timedelta(days=1), demo_settings.documents_dir)
    page = phone.new_page()
    login_as(page, served, demo.users["utrecht/indiener"], next_path="/werkplek/zaken")
    for path in ("/werkplek/zaken", f"/werkplek/verzoeken/{request_id}/verschil",
                 f"/werkplek/verzoeken/{request_id}/bijlagen", f"/werkplek/verzoeken/{request_id}/horen"):
        page.goto(served + path)
        assert_accessible(page)
        assert no_horizontal_scroll(page), path


def test_the_api_documentation_loads_from_local_files_only(served, phone):
    """Nothing arrives from outside this server (ReDoc's own 'powered by' logo points at its CDN; the CSP's img-src
    'self' blocks it, so on a closed network nothing is fetched), and the documentation renders."""
    page = phone.new_page()
    loaded_from_outside = []
    page.on("response", lambda r: loaded_from_outside.append(r.url)
            if not r.url.startswith((served, "blob:", "data:")) else None)
    page.goto(served + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    page.goto(served + "/redoc")
    page.wait_for_selector("[data-section-id]", timeout=15_000)
    assert loaded_from_outside == [], loaded_from_outside
