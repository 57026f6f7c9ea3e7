"""The verzoekschrift as a kinderrechter reads it, for every measure: requester and parties with their addresses,
singular or plural, facts and attributed opinions apart, the child who is exactly at the hearing age, the younger
child whose capability was assessed, the executing institution, uitvoerbaar bij voorraad where the catalogue
says so, a signature block and no API path. And the layout every document shares: repeated table headers,
rows that do not split, headings kept with their text, Dutch as the document language, real properties."""

import io
import re
import subprocess
from datetime import date, timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlmodel import select

from models.catalogue import get_catalogue
from models.config import get_settings
from models.court_document import CourtDocument
from models.documents import docx_text
from models.dossier import load_dossier
from models.family import Person
from models.services import hearing, rendering
from tests.builders import actor, assess_all, drive_to, give_verdicts, portal_args, pump, sign_all
from tests.models.test_intake_per_measure import complete_content

CATALOGUE = get_catalogue(get_settings().catalogue_dir)
HEARING_AGE = CATALOGUE.hearing.child_hearing_age
CAPABILITY_NOTE = "Lina kan nog niet overzien wat een ondertoezichtstelling is; zij praat alleen over haar knuffels."
ASSESSOR = "drs. Anouk Bakker, gedragswetenschapper"


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years)


def render_family_case(session, demo, now, settings, code: str) -> dict[str, CourtDocument]:
    """Noah is exactly at the hearing age on the day of the request; Lina is younger, and was assessed as not able
    to give her view; the parents live apart (Utrecht and Nieuwegein); the request holds an opinion."""
    noah, lina = session.get(Person, demo.persons["noah"]), session.get(Person, demo.persons["lina"])
    noah.date_of_birth = _years_before(now.date(), HEARING_AGE)
    session.commit()
    content = complete_content(demo, now, code) | {"child_ids": [noah.id, lina.id]}
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir, **content)
    indiener = actor(session, demo, "utrecht/indiener")
    at = now + timedelta(hours=1)
    hearing.record_capability(session, actor=indiener, request_id=request_id, person_id=lina.id, capable=False,
                              note=CAPABILITY_NOTE, assessed_by=ASSESSOR, now=at)
    d = load_dossier(session, request_id)
    for party in d.parties:
        if party.kind == "child":
            continue
        hearing.invite_party(session, actor=indiener, request_id=request_id, party_id=party.id, channel="brief",
                             sent_at=at, proof="aangetekend verzonden, 3S-TRACK-1", now=at, **portal_args())
        hearing.record_response(session, actor=indiener, request_id=request_id, party_id=party.id, position="oneens",
                                text=f"Zienswijze van {d.person(party.person_id).full_name}.", received_at=at,
                                channel="email", responded_by="", now=at)
    hearing.record_child_voice(session, actor=indiener, request_id=request_id, person_id=noah.id, heard=True,
                               method="gesprek", obtained_by="Fatima el Amrani", obtained_at=at,
                               child_words="Ik wil dat papa en mama stoppen met ruziemaken.",
                               professional_summary="Noah wil rust thuis.", not_heard_reason="", explanation="",
                               now=at)
    assess_all(session, request_id, now + timedelta(hours=2))
    give_verdicts(session, request_id, now + timedelta(hours=3))
    pump(session, now + timedelta(hours=3), settings.documents_dir)
    sign_all(session, request_id, now + timedelta(hours=4))
    pump(session, now + timedelta(hours=4), settings.documents_dir)
    pump(session, now + timedelta(hours=5), settings.documents_dir)
    documents = {doc.kind: doc for doc in session.exec(select(CourtDocument)
                                                       .where(CourtDocument.request_id == request_id))}
    assert "verzoekschrift" in documents, f"{code}: not rendered"
    return documents


def _text(document: CourtDocument) -> str:
    return docx_text(open(document.path, "rb").read())


def _paragraph_after(text: str, start: str, lines: int = 3) -> str:
    found = text.split("\n")
    i = next(i for i, line in enumerate(found) if start in line)
    return "\n".join(found[i:i + lines])


@pytest.mark.parametrize("code", list(CATALOGUE.measures))
def test_the_verzoekschrift_for_every_measure(session, demo, now, settings, code):
    measure = CATALOGUE.measure(code)
    documents = render_family_case(session, demo, now, settings, code)
    court = _text(documents["verzoekschrift"])

    # Art. 278 Rv: the organisation requests, represented by the professional; its seat and every party's address.
    assert ("Regionaal Veiligheidsteam Utrecht, gevestigd te Utrecht (Postbus 1450, 3500 BL Utrecht)" in court)
    assert "vertegenwoordigd door Fatima el Amrani" in court
    assert "Sanne Jansen, moeder, met gezag, wonende te Kanaalweg 12 bis, 3526 KL Utrecht" in court
    assert "Youssef el Amrani, vader, met gezag, wonende te Zuidstedeweg 4, 3431 HA Nieuwegein" in court
    # Singular and plural resolved: two children here, no "(n)" or "(s)" left for the judge to read.
    assert "1. De minderjarigen" in court and "(n)" not in court and "(s)" not in court
    assert measure.court_request_for(2, 2) in court and "de minderjarigen" in measure.court_request_for(2, 2)
    # Who carries out the measure, and provisional enforceability where the catalogue asks for it.
    if measure.executing_institution:
        assert "Uitvoerende instelling: Samen Veilig Midden-Nederland, Utrecht" in court
    assert ("uitvoerbaar bij voorraad" in court) == measure.provisional_enforceability
    # Facts and opinions apart, both present, each opinion attributed.
    facts_part = court.split("4. De feiten")[1].split("5. Meningen en oordelen van professionals")[0]
    opinions_part = court.split("5. Meningen en oordelen van professionals")[1].split("6. De zorgen")[0]
    assert "ernstig bedreigd" in opinions_part and "ernstig bedreigd" not in facts_part
    assert "Oordeel van dr. A. Visser, gedragswetenschapper RVT Utrecht: Naar het oordeel" in opinions_part
    # The child exactly at the hearing age is heard; the younger child's capability assessment is stated.
    child_part = court.split("11. De mening van het kind")[1].split("12. Tegenspraak")[0]
    assert f"Noah Jansen ({HEARING_AGE} jaar)" in child_part and "stoppen met ruziemaken" in child_part
    lina = _paragraph_after(child_part, "Lina Jansen")
    assert ASSESSOR in lina and CAPABILITY_NOTE in lina and "niet in staat" in lina
    # Signed by the organisation through its professional; verifiable by code, no API path.
    assert "Regionaal Veiligheidsteam Utrecht,\nnamens deze:" in court
    assert "Fatima el Amrani\nRVT-professional, Regionaal Veiligheidsteam Utrecht" in court
    assert documents["verzoekschrift"].verification_code in court
    assert not re.search(r"/verify|GET |POST |https?://", court)


def test_a_single_child_and_a_single_parent_read_in_the_singular():
    ots, ending = CATALOGUE.measure("ots"), CATALOGUE.measure("gezagsbeeindiging")
    assert ots.court_request_for(1, 2).startswith("de minderjarige onder toezicht")
    assert ending.court_request_for(1, 1) == ("het gezag van de ouder over de minderjarige te beëindigen en een voogd "
                                              "te benoemen")
    assert ending.court_request_for(3, 2).startswith("het gezag van de ouders over de minderjarigen")


def _styles_with(doc, tag: str) -> set[str]:
    return {s.name for s in doc.styles if s.element.pPr is not None and s.element.pPr.find(qn(tag)) is not None}


def test_every_document_has_a_court_ready_layout(session, demo, now, settings):
    documents = render_family_case(session, demo, now, settings, "ots")
    rendered_at = now + timedelta(hours=5)
    assert {"verzoekschrift", "tegenspraakverslag"} <= set(documents)
    for kind, document in documents.items():
        doc = Document(io.BytesIO(open(document.path, "rb").read()))
        # Dutch as the document language: default run language and the core property.
        lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
        assert lang.get(qn("w:val")) == "nl-NL", kind
        assert doc.core_properties.language == "nl-NL", kind
        # Real properties: a title, the organisation as author, the render time as creation time.
        assert doc.core_properties.author == "Regionaal Veiligheidsteam Utrecht", kind
        assert doc.core_properties.title and "python-docx" not in doc.core_properties.title, kind
        assert doc.core_properties.created.replace(tzinfo=rendered_at.tzinfo) == rendered_at.replace(microsecond=0)
        # Headings keep with their next paragraph.
        assert {"Title", "Heading 1", "Heading 2"} <= _styles_with(doc, "w:keepNext"), kind
        # The font is Arial throughout (no theme font), so Liberation Sans stands in with the same metrics.
        fonts = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == "Arial" and not any(a.endswith("Theme") for a in fonts.attrib), kind
        # Tables: the header row repeats on every page; no row splits across pages.
        for table in doc.tables:
            rows = table._tbl.tr_lst
            assert rows[0].trPr.find(qn("w:tblHeader")) is not None, kind
            assert all(row.trPr is not None and row.trPr.find(qn("w:cantSplit")) is not None for row in rows), kind
    assert len(Document(io.BytesIO(open(documents["verzoekschrift"].path, "rb").read())).tables) >= 2


def test_the_pdf_is_dutch_and_embeds_the_arial_compatible_font(session, demo, now, settings, tmp_path):
    from adapters.libreoffice import convert

    documents = render_family_case(session, demo, now, settings, "ots")
    [pdf] = convert([documents["verzoekschrift"].path], tmp_path)
    data = pdf.read_bytes()
    assert re.search(rb"/Lang\s*\(nl-NL\)", data), "the PDF's document language is not nl-NL"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and any("LiberationSans" in row[0] for row in rows), fonts
    # Every font embedded (the 'emb' column), so the PDF shows the same line breaks everywhere.
    assert all("yes" in row[-5:-4] or row[-5] == "yes" for row in rows), fonts


def test_the_tegenspraak_report_says_why_per_criterion(session, demo, now, settings):
    documents = render_family_case(session, demo, now, settings, "ots")
    report_doc = Document(io.BytesIO(open(documents["tegenspraakverslag"].path, "rb").read()))
    report = docx_text(open(documents["tegenspraakverslag"].path, "rb").read())
    request = session.get(CourtDocument, documents["verzoekschrift"].id)
    d = load_dossier(session, request.request_id)
    reference = rendering.case_reference(d)
    assert reference in report and f"verzoek {d.request.id}," not in report and f"zaak {d.case.id} " not in report
    assert "Opgesteld door: Fatima el Amrani, RVT-professional, RVT Utrecht" in report
    # One line per criterion, with the panel's combined finding: not one row per member per criterion.
    findings = next(t for t in report_doc.tables if t.rows[0].cells[0].text == "Criterium")
    assert len(findings.rows) - 1 == len(d.criteria())
    assert all("eensluidend" in row.cells[1].text for row in findings.rows[1:])
    # Who reviewed from where, and why independent.
    for seat in d.seats:
        user = d.user(seat.user_id)
        assert user.name in report
    assert report.count("niet bij RVT Utrecht dat het verzoek indient") == len(d.seats)
    # The hearing in brief: each parent, and each child.
    assert "Sanne Jansen (moeder, ouder met gezag): Uitgenodigd om op het concept te reageren (per brief) op" in report
    assert f"Noah Jansen ({HEARING_AGE} jaar): gehoord op" in report and CAPABILITY_NOTE in report


def test_divergent_findings_name_who_found_what(session, demo, now, settings):
    from models.review import Assessment
    from models.services.report import combined_findings

    documents = render_family_case(session, demo, now, settings, "ots")
    d = load_dossier(session, documents["verzoekschrift"].request_id)
    peer, jurist = [s for s in d.seats if s.role == "tegenspreker"][0], [s for s in d.seats if s.role == "jurist"][0]
    rows = combined_findings(d, [
        Assessment(id=1, request_id=1, revision_id=1, reviewer_id=peer.user_id, criterion="subsidiariteit",
                   outcome="voldoet", reasoning="Vrijwillige hulp is geprobeerd.", recorded_at=now),
        Assessment(id=2, request_id=1, revision_id=1, reviewer_id=jurist.user_id, criterion="subsidiariteit",
                   outcome="voldoet_niet", reasoning="Het netwerk is niet onderzocht.", recorded_at=now),
        Assessment(id=3, request_id=1, revision_id=1, reviewer_id=peer.user_id, criterion="proportionaliteit",
                   outcome="voldoet", reasoning="In verhouding.", recorded_at=now),
        Assessment(id=4, request_id=1, revision_id=1, reviewer_id=jurist.user_id, criterion="proportionaliteit",
                   outcome="voldoet", reasoning="In verhouding.", recorded_at=now),
    ])
    by = {r["criterion"]: r for r in rows}
    assert set(by) == {"Subsidiariteit", "Proportionaliteit"}
    split = by["Subsidiariteit"]
    assert split["divergent"] and split["finding"].startswith("verdeeld: voldoet volgens ")
    assert f"voldoet niet volgens {d.user(jurist.user_id).name} (jurist)" in split["finding"]
    assert "jurist: Het netwerk is niet onderzocht." in split["reasons"]
    assert by["Proportionaliteit"]["reasons"] == "In verhouding."  # the same words once


def test_the_committed_templates_are_the_ones_their_builders_make():
    """templates/*.docx are generated (make templates): a hand edit, or a builder change without regenerating,
    would ship a layout no test looked at."""
    from scripts.make_templates import TEMPLATES, template_builders

    for name, build in template_builders():
        assert build() == (TEMPLATES / name).read_bytes(), f"{name}: run `make templates`"


def test_the_documents_show_an_override_and_the_warnings_the_panel_accepted(session, demo, now, settings):
    from models.services import review
    from tests.builders import hear_everyone

    content = complete_content(demo, now, "ots")
    content["alternatives"][1].update(was_tried=False, tried="", result="", tried_when="",
                                      why_not_tried="De grootouders wonen in Marokko.")
    request_id = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir, **content)
    at = now + timedelta(hours=1)
    hear_everyone(session, demo, request_id, at)
    d = load_dossier(session, request_id)
    jurist = next(s for s in d.seats if s.role == "jurist")
    chair = next(s for s in d.seats if s.id == d.chair_seat_id)
    for seat in d.seats:
        review.record_assessments(session, actor=d.user(seat.user_id), request_id=request_id, now=at, items=[
            {"criterion": code, "outcome": "voldoet_niet" if seat is jurist and code == "subsidiariteit" else "voldoet",
             "reasoning": "Het netwerk is niet onderzocht." if seat is jurist and code == "subsidiariteit"
             else f"{label}: voldoende onderbouwd."} for code, label in d.criteria()])
    review.accept_warning(session, actor=d.user(chair.user_id), request_id=request_id, code="alternative_not_tried",
                          field="alternatives.2", reasons="Netwerk in het buitenland; elders onderzocht.", now=at)
    for seat in d.seats:
        review.record_verdict(session, actor=d.user(seat.user_id), request_id=request_id, decision="akkoord",
                              reasons="Akkoord.", now=at,
                              override_reasons="Het netwerk staat de maatregel niet in de weg." if seat is jurist
                              else "")
    pump(session, at, settings.documents_dir)
    sign_all(session, request_id, at)
    pump(session, at, settings.documents_dir)
    pump(session, at, settings.documents_dir)
    documents = {doc.kind: doc for doc in session.exec(select(CourtDocument)
                                                       .where(CourtDocument.request_id == request_id))}
    report = _text(documents["tegenspraakverslag"])
    assert ("Afwijking (override): akkoord ondanks eigen bevinding 'voldoet niet' op: Subsidiariteit. Reden voor "
            "deze afwijking: Het netwerk staat de maatregel niet in de weg.") in report
    assert f"voldoet niet volgens {d.user(jurist.user_id).name} (jurist)" in report
    warnings = report[report.index("4. Automatische controles"):report.index("5. Revisies")]
    assert "Waarschuwing: Subsidiariteit" in warnings
    assert (f"Opgelost: aanvaard door {d.user(chair.user_id).name} (tegenspreker) op " in warnings
            and "Netwerk in het buitenland; elders onderzocht." in warnings)
    court = _text(documents["verzoekschrift"])
    assert "Niet geprobeerd, omdat: De grootouders wonen in Marokko." in court
