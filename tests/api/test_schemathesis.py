"""Schemathesis over the whole OpenAPI schema, with the token of each role: no answer is a server error, and
every answer matches the schema (its status is documented, its body has the documented shape).

One seeded database for the module (demo data and requests in several stages, so generated ids hit real
objects); examples are bounded and derandomized, so a run is repeatable and fits in a few minutes."""

import os
from datetime import timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance
from sqlmodel import Session

from adapters.clock import FixedClock
from models.config import get_settings
from models.db import get_engine
from models.demo import seed_demo
from models.dossier import load_dossier
from tests.builders import drive_to
from tests.conftest import NOW

POSITIVE_EXAMPLES = int(os.environ.get("TEGENSPRAAK_SCHEMATHESIS_EXAMPLES", "15"))
NEGATIVE_EXAMPLES = max(2, POSITIVE_EXAMPLES // 2)
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
ROLES = ["indiener", "tegenspreker", "jurist", "gedragswetenschapper", "beheerder", "regiomanager"]
FIXED_KEYS = {"indiener": "utrecht/indiener", "beheerder": "amsterdam-amstelland/beheerder",
              "regiomanager": "utrecht/manager"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The app on its own seeded database, and a token per role (panel roles: members of a real panel)."""
    from api.app import create_app

    tmp = tmp_path_factory.mktemp("schemathesis")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TEGENSPRAAK_DATABASE_URL", f"sqlite:///{tmp / 'tegenspraak.db'}")
        mp.setenv("TEGENSPRAAK_DOCUMENTS_DIR", str(tmp / "documents"))
        mp.setenv("TEGENSPRAAK_DEMO", "1")
        mp.setenv("TEGENSPRAAK_SECRET_KEY", "schemathesis-key-not-secret-" + "x" * 32)
        get_settings.cache_clear()
        settings = get_settings()
        now = NOW - timedelta(days=1)
        with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
            demo = seed_demo(session)
            drive_to(session, demo, "rendered", now, settings.documents_dir)
            in_review = drive_to(session, demo, "in_tegenspraak", now, settings.documents_dir)
            drive_to(session, demo, "draft", now, settings.documents_dir)
            seats = {s.role: s.user_id for s in load_dossier(session, in_review).seats}
        keys = {uid: key for key, uid in demo.users.items()}
        tokens = {role: demo.tokens[key] for role, key in FIXED_KEYS.items()}
        tokens |= {role: demo.tokens[keys[seats[role]]] for role in ("tegenspreker", "jurist", "gedragswetenschapper")}
        app = create_app(settings, clock=FixedClock(NOW))
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        yield schema, tokens
        get_settings.cache_clear()


def _exercise(operation, mode: GenerationMode, examples: int, headers: dict) -> str | None:
    """Run `examples` generated calls of one operation; the first failure as text, or None."""

    @hypothesis_settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        run()
    except Unsatisfiable:
        return None  # nothing to generate in this mode (e.g. no parameter to make invalid)
    except (Exception, BaseExceptionGroup) as exc:  # schemathesis' FailureGroup is a BaseExceptionGroup
        return f"{operation.label} [{mode.value}]: {type(exc).__name__}: {str(exc)[:1500]}"
    return None


@pytest.mark.parametrize("role", ROLES)
def test_no_server_error_and_every_answer_matches_the_schema(world, role):
    schema, tokens = world
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode, examples in ((GenerationMode.POSITIVE, POSITIVE_EXAMPLES),
                               (GenerationMode.NEGATIVE, NEGATIVE_EXAMPLES)):
            failure = _exercise(operation, mode, examples, headers)
            if failure:
                failures.append(failure)
    assert operations >= 45
    assert not failures, f"{len(failures)} of {operations} operations failed as {role}:\n\n" + "\n\n".join(failures)


def test_every_operation_documents_its_errors_and_a_typed_answer(world):
    """The schema is a contract: each error status with ErrorPublic, each JSON answer with a named model."""
    schema, _ = world
    raw = schema.raw_schema
    assert set(raw["components"]["schemas"]["ErrorPublic"]["required"]) == {"code", "message", "problems"}
    untyped = []
    for path, operations in raw["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                media = response.get("content", {}).get("application/json")
                if status.startswith(("4", "5")):
                    assert media["schema"] == {"$ref": "#/components/schemas/ErrorPublic"}, (method, path, status)
                elif media is not None:
                    body = media["schema"]
                    named = "$ref" in body or "$ref" in body.get("items", {})
                    if not named:
                        untyped.append(f"{method.upper()} {path} {status}: {body}")
            if operation.get("security"):
                assert "401" in operation["responses"], (method, path)
    assert not untyped, "\n".join(untyped)
