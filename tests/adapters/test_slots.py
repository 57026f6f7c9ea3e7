"""The LibreOffice slots (adapters/slots.py): at most `slots` conversions at once, within a process, and across
processes through Prefect's global concurrency limit `libreoffice` on a real (test) Prefect server. The converter
behind the slots is one at the edge of the world that counts how many conversions run at once."""

import logging
import os
import subprocess
import sys
import threading
import time

import pytest

from adapters.slots import LIMIT_NAME, SlotLimitedConverter
from models.config import REPO_ROOT
from models.ports import PdfConverterBusy


class CountingConverter:
    """Takes `seconds` per conversion and remembers the most conversions it ran at once."""

    def __init__(self, seconds: float = 0.2):
        self.seconds, self.running, self.peak, self.calls = seconds, 0, 0, 0
        self._lock = threading.Lock()

    def to_pdf(self, docx: bytes, name: str) -> bytes:
        with self._lock:
            self.running += 1
            self.calls += 1
            self.peak = max(self.peak, self.running)
        time.sleep(self.seconds)
        with self._lock:
            self.running -= 1
        return b"%PDF-1.7 " + docx


def convert_at_once(converter, n: int) -> list:
    """n conversions from n threads at the same moment; their results or errors."""
    results: list = [None] * n
    start = threading.Barrier(n)

    def one(i):
        start.wait()
        try:
            results[i] = converter.to_pdf(f"doc {i}".encode(), f"d{i}.docx")
        except Exception as exc:  # noqa: BLE001 - collected for the assertions
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


# --- within one process (no Prefect server configured) ---------------------------------------------------------

def test_without_a_prefect_server_a_process_runs_at_most_its_slots_at_once_and_no_fewer():
    inner = CountingConverter()
    results = convert_at_once(SlotLimitedConverter(inner, slots=2, wait_seconds=30), 6)
    assert results == [f"%PDF-1.7 doc {i}".encode() for i in range(6)]
    assert inner.peak == 2 and inner.calls == 6


def test_a_conversion_that_finds_every_slot_taken_for_too_long_is_refused_without_converting():
    inner = CountingConverter()
    converter = SlotLimitedConverter(inner, slots=1, wait_seconds=0.3)
    with converter.slot() as source:
        assert source == "process"
        started = time.monotonic()
        with pytest.raises(PdfConverterBusy) as busy:
            converter.to_pdf(b"x", "x.docx")
        assert 0.25 < time.monotonic() - started < 5
    assert inner.calls == 0
    assert "1 plaats(en) voor PDF-omzetting bleven 0 s bezet" in str(busy.value)
    assert converter.to_pdf(b"x", "x.docx") == b"%PDF-1.7 x"  # the slot is free again after the block


def test_a_failing_conversion_gives_its_slot_back():
    class Failing:
        def to_pdf(self, docx, name):
            raise RuntimeError("LibreOffice stopte")

    converter = SlotLimitedConverter(Failing(), slots=1, wait_seconds=0.2)
    for _ in range(3):
        with pytest.raises(RuntimeError):
            converter.to_pdf(b"x", "x.docx")
    with converter.slot() as source:
        assert source == "process"


@pytest.mark.parametrize("slots", [0, -1])
def test_fewer_than_one_slot_is_refused_at_start(slots):
    with pytest.raises(ValueError, match="TEGENSPRAAK_LIBREOFFICE_SLOTS moet minstens 1 zijn"):
        SlotLimitedConverter(CountingConverter(), slots=slots, wait_seconds=1)


def test_an_unreachable_prefect_api_falls_back_to_the_process_slots_and_says_so(caplog):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    converter = SlotLimitedConverter(CountingConverter(0), slots=1, wait_seconds=1)
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}), \
            caplog.at_level(logging.WARNING, logger="tegenspraak.pdf"):
        assert converter.to_pdf(b"a", "a.docx") == b"%PDF-1.7 a"
        started = time.monotonic()
        with converter.slot() as source:  # the next minute: not asked again
            assert source == "process"
        assert time.monotonic() - started < 0.5
    assert [r.getMessage() for r in caplog.records if "niet bruikbaar" in r.getMessage()][0].startswith(
        "Prefect-concurrencylimiet 'libreoffice' niet bruikbaar (ConnectError")


# --- across processes: Prefect's global concurrency limit ------------------------------------------------------

@pytest.fixture(scope="module")
def prefect_api_url():
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    from flows.worker import no_heartbeats

    with prefect_test_harness(server_startup_timeout=90), no_heartbeats():
        yield PREFECT_API_URL.value()


def read_limit():
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_global_concurrency_limit_by_name(LIMIT_NAME)


HOLDER = """
import sys
from prefect.concurrency.sync import concurrency
with concurrency("libreoffice", occupy=1, strict=True):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_with_a_prefect_server_the_slots_are_one_limit_for_every_process(prefect_api_url):
    inner = CountingConverter()
    converter = SlotLimitedConverter(inner, slots=1, wait_seconds=1)
    with converter.slot() as source:  # the first conversion of the process sizes the limit
        assert source == "prefect"
        limit = read_limit()
        assert (limit.limit, limit.active_slots) == (1, 1)
    assert read_limit().active_slots == 0

    # Another process (an API or a worker elsewhere) converting: this one waits, then is refused, unconverted.
    env = os.environ | {"PREFECT_API_URL": prefect_api_url}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, cwd=REPO_ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(PdfConverterBusy):
            converter.to_pdf(b"x", "x.docx")
        assert inner.calls == 0
        holder.stdin.write("klaar\n")
        holder.stdin.flush()
        assert holder.wait(timeout=60) == 0
    finally:
        holder.kill()
    assert converter.to_pdf(b"x", "x.docx") == b"%PDF-1.7 x"
    assert read_limit().active_slots == 0


def test_with_a_prefect_server_threads_of_a_process_share_the_limit_and_it_follows_the_settings(prefect_api_url):
    inner = CountingConverter(0.5)
    results = convert_at_once(SlotLimitedConverter(inner, slots=2, wait_seconds=60), 4)
    assert all(isinstance(r, bytes) for r in results), results
    assert inner.peak == 2 and read_limit().limit == 2  # resized from the 1 of the test before
    assert read_limit().active_slots == 0
