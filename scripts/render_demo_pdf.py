"""Render the demo case to PDF and to PNG page images (pdftoppm), for a person to look at.

Plays `make demo` first if there is no demo document yet. Prints the paths."""

import subprocess
import sys

from models.config import REPO_ROOT
from adapters.libreoffice import convert

DEMO_DOCS = REPO_ROOT / "var" / "demo" / "documents"


def main() -> None:
    docx = sorted(DEMO_DOCS.rglob("*.docx"))
    if not docx:
        subprocess.run([sys.executable, "-m", "scripts.demo", "--standalone"], check=True)
        docx = sorted(DEMO_DOCS.rglob("*.docx"))
    out = REPO_ROOT / "var" / "demo" / "pdf"
    pdfs = convert(docx, out)
    for pdf in pdfs:
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / pdf.stem)], check=True)
        print(pdf)
    for png in sorted(out.glob("*.png")):
        print(png)


if __name__ == "__main__":
    main()
