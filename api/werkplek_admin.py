"""Workspace (werkplek): The beheerder's pages: the reviewer pool, flagged requests and the uniformity figures.

HTML pages over the same service functions as the JSON API; no business rule here. Every page calls a service
that checks the role first, so anyone but a beheerder gets a 403 page (and an access-log record). A refused
form is shown again as typed, with each problem (the domain's code and Dutch message) next to its field."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request as HttpRequest
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData

from api.auth import NO_STORE, CsrfDep, WorkspaceUserDep, message_page, render
from api.deps import NowDep, SessionDep, clock_of
from api.svg import Series, bar_chart, dutch_number
from models.catalogue import get_catalogue
from models.errors import DomainError, GateRefused, InvalidInput, NotFound, Problem
from models.organisation import User
from models.security import secret_key
from models.services import access, events, panel, pool_admin, stats

router = APIRouter(include_in_schema=False)
BASE = "/werkplek/beheer"
FLASH = "beheer_melding"
REVIEWER_FIELDS = ("name", "email", "region", "roles", "team", "function", "capacity", "expertise", "languages",
                   "active")
LEAVE_FIELDS = ("start", "end", "reason")
CONFLICT_FIELDS = ("person_id", "family_id", "organisation", "region_id", "reason")
PERIODS = {"30": 30, "90": 90, "365": 365, "alles": None}
PERIOD_LABELS = {"30": "laatste 30 dagen", "90": "laatste 90 dagen", "365": "laatste 365 dagen",
                 "alles": "alle verzoeken"}
MAX_ID = 2**63 - 1


async def posted_form(http: HttpRequest) -> FormData:
    return await http.form()  # parsed once (the CSRF check read the same parse)


FormDep = Annotated[FormData, Depends(posted_form)]


# --- shared ---------------------------------------------------------------------------------------

def _refused(http: HttpRequest, session, user: User, exc: DomainError) -> HTMLResponse:
    """A domain refusal as a Dutch page; a 403 is written to the access log like the API's refusals."""
    session.rollback()
    if exc.status == 403 and not getattr(exc, "logged", False):
        access.log_refusal(session, actor=user, now=clock_of(http).now(), object_type="beheer", object_id=None,
                           reason=exc.problems[0].code if exc.problems else exc.code)
    titles = {403: "Geen toegang", 404: "Niet gevonden"}
    return message_page(http, exc.status, titles.get(exc.status, "Niet gelukt"), exc.message,
                        problems=[p.message for p in exc.problems], user=user, back_url=f"{BASE}/pool",
                        back_label="Terug naar de reviewerpool")


def _page(http: HttpRequest, name: str, user: User, status: int = 200, **context) -> HTMLResponse:
    return render(http, name, status, user=user, flash=http.session.pop(FLASH, None), **context)


def _done(http: HttpRequest, url: str, text: str, problems: list[str] | None = None,
          error: bool = False) -> RedirectResponse:
    http.session[FLASH] = {"text": text, "problems": problems or [], "error": error}
    return RedirectResponse(url, status_code=303, headers=NO_STORE)


def _errors(problems: list[Problem], fields: tuple[str, ...]) -> dict[str, list[Problem]]:
    """Problems by the field they name; those about no field of this form under ''."""
    out: dict[str, list[Problem]] = {}
    for p in problems:
        out.setdefault(p.field if p.field in fields else "", []).append(p)
    return out


def _id(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_ID else None


def _text(form: FormData, name: str, limit: int = 500) -> str:
    value = form.get(name, "")
    return value.strip()[:limit] if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [v.strip()[:64] for v in form.getlist(name) if isinstance(v, str) and v.strip()][:50]


@router.get(BASE)
def admin_home():
    return RedirectResponse(f"{BASE}/pool", status_code=303, headers=NO_STORE)


# --- the pool -------------------------------------------------------------------------------------

@router.get(f"{BASE}/pool", response_class=HTMLResponse)
def pool_page(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    try:
        rows = pool_admin.pool_overview(session, actor=user, now=now)
    except DomainError as exc:
        return _refused(http, session, user, exc)
    session.commit()
    return _page(http, "admin_pool.html", user, rows=rows)


def _reviewer_values(row: dict | None = None) -> dict:
    if row is None:
        return {"name": "", "email": "", "region": "", "roles": [], "team": "", "function": "", "capacity": "5",
                "expertise": [], "languages": "nl", "active": True}
    return {"name": row["name"], "email": row["email"], "region": row["region"],
            "roles": [r for r in row["roles"] if r in pool_admin.REVIEW_ROLES], "team": row["team"],
            "function": row["function"], "capacity": str(row["capacity"]), "expertise": row["expertise"],
            "languages": ", ".join(row["languages"]), "active": row["active"]}


def _reviewer_from_form(form: FormData) -> tuple[dict, pool_admin.ReviewerData, list[Problem]]:
    """The form as typed, the data for the service, and the problems of reading it (a number that is none)."""
    values = {"name": _text(form, "name", 200), "email": _text(form, "email", 320).lower(),
              "region": _text(form, "region", 64), "roles": _texts(form, "roles"), "team": _text(form, "team", 100),
              "function": _text(form, "function", 200), "capacity": _text(form, "capacity", 20),
              "expertise": _texts(form, "expertise"), "languages": _text(form, "languages", 200),
              "active": form.get("active") == "ja"}
    problems = []
    capacity = 5
    if values["capacity"].isascii() and values["capacity"].isdigit():
        capacity = int(values["capacity"])
    else:
        problems.append(Problem("capacity_not_a_number", "Vul de capaciteit in als een heel getal (bijvoorbeeld 5).",
                                "capacity"))
    languages = [x.lower() for x in values["languages"].replace(";", ",").replace(" ", ",").split(",") if x][:20]
    data = pool_admin.ReviewerData(name=values["name"], email=values["email"], region=values["region"],
                                   roles=values["roles"], team=values["team"], function=values["function"],
                                   capacity=capacity, expertise=values["expertise"], languages=languages or ["nl"],
                                   active=values["active"])
    return values, data, problems


def _reviewer_page(http, session, user, *, reviewer: dict | None, status: int = 200, values: dict | None = None,
                   errors: dict | None = None, leave: dict | None = None, leave_errors: dict | None = None,
                   conflict: dict | None = None, conflict_errors: dict | None = None) -> HTMLResponse:
    options = pool_admin.pool_options(session, actor=user)
    session.commit()
    return _page(http, "admin_reviewer.html", user, status, reviewer=reviewer, options=options,
                 values=values or _reviewer_values(reviewer), errors=errors or {},
                 leave=leave or {"start": "", "end": "", "reason": ""}, leave_errors=leave_errors or {},
                 conflict=conflict or {f: "" for f in CONFLICT_FIELDS}, conflict_errors=conflict_errors or {},
                 region_names={r["id"]: r["name"] for r in options["regions"]})


@router.get(f"{BASE}/pool/nieuw", response_class=HTMLResponse)
def new_reviewer_page(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    try:
        return _reviewer_page(http, session, user, reviewer=None)
    except DomainError as exc:
        return _refused(http, session, user, exc)


def _save(http, session, user, form, reviewer: dict | None):
    values, data, problems = _reviewer_from_form(form)
    if reviewer is not None:
        data.email = values["email"] = reviewer["email"]  # the address is the login: not changed here
    try:
        problems += pool_admin.check_reviewer(session, actor=user, data=data)
        if not problems:
            saved, _ = pool_admin.save_reviewer(session, actor=user, data=data, now=clock_of(http).now(),
                                                user_id=reviewer["id"] if reviewer else None, keep_leave=True,
                                                token_key=secret_key(http.app.state.settings))
            word = "toegevoegd" if reviewer is None else "opgeslagen"
            return _done(http, f"{BASE}/pool/{saved.id}", f"{saved.name} is {word}.")
    except InvalidInput as exc:
        session.rollback()
        problems += exc.problems
    except DomainError as exc:
        return _refused(http, session, user, exc)
    return _reviewer_page(http, session, user, reviewer=reviewer, status=422, values=values,
                          errors=_errors(problems, REVIEWER_FIELDS))


@router.post(f"{BASE}/pool", response_class=HTMLResponse, dependencies=[CsrfDep])
def create_reviewer(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep):
    return _save(http, session, user, form, None)


# --- CSV import -----------------------------------------------------------------------------------

def _import_page(http, session, user, status: int = 200, problems: list[Problem] | None = None,
                 filename: str = "") -> HTMLResponse:
    pool_admin.pool_options(session, actor=user)  # the role check
    session.commit()
    rows = []
    for p in problems or []:
        where = p.field or ""
        line = int(where.removeprefix("regel ")) if where.startswith("regel ") and where[6:].isdigit() else None
        rows.append({"line": line, "where": "kopregel" if where == "header" else ("bestand" if line is None else
                                                                                    f"regel {line}"),
                     "column": pool_admin.PROBLEM_COLUMNS.get(p.code, "—"), "code": p.code,
                     "message": p.message.removeprefix(f"{where}: ") if line else p.message})
    rows.sort(key=lambda r: (r["line"] or 0))
    return _page(http, "admin_import.html", user, status, columns=pool_admin.CSV_COLUMNS, problems=rows,
                 filename=filename, bad_lines=len({r["line"] for r in rows if r["line"]}))


@router.get(f"{BASE}/pool/import", response_class=HTMLResponse)
def import_page(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    try:
        return _import_page(http, session, user)
    except DomainError as exc:
        return _refused(http, session, user, exc)


@router.post(f"{BASE}/pool/import", response_class=HTMLResponse, dependencies=[CsrfDep])
def import_csv(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep, now: NowDep):
    upload = form.get("bestand")
    filename = (getattr(upload, "filename", "") or "")[:200]
    raw = upload.file.read() if hasattr(upload, "file") else b""
    text, problems = "", []
    if not raw:
        problems.append(Problem("csv_missing", "Kies een CSV-bestand om te importeren.", "file"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem("csv_encoding", "Het bestand is geen UTF-8-tekst. Sla het op als 'CSV UTF-8'.",
                                "file"))
    try:
        if problems:
            return _import_page(http, session, user, 422, problems, filename)
        result = pool_admin.import_reviewers_csv(session, actor=user, text=text, now=now,
                                                 token_key=secret_key(http.app.state.settings))
    except InvalidInput as exc:
        session.rollback()
        return _import_page(http, session, user, 422, exc.problems, filename)
    except DomainError as exc:
        return _refused(http, session, user, exc)
    return _done(http, f"{BASE}/pool", f"Import van {filename or 'het bestand'} gelukt: {len(result['created'])} "
                 f"nieuw, {len(result['updated'])} bijgewerkt. Nieuwe reviewers loggen in via de inlogdienst met "
                 "hun e-mailadres.")


# --- one reviewer: edit, leave, conflicts ---------------------------------------------------------

def _reviewer(http, session, user, raw_id: str) -> dict:
    user_id = _id(raw_id)
    if user_id is None:
        pool_admin.pool_options(session, actor=user)  # a non-beheerder hears 403, not 404
        raise NotFound(f"Reviewer {raw_id[:20]} bestaat niet.", code="user_not_found")
    return pool_admin.pool_overview(session, actor=user, now=clock_of(http).now(), user_id=user_id)[0]


@router.get(f"{BASE}/pool/{{user_id}}", response_class=HTMLResponse)
def reviewer_page(user_id: str, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    try:
        return _reviewer_page(http, session, user, reviewer=_reviewer(http, session, user, user_id))
    except DomainError as exc:
        return _refused(http, session, user, exc)


@router.post(f"{BASE}/pool/{{user_id}}", response_class=HTMLResponse, dependencies=[CsrfDep])
def update_reviewer(user_id: str, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep):
    try:
        reviewer = _reviewer(http, session, user, user_id)
    except DomainError as exc:
        return _refused(http, session, user, exc)
    return _save(http, session, user, form, reviewer)


def _date(raw: str, name: str, label: str, problems: list[Problem]) -> date | None:
    """A date as the date input sends it (jjjj-mm-dd) or as typed without one (dd-mm-jjjj)."""
    if not raw:
        problems.append(Problem("date_missing", f"Vul de {label} in.", name))
        return None
    day = None
    try:
        parts = raw.split("-")
        day = date(int(parts[2]), int(parts[1]), int(parts[0])) if len(parts[0]) <= 2 else date.fromisoformat(raw)
    except (ValueError, IndexError):
        pass
    if day is None:
        problems.append(Problem("date_invalid", f"Vul de {label} in als dd-mm-jjjj (bijvoorbeeld 20-12-2026).", name))
    return day


@router.post(f"{BASE}/pool/{{user_id}}/afwezigheid", response_class=HTMLResponse, dependencies=[CsrfDep])
def add_leave(user_id: str, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep, now: NowDep):
    values = {f: _text(form, f, 10 if f != "reason" else 500) for f in LEAVE_FIELDS}
    problems: list[Problem] = []
    start = _date(values["start"], "start", "eerste dag", problems)
    end = _date(values["end"], "end", "laatste dag", problems)
    try:
        reviewer = _reviewer(http, session, user, user_id)
        if not problems:
            pool_admin.add_unavailability(session, actor=user, user_id=reviewer["id"], start=start, end=end,
                                          reason=values["reason"], now=now)
            return _done(http, f"{BASE}/pool/{reviewer['id']}#afwezigheid",
                         f"Afwezigheid van {reviewer['name']} vastgelegd.")
    except InvalidInput as exc:
        session.rollback()
        problems += exc.problems
    except DomainError as exc:
        return _refused(http, session, user, exc)
    return _reviewer_page(http, session, user, reviewer=reviewer, status=422, leave=values,
                          leave_errors=_errors(problems, LEAVE_FIELDS))


@router.post(f"{BASE}/pool/{{user_id}}/conflict", response_class=HTMLResponse, dependencies=[CsrfDep])
def add_conflict(user_id: str, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep,
                 now: NowDep):
    values = {f: _text(form, f, 200 if f != "reason" else 500) for f in CONFLICT_FIELDS}
    problems: list[Problem] = []
    ids: dict[str, int | None] = {}
    for name, label in (("person_id", "persoon"), ("family_id", "gezin"), ("region_id", "regio")):
        ids[name] = _id(values[name]) if values[name] else None
        if values[name] and ids[name] is None:
            problems.append(Problem("number_invalid", f"Vul bij {label} een nummer in (een id groter dan 0).", name))
    try:
        reviewer = _reviewer(http, session, user, user_id)
        if not problems:
            pool_admin.declare_conflict(session, actor=user, user_id=reviewer["id"], now=now,
                                        organisation=values["organisation"], reason=values["reason"], **ids)
            return _done(http, f"{BASE}/pool/{reviewer['id']}#conflicten",
                         f"Belangenconflict van {reviewer['name']} vastgelegd.")
    except (InvalidInput, NotFound) as exc:
        if isinstance(exc, NotFound) and not (exc.problems and all(p.field in CONFLICT_FIELDS for p in exc.problems)):
            return _refused(http, session, user, exc)  # the reviewer itself does not exist
        session.rollback()
        problems += exc.problems
    except DomainError as exc:
        return _refused(http, session, user, exc)
    return _reviewer_page(http, session, user, reviewer=reviewer, status=422, conflict=values,
                          conflict_errors=_errors(problems, CONFLICT_FIELDS))


# --- regions too close ------------------------------------------------------------------------------

def _regions_page(http, session, user, status: int = 200, chosen: dict | None = None,
                  errors: dict | None = None) -> HTMLResponse:
    options = pool_admin.pool_options(session, actor=user)
    session.commit()
    names = {r["code"]: r["name"] for r in options["regions"]}
    return _page(http, "admin_regions.html", user, status, regions=options["regions"], names=names,
                 chosen=chosen or {}, errors=errors or {})


@router.get(f"{BASE}/regios", response_class=HTMLResponse)
def regions_page(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    try:
        return _regions_page(http, session, user)
    except DomainError as exc:
        return _refused(http, session, user, exc)


@router.post(f"{BASE}/regios/{{region_id}}", response_class=HTMLResponse, dependencies=[CsrfDep])
def set_too_close(region_id: str, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep,
                  now: NowDep):
    codes = _texts(form, "too_close")
    try:
        number = _id(region_id)
        if number is None:
            pool_admin.pool_options(session, actor=user)
            raise NotFound(f"Regio {region_id[:20]} bestaat niet.", code="region_not_found")
        region = pool_admin.set_too_close(session, actor=user, region_id=number, codes=codes, now=now)
    except InvalidInput as exc:
        session.rollback()
        return _regions_page(http, session, user, 422, chosen={number: codes}, errors={number: exc.problems})
    except DomainError as exc:
        return _refused(http, session, user, exc)
    return _done(http, f"{BASE}/regios#regio-{region.code}", f"Te dichtbij gelegen regio's van {region.name} "
                 "opgeslagen.")


# --- flagged requests -------------------------------------------------------------------------------

@router.get(f"{BASE}/gemarkeerd", response_class=HTMLResponse)
def flagged_page(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    try:
        rows = pool_admin.flagged_requests(session, actor=user, now=now)
    except DomainError as exc:
        return _refused(http, session, user, exc)
    settings = http.app.state.settings
    measures = get_catalogue(settings.catalogue_dir, settings.catalogue_version).measures
    for row in rows:
        row["measure_name"] = measures[row["measure"]].name if row["measure"] in measures else row["measure"]
    return _page(http, "admin_flagged.html", user, rows=rows)


@router.post(f"{BASE}/gemarkeerd/{{request_id}}/toewijzen", response_class=HTMLResponse, dependencies=[CsrfDep])
def retry_assignment(request_id: str, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    number = _id(request_id)
    try:
        if number is None:
            pool_admin.pool_options(session, actor=user)
            raise NotFound(f"Verzoek {request_id[:20]} bestaat niet.", code="request_not_found")
        seats = panel.assign_panel(session, actor=user, request_id=number, now=now)
    except GateRefused as exc:
        session.rollback()
        return _done(http, f"{BASE}/gemarkeerd", f"Verzoek #{number}: het panel kon (nog) niet worden samengesteld.",
                     [p.message for p in exc.problems], error=True)
    except DomainError as exc:
        return _refused(http, session, user, exc)
    return _done(http, f"{BASE}/gemarkeerd", f"Verzoek #{number} heeft nu een panel ({len(seats)} plaatsen).")


@router.post(f"{BASE}/gemarkeerd/{{request_id}}/opnieuw", response_class=HTMLResponse, dependencies=[CsrfDep])
def retry_given_up(request_id: str, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    number = _id(request_id)
    try:
        if number is None:
            pool_admin.pool_options(session, actor=user)  # the beheerder's page: 403 before 404
            raise NotFound(f"Verzoek {request_id[:20]} bestaat niet.", code="request_not_found")
        retried = events.retry_given_up(session, actor=user, request_id=number, now=now)
    except DomainError as exc:
        return _refused(http, session, user, exc)
    return _done(http, f"{BASE}/gemarkeerd", f"Verzoek #{number}: {retried} automatische stap"
                 f"{'pen' if retried != 1 else ''} wordt opnieuw geprobeerd.")


# --- uniformity figures -----------------------------------------------------------------------------

def _percent(value: float) -> str:
    return f"{dutch_number(value)} %"


def _days(value: float) -> str:
    return f"{dutch_number(value)} d"


@router.get(f"{BASE}/cijfers", response_class=HTMLResponse)
def figures_page(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    period = http.query_params.get("periode", "365")
    period = period if period in PERIODS else "365"
    try:
        figures = stats.uniformity(session, actor=user, now=now, days=PERIODS[period])
    except DomainError as exc:
        return _refused(http, session, user, exc)
    session.commit()
    regions = figures["regions"]
    names = [r["name"] for r in regions]

    def share(key: str) -> list[float | None]:
        return [None if r[key] is None else 100 * r[key] for r in regions]

    charts = {
        "rates": bar_chart(
            chart_id="grafiek-terug", title="Teruggestuurd en advies niet indienen per regio",
            description="Per regio het deel van de ingediende verzoeken dat ter correctie werd teruggestuurd en het "
                        "deel met advies niet indienen, in procenten. De tabel eronder geeft dezelfde cijfers.",
            categories=names, series=[Series("terug ter correctie", share("share_returned")),
                                      Series("advies niet indienen", share("share_advised_against"))],
            axis_label="Percentage van de ingediende verzoeken", category_label="Regio", value_text=_percent,
            tick_text=lambda t: f"{t} %", top=100),
    }
    for key, label in (("to_approved", "goedgekeurd door het panel"), ("to_rendered", "verzoekschrift opgemaakt")):
        charts[key] = bar_chart(
            chart_id=f"grafiek-{key}", title=f"Doorlooptijd van indienen tot {label}, per regio",
            description=f"Per regio de mediaan en het 90e percentiel van het aantal dagen tussen de eerste indiening "
                        f"en {label}. De tabel eronder geeft dezelfde cijfers.",
            categories=names, series=[Series("mediaan", [r[key]["median_days"] for r in regions]),
                                      Series("90e percentiel", [r[key]["p90_days"] for r in regions])],
            axis_label="Dagen na de eerste indiening", category_label="Regio", value_text=_days)
    return _page(http, "admin_figures.html", user, figures=figures, charts=charts, period=period,
                 periods=PERIOD_LABELS, percent=_percent, days=lambda v: dutch_number(v))
