"""PDF (PDF/A-2b) from .docx through LibreOffice in headless mode (models/ports.PdfConverter). The only place
that runs another program. Failures carry LibreOffice's own output."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from models.ports import PdfConversionError

__all__ = ["PDF_FILTER", "LibreOfficeConverter", "PdfConversionError", "convert", "soffice"]

# PDF/A-2b through the writer_pdf_Export filter's JSON options (LibreOffice 7.4+).
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise PdfConversionError("LibreOffice (soffice) is niet geïnstalleerd; zie scripts/install_system_deps.sh.", "")
    return found


def convert(paths: list[Path], outdir: Path, timeout: float = 300) -> list[Path]:
    """Convert every .docx in one LibreOffice process; returns the PDF paths in the same order."""
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tegenspraak-lo-") as profile:
        # A private profile per run: two conversions at once must not share LibreOffice's lock.
        cmd = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", PDF_FILTER, "--outdir", str(outdir), *map(str, paths)]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(f"LibreOffice reageerde niet binnen {timeout:.0f} s.",
                                     f"{exc.stdout or ''}{exc.stderr or ''}") from exc
    pdfs = [outdir / (Path(p).stem + ".pdf") for p in paths]
    missing = [p for p in pdfs if not p.exists() or p.stat().st_size == 0]
    if result.returncode != 0 or missing:
        raise PdfConversionError(f"LibreOffice kon {len(missing) or len(paths)} document(en) niet omzetten naar PDF "
                                 f"(exitcode {result.returncode}).", f"{result.stdout}{result.stderr}")
    return pdfs


class LibreOfficeConverter:
    """models/ports.PdfConverter: one .docx in, its PDF out, through a private temporary folder."""

    def __init__(self, timeout: float = 300):
        self.timeout = timeout

    def to_pdf(self, docx: bytes, name: str) -> bytes:
        with tempfile.TemporaryDirectory(prefix="tegenspraak-pdf-") as tmp:
            source = Path(tmp) / (Path(name).name or "document.docx")
            source.write_bytes(docx)
            [made] = convert([source], Path(tmp) / "pdf", self.timeout)
            return made.read_bytes()
