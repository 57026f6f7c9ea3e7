"""Tamper evidence: the audit hash chain, the database triggers that make the trail append-only, verification
of the chain after real attacks by someone with database rights, and the revision and document checks."""

import hashlib
import json
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, inspect as sa_inspect, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from models.audit import GENESIS_HASH, AuditEvent, event_hash
from models.config import get_settings
from models.court_document import CourtDocument
from models.db import begin_write, create_schema
from models.dossier import load_dossier
from models.errors import GateRefused, NotAllowed
from models.request import Request, RequestContent, RequestRevision, RequestState
from models.services import rendering, review
from models.services.common import audit
from models.services.integrity import DocumentTampered, verify_audit, verify_audit_for
from scripts.cli import main as cli
from tests.builders import actor, drive_to, make_request, store


# These play an attacker with database rights on the SQLite file itself (sqlite3, json_set, dropped triggers).
# In the PostgreSQL pass they are skipped; PostgreSQL's triggers are tested in test_migrations and test_immutability.
ON_THE_SQLITE_FILE = pytest.mark.sqlite_only(reason="an attacker on the SQLite file itself (sqlite3, json_set)")


def db_path(settings) -> str:
    return settings.database_url.split("///", 1)[1]


def attacker(settings) -> sqlite3.Connection:
    """Someone with rights on the database file itself: drops the triggers and edits rows directly."""
    connection = sqlite3.connect(db_path(settings), isolation_level=None)
    for table in ("auditevent", "requestrevision"):
        for op in ("update", "delete"):
            connection.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
    return connection


def add_events(session, demo, now, n: int) -> list[int]:
    beheerder = actor(session, demo, "amsterdam-amstelland/beheerder")
    events = [audit(session, now=now + timedelta(seconds=i), actor=beheerder, action="test.event", i=i,
                    note="één & ander") for i in range(n)]
    session.commit()
    return [e.id for e in events]


def all_events(session) -> list[AuditEvent]:
    session.expire_all()
    return list(session.exec(select(AuditEvent).order_by(AuditEvent.id)))


def forged_row(event_id: int, prev_hash: str, now, action: str = "request.approved") -> tuple:
    fields = dict(id=event_id, at=now, actor_id=None, actor="systeem", action=action, request_id=None,
                  revision_id=None, revision_number=None, details={"vervalst": True})
    digest = event_hash(**fields, prev_hash=prev_hash)
    return (event_id, now.strftime("%Y-%m-%d %H:%M:%S.%f"), "systeem", action, json.dumps({"vervalst": True}),
            prev_hash, digest)


FORGE_SQL = ("INSERT INTO auditevent (id, at, actor_id, actor, action, request_id, revision_id, revision_number, "
             "details, prev_hash, hash) VALUES (?, ?, NULL, ?, ?, NULL, NULL, NULL, ?, ?, ?)")


# --- the chain ----------------------------------------------------------------------------------------------

def test_every_event_carries_the_hash_of_its_predecessor(session, demo, now, settings):
    drive_to(session, demo, "ready", now, settings.documents_dir)
    events = all_events(session)
    assert len(events) > 20
    assert [e.id for e in events] == list(range(1, len(events) + 1)), "ids are gapless"
    assert events[0].prev_hash == GENESIS_HASH
    for before, event in zip(events, events[1:]):
        assert event.prev_hash == before.hash
    for event in events:
        assert event.hash == event.compute_hash() and len(event.hash) == 64
    result = verify_audit(session)
    assert result.ok and result.code == "audit_intact" and result.checked == len(events)
    assert (result.head_id, result.head_hash) == (events[-1].id, events[-1].hash)


def test_the_hash_covers_every_field_and_the_predecessor(now):
    fields = dict(id=7, at=now, actor_id=3, actor="Karin Vos", action="request.approved", request_id=2,
                  revision_id=4, revision_number=1, details={"b": [1, 2], "a": "x"}, prev_hash=GENESIS_HASH)
    base = event_hash(**fields)
    assert base == event_hash(**{**fields, "details": {"a": "x", "b": [1, 2]}}), "canonical: key order is irrelevant"
    assert base == event_hash(**{**fields, "at": now.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam"))})
    for name, other in [("id", 8), ("at", now + timedelta(microseconds=1)), ("actor_id", None), ("actor", "K. Vos"),
                        ("action", "request.returned"), ("request_id", 3), ("revision_id", 5),
                        ("revision_number", 2), ("details", {"a": "y", "b": [1, 2]}), ("prev_hash", "1" * 64)]:
        assert event_hash(**{**fields, name: other}) != base, name


def test_events_added_before_one_flush_and_over_several_flushes_chain_in_the_order_added(session, demo, now):
    beheerder = actor(session, demo, "amsterdam-amstelland/beheerder")
    begin_write(session)
    first = [audit(session, now=now, actor=beheerder, action=f"batch.{i}", seat={1: "int key"}) for i in range(3)]
    session.flush()
    second = [audit(session, now=now, actor=None, action=f"later.{i}") for i in range(2)]
    session.commit()
    ids = [e.id for e in first + second]
    assert ids == list(range(ids[0], ids[0] + 5))
    events = {e.id: e for e in all_events(session)}
    assert [events[i].action for i in ids] == ["batch.0", "batch.1", "batch.2", "later.0", "later.1"]
    assert events[ids[0]].details == {"seat": {"1": "int key"}}, "hashed as stored: JSON turns int keys into text"
    assert verify_audit(session).ok


def test_a_rolled_back_transaction_leaves_no_gap(session, demo, now):
    add_events(session, demo, now, 2)
    begin_write(session)
    audit(session, now=now, actor=None, action="teruggedraaid")
    session.flush()
    session.rollback()
    add_events(session, demo, now, 2)
    result = verify_audit(session)
    assert result.ok, result.message


def test_concurrent_writers_never_fork_or_break_the_chain(engine, session, demo, now):
    """Eight threads write at once, half starting as writers (begin_write), half letting the insert upgrade
    the lock; a writer whose snapshot went stale is refused by SQLite and retries."""
    per_thread, errors = 15, []

    def write(n: int, as_writer: bool):
        done = 0
        while done < per_thread:
            with Session(engine, expire_on_commit=False) as s:
                try:
                    if as_writer:
                        begin_write(s)
                    s.exec(select(AuditEvent.id).limit(1)).all()  # a read first: the deferred snapshot starts
                    audit(s, now=now, actor=None, action=f"thread.{n}", i=done)
                    audit(s, now=now, actor=None, action=f"thread.{n}.b", i=done)
                    s.commit()
                    done += 1
                except OperationalError:
                    s.rollback()
                except Exception as exc:  # noqa: BLE001 - reported below
                    errors.append(exc)
                    return

    before = verify_audit(session).checked
    session.commit()
    threads = [threading.Thread(target=write, args=(n, n % 2 == 0)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    result = verify_audit(session)
    assert result.ok, result.message
    assert result.checked == before + 8 * per_thread * 2


# --- database-level protection --------------------------------------------------------------------------------

@ON_THE_SQLITE_FILE
@pytest.mark.parametrize("statement", [
    "UPDATE auditevent SET action = 'verborgen'",
    "UPDATE auditevent SET details = '{}' WHERE id = 1",
    "DELETE FROM auditevent WHERE id = 1",
    "DELETE FROM auditevent",
    "UPDATE requestrevision SET content = json_set(content, '$.summary', 'stiekem')",
    "DELETE FROM requestrevision",
])
def test_raw_sql_cannot_change_or_delete_audit_events_or_revisions(session, demo, now, statement):
    make_request(session, demo, now)
    before = [(e.id, e.hash) for e in all_events(session)]
    with pytest.raises(IntegrityError, match="immutable"):
        session.connection().exec_driver_sql(statement)
    session.rollback()
    assert [(e.id, e.hash) for e in all_events(session)] == before


@ON_THE_SQLITE_FILE
def test_raw_sql_outside_the_application_is_refused_too(session, demo, now, settings):
    make_request(session, demo, now)
    connection = sqlite3.connect(db_path(settings))
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        connection.execute("UPDATE auditevent SET actor = 'iemand anders'")
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        connection.execute("DELETE FROM requestrevision")
    connection.close()


@pytest.mark.parametrize("statement", [
    update(AuditEvent).values(action="verborgen"),
    update(AuditEvent).where(AuditEvent.id == 1).values(details={}),
    delete(AuditEvent),
    update(RequestRevision).values(note="stiekem"),
    delete(RequestRevision).where(RequestRevision.id == 1),
], ids=["audit-update-all", "audit-update-one", "audit-delete", "revision-update", "revision-delete"])
def test_orm_bulk_statements_cannot_change_or_delete_them(session, demo, now, statement):
    make_request(session, demo, now)
    before = verify_audit(session)
    with pytest.raises(IntegrityError, match="immutable"):
        session.execute(statement)
    session.rollback()
    assert verify_audit(session) == before


@ON_THE_SQLITE_FILE
def test_the_triggers_are_created_idempotently(engine):
    create_schema(engine)
    create_schema(engine)
    with engine.connect() as c:
        names = {r[0] for r in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"auditevent_no_update", "auditevent_no_delete", "requestrevision_no_update",
            "requestrevision_no_delete"} <= names


@ON_THE_SQLITE_FILE
def test_an_old_database_is_sealed_as_found_when_the_chain_is_introduced(session, demo, now, settings, engine):
    add_events(session, demo, now, 3)
    connection = attacker(settings)
    connection.execute("ALTER TABLE auditevent DROP COLUMN hash")
    connection.execute("ALTER TABLE auditevent DROP COLUMN prev_hash")
    connection.close()
    create_schema(engine)
    assert "hash" in {c["name"] for c in sa_inspect(engine).get_columns("auditevent")}
    assert verify_audit(session).ok
    with pytest.raises(IntegrityError, match="immutable"):
        session.connection().exec_driver_sql("DELETE FROM auditevent")


# --- verification after real attacks (triggers dropped, as by someone with database rights) -----------------

@pytest.fixture
def trail(session, demo, now):
    make_request(session, demo, now)
    ids = add_events(session, demo, now, 30)
    assert verify_audit(session).ok
    return ids


@ON_THE_SQLITE_FILE
@pytest.mark.parametrize("batch", [10_000, 7])
def test_an_altered_event_is_named(session, settings, trail, batch):
    target = trail[10]
    attacker(settings).execute("UPDATE auditevent SET actor = 'Iemand Anders' WHERE id = ?", (target,))
    result = verify_audit(session, batch=batch)
    assert (result.ok, result.code, result.broken_id) == (False, "audit_altered", target)
    assert f"gebeurtenis {target}" in result.message and "gewijzigd" in result.message
    assert result.checked == target - 1


@ON_THE_SQLITE_FILE
def test_changed_details_or_time_are_named_too(session, settings, trail):
    attacker(settings).execute("UPDATE auditevent SET details = json_set(details, '$.i', 99) WHERE id = ?",
                               (trail[20],))
    attacker(settings).execute("UPDATE auditevent SET at = '2026-01-01 00:00:00.000000' WHERE id = ?", (trail[25],))
    assert (verify_audit(session).code, verify_audit(session).broken_id) == ("audit_altered", trail[20])


@ON_THE_SQLITE_FILE
def test_the_first_of_several_broken_links_is_named(session, settings, trail):
    db = attacker(settings)
    db.execute("DELETE FROM auditevent WHERE id = ?", (trail[20],))
    db.execute("UPDATE auditevent SET action = 'x' WHERE id = ?", (trail[5],))
    assert verify_audit(session).broken_id == trail[5]


@ON_THE_SQLITE_FILE
@pytest.mark.parametrize("batch", [10_000, 7, 1])
def test_a_deleted_event_is_named(session, settings, trail, batch):
    target = trail[13]
    attacker(settings).execute("DELETE FROM auditevent WHERE id = ?", (target,))
    result = verify_audit(session, batch=batch)
    assert (result.ok, result.code, result.broken_id) == (False, "audit_deleted", target + 1)
    assert f"gebeurtenis {target} ontbreekt" in result.message


@ON_THE_SQLITE_FILE
def test_deleting_several_or_the_first_events_is_named(session, settings, trail):
    db = attacker(settings)
    db.execute("DELETE FROM auditevent WHERE id IN (1, 2)")
    result = verify_audit(session)
    assert (result.code, result.broken_id) == ("audit_deleted", 3)
    assert "gebeurtenissen 1 tot en met 2" in result.message


@ON_THE_SQLITE_FILE
def test_a_deleted_event_is_named_even_if_the_attacker_rechains_the_rest(session, settings, trail, now):
    """The attacker deletes an event and re-hashes everything after it, so every link holds: the gap remains."""
    db = attacker(settings)
    target = trail[3]
    db.execute("DELETE FROM auditevent WHERE id = ?", (target,))
    rows = db.execute("SELECT id, hash FROM auditevent WHERE id < ? ORDER BY id DESC LIMIT 1", (target,)).fetchone()
    prev = rows[1]
    for event in [e for e in all_events(session) if e.id > target]:
        event.prev_hash = prev
        prev = event.compute_hash()
        db.execute("UPDATE auditevent SET prev_hash = ?, hash = ? WHERE id = ?", (event.prev_hash, prev, event.id))
    result = verify_audit(session)
    assert (result.code, result.broken_id) == ("audit_deleted", target + 1)


@ON_THE_SQLITE_FILE
def test_a_forged_event_inserted_in_place_of_a_deleted_one_is_named(session, settings, trail, now):
    """Delete event k, insert a forgery with id k that links correctly to k-1 and has a valid own hash: event
    k+1 no longer follows it."""
    db = attacker(settings)
    k = trail[8]
    prev = db.execute("SELECT hash FROM auditevent WHERE id = ?", (k - 1,)).fetchone()[0]
    db.execute("DELETE FROM auditevent WHERE id = ?", (k,))
    db.execute(FORGE_SQL, forged_row(k, prev, now))
    result = verify_audit(session)
    assert (result.ok, result.code, result.broken_id) == (False, "audit_inserted", k + 1)
    assert f"sluit niet aan op gebeurtenis {k}" in result.message


@ON_THE_SQLITE_FILE
def test_a_forged_event_appended_with_a_made_up_predecessor_is_named(session, settings, trail, now):
    db = attacker(settings)
    db.execute(FORGE_SQL, forged_row(trail[-1] + 1, "f" * 64, now))
    result = verify_audit(session)
    assert (result.code, result.broken_id) == ("audit_inserted", trail[-1] + 1)


@ON_THE_SQLITE_FILE
def test_a_forged_event_without_a_valid_hash_is_named(session, settings, trail, now):
    db = attacker(settings)
    row = list(forged_row(trail[-1] + 1, verify_audit(session).head_hash, now))
    row[-1] = hashlib.sha256(b"iets").hexdigest()
    db.execute(FORGE_SQL, row)
    result = verify_audit(session)
    assert (result.code, result.broken_id) == ("audit_altered", trail[-1] + 1)


@ON_THE_SQLITE_FILE
def test_an_anchor_noted_outside_the_system_catches_a_cut_off_tail(session, settings, trail):
    head = verify_audit(session)
    anchor = (head.head_id, head.head_hash)
    attacker(settings).execute("DELETE FROM auditevent WHERE id >= ?", (trail[-3],))
    assert verify_audit(session).ok, "without an anchor a cut-off tail is a shorter, intact chain"
    result = verify_audit(session, anchor=anchor)
    assert (result.ok, result.code, result.broken_id) == (False, "audit_anchor_mismatch", anchor[0])


def test_only_a_beheerder_verifies_the_whole_trail(session, demo, trail):
    assert verify_audit_for(session, actor=actor(session, demo, "amsterdam-amstelland/beheerder")).ok
    for key in ("utrecht/indiener", "rotterdam-rijnmond/jurist"):
        with pytest.raises(NotAllowed):
            verify_audit_for(session, actor=actor(session, demo, key))


@ON_THE_SQLITE_FILE
def test_the_cli_reports_intact_or_the_first_broken_link_with_its_exit_code(session, settings, trail, capsys):
    assert cli(["verify-audit"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: De auditketen is ongeschonden") and str(trail[-1]) in out
    attacker(settings).execute("UPDATE auditevent SET actor = 'x' WHERE id = ?", (trail[4],))
    assert cli(["verify-audit"]) == 1
    out = capsys.readouterr().out
    assert "audit_altered" in out and f"gebeurtenis {trail[4]}" in out


@ON_THE_SQLITE_FILE
def test_the_cli_runs_as_a_command(settings, trail):
    import os
    import subprocess
    import sys

    env = {**os.environ, "TEGENSPRAAK_DATABASE_URL": settings.database_url}
    done = subprocess.run([sys.executable, "-m", "scripts.cli", "verify-audit"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "ongeschonden" in done.stdout
    attacker(settings).execute("DELETE FROM auditevent WHERE id = ?", (trail[2],))
    done = subprocess.run([sys.executable, "-m", "scripts.cli", "verify-audit"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1 and "audit_deleted" in done.stdout


# --- a revision edited in the database is neither signed nor rendered, and no longer verifies ---------------

def tamper_revision(session, settings, request_id: int, *, with_hash: bool = False) -> None:
    revision_id = session.get(Request, request_id).current_revision_id
    db = attacker(settings)
    db.execute("UPDATE requestrevision SET content = json_set(content, '$.duration_months', 24) WHERE id = ?",
               (revision_id,))
    if with_hash:
        content = json.loads(db.execute("SELECT content FROM requestrevision WHERE id = ?",
                                        (revision_id,)).fetchone()[0])
        db.execute("UPDATE requestrevision SET content_hash = ? WHERE id = ?",
                   (RequestContent.model_validate(content).content_hash(), revision_id))
    db.close()
    session.commit()  # end the test's own read, as a new request to the application would start afresh
    session.expire_all()


@ON_THE_SQLITE_FILE
def test_a_revision_edited_after_approval_is_not_signed(session, demo, now, settings):
    request_id = drive_to(session, demo, "approved", now, settings.documents_dir)
    assert session.get(Request, request_id).state == RequestState.approved
    signed_hash = session.get(RequestRevision, session.get(Request, request_id).current_revision_id).content_hash
    tamper_revision(session, settings, request_id)
    jurist = next(u for u in (actor(session, demo, k) for k in demo.users) if u.has_role("jurist")
                  and any(s.user_id == u.id for s in load_dossier(session, request_id).seats))
    with pytest.raises(GateRefused) as refused:
        review.sign_off(session, actor=jurist, request_id=request_id, revision_hash=signed_hash,
                        declaration="Ik verklaar deze revisie getoetst.", now=now + timedelta(hours=4))
    assert "revision_tampered" in {p.code for p in refused.value.problems}
    session.rollback()
    assert not session.exec(select(AuditEvent).where(AuditEvent.action == "signoff.recorded")).all()


@ON_THE_SQLITE_FILE
def test_a_revision_edited_after_sign_off_is_not_rendered(session, demo, now, settings):
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir)
    tamper_revision(session, settings, request_id)
    with pytest.raises(GateRefused) as refused:
        rendering.render_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                                 now=now + timedelta(hours=6), documents=store(settings.documents_dir))
    assert "revision_tampered" in {p.code for p in refused.value.problems}
    session.rollback()
    assert session.exec(select(CourtDocument)).all() == []
    assert not any(Path(settings.documents_dir).rglob("*.docx"))


@ON_THE_SQLITE_FILE
def test_a_revision_edited_together_with_its_hash_is_not_rendered_either(session, demo, now, settings):
    """The attacker also rewrites content_hash: the content is consistent again, but nobody signed that hash."""
    request_id = drive_to(session, demo, "ready", now, settings.documents_dir)
    tamper_revision(session, settings, request_id, with_hash=True)
    with pytest.raises(GateRefused) as refused:
        rendering.render_request(session, actor=actor(session, demo, "utrecht/indiener"), request_id=request_id,
                                 now=now + timedelta(hours=6), documents=store(settings.documents_dir))
    codes = {p.code for p in refused.value.problems}
    assert "signoff_missing" in codes and "revision_tampered" not in codes


@ON_THE_SQLITE_FILE
def test_a_document_rendered_before_the_revision_was_edited_no_longer_verifies(session, demo, now, settings):
    request_id = drive_to(session, demo, "rendered", now, settings.documents_dir)
    document = session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id,
                                                        CourtDocument.kind == "verzoekschrift")).one()
    data = Path(document.path).read_bytes()
    before = rendering.verify_document(session, code=document.verification_code, data=data)
    assert before["revision_unchanged"] is True and before["bytes_unchanged"] is True and before["problems"] == []
    tamper_revision(session, settings, request_id)
    after = rendering.verify_document(session, code=document.verification_code, data=data)
    assert after["revision_unchanged"] is False
    assert [p["code"] for p in after["problems"]] == ["revision_tampered"]


# --- files on disk --------------------------------------------------------------------------------------------

@pytest.fixture
def rendered(session, demo, now, settings):
    request_id = drive_to(session, demo, "rendered", now, settings.documents_dir)
    return session.exec(select(CourtDocument).where(CourtDocument.request_id == request_id,
                                                    CourtDocument.kind == "verzoekschrift")).one()


def open_document(session, demo, document, format, now):
    """As the API hands a document out: from the application's store (the files under documents_dir), converted by
    the API's converter (LibreOffice in its slots)."""
    from adapters.wiring import pdf_converter

    documents = store(get_settings().documents_dir)
    return rendering.open_document(session, actor=actor(session, demo, "utrecht/indiener"), document_id=document.id,
                                   format=format, now=now, documents=documents,
                                   converter=pdf_converter(get_settings()))


def test_an_unchanged_document_is_handed_out(session, demo, now, rendered):
    data, media_type, filename = open_document(session, demo, rendered, "docx", now)
    assert filename == Path(rendered.path).name and media_type.endswith("wordprocessingml.document")
    assert data == Path(rendered.path).read_bytes() and hashlib.sha256(data).hexdigest() == rendered.sha256


def test_a_changed_document_on_disk_is_refused(session, demo, now, rendered):
    path = Path(rendered.path)
    path.write_bytes(path.read_bytes().replace(b"word/document.xml", b"word/document.xmL", 1))
    with pytest.raises(DocumentTampered) as refused:
        open_document(session, demo, rendered, "docx", now)
    assert (refused.value.code, refused.value.status) == ("document_tampered", 409)
    path.unlink()
    with pytest.raises(DocumentTampered) as missing:
        open_document(session, demo, rendered, "docx", now)
    assert missing.value.code == "document_missing"


def test_an_unknown_format_is_refused(session, demo, now, rendered):
    from models.errors import InvalidInput

    with pytest.raises(InvalidInput):
        open_document(session, demo, rendered, "exe", now)


def test_a_pdf_only_from_the_unchanged_docx(session, demo, now, rendered, settings):
    """Attack: tamper the .docx on disk, then ask for the PDF; it is refused, and a PDF that LibreOffice makes
    from the tampered .docx does not verify as unchanged. The PDF made from the genuine .docx does, and a
    changed kept PDF is refused on download."""
    from adapters.libreoffice import convert

    path = Path(rendered.path)
    genuine = path.read_bytes()
    tampered = _docx_with_text_replaced(genuine, "maanden", "jaren")
    path.write_bytes(tampered)
    with pytest.raises(DocumentTampered):
        open_document(session, demo, rendered, "pdf", now)
    session.rollback()
    assert session.get(CourtDocument, rendered.id).pdf_sha256 == ""
    assert not path.with_suffix(".pdf").exists()
    [forged_pdf] = convert([path], settings.documents_dir / "aanvaller")
    forged = rendering.verify_document(session, code=rendered.verification_code, data=forged_pdf.read_bytes())
    assert forged["bytes_unchanged"] is False

    path.write_bytes(genuine)
    pdf, media_type, _ = open_document(session, demo, rendered, "pdf", now)
    assert media_type == "application/pdf" and pdf.startswith(b"%PDF")
    pdf_path = path.with_suffix(".pdf")
    assert pdf_path.read_bytes() == pdf  # kept beside the .docx
    genuine_pdf = rendering.verify_document(session, code=rendered.verification_code, data=pdf)
    assert genuine_pdf["bytes_unchanged"] is True
    pdf_path.write_bytes(pdf_path.read_bytes() + b"\n% bijgevoegd\n")
    with pytest.raises(DocumentTampered):
        open_document(session, demo, rendered, "pdf", now)


def _docx_with_text_replaced(data: bytes, old: str, new: str) -> bytes:
    import io
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            target.writestr(item, content)
    return out.getvalue()


@ON_THE_SQLITE_FILE
def test_an_event_with_an_unreadable_value_is_named_not_a_crash(session, settings, trail):
    attacker(settings).execute("UPDATE auditevent SET at = 'gisteren' WHERE id = ?", (trail[6],))
    attacker(settings).execute("UPDATE auditevent SET details = '{kapot' WHERE id = ?", (trail[9],))
    for batch in (10_000, 4):
        result = verify_audit(session, batch=batch)
        assert (result.code, result.broken_id) == ("audit_altered", trail[6])
