"""Workspace (werkplek): The indiener's pages: cases, drafting a request from the catalogue, submitting, revising.

HTML pages over the same service functions as the JSON API; no business rule here. Every page works without
JavaScript; htmx (where loaded) only refreshes the checklist beside the draft form while typing."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request as HttpRequest
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.datastructures import FormData, UploadFile

from api import downloads
from api.auth import NO_STORE, CsrfDep, WorkspaceUserDep, message_page, render
from api.deps import NowDep, SessionDep, clock_of
from api.forms import FIELD_LABELS, DraftForm, FormErrors
from models.base import Id
from models.catalogue import Catalogue, Measure, get_catalogue
from models.errors import DomainError, NotAllowed, NotFound, Problem
from models.gates import MATERIAL_LABELS
from models.hearing import CHANNELS, NOT_HEARD_REASONS, POSITIONS, VOICE_METHODS
from models.lifecycle import TRANSITIONS
from models.organisation import User
from models.request import RequestState
from models.review import DECISION_LABELS
from models.services import access, attachments, drafting, rendering, views

router = APIRouter(include_in_schema=False)


async def posted_form(http: HttpRequest) -> FormData:
    return await http.form()  # parsed once (the CSRF check read the same parse)


FormDep = Annotated[FormData, Depends(posted_form)]


# --- helpers -------------------------------------------------------------------------------------

def _settings(http: HttpRequest):
    return http.app.state.settings


def _catalogue(http: HttpRequest, version: str | None = None) -> Catalogue:
    s = _settings(http)
    return get_catalogue(s.catalogue_dir, version or s.catalogue_version)


def _refusal(http: HttpRequest, session, user: User, exc: DomainError, *, object_type: str = "",
             object_id: int | None = None) -> HTMLResponse:
    """A refused page: logged like the API's refusals (403 always, 404 on a dossier object), then shown."""
    session.rollback()
    if isinstance(exc, (NotAllowed, NotFound)) and not getattr(exc, "logged", False) \
            and (exc.status == 403 or object_type):
        try:
            access.log_refusal(session, actor=user, now=clock_of(http).now(), object_type=object_type or "werkplek",
                               object_id=object_id, reason=exc.problems[0].code if exc.problems else exc.code)
        except access.AccessLogUnavailable as failed:
            exc = failed
    titles = {403: "Geen toegang", 404: "Niet gevonden"}
    return message_page(http, exc.status, titles.get(exc.status, "Niet gelukt"), exc.message,
                        problems=[p.message for p in exc.problems], user=user)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=NO_STORE)


def _children(family: dict) -> list[dict]:
    return [p for p in family["persons"] if p["kind"] == "child"]


def _measure_or_none(catalogue: Catalogue, code: str) -> Measure | None:
    return catalogue.measures.get(code)


def _form_context(http: HttpRequest, *, catalogue: Catalogue, measure: Measure, family: dict, spoed: bool) -> dict:
    """Everything the catalogue-driven form shows, for this measure."""
    from reviewers.policy import get_policy

    flag_options = [{"code": r.unless_flag, "label": r.unless_flag.replace("_", " "), "rule": r}
                    for r in measure.required_attachments if r.unless_flag]
    return {
        "catalogue": catalogue, "measure": measure, "children": _children(family), "family": family,
        "capacities": [{"code": r.capacity, "label": catalogue.capacities.get(r.capacity, r.capacity),
                        "condition": r.condition} for r in measure.requesters],
        "alternative_kinds": catalogue.alternative_kinds, "expertise": get_policy().expertise,
        "flag_options": flag_options, "is_spoed": measure.spoed or spoed,
        "hearing_age": catalogue.hearing.child_hearing_age,
        "can_submit": False, "can_revise": True, "decision_labels": DECISION_LABELS,
    }


def _linker(form: DraftForm, measure: Measure):
    """Problem (as a checklist dict) -> the id of the input that shows it, for links from the checklist."""
    index = form.to_content(measure)[2]
    return lambda p: form.anchor(Problem(p["code"], p["message"], p.get("field")), measure, index)


def _render_form(http: HttpRequest, user: User, status: int = 200, *, form: DraftForm, errors: FormErrors,
                 context: dict, request: dict | None, action_url: str, check_url: str, checklist=None,
                 readability=None, notice: str = "", preview: bool = False) -> HTMLResponse:
    return render(http, "draft_form.html", status, user=user, form=form, errors=errors, request=request,
                  action_url=action_url, check_url=check_url, checklist=checklist, readability=readability,
                  notice=notice, preview=preview, link=_linker(form, context["measure"]), **context)


def _can(action: str, state: str) -> bool:
    return RequestState(state) in TRANSITIONS[action]


def _can_submit_after_saving(state: str) -> bool:
    """Submit now, or right after the save that turns this state into one that can be submitted (returned)."""
    after = TRANSITIONS["revise"].get(RequestState(state))
    return _can("submit", state) or (after is not None and _can("submit", after))


# --- cases ---------------------------------------------------------------------------------------

@router.get("/werkplek/zaken", response_class=HTMLResponse)
def case_list(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    cases = drafting.my_cases(session, actor=user, now=now)
    return render(http, "case_list.html", user=user, cases=cases)


def _new_case_page(http, session, user: User, status: int = 200, *, values: dict, errors: FormErrors):
    families = drafting.families_for_cases(session, actor=user, now=clock_of(http).now())
    colleagues = drafting.region_colleagues(session, actor=user)
    return render(http, "case_new.html", status, user=user, families=families, colleagues=colleagues,
                  values=values, errors=errors)


@router.get("/werkplek/zaken/nieuw", response_class=HTMLResponse)
def new_case(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    try:
        return _new_case_page(http, session, user, values={"family_id": "", "title": "", "team": []},
                              errors=FormErrors())
    except DomainError as exc:
        return _refusal(http, session, user, exc)


@router.post("/werkplek/zaken/nieuw", response_class=HTMLResponse, dependencies=[CsrfDep])
def create_case(http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep, now: NowDep):
    values = {"family_id": str(form.get("family_id", "")), "title": str(form.get("title", "")).strip(),
              "team": [str(v) for v in form.getlist("team")]}
    errors = FormErrors()
    if not (values["family_id"].isascii() and values["family_id"].isdigit() and len(values["family_id"]) <= 18):
        errors.add("family_id", Problem("family_missing", "Kies het gezin waarvoor u een zaak opent.", "family_id"))
    team = [int(v) for v in values["team"] if v.isascii() and v.isdigit() and len(v) <= 18]
    if not errors:
        try:
            case = drafting.create_case(session, actor=user, family_id=int(values["family_id"]),
                                        title=values["title"][:200], team_user_ids=team, now=now)
            return _see_other(f"/werkplek/zaken/{case.id}?aangemaakt=1")
        except DomainError as exc:
            session.rollback()
            if exc.status == 403 and not exc.problems:
                return _refusal(http, session, user, exc)
            if isinstance(exc, (NotAllowed, NotFound)):
                object_type, object_id = getattr(exc, "object_ref", ("family", int(values["family_id"])))
                access.log_refusal(session, actor=user, now=now, object_type=object_type, object_id=object_id,
                                   reason=exc.problems[0].code if exc.problems else exc.code)
            fields = {"family_id": "family_id", "team_user_ids": "team", "title": "title"}
            for p in exc.problems or [Problem(exc.code, exc.message)]:
                errors.add(fields.get(p.field or ""), p)
            return _new_case_page(http, session, user, exc.status, values=values, errors=errors)
    return _new_case_page(http, session, user, 422, values=values, errors=errors)


@router.get("/werkplek/zaken/{case_id}", response_class=HTMLResponse)
def case_page(case_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    try:
        case = views.case_view(session, actor=user, case_id=case_id, now=now)
        family = views.family_view(session, actor=user, family_id=case["family_id"], now=now)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="case", object_id=case_id)
    catalogue = _catalogue(http)
    names = {code: m.name for code, m in catalogue.measures.items()}
    return render(http, "case_detail.html", user=user, case=case, family=family, catalogue=catalogue,
                  measure_names=names, created=bool(http.query_params.get("aangemaakt")))


# --- a new request -------------------------------------------------------------------------------

def _new_request_setup(http, session, user, case_id: int):
    """(case, family, catalogue, measure, spoed) for the new-request form; raises a DomainError when refused."""
    now = clock_of(http).now()
    case = views.case_view(session, actor=user, case_id=case_id, now=now)
    family = views.family_view(session, actor=user, family_id=case["family_id"], now=now)
    catalogue = _catalogue(http)
    measure = catalogue.measure(http.query_params.get("maatregel", "")[:64])  # an unknown measure is refused
    spoed = http.query_params.get("spoed") in ("1", "ja", "on")
    return case, family, catalogue, measure, spoed


def _new_urls(case_id: int, measure: Measure, spoed: bool) -> tuple[str, str]:
    query = f"?maatregel={quote(measure.code)}" + ("&spoed=1" if spoed else "")
    return f"/werkplek/zaken/{case_id}/verzoeken/nieuw{query}", f"/werkplek/zaken/{case_id}/verzoeken/controle{query}"


@router.get("/werkplek/zaken/{case_id}/verzoeken/nieuw", response_class=HTMLResponse)
def new_request(case_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    try:
        case, family, catalogue, measure, spoed = _new_request_setup(http, session, user, case_id)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="case", object_id=case_id)
    action_url, check_url = _new_urls(case_id, measure, spoed)
    form = DraftForm.empty(measure.code, spoed=spoed)
    return _render_form(http, user, form=form, errors=FormErrors(), request=None, action_url=action_url,
                        check_url=check_url, context=_form_context(http, catalogue=catalogue, measure=measure,
                                                                   family=family, spoed=spoed) | {"case": case})


@router.post("/werkplek/zaken/{case_id}/verzoeken/nieuw", response_class=HTMLResponse, dependencies=[CsrfDep])
def create_request(case_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep,
                   now: NowDep):
    from models.readability import request_hints

    try:
        case, family, catalogue, measure, spoed = _new_request_setup(http, session, user, case_id)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="case", object_id=case_id)
    action_url, check_url = _new_urls(case_id, measure, spoed)
    context = _form_context(http, catalogue=catalogue, measure=measure, family=family, spoed=spoed) | {"case": case}
    draft = DraftForm.from_form(form, measure, spoed=spoed)
    action = str(form.get("actie", "opslaan"))
    page = dict(form=draft, context=context, request=None, action_url=action_url, check_url=check_url)
    if action.startswith("meer:"):
        draft.more_rows(action.removeprefix("meer:"))
        return _render_form(http, user, errors=FormErrors(), **page)
    content, errors, index = draft.to_content(measure)
    if action == "bijwerken" and not errors:
        readability = _hints_or_none(content, request_hints)
        return _render_form(http, user, errors=FormErrors(), readability=readability, preview=True, **page)
    if errors:
        return _render_form(http, user, 422, errors=errors, **page)
    try:
        created = drafting.create_request(session, actor=user, case_id=case_id,
                                          content=drafting.parse_content(content), spoed=spoed, now=now)
    except DomainError as exc:
        if exc.status == 403:
            return _refusal(http, session, user, exc, object_type="case", object_id=case_id)
        session.rollback()
        return _render_form(http, user, exc.status, errors=draft.place(exc.problems or [Problem(exc.code, exc.message)],
                                                                       measure, index), **page)
    return _see_other(f"/werkplek/verzoeken/{created.id}/bewerken?opgeslagen=1")


def _hints_or_none(content: dict, request_hints):
    from pydantic import ValidationError

    from models.request import RequestContent

    try:
        return request_hints(RequestContent.model_validate(content))
    except ValidationError:
        return None


@router.post("/werkplek/zaken/{case_id}/verzoeken/controle", response_class=HTMLResponse, dependencies=[CsrfDep])
def check_new_request(case_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep):
    """htmx: the readability hints of what is typed in a new request (the checklist follows the first save)."""
    from models.readability import request_hints

    try:
        _case, _family, _catalogue_, measure, spoed = _new_request_setup(http, session, user, case_id)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="case", object_id=case_id)
    draft = DraftForm.from_form(form, measure, spoed=spoed)
    content, errors, _index = draft.to_content(measure)
    return render(http, "draft_checklist.html", user=user, checklist=None, readability=_hints_or_none(
        content, request_hints), check_errors=errors, preview=True, request=None, link=_linker(draft, measure))


# --- an existing request: edit, check, submit ----------------------------------------------------------

def _edit_setup(http, session, user, request_id: int):
    """(view, catalogue, measure, family) of a request the user drafts; raises a DomainError when refused."""
    now = clock_of(http).now()
    view = views.request_view(session, actor=user, request_id=request_id, now=now)
    if not drafting.may_draft(session, actor=user, request_id=request_id):
        raise NotAllowed(problems=[Problem("not_case_team", "Alleen de indiener en het zaakteam van deze zaak "
                                           "mogen dit verzoek bewerken.")])
    catalogue = _catalogue(http, view["catalogue_version"])
    measure = catalogue.measure(view["measure"])
    case = views.case_view(session, actor=user, case_id=view["case_id"], now=now)
    family = views.family_view(session, actor=user, family_id=case["family_id"], now=now)
    return view, catalogue, measure, family | {"case": case}


def _edit_page(http, user, view, catalogue, measure, family, status: int = 200, *, form: DraftForm,
               errors: FormErrors, notice: str = "", checklist=None, readability=None, preview: bool = False):
    rid = view["id"]
    context = _form_context(http, catalogue=catalogue, measure=measure, family=family, spoed=view["spoed"]) | {
        "case": family["case"], "can_submit": _can_submit_after_saving(view["state"]),
        "can_revise": _can("revise", view["state"]), "decision_labels": DECISION_LABELS}
    return _render_form(http, user, status, form=form, errors=errors, request=view, context=context,
                        action_url=f"/werkplek/verzoeken/{rid}/bewerken", check_url=f"/werkplek/verzoeken/{rid}/controle",
                        checklist=checklist if checklist is not None else view["checklist"],
                        readability=readability if readability is not None else view["readability"],
                        notice=notice, preview=preview)


@router.get("/werkplek/verzoeken/{request_id}/bewerken", response_class=HTMLResponse)
def edit_request(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    try:
        view, catalogue, measure, family = _edit_setup(http, session, user, request_id)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
    notice = f"Het concept is opgeslagen (revisie {view['revision']['number']})." \
        if http.query_params.get("opgeslagen") else ""
    form = DraftForm.from_content(view["revision"]["content"], spoed=view["spoed"])
    return _edit_page(http, user, view, catalogue, measure, family, form=form, errors=FormErrors(), notice=notice)


@router.post("/werkplek/verzoeken/{request_id}/bewerken", response_class=HTMLResponse, dependencies=[CsrfDep])
def save_request(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep,
                 now: NowDep):
    try:
        view, catalogue, measure, family = _edit_setup(http, session, user, request_id)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
    draft = DraftForm.from_form(form, measure, spoed=view["spoed"])
    action = str(form.get("actie", "opslaan"))
    page = (http, user, view, catalogue, measure, family)
    if action.startswith("meer:"):
        draft.more_rows(action.removeprefix("meer:"))
        return _edit_page(*page, form=draft, errors=FormErrors())
    content, errors, index = draft.to_content(measure)
    if errors:
        return _edit_page(*page, 422, form=draft, errors=errors)
    try:
        parsed = drafting.parse_content(content)
        if action == "bijwerken":
            preview = drafting.preview_checklist(session, actor=user, request_id=request_id, content=parsed, now=now)
            return _edit_page(*page, form=draft, errors=FormErrors(), checklist=preview["checklist"],
                              readability=preview["readability"], preview=True)
        revision = drafting.revise_request(session, actor=user, request_id=request_id, content=parsed,
                                           note=draft.scalars.get("note", "").strip()[:500] or "concept bijgewerkt",
                                           now=now)
        if action == "indienen":
            drafting.submit_request(session, actor=user, request_id=request_id, now=now)
            return _see_other(f"/werkplek/verzoeken/{request_id}?ingediend=1")
    except DomainError as exc:
        if exc.status == 403:
            return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
        session.rollback()
        saved = views.request_view(session, actor=user, request_id=request_id, now=now)
        problems = exc.problems or [Problem(exc.code, exc.message)]
        notice = ""
        if action == "indienen" and saved["revision"]["content_hash"] != view["revision"]["content_hash"]:
            notice = f"Uw wijzigingen zijn opgeslagen (revisie {saved['revision']['number']}), maar het verzoek is " \
                     "nog niet ingediend."
        return _edit_page(http, user, saved, catalogue, measure, family, exc.status, form=draft,
                          errors=draft.place(problems, measure, index), notice=notice)
    return _see_other(f"/werkplek/verzoeken/{request_id}/bewerken?opgeslagen={revision.number}")


@router.post("/werkplek/verzoeken/{request_id}/controle", response_class=HTMLResponse, dependencies=[CsrfDep])
def check_request(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, form: FormDep,
                  now: NowDep):
    """htmx: the checklist and readability hints of what is typed, without saving it."""
    from models.readability import request_hints

    try:
        view = views.request_view(session, actor=user, request_id=request_id, now=now)
        measure = _catalogue(http, view["catalogue_version"]).measure(view["measure"])
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
    draft = DraftForm.from_form(form, measure, spoed=view["spoed"])
    content, errors, index = draft.to_content(measure)
    checklist, readability = view["checklist"], _hints_or_none(content, request_hints)
    if not errors:
        try:
            preview = drafting.preview_checklist(session, actor=user, request_id=request_id,
                                                 content=drafting.parse_content(content), now=now)
            checklist, readability = preview["checklist"], preview["readability"]
        except DomainError as exc:
            if exc.status in (403, 404):
                return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
            session.rollback()
            errors = draft.place(exc.problems, measure, index)
    return render(http, "draft_checklist.html", user=user, checklist=checklist, readability=readability,
                  preview=True, check_errors=errors, request=view, link=_linker(draft, measure))


@router.post("/werkplek/verzoeken/{request_id}/indienen", response_class=HTMLResponse, dependencies=[CsrfDep])
def submit_request(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    try:
        drafting.submit_request(session, actor=user, request_id=request_id, now=now)
    except DomainError as exc:
        if exc.status in (403, 404):
            return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
        session.rollback()
        try:
            view, catalogue, measure, family = _edit_setup(http, session, user, request_id)
        except DomainError as again:
            return _refusal(http, session, user, again, object_type="request", object_id=request_id)
        form = DraftForm.from_content(view["revision"]["content"], spoed=view["spoed"])
        _content, _errors, index = form.to_content(measure)
        return _edit_page(http, user, view, catalogue, measure, family, exc.status, form=form,
                          errors=form.place(exc.problems or [Problem(exc.code, exc.message)], measure, index))
    return _see_other(f"/werkplek/verzoeken/{request_id}?ingediend=1")


# --- the request page, the difference between revisions, documents ------------------------------------

@router.get("/werkplek/verzoeken/{request_id}", response_class=HTMLResponse)
def request_page(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    try:
        view = views.request_view(session, actor=user, request_id=request_id, now=now)
        revisions = views.revisions_view(session, actor=user, request_id=request_id, now=now)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
    drafter = drafting.may_draft(session, actor=user, request_id=request_id)
    catalogue = _catalogue(http, view["catalogue_version"])
    measure = _measure_or_none(catalogue, view["measure"])
    names = {p["person_id"]: p["name"] for p in view["parties"]}
    voices = {v["person_id"]: v for v in view["child_voices"]}
    return render(http, "request_detail.html", user=user, r=view, revisions=revisions, drafter=drafter,
                  measure=measure, catalogue=catalogue, names=names, voices=voices, link=lambda p: None,
                  can_submit=drafter and _can("submit", view["state"]),
                  can_revise=drafter and _can("revise", view["state"]),
                  decision_labels=DECISION_LABELS, channels=CHANNELS, positions=POSITIONS,
                  not_heard_reasons=NOT_HEARD_REASONS, voice_methods=VOICE_METHODS,
                  submitted=bool(http.query_params.get("ingediend")), stored_sha=attachments.stored_sha,
                  document_titles=rendering.DOCUMENT_TITLES)


def _number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


@router.get("/werkplek/verzoeken/{request_id}/verschil", response_class=HTMLResponse)
def revision_difference(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep, now: NowDep):
    try:
        revisions = views.revisions_view(session, actor=user, request_id=request_id, now=now)
        numbers = [r.number for r in revisions]
        after = _number(http.query_params.get("naar")) or numbers[-1]
        before = _number(http.query_params.get("van")) or max(1, after - 1)
        diff = views.revision_diff(session, actor=user, request_id=request_id, before=before, after=after, now=now)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
    return render(http, "request_diff.html", user=user, request_id=request_id, revisions=revisions, diff=diff,
                  labels=FIELD_LABELS, material_labels=MATERIAL_LABELS)


@router.get("/werkplek/verzoeken/{request_id}/documenten/{document_id}")
def download_document(request_id: Id, document_id: Id, http: HttpRequest, user: WorkspaceUserDep,
                      session: SessionDep, now: NowDep):
    fmt = "pdf" if http.query_params.get("formaat") == "pdf" else "docx"
    try:
        view = views.request_view(session, actor=user, request_id=request_id, now=now)
        if document_id not in {d["id"] for d in view["documents"]}:
            raise NotFound("Dit document hoort niet bij dit verzoek.", code="document_not_found")
        data, media_type, filename = rendering.open_document(session, actor=user, document_id=document_id,
                                                             format=fmt, now=now, documents=http.app.state.documents,
                                                             converter=http.app.state.pdf_converter)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="document", object_id=document_id)
    return downloads.download(data, filename=filename, media_type=media_type, headers=NO_STORE)


# --- attachments -------------------------------------------------------------------------------------

def _attachments_page(http, session, user, request_id: int, status: int = 200, *, errors: FormErrors,
                      values: dict, notice: str = ""):
    view, catalogue, measure, family = _edit_setup(http, session, user, request_id)
    content = view["revision"]["content"]
    documents = http.app.state.documents
    rows = []
    for a in content["attachments"]:
        sha = attachments.stored_sha(a["reference"])
        rows.append(a | {"sha": sha, "file": attachments.file_info(documents, sha) if sha else None})
    required = [r for r in measure.required_attachments if r.applies(content["capacity"], content["flags"])]
    return render(http, "request_attachments.html", status, user=user, r=view, rows=rows, required=required,
                  measure=measure, errors=errors, values=values, notice=notice, other_code=attachments.OTHER_CODE,
                  can_revise=_can("revise", view["state"]))


@router.get("/werkplek/verzoeken/{request_id}/bijlagen", response_class=HTMLResponse)
def attachments_page(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    try:
        notice = "De bijlage is toegevoegd." if http.query_params.get("toegevoegd") else ""
        return _attachments_page(http, session, user, request_id, errors=FormErrors(),
                                 values={"code": "", "title": ""}, notice=notice)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="request", object_id=request_id)


@router.post("/werkplek/verzoeken/{request_id}/bijlagen", response_class=HTMLResponse, dependencies=[CsrfDep])
def upload_attachment(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep,
                      form: FormDep, now: NowDep):
    values = {"code": str(form.get("code", ""))[:64], "title": str(form.get("title", ""))[:200]}
    upload = form.get("file")
    data = upload.file.read() if isinstance(upload, UploadFile) else b""
    filename = upload.filename or "" if isinstance(upload, UploadFile) else ""
    media_type = upload.content_type or "" if isinstance(upload, UploadFile) else ""
    try:
        attachments.add_attachment(session, actor=user, request_id=request_id, code=values["code"],
                                   title=values["title"], filename=filename, media_type=media_type, data=data,
                                   documents=http.app.state.documents, now=now)
    except DomainError as exc:
        if exc.status in (403, 404):
            return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
        session.rollback()
        errors = FormErrors()
        for p in exc.problems or [Problem(exc.code, exc.message)]:
            errors.add({"code": "code", "title": "title", "file": "file"}.get(p.field or ""), p)
        try:
            return _attachments_page(http, session, user, request_id, exc.status, errors=errors, values=values)
        except DomainError as again:
            return _refusal(http, session, user, again, object_type="request", object_id=request_id)
    return _see_other(f"/werkplek/verzoeken/{request_id}/bijlagen?toegevoegd=1")


@router.get("/werkplek/verzoeken/{request_id}/bijlagen/{sha}")
def download_attachment(request_id: Id, sha: str, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep,
                        now: NowDep):
    try:
        data, filename, media_type = attachments.open_attachment(
            session, actor=user, request_id=request_id, sha=sha[:64], documents=http.app.state.documents, now=now)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
    return downloads.download(data, filename=filename, media_type=media_type, headers=NO_STORE)
