"""The core (models/, reviewers/) has no framework in it: neither fastapi nor prefect."""

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def core_modules() -> list[str]:
    names = []
    for package in ("models", "reviewers"):
        names.append(package)
        names += [m.name for m in pkgutil.walk_packages([str(ROOT / package)], prefix=f"{package}.")]
    return names


def test_core_imports_no_framework():
    modules = core_modules()
    assert "models.services.rendering" in modules and "reviewers.batch" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('fastapi', 'prefect', 'starlette'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"the core imported: {result.stdout.strip()}"


# --- I/O at the edge -------------------------------------------------------------------------------------------
# The domain does no I/O of its own beyond the database session: no other program is run, no file is written
# (documents go through models.ports.DocumentStore, PDFs through models.ports.PdfConverter, both implemented in
# adapters/). Reading its own data files (the catalogue, the texts, reviewers/data) is fine.

import ast  # noqa: E402

WRITE_METHODS = {"write_text", "write_bytes", "mkdir", "touch", "unlink", "rename", "rmdir", "symlink_to",
                 "hardlink_to"}
OS_CALLS = {"system", "popen", "remove", "unlink", "rename", "renames", "replace", "makedirs", "mkdir", "rmdir",
            "removedirs", "open", "fdopen", "truncate", "symlink", "link", "fork", "kill"}
OS_CALL_PREFIXES = ("spawn", "exec", "posix_spawn")
BANNED_MODULES = {"subprocess", "shutil", "tempfile", "multiprocessing", "pty"}
# Where settings are never looked up: the rules and the use cases get the values they need as arguments.
NO_SETTINGS = ("models/services/", "models/dossier.py", "models/gates.py", "models/intake.py", "reviewers/")
# The one exception, with its reason: the database module opens the database, and a SQLite file needs its folder.
ALLOWED = {("models/db.py", "Path.mkdir")}


def _writes_mode(node: ast.Call, position: int) -> bool:
    mode = node.args[position] if len(node.args) > position else next(
        (k.value for k in node.keywords if k.arg == "mode"), None)
    if mode is None:
        return False
    if isinstance(mode, ast.Constant) and isinstance(mode.value, str):
        return any(c in mode.value for c in "wax+")
    return True  # a mode not written out cannot be shown to be read-only


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def io_findings(source: str, *, settings_banned: bool) -> list[tuple[int, str]]:
    """(line, what) for every way `source` runs a program, writes a file or looks up the settings."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names if a.name.split(".")[0] in BANNED_MODULES]
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in BANNED_MODULES:
                found.append((node.lineno, f"from {node.module} import"))
            if node.module == "os":
                found += [(node.lineno, f"os.{a.name}") for a in node.names
                          if a.name in OS_CALLS or a.name.startswith(OS_CALL_PREFIXES)]
            if settings_banned and any(a.name == "get_settings" for a in node.names):
                found.append((node.lineno, "get_settings"))
        elif isinstance(node, ast.Call):
            func, name = node.func, _dotted(node.func)
            root = name.split(".")[0]
            if isinstance(func, ast.Name) and func.id == "open" and _writes_mode(node, 1):
                found.append((node.lineno, "open for writing"))
            elif root == "os" and name.count(".") == 1 and (
                    func.attr in OS_CALLS or func.attr.startswith(OS_CALL_PREFIXES)):
                found.append((node.lineno, name))
            elif root in BANNED_MODULES:
                found.append((node.lineno, name))
            elif isinstance(func, ast.Attribute) and root != "os":
                if func.attr in WRITE_METHODS:
                    found.append((node.lineno, f"Path.{func.attr}"))
                elif func.attr == "open" and _writes_mode(node, 0):
                    found.append((node.lineno, "Path.open for writing"))
                elif func.attr == "replace" and len(node.args) == 1 and not node.keywords and root != "dataclasses":
                    found.append((node.lineno, "Path.replace"))  # str.replace takes two arguments
            if settings_banned and name.split(".")[-1] == "get_settings":
                found.append((node.lineno, "get_settings"))
    return sorted(set(found))


def core_files() -> list[Path]:
    return sorted(p for package in ("models", "reviewers") for p in (ROOT / package).rglob("*.py"))


def test_the_scanner_finds_every_kind_of_io():
    samples = {
        "import subprocess": "import subprocess",
        "from subprocess import run": "from subprocess import",
        "import os\nos.system('ls')": "os.system",
        "import os\nos.popen('ls')": "os.popen",
        "import os\nos.spawnl(0, 'ls')": "os.spawnl",
        "import os\nos.execv('ls', [])": "os.execv",
        "open('f', 'w')": "open for writing",
        "open('f', mode='ab')": "open for writing",
        "open('f', 'r+')": "open for writing",
        "open('f', 'x')": "open for writing",
        "path.open('wb')": "Path.open for writing",
        "path.write_text('x')": "Path.write_text",
        "path.write_bytes(b'x')": "Path.write_bytes",
        "path.parent.mkdir(parents=True)": "Path.mkdir",
        "path.touch()": "Path.touch",
        "path.unlink()": "Path.unlink",
        "path.rename(other)": "Path.rename",
        "path.replace(other)": "Path.replace",
        "import shutil": "import shutil",
        "shutil.copyfile(a, b)": "shutil.copyfile",
        "import tempfile": "import tempfile",
        "tempfile.mkstemp()": "tempfile.mkstemp",
        "import os\nos.remove('f')": "os.remove",
        "import os\nos.rename('a', 'b')": "os.rename",
        "import os\nos.makedirs('d')": "os.makedirs",
        "import os\nos.replace('a', 'b')": "os.replace",
        "from os import replace": "os.replace",
    }
    for source, expected in samples.items():
        assert expected in {what for _, what in io_findings(source, settings_banned=False)}, source
    assert io_findings("from models.config import get_settings", settings_banned=True) == [(1, "get_settings")]
    assert io_findings("x = config.get_settings().documents_dir", settings_banned=True) == [(1, "get_settings")]
    # What is no I/O is not flagged: reading, text replacement, dataclasses.replace, a datetime's replace.
    harmless = ("open('f')\nopen('f', 'rb')\npath.read_text()\npath.read_bytes()\ns.replace('a', 'b')\n"
                "dataclasses.replace(x, title='t')\nat.replace(tzinfo=UTC)\npath.open('rb')\npath.exists()")
    assert io_findings(harmless, settings_banned=True) == []
    assert io_findings("get_settings()", settings_banned=False) == []


def test_the_core_runs_no_program_and_writes_no_file():
    files = core_files()
    assert ROOT / "models" / "services" / "rendering.py" in files and ROOT / "reviewers" / "pool.py" in files
    findings = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        for line, what in io_findings(path.read_text(encoding="utf-8"), settings_banned=False):
            if (relative, what) not in ALLOWED:
                findings.append(f"{relative}:{line}: {what}")
    assert findings == [], "I/O in the core; move it behind models/ports.py into adapters/:\n" + "\n".join(findings)


def test_the_rules_and_use_cases_look_up_no_settings():
    findings = []
    for path in core_files():
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(NO_SETTINGS):
            findings += [f"{relative}:{line}: {what}"
                         for line, what in io_findings(path.read_text(encoding="utf-8"), settings_banned=True)
                         if what == "get_settings"]
    assert findings == [], ("settings looked up in the domain; pass the value in from the entry point:\n"
                            + "\n".join(findings))
