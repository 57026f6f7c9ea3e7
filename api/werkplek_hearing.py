"""Workspace (werkplek): hoor en wederhoor for the case team — invite each party with the draft (the personal
portal link shown once for a letter or a handover), record a response that came on paper, record the child's
voice or why it was not heard, and a younger child's capability.

HTML pages over the same service functions as the JSON API (models/services/hearing.py); no business rule here."""

from datetime import date, datetime, time

from fastapi import APIRouter, Request as HttpRequest
from fastapi.responses import HTMLResponse, RedirectResponse

from api.auth import NO_STORE, CsrfDep, WorkspaceUserDep, render
from api.deps import NowDep, SessionDep, clock_of
from api.forms import FormErrors
from api.werkplek_draft import FormDep, _refusal
from models.base import Id
from models.documents import AMSTERDAM
from models.errors import DomainError, Problem
from models.hearing import CHANNELS, NOT_HEARD_REASONS, POSITIONS, VOICE_METHODS
from models.services import drafting, hearing, views

router = APIRouter(include_in_schema=False)
BASE = "/werkplek/verzoeken/{request_id}/horen"


def _moment(raw: str, field: str, errors: FormErrors, form: str, now: datetime) -> datetime | None:
    """A date from the form as a moment: now when it is today, else noon in the Netherlands that day."""
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        errors.add(f"{form}-{field}", Problem("date_invalid", "Vul een geldige datum in (dag, maand, jaar).", field))
        return None
    if day == now.astimezone(AMSTERDAM).date():
        return now
    return datetime.combine(day, time(12), AMSTERDAM)


def _page(http: HttpRequest, session, user, request_id: int, status: int = 200, *, errors: FormErrors | None = None,
          form: str = "", values: dict | None = None, notice: str = "", link: dict | None = None) -> HTMLResponse:
    now = clock_of(http).now()
    try:
        view = views.request_view(session, actor=user, request_id=request_id, now=now)
    except DomainError as exc:
        return _refusal(http, session, user, exc, object_type="request", object_id=request_id)
    if not drafting.may_draft(session, actor=user, request_id=request_id):
        from models.errors import NotAllowed

        return _refusal(http, session, user, NotAllowed(problems=[Problem(
            "not_case_team", "Alleen het zaakteam legt hoor en wederhoor vast.")]), object_type="request",
            object_id=request_id)
    voices = {v["person_id"]: v for v in view["child_voices"]}
    return render(http, "hearing.html", status, user=user, r=view, voices=voices, errors=errors or FormErrors(),
                  form=form, values=values or {}, notice=notice, link=link, channels=CHANNELS, positions=POSITIONS,
                  voice_methods=VOICE_METHODS, not_heard_reasons=NOT_HEARD_REASONS,
                  today=now.astimezone(AMSTERDAM).date().isoformat())


def _refused(http, session, user, request_id: int, form: str, values: dict, exc: DomainError | None,
             errors: FormErrors) -> HTMLResponse:
    """The page again, with what was typed kept and each problem next to its field of this form."""
    session.rollback()
    for p in (exc.problems or [Problem(exc.code, exc.message)]) if exc is not None else []:
        errors.add(f"{form}-{(p.field or 'algemeen').split('.')[0]}", p)
    return _page(http, session, user, request_id, 422 if exc is None or exc.status < 500 else exc.status,
                 errors=errors, form=form, values=values)


def _done(request_id: int, what: str) -> RedirectResponse:
    """Back to the hearing page after a recorded step, which says what was recorded (post/redirect/get)."""
    return RedirectResponse(f"/werkplek/verzoeken/{request_id}/horen?klaar={what}", status_code=303, headers=NO_STORE)


@router.get(BASE, response_class=HTMLResponse)
def hearing_page(request_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep):
    notice = {"uitgenodigd": "De uitnodiging is vastgelegd.", "reactie": "De reactie is vastgelegd.",
              "mening": "De mening van het kind is vastgelegd.",
              "vermogen": "De inschatting is vastgelegd."}.get(http.query_params.get("klaar", ""), "")
    return _page(http, session, user, request_id, notice=notice)


@router.post(BASE + "/partijen/{party_id}/uitnodigen", response_class=HTMLResponse, dependencies=[CsrfDep])
def invite(request_id: Id, party_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep,
           data: FormDep, now: NowDep):
    now, form = now, f"uitnodiging-{party_id}"
    values = {k: str(data.get(k, "")) for k in ("channel", "sent_on", "proof")}
    errors = FormErrors()
    sent_at = _moment(values["sent_on"], "sent_on", errors, form, now)
    if errors:
        return _refused(http, session, user, request_id, form, values, None, errors)
    try:
        settings = http.app.state.settings
        party, link = hearing.invite_party(session, actor=user, request_id=request_id, party_id=party_id,
                                           channel=values["channel"], sent_at=sent_at, proof=values["proof"], now=now,
                                           portal_base_url=settings.portal_base_url,
                                           portal_single_use=settings.portal_single_use)
    except DomainError as exc:
        return _refused(http, session, user, request_id, form, values, exc, errors)
    if link is None:  # by e-mail: the link goes to the party only
        return _done(request_id, "uitgenodigd")
    # A letter or a handover: the personal link is shown this once, to put in the letter; it is stored as a hash.
    return _page(http, session, user, request_id, notice="De uitnodiging is vastgelegd.",
                 link={"party_id": party.id, "url": link})


@router.post(BASE + "/partijen/{party_id}/reactie", response_class=HTMLResponse, dependencies=[CsrfDep])
def response(request_id: Id, party_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep,
             data: FormDep, now: NowDep):
    now, form = now, f"reactie-{party_id}"
    values = {k: str(data.get(k, "")) for k in ("position", "text", "received_on", "channel", "responded_by")}
    errors = FormErrors()
    received_at = _moment(values["received_on"], "received_at", errors, form, now)
    if errors:
        return _refused(http, session, user, request_id, form, values, None, errors)
    try:
        hearing.record_response(session, actor=user, request_id=request_id, party_id=party_id,
                                position=values["position"], text=values["text"], received_at=received_at,
                                channel=values["channel"], responded_by=values["responded_by"], now=now)
    except DomainError as exc:
        return _refused(http, session, user, request_id, form, values, exc, errors)
    return _done(request_id, "reactie")


@router.post(BASE + "/kinderen/{person_id}/mening", response_class=HTMLResponse, dependencies=[CsrfDep])
def child_voice(request_id: Id, person_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep,
                data: FormDep, now: NowDep):
    now, form = now, f"mening-{person_id}"
    keys = ("heard", "method", "obtained_by", "obtained_on", "child_words", "professional_summary",
            "not_heard_reason", "explanation")
    values = {k: str(data.get(k, "")) for k in keys}
    errors = FormErrors()
    heard = values["heard"] == "ja"
    obtained_at = _moment(values["obtained_on"], "obtained_at", errors, form, now) if heard else None
    if errors:
        return _refused(http, session, user, request_id, form, values, None, errors)
    try:
        hearing.record_child_voice(session, actor=user, request_id=request_id, person_id=person_id, heard=heard,
                                   method=values["method"] if heard else "", obtained_by=values["obtained_by"],
                                   obtained_at=obtained_at, child_words=values["child_words"] if heard else "",
                                   professional_summary=values["professional_summary"] if heard else "",
                                   not_heard_reason="" if heard else values["not_heard_reason"],
                                   explanation="" if heard else values["explanation"], now=now)
    except DomainError as exc:
        return _refused(http, session, user, request_id, form, values, exc, errors)
    return _done(request_id, "mening")


@router.post(BASE + "/kinderen/{person_id}/vermogen", response_class=HTMLResponse, dependencies=[CsrfDep])
def capability(request_id: Id, person_id: Id, http: HttpRequest, user: WorkspaceUserDep, session: SessionDep,
               data: FormDep, now: NowDep):
    now, form = now, f"vermogen-{person_id}"
    values = {k: str(data.get(k, "")) for k in ("capable", "note", "assessed_by")}
    try:
        hearing.record_capability(session, actor=user, request_id=request_id, person_id=person_id,
                                  capable=values["capable"] == "ja", note=values["note"],
                                  assessed_by=values["assessed_by"], now=now)
    except DomainError as exc:
        return _refused(http, session, user, request_id, form, values, exc, FormErrors())
    return _done(request_id, "vermogen")
