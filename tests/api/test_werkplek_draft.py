"""The indiener's workspace pages, driven as a browser does (no JavaScript): open a case, draft an OTS through the
form made from the catalogue, see the checklist, submit; a refusal shown next to each field with everything typed
kept; another region kept out; revise after a return and read the difference."""

from datetime import datetime, timedelta

import lxml.html
import pytest
from sqlmodel import select

from models.case import Case
from models.demo import demo_ots_content
from models.request import Request, RequestRevision
from models.services import drafting
from tests.api.test_login import browser, demo_settings, hidden_fields, login, page_csrf, served  # noqa: F401
from tests.builders import accept_warnings, actor, assess_all, give_verdicts, hear_everyone, pump
from tests.conftest import NOW

IND = "utrecht/indiener"


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.text)


def by_id(doc, element_id: str):
    found = doc.get_element_by_id(element_id, None)
    assert found is not None, f"no element with id {element_id!r}"
    return found


def with_class(doc, cls: str, tag: str = "*") -> list:
    return doc.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def links_resolve(doc) -> dict[str, str]:
    """The error summary's links (href -> text), each pointing at an element that shows the same message."""
    links = {a.get("href"): text_of(a) for a in by_id(doc, "fouten").iter("a")}
    for href, message in links.items():
        assert message in text_of(by_id(doc, f"{href[1:]}-fout")), href
    return links


def form_fields(content: dict) -> dict[str, list[str] | str]:
    """The draft form's inputs for `content`, as a browser posts them (names as in draft_form.html)."""
    data: dict = {"capacity": content["capacity"], "child_ids": [str(i) for i in content["child_ids"]],
                  "duration_months": str(content.get("duration_months") or ""),
                  "duration_reason": content.get("duration_reason", ""), "summary": content.get("summary", ""),
                  "proportionality": content.get("proportionality", ""),
                  "effectiveness": content.get("effectiveness", ""),
                  "acceptable_term": content.get("acceptable_term", ""),
                  "executing_institution": content.get("executing_institution", ""),
                  "problem_tags": content.get("problem_tags", []), "urgency": content.get("urgency", "")}
    for kind in ("concerns", "goals"):
        data[f"{kind}-rows"] = str(len(content[kind]) + 1)
        for i, value in enumerate(content[kind]):
            data[f"{kind}-{i}-text"] = value
    data["facts-rows"] = str(len(content["facts"]) + 1)
    for i, f in enumerate(content["facts"]):
        day = datetime.fromisoformat(f["date"]).strftime("%d-%m-%Y") if f.get("date") else ""
        data |= {f"facts-{i}-key": f["key"], f"facts-{i}-text": f["text"], f"facts-{i}-source": f.get("source", ""),
                 f"facts-{i}-date": day, f"facts-{i}-confirmed_by": f.get("confirmed_by", ""),
                 f"facts-{i}-kind": f.get("kind", "fact"), f"facts-{i}-held_by": f.get("held_by", "")}
    for g in content["grounds"]:
        data[f"grounds-{g['element']}-answer"] = g["answer"]
        data[f"grounds-{g['element']}-facts"] = g["fact_keys"]
    data["alternatives-rows"] = str(len(content["alternatives"]) + 1)
    for i, a in enumerate(content["alternatives"]):
        tried = {True: "ja", False: "nee"}.get(a.get("was_tried"), "")
        data |= {f"alternatives-{i}-{k}": a.get(k, "") for k in ("kind", "description", "tried_when", "tried",
                                                                 "result", "why_not_tried", "why_insufficient")}
        data[f"alternatives-{i}-was_tried"] = tried
    data["attachments-rows"] = str(len(content["attachments"]) + 1)
    for i, a in enumerate(content["attachments"]):
        data |= {f"attachments-{i}-code": a["code"], f"attachments-{i}-title": a["title"],
                 f"attachments-{i}-reference": a.get("reference", "")}
    return data


def open_case(browser, demo) -> int:
    new = browser.get("/werkplek/zaken/nieuw")
    assert new.status_code == 200
    assert "Gezin Jansen" in new.text
    created = browser.post("/werkplek/zaken/nieuw", data={
        "csrf_token": hidden_fields(new.text)["csrf_token"], "family_id": str(demo.family_id), "title": "Noah",
        "team": [str(demo.users["utrecht/collega"])]})
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    assert location.startswith("/werkplek/zaken/")
    return int(location.split("/")[3].split("?")[0])


def draft_ots(browser, case_id: int, content: dict, action: str = "opslaan"):
    url = f"/werkplek/zaken/{case_id}/verzoeken/nieuw?maatregel={content['measure']}"
    form = browser.get(url)
    assert form.status_code == 200
    return browser.post(url, data={"csrf_token": hidden_fields(form.text)["csrf_token"], "actie": action}
                        | form_fields(content))


def revision_content(session, request_id: int) -> dict:
    session.rollback()  # a fresh snapshot: the server wrote since
    request = session.get(Request, request_id)
    return session.get(RequestRevision, request.current_revision_id).content


# --- create, draft, checklist, submit ------------------------------------------------------------------------

def test_indiener_opens_a_case_drafts_an_ots_through_the_form_sees_the_checklist_and_submits(browser, demo, session):
    login(browser, demo.users[IND])
    case_id = open_case(browser, demo)
    case = session.get(Case, case_id)
    assert case.family_id == demo.family_id and case.title == "Noah"
    case_page = browser.get(f"/werkplek/zaken/{case_id}?aangemaakt=1")
    assert case_page.status_code == 200 and "Noah Jansen" in case_page.text and "De zaak is geopend." in case_page.text

    # The form is made from the catalogue: each ground element's question and article, the maximum duration.
    empty = browser.get(f"/werkplek/zaken/{case_id}/verzoeken/nieuw?maatregel=ots")
    doc = page(empty)
    legends = [text_of(e) for e in [f.find("legend") for f in with_class(doc, "ground", "fieldset")]]
    assert legends == ["Groeit het kind zo op dat het in zijn ontwikkeling ernstig wordt bedreigd? (art. 1:255 lid 1 BW)",
                       "Wordt de zorg die nodig is om de bedreiging weg te nemen door de ouders met gezag niet of "
                       "onvoldoende geaccepteerd? (art. 1:255 lid 1 sub a BW)",
                       "Is de verwachting gerechtvaardigd dat de ouders binnen een voor het kind aanvaardbare termijn "
                       "de verantwoordelijkheid weer kunnen dragen? (art. 1:255 lid 1 sub b BW)"]
    assert "Ten hoogste 12 maanden (art. 1:258 lid 1 BW)." in text_of(by_id(doc, "duration_months-uitleg"))
    assert "de gecertificeerde instelling die de ondertoezichtstelling uitvoert" in text_of(
        by_id(doc, "executing_institution-uitleg"))

    content = demo_ots_content(demo, NOW)
    saved = draft_ots(browser, case_id, content)
    assert saved.status_code == 303, saved.text
    request_id = int(saved.headers["location"].split("/")[3])
    assert saved.headers["location"] == f"/werkplek/verzoeken/{request_id}/bewerken?opgeslagen=1"

    # What was typed is what was stored: facts with source/date/confirmation, the opinion with its holder,
    # the grounds with their facts, the alternatives with tried yes/no and when.
    stored = revision_content(session, request_id)
    assert stored == drafting.parse_content(content).model_dump(mode="json")
    opinion = next(f for f in stored["facts"] if f["kind"] == "opinion")
    assert opinion["held_by"] == "dr. A. Visser, gedragswetenschapper RVT Utrecht"
    assert [a["was_tried"] for a in stored["alternatives"]] == [True, True]

    edit = browser.get(f"/werkplek/verzoeken/{request_id}/bewerken?opgeslagen=1")
    doc = page(edit)
    assert "Het concept is opgeslagen (revisie 1)." in edit.text
    stages = [text_of(e) for e in with_class(by_id(doc, "controle"), "checklist__title")]
    assert stages[0] == "Volledig verzoek klaar"
    assert stages[1] == "Onafhankelijk panel toegewezen nog open"
    # The form shows the stored request again, the opinion marked as one.
    assert by_id(doc, "facts-4-held_by").get("value") == "dr. A. Visser, gedragswetenschapper RVT Utrecht"
    assert by_id(doc, "facts-4-kind--2").get("checked") is not None
    assert "Flesch-Douma" in text_of(by_id(doc, "controle"))

    submitted = browser.post(f"/werkplek/verzoeken/{request_id}/indienen", data={"csrf_token": page_csrf(
        browser, f"/werkplek/verzoeken/{request_id}")})
    assert submitted.status_code == 303 and submitted.headers["location"] == f"/werkplek/verzoeken/{request_id}?ingediend=1"
    view = browser.get(submitted.headers["location"])
    assert view.status_code == 200
    assert "Het verzoek is ingediend voor tegenspraak." in view.text
    assert "ingediend" in text_of(with_class(page(view), "request-meta")[0].find("span"))
    session.rollback()
    assert session.get(Request, request_id).state == "submitted"


# --- a refusal: every problem at its field, everything typed kept ---------------------------------------------

def test_a_refused_submit_shows_each_problem_next_to_its_field_and_keeps_what_was_typed(browser, demo, session):
    login(browser, demo.users[IND])
    case_id = open_case(browser, demo)
    content = demo_ots_content(demo, NOW)
    content["facts"][0]["source"] = ""  # 'verzuim' without its source
    content["grounds"][1]["answer"] = ""  # zorg_niet_geaccepteerd unanswered (its fact still ticked)
    saved = draft_ots(browser, case_id, content)
    assert saved.status_code == 303, saved.text
    request_id = int(saved.headers["location"].split("/")[3])
    edit_url = f"/werkplek/verzoeken/{request_id}/bewerken"

    fields = form_fields(content) | {"concerns-2-text": "Een zorg die net is getypt.", "concerns-rows": "3"}
    refused = browser.post(edit_url, data={"csrf_token": page_csrf(browser, edit_url), "actie": "indienen"} | fields)
    assert refused.status_code == 409
    doc = page(refused)

    # The summary lists every problem, each linked to its field.
    links = links_resolve(doc)
    question = ("Wordt de zorg die nodig is om de bedreiging weg te nemen door de ouders met gezag niet of "
                "onvoldoende geaccepteerd?")
    assert links == {"#grounds-zorg_niet_geaccepteerd-answer": f"Beantwoord de vraag '{question}' "
                     "(art. 1:255 lid 1 sub a BW).",
                     "#facts-0-source": "Vermeld de bron van feit 'verzuim'."}
    # Next to each field: the message and the domain's code, tied to the input with aria-describedby.
    for field_id, code in (("grounds-zorg_niet_geaccepteerd-answer", "ground_element_unanswered"),
                           ("facts-0-source", "fact_source_missing")):
        message = text_of(by_id(doc, f"{field_id}-fout"))
        assert links[f"#{field_id}"] in message and f"[{code}]" in message
        control = by_id(doc, field_id)
        assert f"{field_id}-fout" in control.get("aria-describedby").split()
        assert control.get("aria-invalid") == "true"
    # Everything typed is still there, including what was typed after the last save.
    assert by_id(doc, "concerns-2-text").text == "Een zorg die net is getypt."
    assert by_id(doc, "facts-0-text").text == content["facts"][0]["text"]
    assert by_id(doc, "facts-0-source").get("value") == ""
    assert by_id(doc, "grounds-ontwikkelingsbedreiging-answer").text == content["grounds"][0]["answer"]
    ticked = [i.get("value") for i in doc.xpath("//input[@name='grounds-zorg_niet_geaccepteerd-facts'][@checked]")]
    assert ticked == ["hulp_gestopt"]
    assert by_id(doc, "facts-4-held_by").get("value") == "dr. A. Visser, gedragswetenschapper RVT Utrecht"
    session.rollback()
    assert session.get(Request, request_id).state == "draft"

    # A value the form cannot read (no such date) is refused before saving, at its field, with the rest kept.
    fields["facts-1-date"] = "31-02-2026"
    unreadable = browser.post(edit_url, data={"csrf_token": page_csrf(browser, edit_url), "actie": "opslaan"} | fields)
    assert unreadable.status_code == 422
    doc = page(unreadable)
    assert "vul de datum in als dd-mm-jjjj" in text_of(by_id(doc, "facts-1-date-fout"))
    assert by_id(doc, "facts-1-date").get("value") == "31-02-2026"
    assert by_id(doc, "concerns-2-text").text == "Een zorg die net is getypt."


def test_more_rows_keeps_everything_typed_and_adds_empty_rows(browser, demo):
    login(browser, demo.users[IND])
    case_id = open_case(browser, demo)
    url = f"/werkplek/zaken/{case_id}/verzoeken/nieuw?maatregel=ots"
    empty = browser.get(url)
    rows = int(hidden_fields(empty.text)["facts-rows"])
    typed = {"csrf_token": hidden_fields(empty.text)["csrf_token"], "actie": "meer:facts", "facts-rows": str(rows),
             "facts-0-key": "verzuim", "facts-0-text": "Noah mist school.", "summary": "Wij vragen hulp."}
    more = browser.post(url, data=typed)
    assert more.status_code == 200
    doc = page(more)
    assert hidden_fields(more.text)["facts-rows"] == str(rows + 3)
    assert by_id(doc, "facts-0-key").get("value") == "verzuim" and by_id(doc, "summary").text == "Wij vragen hulp."
    assert by_id(doc, f"facts-{rows + 2}-text") is not None
    # The key typed can now be ticked at each ground.
    assert doc.xpath("//input[@name='grounds-ontwikkelingsbedreiging-facts'][@value='verzuim']")


def test_the_checklist_refreshes_from_what_is_typed_without_saving(browser, demo, session):
    login(browser, demo.users[IND])
    case_id = open_case(browser, demo)
    content = demo_ots_content(demo, NOW)
    request_id = int(draft_ots(browser, case_id, content).headers["location"].split("/")[3])
    csrf = page_csrf(browser, f"/werkplek/verzoeken/{request_id}/bewerken")
    typed = form_fields(content) | {"summary": ""}
    # htmx posts the form on change with the token as a header; the answer is the sidebar only.
    partial = browser.post(f"/werkplek/verzoeken/{request_id}/controle", data=typed,
                           headers={"X-CSRF-Token": csrf, "HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.text and "Controle van wat nu in het formulier staat" in partial.text
    assert 'href="#summary"' in partial.text and "Schrijf een korte samenvatting voor het gezin." in partial.text
    # Without JavaScript the same check is a button on the form.
    checked = browser.post(f"/werkplek/verzoeken/{request_id}/bewerken",
                           data={"csrf_token": csrf, "actie": "bijwerken"} | typed)
    assert checked.status_code == 200 and "Schrijf een korte samenvatting voor het gezin." in checked.text
    assert revision_content(session, request_id)["summary"] == content["summary"]  # nothing saved
    assert browser.post(f"/werkplek/verzoeken/{request_id}/controle", data=typed).status_code == 403  # no token


# --- another region sees nothing -------------------------------------------------------------------------------

def test_an_indiener_of_another_region_cannot_open_the_case_or_the_request(browser, demo, session):
    from models.access_log import AccessLogEntry

    login(browser, demo.users[IND])
    case_id = open_case(browser, demo)
    content = demo_ots_content(demo, NOW)
    request_id = int(draft_ots(browser, case_id, content).headers["location"].split("/")[3])
    browser.post("/logout", data={"csrf_token": page_csrf(browser)})
    browser.cookies.clear()

    outsider = demo.users["gelderland-zuid/indiener"]
    login(browser, outsider)
    for path in (f"/werkplek/zaken/{case_id}", f"/werkplek/verzoeken/{request_id}",
                 f"/werkplek/verzoeken/{request_id}/bewerken", f"/werkplek/verzoeken/{request_id}/verschil",
                 f"/werkplek/verzoeken/{request_id}/bijlagen",
                 f"/werkplek/zaken/{case_id}/verzoeken/nieuw?maatregel=ots"):
        refused = browser.get(path)
        assert refused.status_code == 403, path
        assert "Noah" not in refused.text and "Jansen" not in refused.text and "verzuim" not in refused.text
    assert browser.get(f"/werkplek/verzoeken/{request_id + 1000}").status_code == 404
    csrf = page_csrf(browser)
    assert browser.post(f"/werkplek/verzoeken/{request_id}/indienen", data={"csrf_token": csrf}).status_code == 403
    assert browser.post(f"/werkplek/verzoeken/{request_id}/bewerken",
                        data={"csrf_token": csrf, "actie": "opslaan"} | form_fields(content)).status_code == 403
    # Their own list of families does not offer this family; choosing it anyway is refused.
    new_case = browser.get("/werkplek/zaken/nieuw")
    assert "Gezin Jansen" not in new_case.text
    forced = browser.post("/werkplek/zaken/nieuw", data={"csrf_token": csrf, "family_id": str(demo.family_id),
                                                         "title": "poging"})
    assert forced.status_code == 403 and "andere regio" in forced.text
    session.rollback()
    assert session.get(Request, request_id).state == "draft"
    assert session.exec(select(RequestRevision).where(RequestRevision.request_id == request_id)).all()[-1].number == 1
    refusals = session.exec(select(AccessLogEntry).where(AccessLogEntry.user_id == outsider,
                                                         AccessLogEntry.outcome == "refused")).all()
    assert {e.object_type for e in refusals} >= {"case", "request", "family"}


# --- returned, revised, the difference shown ------------------------------------------------------------------

def returned_request(session, demo, settings) -> int:
    """An OTS the panel returned: the jurist asks to substantiate the duration."""
    now = NOW - timedelta(hours=6)
    from tests.builders import make_request

    request_id = make_request(session, demo, now)
    drafting.submit_request(session, actor=actor(session, demo, IND), request_id=request_id, now=now)
    pump(session, now, settings.documents_dir)
    hear_everyone(session, demo, request_id, now + timedelta(hours=1))
    assess_all(session, request_id, now + timedelta(hours=2))
    accept_warnings(session, request_id, now + timedelta(hours=2))
    give_verdicts(session, request_id, now + timedelta(hours=3), {"jurist": "terug_ter_correctie"})
    pump(session, now + timedelta(hours=3), settings.documents_dir)
    session.rollback()
    assert session.get(Request, request_id).state == "returned"
    return request_id


def test_after_a_return_the_indiener_reads_the_reasons_revises_and_sees_the_difference(browser, demo, session,
                                                                                        demo_settings):
    request_id = returned_request(session, demo, demo_settings)
    login(browser, demo.users[IND])
    view = browser.get(f"/werkplek/verzoeken/{request_id}")
    assert view.status_code == 200
    doc = page(view)
    assert "teruggestuurd ter correctie" in text_of(with_class(doc, "request-meta")[0])
    reasons = text_of(by_id(doc, "correcties").getparent())
    assert "mr. Koen Smit" not in reasons  # the panel comes from other regions
    assert "(terug ter correctie): Oordeel jurist: terug_ter_correctie." in reasons
    panel = text_of(doc.xpath("//h2[@id='panel']/following-sibling::div[1]")[0])
    assert "jurist" in panel and "RVT Utrecht" not in panel and "RVT" in panel
    hearing = text_of(doc.xpath("//h2[@id='horen']/following-sibling::div[1]")[0])
    assert "gereageerd op" in hearing and "oneens" in hearing and "Gehoord: gesprek door Fatima el Amrani" in hearing
    assert by_id(doc, "controle") is not None
    edit_link = doc.xpath("//a[@href='/werkplek/verzoeken/%d/bewerken']" % request_id)[0]
    assert text_of(edit_link) == "Corrigeren (nieuwe revisie)"

    edit = browser.get(f"/werkplek/verzoeken/{request_id}/bewerken")
    assert "Oordeel jurist: terug_ter_correctie." in text_of(by_id(page(edit), "correcties").getparent())
    content = revision_content(session, request_id)
    fields = form_fields(content) | {"duration_months": "9", "note": "duur onderbouwd",
                                     "duration_reason": "Negen maanden: tot de zomervakantie, daarna evaluatie."}
    saved = browser.post(f"/werkplek/verzoeken/{request_id}/bewerken",
                         data={"csrf_token": hidden_fields(edit.text)["csrf_token"], "actie": "opslaan"} | fields)
    assert saved.status_code == 303, saved.text
    session.rollback()
    assert session.get(Request, request_id).state == "draft"

    diff = browser.get(f"/werkplek/verzoeken/{request_id}/verschil?van=1&naar=2")
    assert diff.status_code == 200
    doc = page(diff)
    sections = [text_of(h) for h in doc.xpath("//section[contains(@class,'diff')]/h2")]
    assert sections == ["Duur (maanden)", "Reden voor de duur"]
    assert [text_of(e) for e in doc.xpath("//section[1]//del")] == ["-12"]
    assert [text_of(e) for e in doc.xpath("//section[1]//ins")] == ["+9"]
    assert "Wezenlijk gewijzigd: de duur." in text_of(with_class(doc, "utrecht-alert")[0])
    history = browser.get(f"/werkplek/verzoeken/{request_id}")
    assert f'href="/werkplek/verzoeken/{request_id}/verschil?van=1&amp;naar=2"' in history.text
    assert "duur onderbouwd" in history.text

    again = browser.post(f"/werkplek/verzoeken/{request_id}/bewerken",
                         data={"csrf_token": hidden_fields(edit.text)["csrf_token"], "actie": "indienen"} | fields)
    assert again.status_code == 303
    session.rollback()
    assert session.get(Request, request_id).state == "submitted"


# --- attachments ------------------------------------------------------------------------------------------------

def test_an_uploaded_attachment_is_stored_by_its_sha256_and_referenced_in_a_new_revision(browser, demo, session,
                                                                                         demo_settings):
    import hashlib

    login(browser, demo.users[IND])
    case_id = open_case(browser, demo)
    request_id = int(draft_ots(browser, case_id, demo_ots_content(demo, NOW))
                     .headers["location"].split("/")[3])
    url = f"/werkplek/verzoeken/{request_id}/bijlagen"
    csrf = page_csrf(browser, url)
    data = b"%PDF-1.4\n% verslag school\n"
    empty = browser.post(url, data={"csrf_token": csrf, "code": "overig", "title": "Verslag school"},
                         files={"file": ("leeg.pdf", b"", "application/pdf")})
    assert empty.status_code == 422
    assert "[attachment_file_missing]" in text_of(by_id(page(empty), "file-fout"))
    assert by_id(page(empty), "title").get("value") == "Verslag school"

    added = browser.post(url, data={"csrf_token": csrf, "code": "overig", "title": "Verslag school"},
                         files={"file": ("verslag.pdf", data, "application/pdf")})
    assert added.status_code == 303, added.text
    sha = hashlib.sha256(data).hexdigest()
    stored = revision_content(session, request_id)["attachments"]
    assert stored[-1] == {"code": "overig", "title": "Verslag school", "reference": f"sha256:{sha}"}
    assert (demo_settings.documents_dir / "attachments" / sha).read_bytes() == data
    listing = browser.get(added.headers["location"])
    assert "De bijlage is toegevoegd." in listing.text and "verslag.pdf" in listing.text
    download = browser.get(f"{url}/{sha}")
    assert download.status_code == 200 and download.content == data
    assert download.headers["content-disposition"].startswith("attachment")
    assert browser.get(f"{url}/{'0' * 64}").status_code == 404


def test_a_spoed_request_asks_for_the_danger_its_facts_and_why_the_hearing_cannot_wait(browser, demo, session):
    login(browser, demo.users[IND])
    case_id = open_case(browser, demo)
    content = demo_ots_content(demo, NOW) | {"measure": "voorlopige_ots", "duration_months": 3}
    content["grounds"] = [
        {"element": "ernstig_vermoeden", "answer": "Ja, zie de politiemeldingen.", "fact_keys": ["politie"]},
        {"element": "acute_bedreiging", "answer": "Ja, het geweld thuis is acuut.", "fact_keys": ["politie"]}]
    form = browser.get(f"/werkplek/zaken/{case_id}/verzoeken/nieuw?maatregel=voorlopige_ots")
    doc = page(form)
    assert by_id(doc, "urgency_danger") is not None and by_id(doc, "urgency_why") is not None
    assert "Ten hoogste 3 maanden (art. 1:257 lid 1 BW)." in text_of(by_id(doc, "duration_months-uitleg"))
    saved = draft_ots(browser, case_id, content)
    assert saved.status_code == 303, saved.text
    request_id = int(saved.headers["location"].split("/")[3])
    edit_url = f"/werkplek/verzoeken/{request_id}/bewerken"
    refused = browser.post(edit_url, data={"csrf_token": page_csrf(browser, edit_url), "actie": "indienen"}
                           | form_fields(content))
    assert refused.status_code == 409
    doc = page(refused)
    links = links_resolve(doc)
    assert set(links) == {"#urgency", "#urgency_danger", "#urgency_fact_keys", "#urgency_why"}
    assert "[urgency_danger_missing]" in text_of(by_id(doc, "urgency_danger-fout"))

    fields = form_fields(content) | {"urgency": "Acuut gevaar door geweld thuis.",
                                     "urgency_danger": "Noah loopt acuut gevaar door huiselijk geweld.",
                                     "urgency_fact_keys": ["politie"],
                                     "urgency_why": "Wachten op het horen laat Noah weken in een onveilige situatie."}
    submitted = browser.post(edit_url, data={"csrf_token": page_csrf(browser, edit_url), "actie": "indienen"} | fields)
    assert submitted.status_code == 303, submitted.text
    stored = revision_content(session, request_id)
    assert stored["urgency_details"] == {"danger": "Noah loopt acuut gevaar door huiselijk geweld.",
                                         "fact_keys": ["politie"], "why_hearing_cannot_wait":
                                         "Wachten op het horen laat Noah weken in een onveilige situatie."}
    assert session.get(Request, request_id).state == "submitted"


def test_the_rendered_documents_are_downloaded_from_the_request_page(browser, demo, session, demo_settings):
    from pathlib import Path

    from models.court_document import CourtDocument
    from tests.builders import drive_to

    request_id = drive_to(session, demo, "rendered", NOW - timedelta(hours=6),
                          demo_settings.documents_dir)
    documents = session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id)).all()
    login(browser, demo.users[IND])
    view = browser.get(f"/werkplek/verzoeken/{request_id}")
    assert "verzoekschrift opgemaakt" in view.text
    for document in documents:
        assert document.verification_code in view.text
        link = f"/werkplek/verzoeken/{request_id}/documenten/{document.id}"
        assert f'href="{link}"' in view.text
        download = browser.get(link)
        assert download.status_code == 200 and download.content == Path(document.path).read_bytes()
    other = drive_to(session, demo, "draft", NOW, demo_settings.documents_dir)
    assert browser.get(f"/werkplek/verzoeken/{other}/documenten/{documents[0].id}").status_code == 404
