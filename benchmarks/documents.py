"""Rendering court requests: 1,000 verzoekschriften with docxtpl against the physical floor (python-docx
writing a document of the same content without templating), and PDF conversion one at a time versus a
batch in one LibreOffice process. `python -m benchmarks.documents`."""

import io
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

N_RENDER = int(os.environ.get("BENCH_RENDERS", "1000"))
N_PDF = int(os.environ.get("BENCH_PDFS", "10"))


def demo_context():
    from sqlmodel import Session, select

    from models.config import get_settings
    from models.db import get_engine
    from models.demo import seed_demo
    from models.dossier import load_dossier
    from models.organisation import Region
    from models.services.rendering import build_verzoekschrift_context
    from tests.builders import drive_to

    get_settings.cache_clear()
    settings = get_settings()
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        demo = seed_demo(session)
        now = datetime.now(UTC)
        request_id = drive_to(session, demo, "ready", now, settings.documents_dir)
        d = load_dossier(session, request_id)
        regions = {r.id: r for r in session.exec(select(Region))}
        return build_verzoekschrift_context(d, regions, now, "TS-BENC-HMAR-K000")


def floor_docx(context: dict) -> bytes:
    """The same text written straight with python-docx: what any .docx of this content costs."""
    from docx import Document

    doc = Document()
    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        else:
            doc.add_paragraph(str(value))
    walk(context)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pct(values, q):
    return statistics.quantiles(values, n=100)[q - 1] * 1000


def main() -> None:
    from models.documents import render_docx
    from adapters.libreoffice import convert

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TEGENSPRAAK_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        os.environ["TEGENSPRAAK_DOCUMENTS_DIR"] = f"{tmp}/documents"
        context = demo_context()
        for _ in range(20):  # warm-up: template parsing, imports
            render_docx("verzoekschrift.docx", context)
            floor_docx(context)
        renders, floors = [], []
        for _ in range(N_RENDER):
            t0 = time.perf_counter()
            data = render_docx("verzoekschrift.docx", context)
            renders.append(time.perf_counter() - t0)
        for _ in range(N_RENDER):
            t0 = time.perf_counter()
            floor_docx(context)
            floors.append(time.perf_counter() - t0)
        print(f"Verzoekschrift, {N_RENDER} renders ({len(data) // 1024} KB each)")
        print(f"  docxtpl render      p50 {pct(renders, 50):6.1f} ms   p99 {pct(renders, 99):6.1f} ms")
        print(f"  python-docx floor   p50 {pct(floors, 50):6.1f} ms   p99 {pct(floors, 99):6.1f} ms")
        print(f"  ratio to the floor  p50 {pct(renders, 50) / pct(floors, 50):6.2f}x")
        paths = []
        for i in range(N_PDF):
            path = Path(tmp) / f"verzoek-{i}.docx"
            path.write_bytes(data)
            paths.append(path)
        t0 = time.perf_counter()
        for path in paths:
            convert([path], Path(tmp) / "single")
        single = (time.perf_counter() - t0) / N_PDF
        t0 = time.perf_counter()
        convert(paths, Path(tmp) / "batch")
        batch = (time.perf_counter() - t0) / N_PDF
        print(f"PDF/A through LibreOffice, {N_PDF} documents")
        print(f"  one process per document   {single:6.2f} s per document")
        print(f"  one process for the batch  {batch:6.2f} s per document")


if __name__ == "__main__":
    main()
