"""The document stores keep one contract (models/ports.DocumentStore); the file system's store also keeps
documents inside its folder and never leaves half a file."""

import os
from pathlib import Path

import pytest

from adapters.documents import FileSystemDocumentStore, MemoryDocumentStore


@pytest.fixture(params=["file_system", "memory"])
def store(request, tmp_path):
    return FileSystemDocumentStore(tmp_path / "documents") if request.param == "file_system" else MemoryDocumentStore()


def test_what_is_put_is_got_back_by_its_reference_and_its_key(store):
    ref = store.put("12/verzoekschrift-r1-TS-AAAA.docx", b"docx bytes")
    assert store.get(ref) == store.get("12/verzoekschrift-r1-TS-AAAA.docx") == b"docx bytes"
    assert store.exists(ref) and not store.exists("12/verzoekschrift-r2-TS-AAAA.docx")
    assert store.get("12/nothing.docx") is None


def test_putting_again_replaces_and_delete_removes(store):
    store.put("previews/3/a.pdf", b"old")
    store.put("previews/3/a.pdf", b"new")
    assert store.get("previews/3/a.pdf") == b"new"
    store.delete("previews/3/a.pdf")
    store.delete("previews/3/a.pdf")  # nothing stored there any more: fine
    assert store.get("previews/3/a.pdf") is None and not store.exists("previews/3/a.pdf")


def test_keys_lists_one_folder_only(store):
    for key in ("previews/3/b.pdf", "previews/3/a.pdf", "previews/31/c.pdf", "previews/3/sub/d.pdf"):
        store.put(key, b"%PDF")
    assert store.keys("previews/3/") == store.keys("previews/3") == ["previews/3/a.pdf", "previews/3/b.pdf"]
    assert store.keys("previews/4/") == []


def test_the_file_system_store_keeps_the_documents_as_files_under_its_folder(tmp_path):
    root = tmp_path / "documents"
    store = FileSystemDocumentStore(root)
    ref = store.put("12/brief.docx", b"bytes")
    assert ref == str(root / "12" / "brief.docx") and (root / "12" / "brief.docx").read_bytes() == b"bytes"
    assert os.listdir(root / "12") == ["brief.docx"]  # the temporary file was renamed, none is left


@pytest.mark.parametrize("key", ["../buiten.docx", "12/../../buiten.docx", "/etc/passwd"])
def test_the_file_system_store_refuses_what_lies_outside_its_folder(tmp_path, key):
    store = FileSystemDocumentStore(tmp_path / "documents")
    with pytest.raises(ValueError):
        store.put(key, b"x")
    with pytest.raises(ValueError):
        store.get(key)
    assert not (tmp_path / "buiten.docx").exists()


def test_a_failed_write_leaves_the_old_document_and_no_temporary_file(tmp_path, monkeypatch):
    store = FileSystemDocumentStore(tmp_path)
    store.put("12/brief.docx", b"old")

    def crash(src, dst):
        raise OSError("schijf vol")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.put("12/brief.docx", b"new")
    assert (tmp_path / "12" / "brief.docx").read_bytes() == b"old"
    assert sorted(p.name for p in (tmp_path / "12").iterdir()) == ["brief.docx"]


KILLED_MID_PUT = """
import os, sys, tempfile
fd, tmp = tempfile.mkstemp(dir=sys.argv[1], prefix=f".{os.getpid()}-", suffix=".tmp")  # as put names it
os.write(fd, b"half a docum")
print(tmp, flush=True)
sys.stdin.readline()
"""


def test_the_temporary_file_of_a_process_killed_mid_put_goes_at_the_next_put_and_a_live_ones_stays(tmp_path):
    """A worker killed (kill -9) between writing its temporary file and renaming it leaves the file behind; the
    next document put in that folder removes it, but never the file of a process still writing."""
    import signal
    import subprocess
    import sys

    store = FileSystemDocumentStore(tmp_path)
    store.put("12/verzoekschrift.docx", b"first")
    folder = tmp_path / "12"
    killed = subprocess.Popen([sys.executable, "-c", KILLED_MID_PUT, str(folder)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    alive = subprocess.Popen([sys.executable, "-c", KILLED_MID_PUT, str(folder)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        left, writing = Path(killed.stdout.readline().strip()), Path(alive.stdout.readline().strip())
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=10)
        assert left.exists() and writing.exists()
        assert store.keys("12/") == ["12/verzoekschrift.docx"]  # never listed as a document
        store.put("12/brief.docx", b"letter")
        assert not left.exists() and writing.exists()
        assert sorted(p.name for p in folder.iterdir() if p != writing) == ["brief.docx", "verzoekschrift.docx"]
    finally:
        alive.kill()
        killed.kill()
