"""Rendering the court documents from a `ready` revision into the document store, handing them out (and their
PDF) unchanged, and verifying a document by its code. The words are in models.services.court_context."""

import hashlib
from datetime import datetime
from pathlib import PurePosixPath

from sqlmodel import Session, select

from models.court_document import CourtDocument
from models.db import begin_write
from models.documents import render_docx
from models.dossier import Dossier, load_dossier
from models.errors import InvalidInput, NotAllowed, NotFound, Problem
from models.gates import RENDER_GUARDS, revision_tamper_problems
from models.lifecycle import check
from models.organisation import Region, User
from models.ports import DocumentStore, PdfConverter
from models.request import Request, RequestRevision
from models.review import SignOff
from models.services.common import audit, convert_to_pdf, is_case_member
from models.services.court_context import (  # noqa: F401  (the workspace knows some of them from here)
    DOCUMENT_TITLES, TEMPLATE, build_verzoekschrift_context, case_reference, child_views, document_properties,
    verification_code)
from models.services.integrity import require_unchanged
from models.services.letters import letter_jobs
from models.services.report import report_context


def render(session: Session, dossier: Dossier, now: datetime, documents: DocumentStore,
           actor: User | None = None) -> CourtDocument:
    """Render the current revision if every gate holds; idempotent per revision. Flushes, never commits."""
    existing = session.exec(select(CourtDocument).where(CourtDocument.revision_id == dossier.revision.id,
                                                        CourtDocument.kind == "verzoekschrift")).first()
    if existing is not None:
        return existing
    to = check("render", dossier, now, RENDER_GUARDS)
    region_ids = {dossier.user(s.user_id).region_id for s in dossier.seats}
    regions = {r.id: r for r in session.exec(select(Region).where(Region.id.in_(region_ids)))}
    jobs = [("verzoekschrift", TEMPLATE, lambda c: build_verzoekschrift_context(dossier, regions, now, c)),
            ("tegenspraakverslag", "tegenspraakverslag.docx", lambda c: report_context(session, dossier, now, c))]
    jobs += letter_jobs(dossier, now)  # one letter per parent or carer who is a party, one per child heard
    made = [_render_one(session, dossier, kind, template, build, now, documents, actor)
            for kind, template, build in jobs]
    dossier.request.state = to
    dossier.request.state_changed_at = now
    session.flush()
    for document in made:
        audit(session, now=now, actor=actor, action="document.rendered", request=dossier.request,
              revision=dossier.revision, document_id=document.id, kind=document.kind, sha256=document.sha256,
              verification_code=document.verification_code)
    return made[0]


def document_key(request_id: int, kind: str, revision_number: int, code: str) -> str:
    """Where a rendered document is kept in the store: one folder per request."""
    return f"{request_id}/{kind}-r{revision_number}-{code}.docx"


def _render_one(session, dossier, kind, template, build, now, documents: DocumentStore, actor) -> CourtDocument:
    code = verification_code(dossier.revision.content_hash, kind)
    data = render_docx(template, build(code), document_properties(dossier, kind, code, now))
    ref = documents.put(document_key(dossier.request.id, kind, dossier.revision.number, code), data)
    document = CourtDocument(request_id=dossier.request.id, revision_id=dossier.revision.id, kind=kind,
                             revision_hash=dossier.revision.content_hash, path=ref,
                             sha256=hashlib.sha256(data).hexdigest(), size=len(data), verification_code=code,
                             rendered_at=now, rendered_by=actor.id if actor else None)
    session.add(document)
    session.flush()
    return document


def render_request(session: Session, *, actor: User, request_id: int, now: datetime,
                   documents: DocumentStore) -> CourtDocument:
    dossier = load_dossier(session, request_id, for_update=True)
    if not (actor.has_role("beheerder") or is_case_member(session, actor, dossier.case.id, dossier.case.owner_id)):
        raise NotAllowed(problems=[Problem("not_case_team", "Alleen het zaakteam of een beheerder maakt het "
                                           "verzoekschrift op.")])
    document = render(session, dossier, now, documents, actor)
    session.commit()
    return document


DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("docx", "pdf")


def _name(ref: str) -> str:
    return PurePosixPath(ref.replace("\\", "/")).name


def open_document(session: Session, *, actor: User, document_id: int, format: str, now: datetime,
                  documents: DocumentStore, converter: PdfConverter) -> tuple[bytes, str, str]:
    """(bytes, media type, file name) of a document to hand out, after the access check, and only if its bytes
    are still those recorded when it was made (a changed or missing file is refused, never served). The bytes
    returned are the bytes checked."""
    from models.services.views import document_for_download

    if format not in FORMATS:
        raise InvalidInput(problems=[Problem("format_unknown", "Kies format=docx of format=pdf.", "format")])
    if format == "pdf":
        document = ensure_pdf(session, actor=actor, document_id=document_id, now=now, documents=documents,
                              converter=converter)
        data = require_unchanged(documents.get(document.pdf_path), document.pdf_sha256, "De PDF van dit document")
        return data, "application/pdf", _name(document.pdf_path)
    document = document_for_download(session, actor=actor, document_id=document_id, now=now)
    data = require_unchanged(documents.get(document.path), document.sha256, "Het document")
    return data, DOCX_MEDIA_TYPE, _name(document.path)


def _pdf_ref(docx_ref: str) -> str:
    return docx_ref[:-len(".docx")] + ".pdf" if docx_ref.endswith(".docx") else docx_ref + ".pdf"


def ensure_pdf(session: Session, *, actor: User, document_id: int, now: datetime, documents: DocumentStore,
               converter: PdfConverter) -> CourtDocument:
    """The document as PDF/A, made once and kept with its own SHA-256. Made only from the unchanged .docx: its
    bytes are read once, checked against the recorded SHA-256 and those very bytes are converted, so nothing
    swapped in the store in between ends up in a PDF that verifies as genuine."""
    from models.services.views import document_for_download

    document = document_for_download(session, actor=actor, document_id=document_id, now=now)
    if document.pdf_path and documents.exists(document.pdf_path):
        return document
    docx = require_unchanged(documents.get(document.path), document.sha256,
                             "Het document waarvan de PDF gemaakt zou worden")
    data = convert_to_pdf(converter, docx, _name(document.path))
    pdf = documents.put(_pdf_ref(document.path), data)
    begin_write(session)
    document = session.get(CourtDocument, document_id)
    document.pdf_path, document.pdf_sha256 = pdf, hashlib.sha256(data).hexdigest()
    audit(session, now=now, actor=actor, action="document.pdf", request=session.get(Request, document.request_id),
          document_id=document.id, kind=document.kind, pdf_sha256=document.pdf_sha256)
    session.commit()
    return document


def verify_document(session: Session, *, code: str, data: bytes | None = None) -> dict:
    document = session.exec(select(CourtDocument).where(CourtDocument.verification_code == code)).first()
    if document is None:
        raise NotFound("Onbekende verificatiecode.", code="verification_code_unknown")
    signoffs = session.exec(select(SignOff).where(SignOff.revision_id == document.revision_id)).all()
    names = {u.id: u.name for u in session.exec(select(User).where(User.id.in_([s.user_id for s in signoffs])))}
    result = {
        "verification_code": code,
        "request_id": document.request_id,
        "revision_id": document.revision_id,
        "revision_hash": document.revision_hash,
        "rendered_at": document.rendered_at.isoformat(),
        "sha256": document.sha256,
        "signed_by": [{"name": names.get(s.user_id, ""), "role": s.role, "signed_at": s.signed_at.isoformat()}
                      for s in signoffs],
    }
    revision = session.get(RequestRevision, document.revision_id)
    problems = revision_tamper_problems(revision)
    if not problems and revision.content_hash != document.revision_hash:
        problems = [Problem("revision_tampered", "De hash van de revisie in de database wijkt af van die in het "
                            "document.", "revision")]
    result["revision_unchanged"] = not problems
    result["problems"] = [p.as_dict() for p in problems]
    if data is not None:
        digest = hashlib.sha256(data).hexdigest()
        # The PDF counts only as the one recorded by ensure_pdf, which made it from the unchanged .docx.
        result["bytes_unchanged"] = digest == document.sha256 or (bool(document.pdf_sha256)
                                                                  and digest == document.pdf_sha256)
    return result

