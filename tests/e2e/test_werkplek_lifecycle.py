"""The whole OTS lifecycle through the workspace only, in Debian's Chromium: the indiener opens a case, drafts and
submits; the parents respond through the portal; three reviewers assess and give verdicts; the jurist and the
gedragswetenschapper preview and sign; the indiener downloads the verzoekschrift. No JSON call: what people do,
they do in the browser. What the worker does between their steps (assignment, concluding the review, rendering),
`pump` does, through the same service functions as the flows. Every page visited passes axe-core (no serious
or critical violation). Plus: a refusal shown next to its field, and a reviewer who cannot see an unassigned
request."""

import io
import re
import zipfile

from sqlmodel import select

from flows import clock as flow_clock
from models.court_document import CourtDocument
from models.demo import demo_ots_content
from models.dossier import load_dossier
from models.request import Request
from tests.api.test_werkplek_draft import form_fields
from tests.builders import drive_to, pump
from tests.conftest import NOW
from tests.e2e.werkplek_browser import (assert_accessible, chromium, demo_settings, desktop, login_as,  # noqa: F401
                                        served)

IND = "utrecht/indiener"


def fill_form(page, data: dict) -> None:
    """Fills the draft form as a person does, field by field; adds rows ('Meer rijen') where the form has too few."""
    for name, value in data.items():
        if name.endswith("-rows") or value in ("", []):
            continue  # nothing to type (the form shows some fields only where the measure asks for them)
        field = page.locator(f'[name="{name}"]')
        kind = re.match(r"^(facts|alternatives|concerns|goals|attachments)-\d+-", name)
        while field.count() == 0 and kind:
            page.locator(f'button[name="actie"][value="meer:{kind.group(1)}"]').click()
            page.wait_for_load_state()
            field = page.locator(f'[name="{name}"]')
        assert field.count() > 0, f"the form has no field {name!r}"
        tag = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag.endswith(":hidden"):
            continue
        if tag.startswith("select"):
            field.first.select_option(str(value))
        elif tag.endswith(":checkbox") or tag.endswith(":radio"):
            for v in value if isinstance(value, list) else [value]:
                if v != "":
                    page.locator(f'[name="{name}"][value="{v}"]').check()
        else:
            field.first.fill(str(value))


def work(session, docs) -> None:
    """What the worker does between people's steps, through the flows' own service functions."""
    session.rollback()  # a fresh snapshot: the browser's requests wrote through the app's own connections
    pump(session, flow_clock.now(), docs)  # the served app's time line (TEGENSPRAAK_CLOCK_START, tests/conftest.py)


def visit(page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def request_id_of(session, case_id: int) -> int:
    session.rollback()
    return session.exec(select(Request.id).where(Request.case_id == case_id)).one()


def test_the_whole_ots_lifecycle_through_the_workspace(served, desktop, demo, session, demo_settings):
    page = desktop.new_page()
    page.set_default_timeout(10_000)
    docs = demo_settings.documents_dir
    # -- the indiener opens a case and drafts the OTS through the form made from the catalogue --------------------
    login_as(page, served, demo.users[IND], next_path="/werkplek")
    assert_accessible(page)
    visit(page, served + "/werkplek/zaken/nieuw")
    page.select_option("#family_id", str(demo.family_id))
    page.fill("#title", "Noah")
    page.get_by_role("button", name="Zaak openen").click()
    case_id = int(re.search(r"/werkplek/zaken/(\d+)", page.url).group(1))
    assert_accessible(page)
    visit(page, f"{served}/werkplek/zaken/{case_id}/verzoeken/nieuw?maatregel=ots")
    fields = form_fields(demo_ots_content(demo, NOW) | {"attachments": []})  # uploads: tested elsewhere
    supporting = {k: v for k, v in fields.items() if re.match(r"grounds-.*-facts$", k)}
    # Facts first: the grounds offer the facts of the saved concept to choose from.
    fill_form(page, {k: v for k, v in fields.items() if k not in supporting})
    page.get_by_role("button", name="Concept opslaan").first.click()
    assert "/bewerken" in page.url, page.url
    assert_accessible(page)
    fill_form(page, supporting)
    page.get_by_role("button", name="Concept opslaan").first.click()
    page.get_by_role("button", name="Opslaan en indienen voor tegenspraak").click()
    request_id = request_id_of(session, case_id)
    assert page.url.endswith(f"/werkplek/verzoeken/{request_id}?ingediend=1"), page.url
    assert_accessible(page)
    work(session, docs)  # the worker assigns the panel
    d = load_dossier(session, request_id)
    assert d.request.state == "in_tegenspraak" and len(d.seats) == 3

    # -- hoor en wederhoor: each parent invited by letter, responding through the portal; the child's voice ----------
    links = {}
    for party in [p for p in d.parties if p.kind != "child"]:
        visit(page, f"{served}/werkplek/verzoeken/{request_id}/horen")
        form = page.locator(f'form[action$="/partijen/{party.id}/uitnodigen"]')
        form.locator("xpath=..").locator("summary").click()
        form.locator('[name="proof"]').fill("aangetekend verzonden, 3S-TRACK")
        form.get_by_role("button", name="Uitnodiging vastleggen").click()
        links[party.person_id] = page.locator("#persoonlijke-link").get_attribute("href")
    noah = demo.persons["noah"]
    visit(page, f"{served}/werkplek/verzoeken/{request_id}/horen")
    voice = page.locator(f'form[action$="/kinderen/{noah}/mening"]')
    voice.locator("xpath=..").locator("summary").click()
    voice.locator('[name="child_words"]').fill("Ik wil dat papa en mama geen ruzie meer maken.")
    voice.locator('[name="professional_summary"]').fill("Noah wil rust thuis en wil naar school.")
    voice.get_by_role("button", name="Mening vastleggen").click()
    assert "klaar=mening" in page.url
    parent = desktop.browser.new_context(locale="nl-NL").new_page()  # a parent's own browser: no login
    for person_id, link in links.items():
        parent.goto(served + re.sub(r"^https?://[^/]+", "", link))
        assert_accessible(parent)
        parent.locator('input[name="position"][value="oneens"]').check()
        parent.fill("#text", f"Zienswijze van ouder {person_id}: wij willen eerst zelf hulp zoeken.")
        parent.get_by_role("button", name=re.compile("Verstuur|Versturen|Stuur")).click()
        assert "ontvangen" in parent.content()
    work(session, docs)

    # -- three reviewers from other regions assess every criterion and give their verdict ---------------------------
    d = load_dossier(session, request_id)
    for seat in d.seats:
        login_as(page, served, seat.user_id, next_path=f"/werkplek/toetsing/{request_id}")
        assert_accessible(page)
        assert "Zienswijze van ouder" in page.content() and "geen ruzie meer maken" in page.content()
        for radio in page.locator('input[type="radio"][name^="uitkomst:"][value="voldoet"]').all():
            radio.check()
        for reasoning in page.locator('textarea[name^="motivering:"]').all():
            reasoning.fill("Voldoende onderbouwd met feiten uit het dossier.")
        page.get_by_role("button", name="Beoordeling opslaan").click()
        page.locator('input[name="decision"][value="akkoord"]').check()
        page.locator('textarea[name="reasons"]').fill("De grond is met feiten onderbouwd; lichtere middelen faalden.")
        page.get_by_role("button", name="Oordeel vastleggen").click()
        assert_accessible(page)
    work(session, docs)
    session.rollback()
    assert session.get(Request, request_id).state == "approved"

    # -- the jurist and the gedragswetenschapper preview the exact document, then sign ------------------------------
    for seat in [s for s in d.seats if s.role in ("jurist", "gedragswetenschapper")]:
        login_as(page, served, seat.user_id, next_path=f"/werkplek/toetsing/{request_id}")
        assert_accessible(page)
        preview = page.request.get(f"{served}/werkplek/toetsing/{request_id}/voorbeeld.pdf")
        assert preview.ok and preview.body().startswith(b"%PDF")
        page.locator('textarea[name="declaration"]').fill("Ik heb deze revisie getoetst en onderteken haar.")
        page.get_by_role("button", name=re.compile(r"Revisie \d+ ondertekenen")).click()
    work(session, docs)  # ready
    work(session, docs)  # rendered
    session.rollback()
    assert session.get(Request, request_id).state == "rendered"
    assert session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id)).all()

    # -- the indiener downloads the verzoekschrift from the request page ------------------------------------------
    login_as(page, served, demo.users[IND], next_path=f"/werkplek/verzoeken/{request_id}")
    assert_accessible(page)
    link = page.locator('a[href*="/documenten/"]').first
    with page.expect_download() as download:
        link.click()
    data = open(download.value.path(), "rb").read()
    assert zipfile.is_zipfile(io.BytesIO(data))
    assert not desktop.csp_violations, desktop.csp_violations


def test_a_refusal_is_shown_next_to_its_field_in_the_browser(served, desktop, demo, session):
    page = desktop.new_page()
    login_as(page, served, demo.users[IND], next_path="/werkplek/zaken/nieuw")
    page.select_option("#family_id", str(demo.family_id))
    page.fill("#title", "Noah")
    page.get_by_role("button", name="Zaak openen").click()
    case_id = int(re.search(r"/werkplek/zaken/(\d+)", page.url).group(1))
    page.goto(f"{served}/werkplek/zaken/{case_id}/verzoeken/nieuw?maatregel=ots")
    content = demo_ots_content(demo, NOW) | {"attachments": []}
    content["facts"][0]["source"] = ""
    fill_form(page, {k: v for k, v in form_fields(content).items() if not re.match(r"grounds-.*-facts$", k)})
    page.get_by_role("button", name="Concept opslaan").first.click()
    page.get_by_role("button", name="Opslaan en indienen voor tegenspraak").click()
    summary = page.locator("#fouten")
    assert summary.is_visible() and "bron" in summary.inner_text().lower()
    href = summary.locator("a").filter(has_text=re.compile("bron", re.I)).first.get_attribute("href")
    error = page.locator(f"{href}-fout")
    assert error.is_visible() and "bron" in error.inner_text().lower()
    assert f"{href[1:]}-fout" in page.locator(href).get_attribute("aria-describedby")
    assert page.locator(f'[name="facts-0-text"]').input_value() == content["facts"][0]["text"]  # typed text kept
    assert_accessible(page)


def test_a_reviewer_cannot_see_a_request_not_assigned_to_them(served, desktop, demo, session, demo_settings):
    request_id = drive_to(session, demo, "in_tegenspraak", NOW, demo_settings.documents_dir)
    seated = {s.user_id for s in load_dossier(session, request_id).seats}
    outsider = next(demo.users[k] for k in ("amsterdam-amstelland/tegenspreker", "gelderland-zuid/tegenspreker",
                                            "rotterdam-rijnmond/tegenspreker2")
                    if demo.users[k] not in seated)
    page = desktop.new_page()
    login_as(page, served, outsider, next_path="/werkplek")
    assert f"/werkplek/toetsing/{request_id}" not in page.content()
    response = page.goto(f"{served}/werkplek/toetsing/{request_id}")
    assert response.status in (403, 404)
    assert "Noah" not in page.content() and "Jansen" not in page.content()
    assert_accessible(page)
