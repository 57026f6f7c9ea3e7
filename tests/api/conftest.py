"""The API under test: one app per test on the test's own database, on a clock standing at NOW (`clock`)."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app


@pytest.fixture
def client(settings, demo, clock):
    with TestClient(create_app(settings, clock=clock)) as c:
        yield c


def auth(demo, key: str) -> dict:
    return {"Authorization": f"Bearer {demo.tokens[key]}"}
