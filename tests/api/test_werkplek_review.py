"""The panel's pages in the workspace, driven as a browser would: the real app served by uvicorn, the demo OIDC login,
forms posted with their CSRF field. The request is brought to each stage through the real services."""

import html
import re
import subprocess

from sqlmodel import select

from models.court_document import CourtDocument
from models.dossier import load_dossier
from models.panel import PanelSeat
from models.request import Request
from models.review import Assessment, SignOff, Verdict
from tests.api.test_login import browser, demo_settings, hidden_fields, login, served  # noqa: F401 (fixtures)
from tests.builders import drive_to, hear_everyone
from tests.conftest import NOW


def seated(session, request_id: int, role: str) -> int:
    return next(s.user_id for s in load_dossier(session, request_id).seats if s.role == role)


def page_of(browser, request_id: int) -> str:
    response = browser.get(f"/werkplek/toetsing/{request_id}")
    assert response.status_code == 200, response.text
    return response.text


def section(page: str, anchor: str) -> str:
    """The HTML of one <section id=...> of the page."""
    start = page.index(f'<section id="{anchor}"')
    return page[start:page.index("</section>", start)]


def csrf(page: str) -> str:
    return hidden_fields(page)["csrf_token"]


def error_text(page: str, anchor: str) -> str:
    match = re.search(rf'<div class="[^"]*field-error" id="{re.escape(anchor)}-fout">(.*?)</div>', page, re.S)
    assert match, f"no error next to {anchor}"
    return html.unescape(match.group(1))


def textarea(page: str, field_id: str) -> str:
    match = re.search(rf'<textarea[^>]*id="{re.escape(field_id)}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {field_id}"
    return html.unescape(match.group(1))


def in_review(session, demo, settings, **overrides) -> int:
    request_id = drive_to(session, demo, "in_tegenspraak", NOW, settings.documents_dir, **overrides)
    hear_everyone(session, demo, request_id, NOW)
    return request_id


def assessment_form(session, request_id: int, page: str, outcomes: dict[str, str] | None = None) -> dict:
    form = {"csrf_token": csrf(page)}
    for code, label in load_dossier(session, request_id).criteria():
        form[f"uitkomst:{code}"] = (outcomes or {}).get(code, "voldoet")
        form[f"motivering:{code}"] = f"{label}: met feiten onderbouwd."
    return form


# --- reading the dossier ------------------------------------------------------------------------------

def test_a_seated_tegenspreker_reads_the_dossier_facts_opinions_words_and_the_childs_view(browser, demo, session,
                                                                                         settings):
    request_id = in_review(session, demo, settings)
    dossier = load_dossier(session, request_id)
    login(browser, seated(session, request_id, "tegenspreker"))
    page = html.unescape(page_of(browser, request_id)).replace("<wbr>", "")

    assert "ondertoezichtstelling" in page and "art. 1:255 BW" in page and "12 maanden" in page
    assert "Noah Jansen" in page and dossier.revision.content_hash in page
    facts = html.unescape(section(page, "feiten"))
    assert "op 38 van de 45 schooldagen afwezig" in facts
    assert "verzuimregistratie Leerplicht Utrecht" in facts and "leerplichtambtenaar J. Peters" in facts
    # Opinions apart from the facts, each with whose it is.
    assert "ernstig bedreigd" not in facts
    opinions = section(page, "meningen")
    assert "Naar het oordeel van de gedragswetenschapper is de ontwikkeling van Noah ernstig bedreigd." in opinions
    assert "dr. A. Visser, gedragswetenschapper RVT Utrecht" in opinions
    grounds = section(page, "gronden")
    assert 'href="#feit-1"' in grounds and "Noah mist al maanden onderwijs" in grounds
    alternatives = section(page, "alternatieven")
    assert "Geprobeerd" in alternatives and "april tot en met september 2026" in alternatives
    assert "uithuisplaatsing is niet nodig" in section(page, "afweging")
    parties = section(page, "reacties")
    assert "Zienswijze van Sanne Jansen." in parties and "Zienswijze van Youssef el Amrani." in parties
    assert "oneens" in parties
    assert "Ik wil dat het thuis rustig is." in section(page, "kind")
    assert "nog geen oordeel" in section(page, "panel")
    # The member's work: one form with every criterion, and the verdict form.
    work = section(page, "beoordeling")
    assert all(f'name="uitkomst:{code}"' in work for code, _ in dossier.criteria())
    assert 'action="/werkplek/toetsing/%d/oordeel"' % request_id in page
    assert 'name="csrf_token"' in work


# --- assessing and giving a verdict ---------------------------------------------------------------------

def test_assessments_and_verdict_through_the_forms_an_akkoord_against_voldoet_niet_needs_override_reasons(
        browser, demo, session, settings):
    request_id = in_review(session, demo, settings)
    member = seated(session, request_id, "tegenspreker")
    login(browser, member)
    page = page_of(browser, request_id)
    criteria = load_dossier(session, request_id).criteria()
    wanting = criteria[0][0]

    # A criterion with an outcome but no reasoning is refused next to its own field; what was typed stays.
    form = assessment_form(session, request_id, page, {wanting: "voldoet_niet"})
    form[f"motivering:{criteria[1][0]}"] = "  "
    refused = browser.post(f"/werkplek/toetsing/{request_id}/beoordeling", data=form)
    assert refused.status_code == 422
    assert "Motiveer uw oordeel over" in error_text(refused.text, "beoordeling-2-motivering")
    assert 'aria-describedby="beoordeling-2-motivering-fout"' in refused.text
    assert re.search(r'id="beoordeling-1-uitkomst-voldoet_niet"[^>]* checked', refused.text)
    assert textarea(refused.text, "beoordeling-3-motivering") == form[f"motivering:{criteria[2][0]}"]
    assert 'href="#beoordeling-2-motivering"' in refused.text  # the error summary links to the field
    session.rollback()  # a new read: see what the app committed
    assert session.exec(select(Assessment).where(Assessment.request_id == request_id)).first() is None

    form = assessment_form(session, request_id, refused.text, {wanting: "voldoet_niet"})
    saved = browser.post(f"/werkplek/toetsing/{request_id}/beoordeling", data=form)
    assert saved.status_code == 303 and saved.headers["location"].startswith(f"/werkplek/toetsing/{request_id}")
    page = browser.get(saved.headers["location"]).text
    assert "Uw beoordeling is opgeslagen." in page
    assert re.search(r'id="beoordeling-1-uitkomst-voldoet_niet"[^>]* checked', page)  # stored values shown

    # akkoord while having 'voldoet niet': refused, the message next to the decision field, the reasons kept.
    reasons = "Het verzoek is zorgvuldig; één punt weegt voor mij niet zwaar."
    refused = browser.post(f"/werkplek/toetsing/{request_id}/oordeel",
                           data={"csrf_token": csrf(page), "decision": "akkoord", "reasons": reasons,
                                 "override_reasons": ""})
    assert refused.status_code == 409
    assert 'data-code="verdict_contradicts_assessment"' in refused.text
    assert "als 'voldoet niet'" in error_text(refused.text, "oordeel-beslissing")
    assert re.search(r'id="oordeel-beslissing"[^>]*aria-describedby="oordeel-beslissing-fout"', refused.text)
    assert textarea(refused.text, "oordeel-motivering") == reasons
    assert re.search(r'id="oordeel-beslissing" name="decision" value="akkoord" checked', refused.text)
    assert 'class="error-summary" id="foutoverzicht" role="alert"' in refused.text
    session.rollback()  # a new read: see what the app committed
    assert session.exec(select(Verdict).where(Verdict.request_id == request_id)).first() is None

    # With override reasons it is accepted and recorded as an override.
    accepted = browser.post(f"/werkplek/toetsing/{request_id}/oordeel",
                            data={"csrf_token": csrf(page), "decision": "akkoord", "reasons": reasons,
                                  "override_reasons": "Het ontbrekende is klein en raakt de grond niet."})
    assert accepted.status_code == 303, accepted.text
    session.rollback()  # a new read: see what the app committed
    verdict = session.exec(select(Verdict).where(Verdict.request_id == request_id)).one()
    assert verdict.reviewer_id == member and verdict.decision == "akkoord" and verdict.override
    assert verdict.overridden_criteria == [wanting]
    page = browser.get(accepted.headers["location"]).text
    assert "Uw oordeel is vastgelegd." in page and "afwijking" in section(page, "panel")
    assert 'action="/werkplek/toetsing/%d/oordeel"' % request_id not in page  # one verdict per revision


def test_an_intake_warning_is_accepted_with_reasons_through_its_own_form(browser, demo, session, settings):
    request_id = in_review(session, demo, settings, duration_reason="")
    login(browser, seated(session, request_id, "tegenspreker"))
    page = page_of(browser, request_id)
    warnings = section(page, "waarschuwing")
    assert 'id="waarschuwing-1"' in warnings and "duration_reason_missing" in warnings
    form = assessment_form(session, request_id, page)
    assert browser.post(f"/werkplek/toetsing/{request_id}/beoordeling", data=form).status_code == 303

    # An akkoord while the warning stands: refused, the problem shown at the warning itself.
    refused = browser.post(f"/werkplek/toetsing/{request_id}/oordeel",
                           data={"csrf_token": csrf(page), "decision": "akkoord", "reasons": "Akkoord."})
    assert refused.status_code == 409
    assert "Waarschuwing niet opgelost" in error_text(refused.text, "waarschuwing-1")
    assert 'href="#waarschuwing-1"' in refused.text

    url = f"/werkplek/toetsing/{request_id}/waarschuwingen"
    fields = {"csrf_token": csrf(page), "code": "duration_reason_missing", "field": "duration_reason"}
    empty = browser.post(url, data=fields | {"reasons": " "})
    assert empty.status_code == 422 and error_text(empty.text, "waarschuwing-1-motivering")
    accepted = browser.post(url, data=fields | {"reasons": "De duur volgt uit het schooljaar in de doelen."})
    assert accepted.status_code == 303
    page = browser.get(accepted.headers["location"]).text
    assert "De waarschuwing is met uw motivering aanvaard." in page
    assert "De duur volgt uit het schooljaar in de doelen." in section(page, "waarschuwing")
    assert f'action="{url}"' not in page


def test_a_form_without_its_csrf_field_changes_nothing(browser, demo, session, settings):
    request_id = in_review(session, demo, settings)
    login(browser, seated(session, request_id, "tegenspreker"))
    page = page_of(browser, request_id)
    form = assessment_form(session, request_id, page)
    del form["csrf_token"]
    assert browser.post(f"/werkplek/toetsing/{request_id}/beoordeling", data=form).status_code == 403
    session.rollback()  # a new read: see what the app committed
    assert session.exec(select(Assessment).where(Assessment.request_id == request_id)).first() is None


# --- who may see it -----------------------------------------------------------------------------------

def test_a_tegenspreker_not_on_the_panel_sees_nothing_of_the_family(browser, demo, session, settings):
    request_id = in_review(session, demo, settings)
    seated_ids = {s.user_id for s in load_dossier(session, request_id).seats}
    outsider = next(uid for key, uid in demo.users.items() if key.endswith("/tegenspreker") and uid not in seated_ids)
    login(browser, outsider)
    page = page_of_refused = browser.get(f"/werkplek/toetsing/{request_id}")
    assert page_of_refused.status_code in (403, 404)
    for secret in ("Jansen", "Noah", "Amrani", "schooldagen", "Zienswijze", "ondertoezichtstelling"):
        assert secret not in page.text
    for path in ("beoordeling", "oordeel", "weigeren"):
        posted = browser.post(f"/werkplek/toetsing/{request_id}/{path}",
                              data={"csrf_token": csrf(page.text), "decision": "akkoord", "reasons": "x",
                                    "kind": "afzien", "reason": "x"})
        assert posted.status_code == 403 and "Jansen" not in posted.text
    preview = browser.get(f"/werkplek/toetsing/{request_id}/voorbeeld.pdf")
    assert preview.status_code == 403 and not preview.content.startswith(b"%PDF")
    session.rollback()  # a new read: see what the app committed
    assert session.exec(select(Verdict).where(Verdict.request_id == request_id)).first() is None


def test_declining_with_a_reason_refills_the_seat_and_ends_access_at_once(browser, demo, session, settings):
    request_id = in_review(session, demo, settings)
    member = seated(session, request_id, "tegenspreker")
    login(browser, member)
    page = page_of(browser, request_id)

    refused = browser.post(f"/werkplek/toetsing/{request_id}/weigeren",
                           data={"csrf_token": csrf(page), "kind": "conflict", "reason": ""})
    assert refused.status_code == 422
    assert error_text(refused.text, "weigeren-reden")
    assert re.search(r'id="weigeren-soort-conflict"[^>]* checked', refused.text)

    declined = browser.post(f"/werkplek/toetsing/{request_id}/weigeren",
                            data={"csrf_token": csrf(page), "kind": "conflict",
                                  "reason": "Ik ken de moeder uit mijn eigen buurt."})
    assert declined.status_code == 200 and "belangenconflict" in declined.text
    session.rollback()  # a new read: see what the app committed
    seat = session.exec(select(PanelSeat).where(PanelSeat.request_id == request_id,
                                                PanelSeat.user_id == member)).one()
    assert seat.release_kind == "conflict" and seat.released_at is not None
    assert load_dossier(session, request_id).seats  # re-filled
    assert member not in {s.user_id for s in load_dossier(session, request_id).seats}
    again = browser.get(f"/werkplek/toetsing/{request_id}")
    assert again.status_code == 403 and "Jansen" not in again.text


# --- preview and signing ------------------------------------------------------------------------------

def test_the_jurist_previews_the_verzoekschrift_and_signs_the_revision(browser, demo, session, settings, tmp_path):
    request_id = drive_to(session, demo, "approved", NOW, settings.documents_dir)
    revision_hash = load_dossier(session, request_id).revision.content_hash
    jurist = seated(session, request_id, "jurist")
    login(browser, jurist)
    page = page_of(browser, request_id)
    preview_url = f"/werkplek/toetsing/{request_id}/voorbeeld.pdf"
    assert f'<iframe class="pdf-preview" src="{preview_url}"' in page
    assert f'href="{preview_url}?download=1"' in page

    pdf = browser.get(preview_url)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-security-policy"] == "frame-ancestors 'self'"  # framable by our own page only
    assert pdf.headers["x-frame-options"] == "SAMEORIGIN"
    (tmp_path / "voorbeeld.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(tmp_path / "voorbeeld.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Noah Jansen" in text and "Sanne Jansen" in text and "VOORBEELD" in text
    assert "TS-" not in text  # no verification code
    download = browser.get(preview_url + "?download=1")
    assert download.headers["content-disposition"].startswith("attachment")
    session.rollback()  # a new read: see what the app committed
    assert session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id)).first() is None
    assert session.get(Request, request_id).state == "approved"

    signed = browser.post(f"/werkplek/toetsing/{request_id}/ondertekenen",
                          data=hidden_fields(page) | {"declaration": "Ik heb de juridische grondslag getoetst."})
    assert signed.status_code == 303, signed.text
    session.rollback()  # a new read: see what the app committed
    signoff = session.exec(select(SignOff).where(SignOff.request_id == request_id)).one()
    assert signoff.user_id == jurist and signoff.revision_hash == revision_hash
    assert "U heeft revisie 1 ondertekend." in browser.get(signed.headers["location"]).text


def test_signing_a_hash_other_than_the_approved_revision_is_refused_next_to_the_hash(browser, demo, session,
                                                                                     settings):
    request_id = drive_to(session, demo, "approved", NOW, settings.documents_dir)
    login(browser, seated(session, request_id, "gedragswetenschapper"))
    page = page_of(browser, request_id)
    refused = browser.post(f"/werkplek/toetsing/{request_id}/ondertekenen",
                           data=hidden_fields(page) | {"revision_hash": "0" * 64, "declaration": ""})
    assert refused.status_code == 409
    assert "revisie 1" in error_text(refused.text, "ondertekenen-hash")
    assert error_text(refused.text, "ondertekenen-verklaring")
    session.rollback()  # a new read: see what the app committed
    assert session.exec(select(SignOff).where(SignOff.request_id == request_id)).first() is None


def test_no_preview_before_the_panel_approved(browser, demo, session, settings):
    request_id = in_review(session, demo, settings)
    login(browser, seated(session, request_id, "jurist"))
    page = page_of(browser, request_id)
    assert "voorbeeld.pdf" not in page
    refused = browser.get(f"/werkplek/toetsing/{request_id}/voorbeeld.pdf")
    assert refused.status_code == 409 and not refused.content.startswith(b"%PDF")


def test_the_preview_is_for_the_panel_and_the_case_team_only(browser, demo, session, settings):
    request_id = drive_to(session, demo, "approved", NOW, settings.documents_dir)
    preview_url = f"/werkplek/toetsing/{request_id}/voorbeeld.pdf"
    login(browser, demo.users["utrecht/indiener"])  # the case team: may see what its request will look like
    assert browser.get(preview_url).content.startswith(b"%PDF")
    for key in ("utrecht/manager", "amsterdam-amstelland/beheerder"):
        browser.cookies.clear()
        login(browser, demo.users[key])
        refused = browser.get(preview_url)
        assert refused.status_code == 403 and "Jansen" not in refused.text
    session.rollback()
    assert session.exec(select(CourtDocument)).first() is None
    assert list((settings.documents_dir / "previews" / str(request_id)).glob("*.pdf"))  # kept per revision
