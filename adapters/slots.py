"""At most `slots` LibreOffice conversions at once: each is a process of 150-300 MB and seconds of CPU, and a
download, a preview and a retry can ask for one at the same moment.

With a Prefect server (a Prefect API URL configured: `make run`, the load stack, a deployment) the slots are
Prefect's global concurrency limit `libreoffice`, shared by every API and worker process of the deployment and
visible in the Prefect UI (Concurrency). Each process sets the limit's size from its settings the first time it
converts. Without a server (embedded use, most tests) the slots are this process's own. When the Prefect API
cannot be reached, a conversion does not fail on it: it takes one of this process's slots and the log says so, and
the next minute's conversions do the same without asking again (the client's retries take ~2 s).

The only adapter that talks to Prefect (.importlinter says so): the domain sees a models.ports.PdfConverter.
"""

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from models.ports import PdfConverter, PdfConverterBusy

__all__ = ["LIMIT_NAME", "SlotLimitedConverter"]

LIMIT_NAME = "libreoffice"
PREFECT_RETRY_SECONDS = 60.0  # after the Prefect API failed, this process's own slots for this long
log = logging.getLogger("tegenspraak.pdf")


class SlotLimitedConverter:
    """models/ports.PdfConverter: `inner.to_pdf` inside one slot, waiting at most `wait_seconds` for it."""

    def __init__(self, inner: PdfConverter, *, slots: int, wait_seconds: float):
        if slots < 1:
            raise ValueError(f"TEGENSPRAAK_LIBREOFFICE_SLOTS moet minstens 1 zijn (nu {slots}).")
        self.inner, self.slots, self.wait_seconds = inner, slots, wait_seconds
        self._local = threading.BoundedSemaphore(slots)
        self._limit_set_for: str | None = None  # the Prefect API URL whose limit this process sized
        self._lock = threading.Lock()
        self._prefect_away_until = 0.0  # time.monotonic()

    def to_pdf(self, docx: bytes, name: str) -> bytes:
        with self.slot():
            return self.inner.to_pdf(docx, name)

    @contextmanager
    def slot(self) -> Iterator[str]:
        """One slot, held for the block; yields where it came from: "prefect" or "process"."""
        with ExitStack() as stack:
            source = self._prefect_slot(stack) or self._process_slot(stack)
            yield source

    def _prefect_slot(self, stack: ExitStack) -> str | None:
        from prefect.concurrency.sync import concurrency
        from prefect.settings import get_current_settings

        api_url = get_current_settings().api.url
        if not api_url or time.monotonic() < self._prefect_away_until:
            return None
        try:
            self._size_limit(api_url)
            # strict: a limit someone deleted since is an error here (and so this process's own slot), not a
            # conversion without any limit.
            stack.enter_context(concurrency(LIMIT_NAME, occupy=1, timeout_seconds=self.wait_seconds, strict=True,
                                            raise_on_lease_renewal_failure=False))
        except TimeoutError as exc:  # what concurrency() raises when no slot came free in time (its documented error)
            raise self._busy() from exc
        except Exception as exc:  # noqa: BLE001 - the Prefect API away or refusing: convert within this process
            self._limit_set_for = None
            self._prefect_away_until = time.monotonic() + PREFECT_RETRY_SECONDS
            log.warning("Prefect-concurrencylimiet %r niet bruikbaar (%s: %s); de PDF-omzetting gebruikt de "
                        "plaatsen van dit proces, de komende %.0f s", LIMIT_NAME, type(exc).__name__, exc,
                        PREFECT_RETRY_SECONDS)
            return None
        return "prefect"

    def _size_limit(self, api_url: str) -> None:
        """Create the limit, or set its size to ours, once per process (and again after an error)."""
        from prefect.client.orchestration import get_client

        with self._lock:
            if self._limit_set_for == api_url:
                return
            with get_client(sync_client=True) as client:
                client.upsert_global_concurrency_limit_by_name(LIMIT_NAME, self.slots)
            self._limit_set_for = api_url

    def _process_slot(self, stack: ExitStack) -> str:
        if not self._local.acquire(timeout=self.wait_seconds):
            raise self._busy()
        stack.callback(self._local.release)
        return "process"

    def _busy(self) -> PdfConverterBusy:
        return PdfConverterBusy(f"Alle {self.slots} plaats(en) voor PDF-omzetting bleven {self.wait_seconds:.0f} s "
                                "bezet; probeer het over een minuut opnieuw.")
