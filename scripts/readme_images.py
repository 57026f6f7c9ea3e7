"""The page images in the README: the demo case's verzoekschrift, one parent's letter and the child's letter,
rendered by the engine, converted by LibreOffice and drawn by pdftoppm. Run `make readme-images`.

Plays `make demo` first when there is no demo document yet (delete var/demo to start afresh)."""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from models.config import REPO_ROOT
from adapters.libreoffice import convert

DEMO_DOCS = REPO_ROOT / "var" / "demo" / "documents"
DOCS = REPO_ROOT / "docs"
# (document kind prefix, pages to show, image name in docs/)
PAGES = [("verzoekschrift", (1, 2), "verzoekschrift"), ("ouderbrief", (1,), "ouderbrief"),
         ("kinderbrief", (1,), "kinderbrief"), ("tegenspraakverslag", (1,), "tegenspraakverslag")]


def newest(prefix: str) -> Path:
    found = sorted(DEMO_DOCS.rglob(f"{prefix}-*.docx"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise SystemExit(f"Geen {prefix} in {DEMO_DOCS}: speel eerst `make demo`.")
    return found[-1]


def main() -> None:
    if not list(DEMO_DOCS.rglob("verzoekschrift-*.docx")):
        subprocess.run([sys.executable, "-m", "scripts.demo", "--standalone"], check=True)
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tegenspraak-readme-") as tmp:
        sources = [newest(prefix) for prefix, _, _ in PAGES]
        pdfs = convert(sources, Path(tmp))
        for (_, pages, name), pdf in zip(PAGES, pdfs):
            for page in pages:
                stem = Path(tmp) / f"{name}-{page}"
                subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page), "-singlefile",
                                str(pdf), str(stem)], check=True)
                target = DOCS / f"{name}-pagina-{page}.png"
                shutil.copyfile(stem.with_suffix(".png"), target)
                print(target.relative_to(REPO_ROOT))


if __name__ == "__main__":
    main()
