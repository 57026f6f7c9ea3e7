"""Settings for every entry point, read once through `get_settings()` (never at import time)."""

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TEGENSPRAAK_", env_file=None, extra="ignore")

    database_url: str = f"sqlite:///{REPO_ROOT / 'var' / 'tegenspraak.db'}"
    documents_dir: Path = REPO_ROOT / "var" / "documents"
    catalogue_dir: Path = Path(__file__).resolve().parent / "catalogue_data"
    catalogue_version: str | None = None  # None: the newest version in catalogue_dir
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    prefect_port: int = 4200
    # "immediate": every submitted request gets its panel at once. "batch": only spoed requests do; the
    # others wait for the daily batch (one optimisation over the day's requests) at batch_assignment_hour.
    assignment_mode: str = "immediate"
    batch_assignment_hour: int = 7
    # E-mail to parties (invitations, reminders) through any SMTP server.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_security: str = "none"  # none | starttls | ssl
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "tegenspraak@rvt.example"
    mail_max_attempts: int = 5
    reminder_days_before: int = 3
    # The family response portal, as parties reach it.
    portal_base_url: str = "http://127.0.0.1:8000"
    portal_single_use: bool = True
    portal_rate_per_minute: int = 30
    worker_poll_seconds: float = 1.0
    watcher_interval_seconds: float = 60.0


@lru_cache
def get_settings() -> Settings:
    return Settings()
