"""The server's secret and what is derived from it: HMAC of API tokens, signing of sessions and CSRF tokens."""

import hashlib
import hmac
import os
import secrets
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
    """The configured key; in demo mode a random key made once and kept in var/secret_key (mode 0600)."""
    settings = settings or get_settings()
    if settings.secret_key:
        return settings.secret_key
    if not settings.demo:
        raise SecretKeyMissing()
    return _demo_key(DEMO_KEY_FILE)


def _demo_key(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def hash_api_token(token: str, settings: Settings | None = None) -> str:
    """HMAC-SHA256 under the server's key: a copied user table cannot be used to test guessed tokens offline."""
    return hmac.new(secret_key(settings).encode(), token.encode("utf-8"), hashlib.sha256).hexdigest()
