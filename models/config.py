"""Settings for every entry point, read once through `get_settings()` (never at import time)."""

from datetime import datetime
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
    # Who runs the deadline watcher: "worker" (every worker, each watcher_interval_seconds) or "served" (one
    # process, `python -m flows.scheduler`, serves it as a Prefect deployment on that interval; workers leave it).
    watcher: str = "worker"
    # LibreOffice (PDF/A): at most libreoffice_slots conversions at once, across every process of the deployment
    # through Prefect's global concurrency limit `libreoffice` when a Prefect server is configured (PREFECT_API_URL),
    # else within the process. A conversion waits at most libreoffice_wait_seconds for a slot, then is refused.
    libreoffice_slots: int = 2
    libreoffice_wait_seconds: float = 120.0

    # --- security (issue 9) ------------------------------------------------------------------
    # Demo mode: seeds demo users with fresh random tokens and offers a clearly marked demo login.
    # Never on outside a local trial (`make run` sets it).
    demo: bool = False
    # Key for HMAC of API tokens, for signing session cookies and CSRF tokens. Required outside demo mode;
    # in demo mode a random key is made once and kept in var/secret_key.
    secret_key: str = ""
    # Clients whose X-Forwarded-For is believed (comma-separated IPs of trusted reverse proxies); empty: none.
    trusted_proxies: str = ""
    # Largest request body accepted, in bytes (uploads included).
    max_body_bytes: int = 2_000_000
    # Session cookies: Secure flag (off only for plain-http local trials), lifetime.
    session_cookie_secure: bool = True
    session_max_age_seconds: int = 8 * 3600
    # OpenID Connect for the workspace (any provider): discovery URL, client id/secret, redirect base.
    oidc_discovery_url: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scopes: str = "openid email profile"
    oidc_email_claim: str = "email"
    public_base_url: str = "http://127.0.0.1:8000"

    # --- the clock (issue 12) ----------------------------------------------------------------
    # The moment the clock of this process starts at, with a timezone (e.g. 2032-07-01T09:00:00+00:00); from
    # there it runs with real time (adapters/clock.StartedClock). For tests that serve the app or the worker in
    # another process, and for demo and training environments. Only with demo=True: outside demo mode the
    # start refuses it (code clock_start_outside_demo), because every deadline and audit event would be dated
    # falsely. None: the real time.
    clock_start: datetime | None = None
    # The real moment at which clock_start held (with a timezone). Processes that share it share one time line;
    # `make run` sets it for its API and worker, the tests for what they serve. None: when the process made its clock.
    clock_started_at: datetime | None = None


@lru_cache
def get_settings() -> Settings:
    return Settings()
