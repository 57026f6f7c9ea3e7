"""The demo mode's secret key, kept in a file (var/secret_key, mode 0600) so sessions and API tokens survive a
restart of a local trial. Made by the entry points at start-up; models/security.py only reads it."""

import os
import secrets

from models.config import Settings
from models.security import DEMO_KEY_FILE


def ensure_demo_key(settings: Settings, path=DEMO_KEY_FILE) -> None:
    """In demo mode without a configured key: make the key file once (never overwrite it). Otherwise nothing."""
    if settings.secret_key or not settings.demo or path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process of this trial made it first: theirs counts
        return
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(48))
