"""The server's secret and what is derived from it: HMAC of API tokens, signing of sessions and CSRF tokens."""

import hashlib
import hmac
from pathlib import Path

from models.config import REPO_ROOT, Settings, get_settings
from models.errors import DomainError

DEMO_KEY_FILE = REPO_ROOT / "var" / "secret_key"


class SecretKeyMissing(DomainError):
    code = "secret_key_missing"
    status = 500
    message = ("TEGENSPRAAK_SECRET_KEY ontbreekt: zet een lange willekeurige sleutel (bijvoorbeeld "
               "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`).")


def secret_key(settings: Settings | None = None) -> str:
    """The configured key; in demo mode a random key made once at start-up and kept in var/secret_key (mode 0600,
    see adapters/secret_key.py)."""
    settings = settings or get_settings()
    if settings.secret_key:
        return settings.secret_key
    if not settings.demo:
        raise SecretKeyMissing()
    return _demo_key(DEMO_KEY_FILE)


def _demo_key(path: Path) -> str:
    """The demo key the entry point made at start-up (adapters/secret_key.ensure_demo_key)."""
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if not key:
        raise SecretKeyMissing(f"De demosleutel {path} ontbreekt: start via `make run` of `make demo`, die hem "
                               "aanmaken, of zet TEGENSPRAAK_SECRET_KEY.")
    return key


def hmac_api_token(token: str, key: str) -> str:
    """HMAC-SHA256 under the server's key: a copied user table cannot be used to test guessed tokens offline."""
    return hmac.new(key.encode(), token.encode("utf-8"), hashlib.sha256).hexdigest()


def hash_api_token(token: str, settings: Settings | None = None) -> str:
    """`hmac_api_token` under the key of these settings (for the entry points and the demo seed)."""
    return hmac_api_token(token, secret_key(settings))
