"""Every template for every measure, with rich data: six children, diacritics, a 40,000-character fact;
checked with python-docx, and converted to PDF by LibreOffice."""

import hashlib
import re
from datetime import date, timedelta

import pytest
from sqlmodel import select

from models.catalogue import get_catalogue
from models.config import get_settings
from models.court_document import CourtDocument
from models.documents import LEFTOVER_TAG_PATTERN, docx_text, format_date_nl, render_docx
from models.family import Person
from models.services import rendering
from models.texts import get_texts
from tests.builders import actor, drive_to, store
from tests.models.test_intake_per_measure import complete_content

CATALOGUE = get_catalogue(get_settings().catalogue_dir)
NAMES = [("Anaïs", "", "Çelik"), ("Đorđe", "", "Ðorđević"), ("Zoë", "van der", "Berg"), ("Jérôme", "", "Müller"),
         ("Fatoş", "", "Yılmaz"), ("Chloé", "'t", "Hoen")]
EMPTY_VALUE = re.compile(r":\s*[;,.]|\(\s*\)")  # an empty value after a label: "Bron: ;", "()"
DUTCH_DATE = re.compile(r"\b\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
                        r"december) \d{4}\b")


def test_dutch_dates():
    assert format_date_nl(date(2026, 11, 2)) == "2 november 2026"


def test_a_missing_field_fails_loudly():
    from jinja2 import UndefinedError

    with pytest.raises(UndefinedError):
        render_docx("gezinsbrief.docx", {"organisation": "RVT"})


@pytest.mark.parametrize("code", list(CATALOGUE.measures))
def test_every_document_for_every_measure_with_rich_data(session, demo, now, settings, code):
    family_id = demo.family_id
    children = []
    for i, (given, prefix, surname) in enumerate(NAMES):
        person = Person(family_id=family_id, kind="child", given_names=given, prefix=prefix, surname=surname,
                        date_of_birth=date(2009 + i, 1 + i, 3 + i), residence="Utrecht")
        session.add(person)
        session.flush()
        children.append(person)
    session.commit()
    content = complete_content(demo, now, code)
    content["child_ids"] = [c.id for c in children]
    content["facts"][0]["text"] = "Feit met & en < tekens. " + "Dit is een lang feitenrelaas. " * 1400
    assert len(content["facts"][0]["text"]) > 40_000
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir, **content)
    rendering.render_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                             now=now + timedelta(days=1), documents=store(settings.documents_dir))
    documents = {d.kind: d for d in session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id))}
    hearing_age_children = [c for c in children if c.age_on(now.date()) >= CATALOGUE.hearing.child_hearing_age]
    parents = [demo.persons["mother"], demo.persons["father"]]
    assert set(documents) == {"verzoekschrift", "tegenspraakverslag"} | {f"ouderbrief-{p}" for p in parents} | {
        f"kinderbrief-{c.id}" for c in hearing_age_children}
    for kind, document in documents.items():
        data = open(document.path, "rb").read()
        assert hashlib.sha256(data).hexdigest() == document.sha256
        text = docx_text(data)
        assert not LEFTOVER_TAG_PATTERN.search(text), kind
        assert "None" not in text, kind
        assert not EMPTY_VALUE.search(text), (kind, EMPTY_VALUE.search(text))
        assert DUTCH_DATE.search(text), kind
        assert document.verification_code in text, kind
    court = docx_text(open(documents["verzoekschrift"].path, "rb").read())
    measure = CATALOGUE.measure(code)
    for heading in ("1. De minderjarigen", "2. Belanghebbenden", "3. Het verzoek", "4. De feiten",
                    "5. Meningen en oordelen", "7. De wettelijke grond", "8. Subsidiariteit",
                    "10. Standpunten van de belanghebbenden", "11. De mening van het kind", "12. Tegenspraak",
                    "13. Bijlagen", "Aldus gedaan te Utrecht"):
        assert heading in court, heading
    for child in children:
        assert child.full_name in court
    assert "Zoë van der Berg" in court and "Chloé 't Hoen" in court
    assert measure.articles[0] in court and "Feit met & en < tekens." in court
    assert "Sanne Jansen" in court and "Youssef el Amrani" in court
    for parent in parents:
        letter = docx_text(open(documents[f"ouderbrief-{parent}"].path, "rb").read())
        assert get_texts().measure(code).parents.many in letter  # six children: the plural text
        assert ("Contra-expertise" in letter) == measure.contra_expertise
    report = docx_text(open(documents["tegenspraakverslag"].path, "rb").read())
    assert "Bevindingen per criterium" in report and "Grond:" in report


def test_the_same_revision_renders_to_the_same_content(session, demo, now, settings):
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir)
    first = rendering.render_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                                     now=now, documents=store(settings.documents_dir))
    data = open(first.path, "rb").read()
    from models.dossier import load_dossier
    from models.organisation import Region
    from models.services.rendering import build_verzoekschrift_context

    d = load_dossier(session, request_id)
    regions = {r.id: r for r in session.exec(select(Region))}
    code = first.verification_code
    again = render_docx("verzoekschrift.docx", build_verzoekschrift_context(d, regions, now, code),
                        rendering.document_properties(d, "verzoekschrift", code, now))
    assert again == data


def test_pdf_through_libreoffice_and_verification_of_the_pdf(session, demo, now, settings):
    from fastapi.testclient import TestClient

    from api.app import create_app

    request_id = drive_to(session, demo, "rendered", now, settings.documents_dir)
    document = session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id,
                                                        CourtDocument.kind == "verzoekschrift")).one()
    with TestClient(create_app(settings)) as client:
        headers = {"Authorization": f"Bearer {demo.tokens['utrecht/indiener']}"}
        response = client.get(f"/documents/{document.id}/download?format=pdf", headers=headers)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert b"pdfaid:part" in response.content  # PDF/A metadata
        ok = client.post(f"/verify/{document.verification_code}", files={"file": ("v.pdf", response.content)})
        assert ok.json()["bytes_unchanged"] is True
    # Every template converts in LibreOffice: the check that Word and LibreOffice can both read them.
    from pathlib import Path

    from adapters.libreoffice import convert

    others = session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id,
                                                      CourtDocument.kind != "verzoekschrift")).all()
    pdfs = convert([Path(d.path) for d in others], settings.documents_dir / "pdf")
    assert len(others) == 4 and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    session.rollback()
    stored = session.get(CourtDocument, document.id)
    assert stored.pdf_sha256 == hashlib.sha256(response.content).hexdigest()
