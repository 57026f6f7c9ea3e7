"""Handing a court document out, and making its PDF, on the document store's rules: only the bytes recorded at
render time leave the system, and only those bytes are ever converted. On the in-memory store (the rules, not the
files; tests/models/test_integrity.py does the same on disk) with a converter at the edge that records its input."""

import hashlib

import pytest
from sqlmodel import select

from adapters.documents import MemoryDocumentStore
from models.court_document import CourtDocument
from models.ports import PdfConversionError
from models.services import rendering
from models.services.integrity import DocumentTampered
from tests.builders import actor, drive_to


class RecordingConverter:
    """A PDF converter at the edge of the world: returns a fixed PDF and remembers what it was given."""

    def __init__(self, fail: bool = False):
        self.given: list[tuple[bytes, str]] = []
        self.fail = fail

    def to_pdf(self, docx: bytes, name: str) -> bytes:
        self.given.append((docx, name))
        if self.fail:
            raise PdfConversionError("kon niet omzetten", "soffice: fout")
        return b"%PDF-1.7 van " + hashlib.sha256(docx).hexdigest().encode()


@pytest.fixture
def rendered(session, demo, now, settings):
    """A request rendered into an in-memory store: (store, its verzoekschrift)."""
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir)
    documents = MemoryDocumentStore()
    document = rendering.render_request(session, actor=actor(session, demo, "utrecht/indiener"),
                                        request_id=request_id, now=now, documents=documents)
    assert not settings.documents_dir.exists() or not any(settings.documents_dir.rglob("*.docx"))  # none on disk
    return documents, document


def hand_out(session, demo, document, format, now, documents, converter):
    return rendering.open_document(session, actor=actor(session, demo, "utrecht/indiener"), document_id=document.id,
                                   format=format, now=now, documents=documents, converter=converter)


def test_every_rendered_document_is_stored_under_its_request_with_its_recorded_hash(session, rendered):
    documents, verzoekschrift = rendered
    made = session.exec(select(CourtDocument).where(CourtDocument.request_id == verzoekschrift.request_id)).all()
    assert len(made) == 5
    for document in made:
        assert document.path == (f"{document.request_id}/{document.kind}-r1-{document.verification_code}.docx")
        assert hashlib.sha256(documents.get(document.path)).hexdigest() == document.sha256


def test_the_recorded_bytes_are_handed_out_and_changed_or_missing_ones_never(session, demo, now, rendered):
    documents, document = rendered
    data, media_type, filename = hand_out(session, demo, document, "docx", now, documents, RecordingConverter())
    assert data == documents.get(document.path) and filename == document.path.split("/")[-1]
    documents.put(document.path, data + b"\0")
    with pytest.raises(DocumentTampered) as changed:
        hand_out(session, demo, document, "docx", now, documents, RecordingConverter())
    assert changed.value.code == "document_tampered"
    documents.delete(document.path)
    with pytest.raises(DocumentTampered) as missing:
        hand_out(session, demo, document, "docx", now, documents, RecordingConverter())
    assert missing.value.code == "document_missing"


def test_the_pdf_is_made_once_from_exactly_the_recorded_bytes(session, demo, now, rendered):
    documents, document = rendered
    genuine = documents.get(document.path)
    converter = RecordingConverter()
    pdf, media_type, filename = hand_out(session, demo, document, "pdf", now, documents, converter)
    assert converter.given == [(genuine, filename.replace(".pdf", ".docx"))]
    assert media_type == "application/pdf" and pdf == documents.get(document.path.replace(".docx", ".pdf"))
    session.rollback()
    stored = session.get(CourtDocument, document.id)
    assert stored.pdf_path == document.path.replace(".docx", ".pdf")
    assert stored.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    again, _, _ = hand_out(session, demo, document, "pdf", now, documents, converter)
    assert again == pdf and len(converter.given) == 1  # kept: not converted a second time
    documents.put(stored.pdf_path, pdf + b"% bijgevoegd")
    with pytest.raises(DocumentTampered):
        hand_out(session, demo, document, "pdf", now, documents, converter)


def test_a_changed_docx_is_never_converted(session, demo, now, rendered):
    documents, document = rendered
    documents.put(document.path, documents.get(document.path).replace(b"word/", b"WORD/", 1))
    converter = RecordingConverter()
    with pytest.raises(DocumentTampered):
        hand_out(session, demo, document, "pdf", now, documents, converter)
    assert converter.given == []
    session.rollback()
    assert session.get(CourtDocument, document.id).pdf_sha256 == ""
    assert not documents.exists(document.path.replace(".docx", ".pdf"))


def test_a_failed_conversion_is_a_domain_refusal_carrying_the_converters_words(session, demo, now, rendered):
    from models.errors import ConversionFailed

    documents, document = rendered
    with pytest.raises(ConversionFailed) as failed:
        hand_out(session, demo, document, "pdf", now, documents, RecordingConverter(fail=True))
    assert "soffice: fout" in failed.value.problems[0].message
    session.rollback()
    assert session.get(CourtDocument, document.id).pdf_sha256 == ""


def test_a_pdf_asked_while_every_libreoffice_slot_stays_taken_is_refused_as_busy_and_changes_nothing(
        session, demo, now, rendered):
    from adapters.slots import SlotLimitedConverter
    from models.audit import AuditEvent
    from models.errors import ConverterBusy

    documents, document = rendered
    inner = RecordingConverter()
    converter = SlotLimitedConverter(inner, slots=1, wait_seconds=0.2)
    audited = len(session.exec(select(AuditEvent)).all())
    with converter.slot(), pytest.raises(ConverterBusy) as busy:
        hand_out(session, demo, document, "pdf", now, documents, converter)
    assert (busy.value.status, busy.value.code) == (503, "pdf_converter_busy")
    assert busy.value.problems[0].code == "pdf_converter_busy" and "probeer het" in busy.value.problems[0].message
    assert inner.given == []
    session.rollback()
    assert session.get(CourtDocument, document.id).pdf_sha256 == ""
    assert not documents.exists(document.path.replace(".docx", ".pdf"))
    assert len(session.exec(select(AuditEvent)).all()) == audited
    data, media_type, _ = hand_out(session, demo, document, "pdf", now, documents, converter)  # a slot free: made
    assert media_type == "application/pdf"
    assert inner.given == [(documents.get(document.path), document.path.split("/")[-1])]
