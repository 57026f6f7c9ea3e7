"""A preview of the verzoekschrift for the signers: the exact document the approved revision would become, before
anyone signs it — but not a court document.

Same template, same context builder and the same PDF conversion as rendering (models.services.rendering), with two
differences that make it unmistakably a preview: the verification code is replaced by a mark ('VOORBEELD — nog
niet ondertekend') on every page, and the verification sentence says that this is not a court document. Nothing is
stored as a CourtDocument, the request's state does not change, and no verification code is issued, so a preview
can never be verified as genuine. The PDF is kept in the document store per revision hash (LibreOffice takes a
second or more), under `previews/`, apart from the real documents.
"""

import dataclasses
import hashlib
import json
from datetime import datetime

from sqlmodel import Session, select

from models.case import Case
from models.documents import render_docx
from models.dossier import Dossier
from models.errors import GateRefused, NotAllowed, Problem
from models.gates import check_revision_intact
from models.organisation import Region, User
from models.ports import DocumentStore, PdfConverter
from models.request import Request, RequestState
from models.services import access
from models.services.common import convert_to_pdf
from models.services.court_context import TEMPLATE, build_verzoekschrift_context, document_properties

PREVIEW_MARK = "VOORBEELD — nog niet ondertekend"
PREVIEW_HINT = ("VOORBEELD — nog niet ondertekend. Dit is geen verzoekschrift voor de rechtbank: het is nog niet "
                "door de jurist en de gedragswetenschapper ondertekend en heeft geen verificatiecode. Het echte "
                "verzoekschrift wordt pas na ondertekening opgemaakt.")
PREVIEW_STATES = (RequestState.approved, RequestState.ready)
PREVIEW_BASES = (access.ZAAKTEAM, access.TEGENSPRAAK)


def preview_context(dossier: Dossier, regions: dict[int, Region], now: datetime) -> dict:
    """The verzoekschrift's own context, marked as a preview. Pure."""
    context = build_verzoekschrift_context(dossier, regions, now, PREVIEW_MARK)
    context["verification_hint"] = PREVIEW_HINT
    return context


def preview_verzoekschrift(session: Session, *, actor: User, request_id: int, now: datetime,
                           documents: DocumentStore, converter: PdfConverter) -> bytes:
    """The preview as PDF, for a seated panel member or the case team, of an approved (or ready) revision.

    The read is checked and written to the access log like any read of the dossier; a refusal too."""
    request = session.get(Request, request_id)
    if request is not None:
        basis = access.request_basis(session, actor, request, session.get(Case, request.case_id))
        if basis not in PREVIEW_BASES:
            access.log_refusal(session, actor=actor, now=now, object_type="document", object_id=request_id,
                               reason="preview_not_allowed")
            error = NotAllowed(problems=[Problem("preview_not_allowed", "Alleen het panel en het zaakteam van dit "
                                                 "verzoek kunnen het voorbeeld van het verzoekschrift zien.")])
            error.logged = True
            raise error
    dossier = access.open_request(session, actor=actor, request_id=request_id, part="document", now=now)
    problems = []
    if dossier.request.state not in PREVIEW_STATES or dossier.request.approved_revision_id != dossier.revision.id:
        problems.append(Problem("preview_not_available", "Een voorbeeld van het verzoekschrift is er pas als het "
                                "panel de huidige revisie heeft goedgekeurd.", "state"))
    problems += check_revision_intact(dossier, now)
    if problems:
        raise GateRefused(problems=problems)
    region_ids = {dossier.user(s.user_id).region_id for s in dossier.seats}
    regions = {r.id: r for r in session.exec(select(Region).where(Region.id.in_(region_ids)))}
    context = preview_context(dossier, regions, now)
    session.commit()  # end the read before the slow part: nothing below touches the database
    return _pdf(dossier, context, now, documents, converter)


PREVIEWS = "previews"


def _pdf(dossier: Dossier, context: dict, now: datetime, documents: DocumentStore, converter: PdfConverter) -> bytes:
    """The PDF of this context, from the cache when the same revision was previewed with the same content."""
    revision_hash = dossier.revision.content_hash
    # The context holds what changes between previews of one revision (the date, the sign-offs so far).
    digest = hashlib.sha256(json.dumps(context, sort_keys=True, default=str, ensure_ascii=False)
                            .encode()).hexdigest()[:16]
    folder = f"{PREVIEWS}/{dossier.request.id}/"
    cached = f"{folder}{revision_hash}-{digest}.pdf"
    data = documents.get(cached)
    if data:
        return data
    properties = document_properties(dossier, "verzoekschrift", PREVIEW_MARK, now)
    properties = dataclasses.replace(properties, title=f"VOORBEELD — {properties.title}")
    docx = render_docx(TEMPLATE, context, properties)
    data = convert_to_pdf(converter, docx, f"voorbeeld-r{dossier.revision.number}.docx")
    for old in documents.keys(folder):  # one preview per request is enough: older revisions and dates go
        if old.endswith(".pdf"):
            documents.delete(old)
    documents.put(cached, data)
    return data
