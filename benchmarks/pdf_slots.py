"""The LibreOffice slots (adapters/slots.py): what a slot costs through Prefect's global concurrency limit against
one of the process's own, and what the limit does to C requests for a PDF at the same moment (wall time, each
request's wait, the LibreOffice processes' peak memory). `python -m benchmarks.pdf_slots`.

Assumptions: a Prefect test server (SQLite, `prefect_test_harness`) on this machine, so a slot costs local HTTP
round trips only; every request converts the demo verzoekschrift (~1 s of LibreOffice each); the memory figure sums
the RSS of the soffice processes, sampled every 50 ms.
"""

import os
import statistics
import subprocess
import tempfile
import threading
import time

N_SLOTS = int(os.environ.get("BENCH_SLOT_ROUNDS", "50"))
CONCURRENT = int(os.environ.get("BENCH_PDF_CONCURRENT", "6"))


def ms(values, q):
    return statistics.quantiles(values, n=100)[q - 1] * 1000


def slot_costs(converter, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        with converter.slot():
            pass
        times.append(time.perf_counter() - t0)
    return times


def soffice_rss_kb() -> int:
    out = subprocess.run(["ps", "-C", "soffice.bin", "-o", "rss="], capture_output=True, text=True).stdout
    return sum(int(x) for x in out.split())


def burst(converter, docx: bytes, n: int) -> tuple[float, list[float], int]:
    """n requests for a PDF at once: (wall s, each request's seconds, peak soffice RSS in KB)."""
    latencies: list[float] = [0.0] * n
    peak, done = [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], soffice_rss_kb())
            time.sleep(0.05)

    def one(i):
        t0 = time.perf_counter()
        converter.to_pdf(docx, f"verzoek-{i}.docx")
        latencies[i] = time.perf_counter() - t0

    sampler = threading.Thread(target=sample)
    sampler.start()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    return wall, latencies, peak[0]


def main() -> None:
    from pathlib import Path

    from scripts.prefect_env import configure

    with tempfile.TemporaryDirectory() as tmp:
        configure(prefect_home=Path(tmp) / "prefect")
        os.environ["TEGENSPRAAK_DATABASE_URL"] = f"sqlite:///{tmp}/bench.db"
        os.environ["TEGENSPRAAK_DOCUMENTS_DIR"] = f"{tmp}/documents"
        measure()


def measure() -> None:
    from prefect.testing.utilities import prefect_test_harness

    from adapters.libreoffice import LibreOfficeConverter
    from adapters.slots import SlotLimitedConverter
    from benchmarks.documents import demo_context
    from models.documents import render_docx

    docx = render_docx("verzoekschrift.docx", demo_context())
    print("LibreOffice-slots (adapters/slots.py)")
    local = SlotLimitedConverter(LibreOfficeConverter(), slots=2, wait_seconds=600)
    own = slot_costs(local, N_SLOTS)
    print(f"  slot of the process itself       p50 {ms(own, 50):7.2f} ms   p95 {ms(own, 95):7.2f} ms")
    with prefect_test_harness(server_startup_timeout=90):
        shared = SlotLimitedConverter(LibreOfficeConverter(), slots=2, wait_seconds=600)
        with shared.slot() as source:  # sizes the limit once
            assert source == "prefect"
        costs = slot_costs(shared, N_SLOTS)
        print(f"  slot of Prefect's limit          p50 {ms(costs, 50):7.2f} ms   p95 {ms(costs, 95):7.2f} ms"
              f"   ({N_SLOTS} acquire + release)")
        print(f"  {CONCURRENT} requests for a PDF at once (demo verzoekschrift):")
        for slots in (1, 2, CONCURRENT):
            converter = SlotLimitedConverter(LibreOfficeConverter(), slots=slots, wait_seconds=600)
            wall, latencies, peak = burst(converter, docx, CONCURRENT)
            print(f"    slots {slots}: wall {wall:5.1f} s, per request p50 {statistics.median(latencies):5.1f} s "
                  f"max {max(latencies):5.1f} s, LibreOffice peak {peak / 1024:6.0f} MB")

if __name__ == "__main__":
    main()
