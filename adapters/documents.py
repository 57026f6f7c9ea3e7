"""Document stores (models/ports.DocumentStore): the file system under `documents_dir` for the application,
and one in memory for tests about rules rather than files."""

import os
import tempfile
from pathlib import Path, PurePosixPath



class FileSystemDocumentStore:
    """Documents as files under one root folder. A key is a path relative to the root; the reference `put`
    returns is the file's absolute path, as recorded with a court document (CourtDocument.path)."""

    def __init__(self, root: Path | str):
        self.root = Path(root).absolute()  # references stay valid whatever the working directory

    def path(self, ref: str) -> Path:
        """The file a key or reference stands for; refuses anything outside the root."""
        given = Path(ref)
        if not given.is_absolute():
            parts = PurePosixPath(ref.replace("\\", "/")).parts
            if not parts or ".." in parts or parts[0] == "/":
                raise ValueError(f"ongeldige documentsleutel: {ref!r}")
            given = self.root.joinpath(*parts)
        path = given.resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"{ref!r} ligt buiten de documentenmap {self.root}")
        return path

    def put(self, key: str, data: bytes) -> str:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_dead_temporaries(path.parent)
        # A temporary file beside the target, then one rename: a reader never sees half a document. Its name
        # carries this process's id, so that a process killed between the two can be told from a live one.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{os.getpid()}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return str(self.root / Path(path).relative_to(self.root.resolve()))

    def get(self, ref: str) -> bytes | None:
        try:
            return self.path(ref).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def exists(self, ref: str) -> bool:
        return self.path(ref).is_file()

    def delete(self, ref: str) -> None:
        self.path(ref).unlink(missing_ok=True)

    def keys(self, prefix: str) -> list[str]:
        folder = self.path(prefix.rstrip("/") or ".") if prefix.strip("/") else self.root
        if not folder.is_dir():
            return []
        base = prefix if prefix.endswith("/") or not prefix else prefix + "/"
        return sorted(base + f.name for f in folder.iterdir() if f.is_file() and not f.name.startswith("."))


def _sweep_dead_temporaries(folder: Path) -> None:
    """Remove the temporary files a killed process left in `folder` (a `kill -9` between write and rename): those
    named after a process that no longer runs. A live process's file, or one of another naming, stays."""
    for leftover in folder.glob(".*-*.tmp"):
        pid = leftover.name[1:].partition("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


class MemoryDocumentStore:
    """Documents in a dict, key -> bytes; the reference is the key itself."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def put(self, key: str, data: bytes) -> str:
        self.files[key] = bytes(data)
        return key

    def get(self, ref: str) -> bytes | None:
        return self.files.get(ref)

    def exists(self, ref: str) -> bool:
        return ref in self.files

    def delete(self, ref: str) -> None:
        self.files.pop(ref, None)

    def keys(self, prefix: str) -> list[str]:
        base = prefix if prefix.endswith("/") or not prefix else prefix + "/"
        return sorted(k for k in self.files if k.startswith(base) and "/" not in k[len(base):])
