"""One error shape for every refusal, the exception handlers that produce it, and the body guard.

Every 4xx/5xx the API gives is `ErrorPublic`: a stable machine `code`, a Dutch `message`, and `problems`.
"""

import json
import re

from fastapi import FastAPI, Request as HttpRequest
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, StatementError
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.base import MAX_ID
from models.errors import DomainError, IntegrityConflict


class ProblemPublic(BaseModel):
    code: str = Field(description="Vaste machinecode van het probleem")
    message: str = Field(description="Uitleg in het Nederlands")
    field: str | None = Field(default=None, description="Het veld waar het om gaat, als er een is")
    severity: str | None = Field(default=None, description="Bij intakecontroles: block of warning")


class ErrorPublic(BaseModel):
    """Every refusal: what went wrong (code), for people (message), and every unmet condition (problems)."""

    code: str
    message: str
    problems: list[ProblemPublic]


DESCRIPTIONS = {
    400: "Het verzoek kon niet worden gelezen",
    401: "Niet ingelogd of ongeldig token",
    403: "Geen toegang (rol, regio of toewijzing)",
    404: "Bestaat niet",
    405: "Methode niet toegestaan",
    409: "Kan nu niet: niet aan alle voorwaarden voldaan, of botst met bestaande gegevens",
    413: "De inhoud van het verzoek is te groot",
    422: "Ongeldige invoer",
    429: "Te veel verzoeken",
    502: "Een externe omzetting (PDF) mislukte",
    503: "Het systeem is even bezet; niets opgeslagen, probeer het opnieuw",
}


def error_responses(*statuses: int) -> dict[int | str, dict]:
    """`responses=` for a route or router: each status documented with the real error shape."""
    return {status: {"model": ErrorPublic, "description": DESCRIPTIONS[status]} for status in statuses}


# What every route behind a token can answer, whatever it does; routes add 404 and 409 where they can occur.
AUTHENTICATED = (401, 403, 413, 422, 503)
PUBLIC = (413, 422, 503)


def _error(status: int, code: str, message: str, problems: list[dict] | None = None,
           headers: dict | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, headers=headers,
                        content={"code": code, "message": message, "problems": problems or []})


# --- validation errors in Dutch ------------------------------------------------------------------

def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie") and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


def dutch_problem(error: dict) -> dict:
    """One pydantic validation error as a Problem in Dutch, with a stable code per kind of error."""
    kind, ctx, field = error.get("type", ""), error.get("ctx") or {}, _field(tuple(error.get("loc", ())))
    where = f"Veld {field}" if field else "De invoer"
    code, message = "field_invalid", f"{where} is ongeldig."
    if kind == "missing":
        code, message = "field_missing", f"{where} is verplicht."
    elif kind == "string_too_long":
        code, message = "too_long", f"{where} is te lang: ten hoogste {ctx.get('max_length')} tekens."
    elif kind == "string_too_short":
        code, message = "too_short", f"{where} is te kort: ten minste {ctx.get('min_length')} teken(s)."
    elif kind == "too_long":
        code, message = "too_many_items", f"{where} bevat te veel onderdelen: ten hoogste {ctx.get('max_length')}."
    elif kind == "too_short":
        code, message = "too_few_items", f"{where} bevat te weinig onderdelen: ten minste {ctx.get('min_length')}."
    elif kind in ("less_than_equal", "less_than", "greater_than_equal", "greater_than"):
        if ctx.get("le") == MAX_ID or ctx.get("ge") == 1 and field.endswith("id"):
            code, message = "id_out_of_range", f"{where}: een id is een geheel getal van 1 tot en met {MAX_ID}."
        else:
            bound = {"less_than_equal": "ten hoogste", "less_than": "kleiner dan",
                     "greater_than_equal": "ten minste", "greater_than": "groter dan"}[kind]
            limit = ctx.get("le", ctx.get("lt", ctx.get("ge", ctx.get("gt"))))
            code, message = "out_of_range", f"{where} moet {bound} {limit} zijn."
    elif kind in ("int_parsing", "int_type", "int_from_float", "float_parsing", "float_type", "finite_number"):
        code, message = "not_a_number", f"{where} moet een getal zijn."
    elif kind in ("bool_parsing", "bool_type"):
        code, message = "not_a_boolean", f"{where} moet true of false zijn."
    elif kind.startswith("datetime") or kind.startswith("timezone"):
        code, message = "datetime_invalid", f"{where} is geen geldige datum en tijd (bv. 2026-11-02T09:00)."
    elif kind.startswith("date"):
        code, message = "date_invalid", f"{where} is geen geldige datum (JJJJ-MM-DD)."
    elif kind in ("literal_error", "enum"):
        code, message = "choice_invalid", f"{where}: kies uit {ctx.get('expected', 'de toegestane waarden')}."
    elif kind == "extra_forbidden":
        code, message = "field_unknown", f"{where} bestaat niet."
    elif kind in ("string_type", "model_type", "model_attributes_type", "dict_type", "list_type", "tuple_type",
                  "is_instance_of"):
        code, message = "type_invalid", f"{where} heeft het verkeerde type."
    elif kind == "json_invalid":
        code, message = "json_invalid", "De inhoud is geen geldige JSON."
    elif kind == "email_invalid" or kind == "value_error" and "email" in str(error.get("msg", "")).lower():
        code, message = "email_invalid", f"{where} is geen geldig e-mailadres."
    elif kind == "value_error":
        code, message = "field_invalid", f"{where} is ongeldig: {error.get('msg', '')}."
    return {"code": code, "message": message, "field": field or None}


# --- the body guard ------------------------------------------------------------------------------

SUSPECT = re.compile(rb"\\u[dD][89a-fA-F]|\\u0000")
BAD_CHARACTERS = re.compile("[\ud800-\udfff\x00]")


def _has_bad_characters(data) -> bool:
    """Lone surrogates (which no database stores) or NUL anywhere in decoded JSON, keys included."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if BAD_CHARACTERS.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _json_content(scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            media = value.split(b";")[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


class BodyGuard:
    """Reads the request body before the app does, counting as it reads (a Content-Length is not trusted):
    past `max_body_bytes` the answer is 413. A JSON body with characters no database can store (lone
    surrogates, NUL) or that is not UTF-8 is refused with 422 'invalid_characters'."""

    def __init__(self, app, max_body_bytes: int):
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", ())).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body and _json_content(scope) and self._bad_characters(body):
            response = _error(422, "invalid_characters", "De invoer bevat tekens die niet kunnen worden opgeslagen "
                              "(ongeldige Unicode, zoals een losse surrogaat of een NUL-teken).",
                              [{"code": "invalid_characters", "message": "Verwijder de ongeldige tekens en probeer "
                                "het opnieuw.", "field": "body"}])
            await response(scope, receive, send)
            return
        delivered = False

        async def replay():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    @staticmethod
    def _bad_characters(body: bytes) -> bool:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return True
        if not SUSPECT.search(body):
            return False
        try:
            return _has_bad_characters(json.loads(body))
        except (ValueError, RecursionError):
            return False  # not JSON at all: the app answers that

    async def _too_large(self, scope, receive, send):
        response = _error(413, "body_too_large", f"De inhoud van het verzoek is te groot: ten hoogste "
                          f"{self.max_body_bytes:,} bytes.".replace(",", "."),
                          [{"code": "body_too_large", "message": "Maak de tekst of het bestand kleiner.",
                            "field": "body"}], headers={"Connection": "close"})
        await response(scope, receive, send)


# --- handlers ------------------------------------------------------------------------------------

HTTP_MESSAGES = {
    400: "De inhoud van het verzoek kon niet worden gelezen (geen geldige JSON of formuliergegevens).",
    404: "Niet gevonden.",
    405: "Deze methode is hier niet toegestaan.",
    413: "De inhoud van het verzoek is te groot.",
    415: "Dit soort inhoud wordt niet ondersteund.",
}


def _document_common_errors(app: FastAPI) -> None:
    """Statuses every operation can give whatever it does, documented with ErrorPublic even where a route did
    not name them: 413 and 503 (body guard, database busy) everywhere, 401 behind a token, 422 where there is
    input. FastAPI's own 422 model (HTTPValidationError, {detail}) is not what we answer, so it is replaced.
    Statuses that depend on the route (403, 404, 409) stay the route's own `responses=`."""
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in (ProblemPublic, ErrorPublic):
            components.setdefault(model.__name__, model.model_json_schema(ref_template="#/components/schemas/{model}"))
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorPublic"}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                has_input = bool(operation.get("parameters") or operation.get("requestBody"))
                wanted = [413]
                if operation.get("security"):
                    wanted.append(401)
                if has_input:
                    wanted.append(422)
                if operation.get("security") or has_input:
                    wanted.append(503)  # it reads the database
                if operation.get("requestBody"):
                    wanted.append(400)  # a body that cannot be parsed at all (e.g. broken multipart)
                for status in wanted:
                    responses.setdefault(str(status), {"description": DESCRIPTIONS[status], "content": ref})
                for response in responses.values():
                    media = response.get("content", {}).get("application/json", {})
                    if media.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
                        response["description"], response["content"] = DESCRIPTIONS[422], ref
        if "HTTPValidationError" not in str(schema.get("paths")):
            components.pop("HTTPValidationError", None)
            components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi


def install_error_handling(app: FastAPI, max_body_bytes: int) -> None:
    """The exception handlers, the body guard and the documented error shape; call once from create_app."""

    app.add_middleware(BodyGuard, max_body_bytes=max_body_bytes)
    _document_common_errors(app)

    @app.exception_handler(DomainError)
    async def domain_error(_request: HttpRequest, exc: DomainError):
        return JSONResponse(status_code=exc.status, content=exc.as_dict())

    @app.exception_handler(OperationalError)
    async def database_busy(_request: HttpRequest, exc: OperationalError):
        # SQLite refuses a write whose snapshot another writer made stale: nothing was saved, try again.
        if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
            raise exc
        return _error(503, "database_busy", "Het systeem is even bezet; er is niets opgeslagen. Probeer het opnieuw.",
                      headers={"Retry-After": "1"})

    @app.exception_handler(IntegrityError)
    async def integrity_conflict(_request: HttpRequest, exc: IntegrityError):
        # The session of the request is closed (and so rolled back) by its dependency: nothing was saved.
        return JSONResponse(status_code=409, content=IntegrityConflict().as_dict())

    @app.exception_handler(DataError)
    async def data_error(_request: HttpRequest, exc: DataError):
        return _error(422, "value_out_of_range", "Een waarde past niet in de database (te groot of ongeldig). "
                      "Er is niets opgeslagen.")

    @app.exception_handler(StatementError)
    async def unstorable(_request: HttpRequest, exc: StatementError):
        # The driver refused a value before it reached the database (SQLite: an integer above 2^63-1, a string
        # it cannot encode). Validation should have caught it; this keeps it a refusal instead of a crash.
        if isinstance(exc.orig, OverflowError):
            return _error(422, "value_out_of_range", "Een getal is te groot om op te slaan. Er is niets opgeslagen.")
        if isinstance(exc.orig, UnicodeError):
            return _error(422, "invalid_characters", "De invoer bevat tekens die niet kunnen worden opgeslagen.")
        raise exc

    @app.exception_handler(OverflowError)
    async def overflow(_request: HttpRequest, exc: OverflowError):
        return _error(422, "value_out_of_range", "Een getal is te groot om op te slaan. Er is niets opgeslagen.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: HttpRequest, exc: StarletteHTTPException):
        if isinstance(exc.detail, dict):
            body = exc.detail
        elif exc.status_code == 400 and exc.detail == "There was an error parsing the body":  # FastAPI's own
            body = {"code": "body_unreadable", "message": HTTP_MESSAGES[400], "problems": []}
        else:
            body = {"code": f"http_{exc.status_code}",
                    "message": HTTP_MESSAGES.get(exc.status_code, str(exc.detail)), "problems": []}
        return JSONResponse(status_code=exc.status_code, content=body, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: HttpRequest, exc: RequestValidationError):
        problems = [{k: v for k, v in dutch_problem(e).items() if v is not None} for e in exc.errors()]
        return _error(422, "invalid_input", "De invoer is niet geldig.", problems)
