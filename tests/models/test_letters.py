"""The texts for the family, per reader: one letter per parent at their own address, a letter to the child in
the "jij"-form that is honest about who reads its words, and the child's portal pages likewise. Rendered
through the real services for every measure, for the demo family (mother in Utrecht, father in Nieuwegein)
with a child who turns the catalogue's hearing age on the render date."""

import dataclasses
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlmodel import select

from models.catalogue import catalogue_versions, get_catalogue
from models.config import get_settings
from models.court_document import CourtDocument
from models.documents import docx_text
from models.dossier import load_dossier
from models.family import Person
from models.organisation import Region
from models.services import letters, rendering
from models.texts import POLITE_FORM, TEXTS_DIR, TextsError, get_texts, load_texts_file
from tests.builders import actor, drive_to, store
from tests.models.test_intake_per_measure import complete_content

SETTINGS = get_settings()
CATALOGUE = get_catalogue(SETTINGS.catalogue_dir)
HEARING_AGE = CATALOGUE.hearing.child_hearing_age
IND = "utrecht/indiener"
# What the child must be told, in its own words (the data may rephrase; these say the same).
PARENTS_GET_IT = "Je ouders krijgen die brief ook"


def words(text: str) -> str:
    return " ".join(text.split())


def turning(age: int, on: date) -> date:
    """A birthday that makes a child exactly `age` on `on`."""
    return on.replace(year=on.year - age)


# The data: loaded, validated, complete.

def test_every_measure_of_every_catalogue_has_texts_for_parents_and_child():
    texts = get_texts()
    for version, catalogue in catalogue_versions(SETTINGS.catalogue_dir).items():
        assert texts.missing_measures(catalogue) == [], version
    for code, measure in texts.measures.items():
        assert not POLITE_FORM.search(measure.child), code
        assert POLITE_FORM.search(measure.parents.one) and POLITE_FORM.search(measure.parents.many), code


def test_no_legal_number_is_written_into_the_texts():
    """The hearing age and articles of the catalogue are placeholders, never literals in the texts."""
    raw = (TEXTS_DIR / "nl.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    strings = []

    def walk(value):
        if isinstance(value, dict):
            [walk(v) for v in value.values()]
        elif isinstance(value, list):
            [walk(v) for v in value]
        elif isinstance(value, str):
            strings.append(value)
    walk(data)
    assert not [s for s in strings if re.search(rf"\b{HEARING_AGE}\b", s)]
    assert any("{hearing_age}" in s for s in strings)


@pytest.mark.parametrize("breakage, message", [
    (lambda d: d["child"].update(who_reads="Wat u schrijft, lezen uw ouders."), "'u'"),
    (lambda d: d["measures"]["ots"].update(child="Uw jeugdbeschermer helpt."), "'Uw'"),
    (lambda d: d["parents"]["next_steps"].append("Kinderen van {leeftijd} jaar."), "leeftijd"),
    (lambda d: d["parents"]["rights"][0].pop("text"), "text"),
    (lambda d: d["parents"]["rights"][0].update(only_if="spoed"), "only_if"),
])
def test_invalid_texts_fail_loudly(tmp_path, breakage, message):
    data = yaml.safe_load((TEXTS_DIR / "nl.yaml").read_text(encoding="utf-8"))
    breakage(data)
    path = tmp_path / "nl.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(TextsError) as raised:
        load_texts_file(path)
    assert message in str(raised.value)


def test_the_rights_text_exists_once_in_the_data():
    """Legal aid, client support, complaints: in the data file, not in the code or pages that show them."""
    root = Path(__file__).resolve().parents[2]
    surfaces = [root / "models/services/letters.py", root / "models/services/portal.py", root / "api/portal.py",
                root / "scripts/template_letters.py", *sorted((root / "api/pages").glob("*.html"))]
    for path in surfaces:
        text = path.read_text(encoding="utf-8")
        for needle in ("Juridisch Loket", "0900-8020", "AKJ", "088 555 1000", "cliëntondersteuner", "klachtencommissie"):
            assert needle not in text, (path.name, needle)


# The letters, rendered through the real services for every measure.

@pytest.fixture
def at_age_child(session, demo, now):
    render_day = (now + timedelta(days=1)).date()
    child = Person(family_id=demo.family_id, kind="child", given_names="Mila", surname="Jansen", relation="dochter",
                   date_of_birth=turning(HEARING_AGE, render_day), residence="Utrecht")
    session.add(child)
    session.commit()
    return child


def render_for(session, demo, now, settings, code, children):
    content = complete_content(demo, now, code)
    content["child_ids"] = [c for c in children]
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir, **content)
    rendering.render_request(session, actor=actor(session, demo, IND), request_id=request_id,
                             now=now + timedelta(days=1), documents=store(settings.documents_dir))
    documents = session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id)).all()
    return request_id, {d.kind: docx_text(open(d.path, "rb").read()) for d in documents}


@pytest.mark.parametrize("code", list(CATALOGUE.measures))
def test_one_letter_per_parent_and_an_honest_letter_for_the_child_of_hearing_age(session, demo, now, settings,
                                                                                  at_age_child, code):
    assert at_age_child.age_on(now.date()) == HEARING_AGE - 1
    assert at_age_child.age_on((now + timedelta(days=1)).date()) == HEARING_AGE
    request_id, docs = render_for(session, demo, now, settings, code, [demo.persons["noah"], at_age_child.id])
    measure, texts = CATALOGUE.measure(code), get_texts()
    mother, father = (session.get(Person, demo.persons[k]) for k in ("mother", "father"))
    indiener = actor(session, demo, IND)
    region = session.get(Region, demo.regions["utrecht"])
    team = region.contact_for(indiener.team)
    assert "gezinsbrief" not in docs
    assert {k for k in docs if k.startswith("ouderbrief-")} == {f"ouderbrief-{mother.id}", f"ouderbrief-{father.id}"}
    assert {k for k in docs if k.startswith("kinderbrief-")} == {f"kinderbrief-{demo.persons['noah']}",
                                                                   f"kinderbrief-{at_age_child.id}"}

    for parent, other in ((mother, father), (father, mother)):
        letter = docs[f"ouderbrief-{parent.id}"]
        lines = letter.splitlines()
        # Its own address block, at the top, and no trace of the other parent's.
        block = lines[lines.index(parent.full_name):][:3]
        assert block == [parent.full_name, parent.address, f"{parent.postal_code} {parent.residence}"]
        for line in (other.full_name, other.address, other.postal_code):
            assert line not in letter, (parent.full_name, line)
        assert f"Beste {parent.full_name}," in lines
        assert sum(line.startswith("Beste ") for line in lines) == 1
        # Its lawyer copied, where there is one.
        if parent.lawyer:
            assert f"Kopie aan: {parent.lawyer}" in letter
        else:
            assert "Kopie aan" not in letter
        # Contact details that work: the indiener by name, the team's phone and e-mail.
        assert indiener.name in letter and team["phone"] in letter and team["email"] in letter
        # Rights made actionable.
        flat = words(letter)
        assert "Juridisch Loket" in flat and "0900-8020" in flat and "juridischloket.nl" in flat
        assert f"de gemeente {parent.residence}" in flat  # client support: whom to ask
        assert "AVG" in flat and region.email in flat  # inzage: how and to whom
        assert region.complaints in flat and "088 555 1000" in flat  # the complaints committee; AKJ supports
        assert ("Contra-expertise" in letter) == measure.contra_expertise
        assert texts.measure(code).parents.many in letter  # two children: the plural text
        assert f"Kinderen van {HEARING_AGE} jaar" in flat

    for child_id in (demo.persons["noah"], at_age_child.id):
        letter = docs[f"kinderbrief-{child_id}"]
        assert not POLITE_FORM.search(letter), POLITE_FORM.search(letter)
        flat = words(letter)
        assert texts.measure(code).child in flat
        assert PARENTS_GET_IT in flat and "woord voor woord" in flat and "verzoekschrift" in flat
        assert "kinderrechter" in flat and f"{HEARING_AGE} jaar of ouder" in flat and "jonger" in flat
        assert "vertrouwenspersoon" in flat and "AKJ" in flat
        assert indiener.name in flat and team["phone"] in flat
        assert mother.address not in flat and father.address not in flat
    assert "Hoi Mila," in docs[f"kinderbrief-{at_age_child.id}"]


def test_a_younger_child_gets_no_letter_and_the_hearing_age_is_the_catalogues(session, demo, now, settings):
    """With a catalogue whose hearing age is lower, the letters follow it: age and texts come from the data."""
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir,
                          child_ids=[demo.persons["noah"], demo.persons["lina"]])
    d = load_dossier(session, request_id)
    lina = d.person(demo.persons["lina"])
    assert [c.id for c in letters.letter_children(d, now)] == [demo.persons["noah"]]
    lower = lina.age_on(now.date())
    hearing = d.catalogue.hearing.model_copy(update={"child_hearing_age": lower})
    d = dataclasses.replace(d, catalogue=d.catalogue.model_copy(update={"hearing": hearing}))
    assert {c.id for c in letters.letter_children(d, now)} == {demo.persons["noah"], lina.id}
    from models.documents import render_docx

    child = docx_text(render_docx(letters.CHILD_TEMPLATE, letters.child_letter_context(d, lina, now, "TS-X")))
    parent = docx_text(render_docx(letters.PARENT_TEMPLATE,
                                   letters.parent_letter_context(d, d.person(demo.persons["mother"]), now, "TS-X")))
    assert f"Ben je {lower} jaar of ouder?" in words(child) and f"Kinderen van {lower} jaar" in words(parent)


# The child's portal pages, through the API.

class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def visible(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return words(" ".join(parser.parts))


def test_the_childs_portal_pages_are_in_its_own_words(session, demo, now, settings):
    from tests.api.test_hearing_api import in_review, letter, party

    with TestClient(__import__("api.app", fromlist=["create_app"]).create_app(settings)) as client:
        view = in_review(client, demo, session, settings)
        rid = view["id"]
        path = letter(client, demo, rid, party(view, "Noah")["id"])["portal_link"].split("8000", 1)[1]
        page = client.get(path)
        assert page.status_code == 200
        text = visible(page.text)
        assert not POLITE_FORM.search(text), POLITE_FORM.search(text)
        assert "Hoi Noah!" in text and get_texts().measure("ots").child in text
        assert PARENTS_GET_IT in text and "woord voor woord" in text and "De rechter leest het" in text
        assert "kinderrechter" in text and f"{HEARING_AGE} jaar of ouder" in text
        assert "vertrouwenspersoon" in text and "AKJ" in text
        indiener = actor(session, demo, IND)
        region = session.get(Region, demo.regions["utrecht"])
        phone = region.contact_for(indiener.team)["phone"]
        assert indiener.name in text and phone in text
        csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
        empty = client.post(path, data={"text": " ", "csrf": csrf})
        assert empty.status_code == 422 and not POLITE_FORM.search(visible(empty.text))
        done = client.post(path, data={"text": "Ik wil dat het thuis rustig is.", "csrf": csrf})
        thanks = visible(done.text)
        assert done.status_code == 200 and "Bedankt" in thanks
        assert not POLITE_FORM.search(thanks), POLITE_FORM.search(thanks)
        assert "contactpersoon" not in thanks and indiener.name in thanks and phone in thanks
        assert "Je ouders lezen het ook" in thanks

        # The parent's page keeps the "u"-form, with its own rights and contact.
        mother = party(view, "Sanne")
        parent_path = letter(client, demo, rid, mother["id"], when=now)["portal_link"].split("8000", 1)[1]
        parent_page = visible(client.get(parent_path).text)
        assert "Uw rechten" in parent_page and "Juridisch Loket" in parent_page and region.complaints in parent_page
        assert "de gemeente Utrecht" in parent_page and phone in parent_page
