"""What the entry points pass into the domain, built from Settings in one place: the document store, the PDF
converter, the catalogues, and the deployment values the event handlers need."""

from adapters.documents import FileSystemDocumentStore
from adapters.libreoffice import LibreOfficeConverter
from adapters.slots import SlotLimitedConverter
from models.config import Settings
from models.dossier import Catalogues, use_catalogues
from models.services.events import EventSetting


def document_store(settings: Settings) -> FileSystemDocumentStore:
    """The application's documents: files under settings.documents_dir."""
    return FileSystemDocumentStore(settings.documents_dir)


def pdf_converter(settings: Settings) -> SlotLimitedConverter:
    """LibreOffice, at most settings.libreoffice_slots conversions at once (across the deployment through Prefect)."""
    return SlotLimitedConverter(LibreOfficeConverter(), slots=settings.libreoffice_slots,
                                wait_seconds=settings.libreoffice_wait_seconds)


def catalogues(settings: Settings) -> Catalogues:
    return Catalogues(directory=settings.catalogue_dir, version=settings.catalogue_version)


def use_settings_catalogues(settings: Settings) -> Catalogues:
    """Make the settings' catalogues those of this process (start-up of the app, a flow run)."""
    chosen = catalogues(settings)
    use_catalogues(chosen)
    return chosen


def event_setting(settings: Settings) -> EventSetting:
    return EventSetting(documents=document_store(settings), assignment_mode=settings.assignment_mode,
                        public_base_url=settings.public_base_url)
