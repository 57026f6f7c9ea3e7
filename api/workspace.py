"""The workspace (werkplek) for people logged in through OpenID Connect: HTML pages over the API's services.

Mijn werk (/werkplek) is in api/werkplek_tasks.py; here the access log and what all pages share."""

from fastapi import APIRouter, Request as HttpRequest
from fastapi.responses import HTMLResponse

from api.auth import WorkspaceUserDep, message_page, render
from api.deps import NowDep, SessionDep
from models.errors import DomainError
from models.services.access import query_log

router = APIRouter(include_in_schema=False)

LOG_FILTERS = {"person_id": "Persoon", "family_id": "Gezin", "user_id": "Gebruiker", "request_id": "Verzoek"}
LOG_LIMIT = 500
MAX_ID = 2**63 - 1


def domain_error_page(http: HttpRequest, exc: DomainError, user) -> HTMLResponse:
    titles = {403: "Geen toegang", 404: "Niet gevonden"}
    return message_page(http, exc.status, titles.get(exc.status, "Niet gelukt"), exc.message,
                        problems=[p.message for p in exc.problems], user=user)


def _parse_filters(http: HttpRequest) -> tuple[dict[str, str], dict[str, int | None], list[str]]:
    values, filters, errors = {}, {}, []
    for name, label in LOG_FILTERS.items():
        raw = http.query_params.get(name, "").strip()
        values[name] = raw[:40]
        filters[name] = None
        if not raw:
            continue
        if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID:
            filters[name] = int(raw)
        else:
            errors.append(f"{label}: vul een nummer in (een id groter dan 0).")
    return values, filters, errors


@router.get("/werkplek/toegangslog", response_class=HTMLResponse)
def access_log(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    values, filters, errors = _parse_filters(http)
    rows = None
    try:
        # An invalid search by a beheerder searches nothing; anyone else is refused (and logged) by the service.
        if not (errors and user.has_role("beheerder")):
            query = {k: v for k, v in filters.items() if v is not None and not errors}
            rows = query_log(session, actor=user, now=now, limit=LOG_LIMIT, **query)
    except DomainError as exc:
        session.rollback()
        return domain_error_page(http, exc, user)
    return render(http, "toegangslog.html", 422 if errors else 200, user=user, values=values, errors=errors,
                  rows=rows, limit=LOG_LIMIT)
