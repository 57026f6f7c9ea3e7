"""Prefect's environment for our processes, set before prefect is imported."""

import os
from pathlib import Path

from models.config import REPO_ROOT


def configure(prefect_home: Path | None = None, api_url: str | None = None) -> dict[str, str]:
    home = prefect_home or REPO_ROOT / "var" / "prefect"
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PREFECT_HOME": str(home),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_LOGGING_LEVEL": os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
    }
    if api_url:
        env["PREFECT_API_URL"] = api_url
    os.environ.update(env)
    return env
