"""The small interfaces through which the domain reaches the world. The domain takes them as arguments; the
entry points (api/, flows/, scripts/) pass in the implementations from adapters/ (or a test's own)."""

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    """The one source of 'now' for an entry point: timezone-aware UTC."""

    def now(self) -> datetime: ...


class DocumentStore(Protocol):
    """Where the bytes of documents live (court documents, their PDFs, attachments, preview PDFs).

    A key is a relative, '/'-separated name ('12/verzoekschrift-r1-TS-….docx'). `put` returns the reference to
    record with the document (for the file system: the file's path); every other method takes a key or such a
    reference."""

    def put(self, key: str, data: bytes) -> str:
        """Store the bytes under the key, atomically (never half a file); returns the reference."""
        ...

    def get(self, ref: str) -> bytes | None:
        """The stored bytes, or None when nothing is stored there."""
        ...

    def exists(self, ref: str) -> bool: ...

    def delete(self, ref: str) -> None:
        """Remove what is stored there; nothing stored is fine."""
        ...

    def keys(self, prefix: str) -> list[str]:
        """The keys directly under a prefix ('previews/12/' -> ['previews/12/….pdf']), sorted."""
        ...


class PdfConversionError(RuntimeError):
    """The converter could not make the PDF; `output` holds what the converter itself said."""

    def __init__(self, message: str, output: str = ""):
        super().__init__(f"{message}\n{output}".strip())
        self.output = output


class PdfConverterBusy(PdfConversionError):
    """Every conversion slot stayed taken for as long as the converter may wait: nothing converted, try later."""


class PdfConverter(Protocol):
    """.docx to PDF (PDF/A-2b). Raises PdfConversionError (PdfConverterBusy: no conversion slot came free in time)."""

    def to_pdf(self, docx: bytes, name: str) -> bytes:
        """The PDF of one .docx; `name` (without directory) names the document to the converter."""
        ...
