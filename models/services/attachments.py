"""Attachments (bijlagen) of a request: the uploaded file stored by its SHA-256, referenced from the content.

A stored file is named by the SHA-256 of its bytes under `attachments/` in the document store; the request's content
refers to it as `sha256:<hex>`, so the revision hash the panel approves and the jurist signs covers the exact
bytes of every attachment. Adding one is a change like any other: a new revision (voiding earlier approvals).
"""

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from models.dossier import load_dossier
from models.errors import NotFound, Problem
from models.lifecycle import target_state
from models.organisation import User
from models.ports import DocumentStore
from models.request import Attachment, RequestRevision
from models.services.common import invalid, require_case_team

PREFIX = "sha256:"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Served inline-safe types keep their media type; anything else is handed out as bytes to save, never rendered.
SAFE_MEDIA_TYPES = {"application/pdf", "image/png", "image/jpeg", "text/plain"}
OTHER_CODE = "overig"


FOLDER = "attachments/"


def stored_sha(reference: str) -> str | None:
    """The SHA-256 an attachment reference points at, or None for a reference typed by hand (e.g. 'PVA-2026-114')."""
    if reference.startswith(PREFIX) and SHA256.match(reference[len(PREFIX):]):
        return reference[len(PREFIX):]
    return None


def _clean_filename(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f\"]", "", base).strip()
    return base[:200] or "bijlage"


def store_file(store: DocumentStore, *, data: bytes, filename: str, media_type: str) -> str:
    """Store the bytes under their SHA-256 (once: the same bytes again change nothing); returns the hex digest."""
    sha = hashlib.sha256(data).hexdigest()
    stored = store.get(FOLDER + sha)
    if stored is None or hashlib.sha256(stored).hexdigest() != sha:
        store.put(FOLDER + sha, data)
    if not store.exists(f"{FOLDER}{sha}.json"):
        store.put(f"{FOLDER}{sha}.json", json.dumps({"filename": _clean_filename(filename),
                                                     "media_type": media_type[:100], "size": len(data)},
                                                    ensure_ascii=False).encode("utf-8"))
    return sha


def file_info(store: DocumentStore, sha: str) -> dict | None:
    """What was recorded when the file was stored (name, type, size), or None when it is not stored here."""
    meta = store.get(f"{FOLDER}{sha}.json")
    if meta is None or not store.exists(FOLDER + sha):
        return None
    try:
        return json.loads(meta.decode("utf-8"))
    except ValueError:
        return None


def add_attachment(session: Session, *, actor: User, request_id: int, code: str, title: str, filename: str,
                   media_type: str, data: bytes, documents: DocumentStore, now: datetime) -> RequestRevision:
    """Store an uploaded file and add it to the request's attachments in a new revision."""
    from models.services.drafting import parse_content, revise_request

    problems = []
    if not code.strip():
        problems.append(Problem("attachment_code_missing", "Kies welke bijlage dit is.", "code"))
    if not title.strip():
        problems.append(Problem("attachment_title_missing", "Geef de bijlage een titel.", "title"))
    if not data:
        problems.append(Problem("attachment_file_missing", "Kies een bestand (het gekozen bestand is leeg).", "file"))
    invalid(problems)
    dossier = load_dossier(session, request_id)
    require_case_team(session, actor, dossier)
    target_state("revise", dossier.request.state)  # refused before anything is written
    session.commit()  # end the read; revise_request takes the write lock itself
    sha = store_file(documents, data=data, filename=filename, media_type=media_type)
    attachment = Attachment(code=code.strip(), title=title.strip(), reference=PREFIX + sha)
    content = dossier.content
    if attachment not in content.attachments:
        content = parse_content(content.model_copy(update={"attachments": [*content.attachments, attachment]})
                                .model_dump(mode="json"))
    return revise_request(session, actor=actor, request_id=request_id, content=content,
                          note=f"bijlage toegevoegd: {attachment.title}", now=now)


def open_attachment(session: Session, *, actor: User, request_id: int, sha: str, documents: DocumentStore,
                    now: datetime) -> tuple[bytes, str, str]:
    """(bytes, file name, media type) of a stored attachment of this request, after the access check; only a file
    some revision of the request refers to, and only while its bytes still match their name."""
    from models.services import access
    from models.services.integrity import require_unchanged

    access.open_request(session, actor=actor, request_id=request_id, part="attachment", now=now)
    missing = NotFound("Deze bijlage bestaat niet bij dit verzoek.", code="attachment_not_found")
    if not SHA256.match(sha):
        raise missing
    contents = session.exec(select(RequestRevision.content).where(RequestRevision.request_id == request_id)).all()
    session.commit()
    references = {a.get("reference") for c in contents for a in (c or {}).get("attachments", [])
                  if isinstance(a, dict)}
    if PREFIX + sha not in references:
        raise missing
    data = require_unchanged(documents.get(FOLDER + sha), sha, "De bijlage")
    info = file_info(documents, sha) or {}
    media_type = info.get("media_type", "")
    return data, info.get("filename", "bijlage"), media_type if media_type in SAFE_MEDIA_TYPES else \
        "application/octet-stream"
