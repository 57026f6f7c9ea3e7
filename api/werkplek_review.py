"""Workspace (werkplek): The panel's pages: the dossier, assessments, verdicts, declining, previewing and signing.

HTML pages over the same service functions as the JSON API; no business rule here. A refused form is shown again
with what was typed and every problem (the domain's code and Dutch message) next to the field it concerns."""


from fastapi import APIRouter, Request as HttpRequest
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import select
from starlette.concurrency import run_in_threadpool

from api.auth import NO_STORE, CsrfDep, WorkspaceUserDep, render
from api.deps import NowDep, SessionDep, clock_of
from api.workspace import domain_error_page
from models.base import TEXT_MAX, Id
from models.documents import format_date_nl
from models.errors import DomainError, InvalidInput, Problem
from models.gates import checklist
from models.hearing import CHANNELS, PARTY_KIND_LABELS, POSITIONS
from models.intake import intake
from models.organisation import ROLE_LABELS, Region
from models.request import STATE_LABELS, RequestState
from models.review import DECISION_LABELS, OUTCOME_LABELS, Decision, Outcome
from models.services import access, panel, review
from models.services.preview import PREVIEW_STATES, preview_verzoekschrift
from models.services.rendering import case_reference, child_views

router = APIRouter(include_in_schema=False)
BASE = "/werkplek/toetsing/{request_id}"
DONE = {"beoordeling": "Uw beoordeling is opgeslagen.", "oordeel": "Uw oordeel is vastgelegd.",
        "waarschuwing": "De waarschuwing is met uw motivering aanvaard.",
        "ondertekend": "U heeft de revisie ondertekend."}
# Per form: the service's Problem.field -> the id of the field on the page (the form itself when not listed).
FIELDS = {
    "oordeel": {"decision": "oordeel-beslissing", "reasons": "oordeel-motivering",
                "override_reasons": "oordeel-afwijking"},
    "weigeren": {"reason": "weigeren-reden", "kind": "weigeren-soort"},
    "ondertekenen": {"declaration": "ondertekenen-verklaring", "revision_hash": "ondertekenen-hash"},
}
# A PDF shown inside our own page: framable by this origin only. The strict page CSP (object-src 'none',
# style-src 'self') would stop Chrome's own PDF viewer, which runs under the PDF response's policy.
PDF_HEADERS = NO_STORE | {"Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"}


def _url(request_id: int, done: str = "", anchor: str = "") -> str:
    return f"/werkplek/toetsing/{request_id}" + (f"?gedaan={done}" if done else "") + (f"#{anchor}" if anchor else "")


# --- reading ---------------------------------------------------------------------------------------

def _page(http: HttpRequest, session, user, request_id: int, *, form: str = "", values: dict | None = None,
          problems: list[Problem] = (), status: int = 200, items: list[str] = ()) -> HTMLResponse:
    now = clock_of(http).now()
    dossier = access.open_request(session, actor=user, request_id=request_id, part="request", now=now)
    view = dossier_view(session, dossier, user, now)
    errors, summary = _place(problems, form, view, list(items), values or {})
    session.commit()
    notice = DONE.get(http.query_params.get("gedaan", ""), "")
    return render(http, "review_page.html", status, user=user, notice=notice, errors=errors, summary=summary,
                  form=form, values=values or {}, text_max=TEXT_MAX, **view)


def _place(problems, form: str, view: dict, items: list[str], values: dict) -> tuple[dict, list]:
    """Each problem on the id of the field it concerns (or its form); the summary lists them all, linked."""
    criteria = {c["code"]: c["n"] for c in view["criteria"]}
    warnings = {(w["code"], w["field"]): w["n"] for w in view["warnings"]}
    errors, summary = {}, []
    for problem in problems:
        anchor = _anchor(problem.field or "", form, criteria, warnings, items, values)
        errors.setdefault(anchor, []).append(problem)
        summary.append({"anchor": anchor, "message": problem.message, "code": problem.code})
    return errors, summary


def _anchor(field: str, form: str, criteria: dict, warnings: dict, items: list[str], values: dict) -> str:
    head, _, rest = field.partition(".")
    if head == "items" and rest:
        index, _, part = rest.partition(".")
        code = items[int(index) - 1] if index.isdigit() and 0 < int(index) <= len(items) else ""
        if code in criteria:
            return f"beoordeling-{criteria[code]}-" + ("motivering" if part == "reasoning" else "uitkomst")
    if head == "assessments" and rest in criteria:
        return f"beoordeling-{criteria[rest]}-uitkomst"
    if head == "parties" and rest.isdigit():
        return f"partij-{rest}"
    if head == "warnings":
        code, _, where = rest.partition(".")
        if (code, where) in warnings:
            return f"waarschuwing-{warnings[(code, where)]}"
    if form == "waarschuwing":
        n = warnings.get((values.get("code", ""), values.get("field", "")))
        if n is not None:
            return f"waarschuwing-{n}-motivering" if field == "reasons" else f"waarschuwing-{n}"
    return FIELDS.get(form, {}).get(field, form)


def _refused(http: HttpRequest, session, user, request_id: int, exc: DomainError) -> HTMLResponse:
    """A refusal that is not about a form (no access, unknown request): a page that shows nothing of the family.
    A refusal the access rules did not log themselves is logged here, as the API's handler does."""
    session.rollback()
    if exc.status in (403, 404) and not getattr(exc, "logged", False):
        access.log_refusal(session, actor=user, now=clock_of(http).now(), object_type="request", object_id=request_id,
                           reason=exc.problems[0].code if exc.problems else exc.code)
    return domain_error_page(http, exc, user)


@router.get(BASE, response_class=HTMLResponse)
def review_page(http: HttpRequest, request_id: Id, user: WorkspaceUserDep, session: SessionDep):
    try:
        return _page(http, session, user, request_id)
    except DomainError as exc:
        return _refused(http, session, user, request_id, exc)


@router.get(BASE + "/voorbeeld.pdf")
def preview_pdf(http: HttpRequest, request_id: Id, user: WorkspaceUserDep, session: SessionDep, now: NowDep,
                download: bool = False):
    """The verzoekschrift as it would be rendered for the approved revision, marked VOORBEELD: not a court
    document, never stored as one."""
    try:
        data = preview_verzoekschrift(session, actor=user, request_id=request_id, now=now,
                                      documents=http.app.state.documents, converter=http.app.state.pdf_converter)
    except DomainError as exc:
        return _refused(http, session, user, request_id, exc)
    disposition = "attachment" if download else "inline"
    headers = PDF_HEADERS | {"Content-Disposition": f'{disposition}; filename="voorbeeld-verzoekschrift-'
                                                    f'{request_id}.pdf"'}
    return Response(data, media_type="application/pdf", headers=headers)


# --- acting ----------------------------------------------------------------------------------------

async def _form(http: HttpRequest) -> dict[str, str]:
    form = await http.form()  # already parsed by the CSRF check; this reads the same parse
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _too_long(values: dict[str, str], fields: dict[str, str]) -> list[Problem]:
    """The JSON API's length limit on free text (models.base.TEXT_MAX), on the form's fields."""
    return [Problem("text_too_long", f"Deze tekst is te lang: ten hoogste {TEXT_MAX} tekens.", field)
            for name, field in fields.items() if len(values.get(name, "")) > TEXT_MAX]


def _act(http, session, user, request_id: int, form: str, values: dict, step, done: str, *,
         items: list[str] = ()):
    """Run one use case; on success back to the page (Post/Redirect/Get), on refusal the page with the form as
    typed and the problems next to their fields."""
    try:
        step()
    except DomainError as exc:
        session.rollback()
        if exc.status in (403, 404):
            return _refused(http, session, user, request_id, exc)
        problems = exc.problems or [Problem(exc.code, exc.message)]
        try:
            return _page(http, session, user, request_id, form=form, values=values, problems=problems,
                         status=exc.status, items=items)
        except DomainError as again:
            return _refused(http, session, user, request_id, again)
    return RedirectResponse(_url(request_id, done, form), status_code=303, headers=NO_STORE)


@router.post(BASE + "/beoordeling", dependencies=[CsrfDep])
async def post_assessments(http: HttpRequest, request_id: Id, user: WorkspaceUserDep, session: SessionDep):
    data = await _form(http)
    return await run_in_threadpool(_assess, http, session, user, request_id, data)


def _assess(http, session, user, request_id: int, data: dict[str, str]):
    # Each criterion's two fields are named after its code; a criterion left wholly empty is not sent, so a
    # member can save part of the assessment and finish it later.
    codes = []
    for key in data:
        kind, _, code = key.partition(":")
        if kind in ("uitkomst", "motivering") and code not in codes:
            codes.append(code)
    items = [{"criterion": code, "outcome": data.get(f"uitkomst:{code}", ""),
              "reasoning": data.get(f"motivering:{code}", "")} for code in codes]
    items = [i for i in items if i["outcome"] or i["reasoning"].strip()]
    sent = [i["criterion"] for i in items]

    def step():
        long = [Problem("text_too_long", f"Deze motivering is te lang: ten hoogste {TEXT_MAX} tekens.",
                        f"items.{n}.reasoning") for n, i in enumerate(items, 1) if len(i["reasoning"]) > TEXT_MAX]
        if long:
            raise InvalidInput(problems=long)
        review.record_assessments(session, actor=user, request_id=request_id, items=items, now=clock_of(http).now())

    values = {"assessments": {i["criterion"]: i for i in items}}
    return _act(http, session, user, request_id, "beoordeling", values, step, "beoordeling", items=sent)


@router.post(BASE + "/oordeel", dependencies=[CsrfDep])
async def post_verdict(http: HttpRequest, request_id: Id, user: WorkspaceUserDep, session: SessionDep):
    data = await _form(http)
    values = {k: data.get(k, "") for k in ("decision", "reasons", "override_reasons")}

    def step():
        long = _too_long(values, {"reasons": "reasons", "override_reasons": "override_reasons"})
        if long:
            raise InvalidInput(problems=long)
        review.record_verdict(session, actor=user, request_id=request_id, decision=values["decision"],
                              reasons=values["reasons"], override_reasons=values["override_reasons"],
                              now=clock_of(http).now())

    return await run_in_threadpool(_act, http, session, user, request_id, "oordeel", values, step, "oordeel")


@router.post(BASE + "/waarschuwingen", dependencies=[CsrfDep])
async def post_warning(http: HttpRequest, request_id: Id, user: WorkspaceUserDep, session: SessionDep):
    data = await _form(http)
    values = {k: data.get(k, "") for k in ("code", "field", "reasons")}

    def step():
        long = _too_long(values, {"reasons": "reasons"})
        if long:
            raise InvalidInput(problems=long)
        review.accept_warning(session, actor=user, request_id=request_id, code=values["code"][:64],
                              field=values["field"][:200], reasons=values["reasons"], now=clock_of(http).now())

    return await run_in_threadpool(_act, http, session, user, request_id, "waarschuwing", values, step,
                                   "waarschuwing")


@router.post(BASE + "/weigeren", dependencies=[CsrfDep])
async def post_decline(http: HttpRequest, request_id: Id, user: WorkspaceUserDep, session: SessionDep):
    data = await _form(http)
    values = {k: data.get(k, "") for k in ("kind", "reason")}
    return await run_in_threadpool(_decline, http, session, user, request_id, values)


def _decline(http, session, user, request_id: int, values: dict):
    outcome = {}

    def step():
        problems = _too_long(values, {"reason": "reason"})
        if values["kind"] not in ("afzien", "conflict"):
            problems.append(Problem("kind_missing", "Kies of u afziet van deze toetsing of een belangenconflict "
                                    "meldt.", "kind"))
        if problems:
            raise InvalidInput(problems=problems)
        outcome["seat"] = panel.decline_seat(session, actor=user, request_id=request_id, reason=values["reason"],
                                             conflict=values["kind"] == "conflict", now=clock_of(http).now())

    response = _act(http, session, user, request_id, "weigeren", values, step, "")
    if "seat" not in outcome:
        return response
    # The seat is released: this member no longer has access to the dossier, so no page of it follows.
    what = "een belangenconflict gemeld" if values["kind"] == "conflict" else "afgezien van deze toetsing"
    refill = ("Er is meteen een andere collega in het panel geplaatst." if outcome["seat"] is not None else
              "Er was nu niemand anders beschikbaar; de beheerder zoekt een vervanger.")
    return render(http, "review_declined.html", user=user, request_id=request_id, what=what, refill=refill)


@router.post(BASE + "/ondertekenen", dependencies=[CsrfDep])
async def post_sign(http: HttpRequest, request_id: Id, user: WorkspaceUserDep, session: SessionDep):
    data = await _form(http)
    values = {k: data.get(k, "") for k in ("revision_hash", "declaration")}

    def step():
        long = _too_long(values, {"declaration": "declaration"})
        if long:
            raise InvalidInput(problems=long)
        review.sign_off(session, actor=user, request_id=request_id, revision_hash=values["revision_hash"][:64],
                        declaration=values["declaration"], now=clock_of(http).now())

    return await run_in_threadpool(_act, http, session, user, request_id, "ondertekenen", values, step,
                                   "ondertekend")


# --- the dossier as the page shows it ----------------------------------------------------------------

def _day(value) -> str:
    return format_date_nl(value) if value else ""


def _grounds(d, numbers: dict[str, int]) -> list[dict]:
    """The ground the request argues (or every ground, if none is answered), element by element with its facts."""
    c, m = d.content, d.measure
    options = ([o for o in m.grounds if any(c.answer(e.code) for e in o.elements)] or m.grounds) if m else []
    out = []
    for option in options:
        elements = []
        for e in option.elements:
            answer = c.answer(e.code)
            facts = [{"number": numbers.get(k), "key": k, "text": c.fact(k).text if c.fact(k) else ""}
                     for k in (answer.fact_keys if answer else [])]
            elements.append({"article": e.article, "question": e.question, "answer": answer.answer if answer else "",
                             "facts": facts})
        out.append({"label": option.label, "elements": elements})
    return out


def _parties(d, now) -> list[dict]:
    """Each party other than the children: how invited, and their response in their own words (or why none)."""
    out = []
    for p in d.parties:
        if p.kind == "child":
            continue
        person, follow_up = d.person(p.person_id), d.follow_ups.get(p.id)
        if p.responded_at is not None:
            status = "responded"
        elif follow_up is not None:
            status = "deferred"
        elif p.invited_at is None:
            status = "not_invited"
        else:
            status = "lapsed" if p.deadline is not None and p.deadline <= now else "pending"
        out.append({"id": p.id, "name": person.full_name, "relation": person.relation or "",
                    "kind": PARTY_KIND_LABELS[p.kind], "lawyer": person.lawyer, "invited": _day(p.invited_at),
                    "channel": CHANNELS.get(p.channel, p.channel), "proof": p.proof, "deadline": _day(p.deadline),
                    "status": status, "position": POSITIONS.get(p.position, p.position),
                    "responded": _day(p.responded_at), "words": p.response_text, "responded_by": p.responded_by,
                    "follow_up": _day(follow_up.deadline) if follow_up else ""})
    return out


def _children(d, now) -> list[dict]:
    """Each child of the request with its view in its own words, or why it was not heard, as the document says."""
    parties = {p.person_id: p.id for p in d.parties if p.kind == "child"}
    recorded = {v["name"]: v for v in child_views(d, now)}
    empty = {"heard": False, "words": "", "summary": "", "method": "", "obtained_by": "", "obtained_at": "",
             "not_heard": ""}
    return [{"name": child.full_name, "age": child.age_on(now.date()), "born": _day(child.date_of_birth),
             "party_id": parties.get(child.id), "recorded": child.full_name in recorded}
            | {k: recorded.get(child.full_name, empty)[k] for k in empty} for child in d.children()]


def _warnings(d, now) -> list[dict]:
    """The intake warnings on this revision, one per (code, field) as they are accepted, with the acceptance."""
    accepted = {(a.code, a.field): a for a in d.warning_acceptances}
    grouped: dict[tuple[str, str], list[str]] = {}
    for w in intake(d, now)[1]:
        grouped.setdefault((w.code, w.field or ""), []).append(w.message)
    out = []
    for n, ((code, where), messages) in enumerate(grouped.items(), 1):
        a = accepted.get((code, where))
        out.append({"n": n, "code": code, "field": where, "messages": messages,
                    "accepted": {"by": d.user(a.accepted_by).name, "reasons": a.reasons, "at": _day(a.accepted_at)}
                    if a else None})
    return out


def _members(session, d, user) -> list[dict]:
    regions = {r.id: r.name for r in session.exec(select(Region))}
    effective, out = d.effective_verdicts(), []
    for s in d.seats:
        member, verdict = d.user(s.user_id), effective.get(s.id)
        out.append({"role": ROLE_LABELS[s.role], "name": member.name, "region": regions.get(member.region_id, ""),
                    "chair": s.id == d.chair_seat_id, "me": s.user_id == user.id,
                    "verdict": None if verdict is None else {
                        "decision": DECISION_LABELS[Decision(verdict.decision)], "reasons": verdict.reasons,
                        "at": _day(verdict.recorded_at), "override": verdict.override,
                        "override_reasons": verdict.override_reasons}})
    return out


def dossier_view(session, d, user, now) -> dict:
    """What the page shows of one dossier: read from it and formatted; what may be done is only offered here,
    the services decide."""
    c, m, state = d.content, d.measure, RequestState(d.request.state)
    facts = [f for f in c.facts if f.kind == "fact"]
    numbers = {f.key: n for n, f in enumerate(facts, 1)}
    seat = next((s for s in d.seats if s.user_id == user.id), None)
    questions = {k.code: k.question for k in d.catalogue.criteria}
    own = {a.criterion: a for a in d.assessments if a.reviewer_id == user.id}  # the latest wins
    criteria = [{"n": n, "code": code, "label": label, "question": questions.get(code, ""),
                 "outcome": own[code].outcome if code in own else "",
                 "reasoning": own[code].reasoning if code in own else ""}
                for n, (code, label) in enumerate(d.criteria(), 1)]
    members = _members(session, d, user)
    signs = bool(seat) and seat.role in d.catalogue.review.signoff_roles
    signed = any(s.user_id == user.id for s in d.signoffs)
    in_review = state == RequestState.in_tegenspraak
    return {
        "request": {"id": d.request.id, "state": STATE_LABELS[state], "state_code": state.value,
                    "reference": case_reference(d), "region": d.region.name, "requester": d.requester.name,
                    "spoed": d.request.spoed or bool(m and m.spoed), "urgency": c.urgency,
                    "urgency_details": c.urgency_details},
        "revision": {"number": d.revision.number, "hash": d.revision.content_hash,
                     "created": _day(d.revision.created_at)},
        "measure": {"name": m.name if m else c.measure, "articles": ", ".join(m.articles) if m else "",
                    "plain": m.plain if m else "", "max_months": m.max_duration_months if m else None,
                    "duration_article": m.duration_article if m else ""},
        "content": c, "capacity": d.catalogue.capacities.get(c.capacity, c.capacity),
        "duration": f"{c.duration_months} maanden" if c.duration_months else "onbepaalde tijd",
        "children": _children(d, now),
        "facts": [{"number": numbers[f.key], "text": f.text, "source": f.source, "date": _day(f.date),
                   "confirmed_by": f.confirmed_by} for f in facts],
        "opinions": [{"text": f.text, "held_by": f.held_by, "source": f.source, "date": _day(f.date)}
                     for f in c.facts if f.kind == "opinion"],
        "grounds": _grounds(d, numbers),
        "alternatives": [{"kind": d.catalogue.alternative_kinds.get(a.kind, a.kind), "description": a.description,
                          "was_tried": {True: "ja", False: "nee"}.get(a.was_tried, "niet vermeld"),
                          "when": a.tried_when, "tried": a.tried, "result": a.result,
                          "why_insufficient": a.why_insufficient, "why_not": a.why_not_tried}
                         for a in c.alternatives],
        "parties": _parties(d, now),
        "warnings": _warnings(d, now),
        "members": members,
        "signoffs": [{"name": d.user(s.user_id).name, "role": ROLE_LABELS[s.role], "at": _day(s.signed_at),
                      "declaration": s.declaration} for s in d.signoffs],
        "checklist": [s for s in checklist(d, now) if s["stage"] in ("hearing", "review", "signoff")],
        "criteria": criteria,
        "task": {"assessed": sum(1 for x in criteria if x["reasoning"].strip()), "criteria": len(criteria)},
        "outcomes": [(o.value, OUTCOME_LABELS[o]) for o in Outcome],
        "decisions": [(x.value, DECISION_LABELS[x]) for x in Decision],
        "seat": {"role": ROLE_LABELS[seat.role], "chair": seat.id == d.chair_seat_id} if seat else None,
        "own_verdict": next((x["verdict"] for x in members if x["me"]), None),
        "wanting": [label for _, label in review.found_wanting(d, user.id)] if seat else [],
        "signed": signed,
        "signoff_role": signs,
        "can": {"assess": bool(seat) and in_review,
                "verdict": bool(seat) and in_review and seat.id not in d.verdicts,
                "accept_warning": bool(seat) and in_review,
                "decline": bool(seat) and state in (RequestState.in_tegenspraak, RequestState.approved),
                "sign": signs and state == RequestState.approved and not signed,
                "preview": state in PREVIEW_STATES and d.request.approved_revision_id == d.revision.id
                and (bool(seat) or user.id in d.team_user_ids)},
    }
