"""The indiener's workspace pages, driven as a browser does (no JavaScript): open a case, draft an OTS through the
form made from the catalogue, see the checklist, submit; a refusal shown next to each field with everything typed
kept; another region kept out; revise after a return and read the difference."""

from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
from sqlmodel import select

from models.case import Case
from models.demo import demo_ots_content
from models.request import Request, RequestRevision
from models.services import drafting
from tests.api.test_login import browser, demo_settings, hidden_fields, login, page_csrf, served  # noqa: F401
from tests.builders import accept_warnings, actor, assess_all, give_verdicts, hear_everyone, pump

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

    content = demo_ots_content(demo, datetime.now(UTC))
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
