"""Families, cases and drafting a request: create, revise, submit, withdraw, file."""

from datetime import datetime

from pydantic import ValidationError
from sqlmodel import Session, select

from models.case import Case, CaseTeamMember
from models.db import begin_write
from models.dossier import current_catalogues, load_dossier
from models.errors import InvalidInput, NotAllowed, NotFound, Problem
from models.family import PERSON_KINDS, Family, Person, PersonCreate
from models.gates import check_approval_current
from models.intake import SUBMIT_GUARDS
from models.lifecycle import check, target_state
from models.organisation import User
from models.request import Request, RequestContent, RequestRevision, RequestState
from models.review import SignOff, Verdict
from models.services.common import audit, emit, invalid, require_case_team, require_role, set_state
from models.services.hearing import ensure_parties


def create_family(session: Session, *, actor: User, name: str, language: str, persons: list[PersonCreate],
                  now: datetime) -> Family:
    begin_write(session)
    require_role(actor, "indiener")
    problems = [Problem("person_kind_unknown", f"Persoon {i}: onbekende soort '{p.kind}'.", f"persons.{i}")
                for i, p in enumerate(persons, 1) if p.kind not in PERSON_KINDS]
    problems += [Problem("child_birth_date_missing", f"Persoon {i}: de geboortedatum van een kind is verplicht.",
                         f"persons.{i}") for i, p in enumerate(persons, 1) if p.kind == "child" and not p.date_of_birth]
    if not name.strip():
        problems.append(Problem("family_name_missing", "Geef het gezin een naam.", "name"))
    invalid(problems)
    family = Family(name=name, language=language, region_id=actor.region_id)
    session.add(family)
    session.flush()
    for p in persons:
        session.add(Person(family_id=family.id, **p.model_dump()))
    audit(session, now=now, actor=actor, action="family.created", family_id=family.id, persons=len(persons))
    session.commit()
    return family


def create_case(session: Session, *, actor: User, family_id: int, title: str, team_user_ids: list[int],
                now: datetime) -> Case:
    begin_write(session)
    require_role(actor, "indiener")
    family = session.get(Family, family_id)
    if family is None:
        raise NotFound(f"Gezin {family_id} bestaat niet.", code="family_not_found")
    if family.region_id != actor.region_id:
        refused = NotAllowed(problems=[Problem("family_other_region", "Dit gezin is geregistreerd in een andere "
                                               "regio; alleen die regio kan er een zaak voor openen.", "family_id")])
        refused.object_ref = ("family", family_id)  # for the access log
        raise refused
    problems = []
    for uid in team_user_ids:
        member = session.get(User, uid)
        if member is None or member.region_id != actor.region_id:
            problems.append(Problem("team_member_invalid", f"Gebruiker {uid} werkt niet in uw regio.", "team_user_ids"))
    invalid(problems)
    case = Case(family_id=family_id, region_id=actor.region_id, title=title, owner_id=actor.id, created_at=now)
    session.add(case)
    session.flush()
    for uid in sorted(set(team_user_ids) - {actor.id}):
        session.add(CaseTeamMember(case_id=case.id, user_id=uid, role="zaakteam"))
    audit(session, now=now, actor=actor, action="case.created", case_id=case.id, family_id=family_id)
    session.commit()
    return case


def parse_content(data: dict) -> RequestContent:
    from reviewers.policy import get_policy  # the expertise vocabulary lives with the assignment policy

    try:
        content = RequestContent.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems=[
            Problem("content_invalid", f"Ongeldig veld {'.'.join(map(str, e['loc'])) or 'inhoud'}: {e['msg']}",
                    ".".join(map(str, e["loc"])) or None)
            for e in exc.errors()
        ]) from None
    vocabulary = get_policy().expertise
    unknown = [t for t in content.problem_tags if t not in vocabulary]
    invalid([Problem("problem_tag_unknown", f"Onbekende problematiek '{t}'; kies uit: {', '.join(vocabulary)}.",
                     "problem_tags") for t in unknown])
    return content


def _add_revision(session: Session, request: Request, content: RequestContent, actor: User, now: datetime,
                  note: str) -> RequestRevision:
    number = 1 + len(session.exec(select(RequestRevision.id).where(RequestRevision.request_id == request.id)).all())
    revision = RequestRevision(request_id=request.id, number=number, content=content.model_dump(mode="json"),
                               content_hash=content.content_hash(), created_at=now, created_by=actor.id, note=note)
    session.add(revision)
    session.flush()
    request.current_revision_id = revision.id
    request.measure = content.measure
    return revision


def create_request(session: Session, *, actor: User, case_id: int, content: RequestContent, spoed: bool,
                   now: datetime) -> Request:
    begin_write(session)
    require_role(actor, "indiener")
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"Zaak {case_id} bestaat niet.", code="case_not_found")
    current_catalogues().current().measure(content.measure)  # unknown measure: refuse now
    request = Request(case_id=case.id, requester_id=actor.id, measure=content.measure, spoed=spoed,
                      created_at=now, state_changed_at=now)
    session.add(request)
    session.flush()
    revision = _add_revision(session, request, content, actor, now, "eerste concept")
    dossier = load_dossier(session, request.id)
    require_case_team(session, actor, dossier)
    ensure_parties(session, dossier, now)
    audit(session, now=now, actor=actor, action="request.created", request=request, revision=revision,
          measure=content.measure, spoed=spoed)
    session.commit()
    return request


def revise_request(session: Session, *, actor: User, request_id: int, content: RequestContent, note: str,
                   now: datetime) -> RequestRevision:
    """A change is a new immutable revision; after approval it voids every approval and sign-off."""
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    request = dossier.request
    to = target_state("revise", request.state)
    if content.content_hash() == dossier.revision.content_hash:
        return dossier.revision
    previous = dossier.revision
    revision = _add_revision(session, request, content, actor, now, note)
    changed = sorted(k for k in type(content).model_fields if getattr(content, k) != getattr(dossier.content, k))
    if request.approved_revision_id is not None or request.state in (RequestState.in_tegenspraak,):
        voided_verdicts = session.exec(select(Verdict.id).where(Verdict.revision_id == previous.id)).all()
        voided_signoffs = session.exec(select(SignOff.id).where(SignOff.revision_id == previous.id)).all()
        if voided_verdicts or voided_signoffs or request.approved_revision_id:
            audit(session, now=now, actor=actor, action="approvals.voided", request=request, revision=revision,
                  previous_revision=previous.number, verdicts=list(voided_verdicts), signoffs=list(voided_signoffs))
        request.approved_revision_id = None
    if to != RequestState.draft:
        # A change during or after review is reviewed in full again: no carried-over verdicts.
        request.minor_change_revision_id = None
    set_state(request, to, now)
    ensure_parties(session, load_dossier(session, request_id), now)
    audit(session, now=now, actor=actor, action="request.revised", request=request, revision=revision,
          previous_revision=previous.number, changed=changed, note=note)
    if to == RequestState.in_tegenspraak:
        emit(session, kind="review.updated", request_id=request.id, now=now)
    session.commit()
    return revision


def submit_request(session: Session, *, actor: User, request_id: int, now: datetime) -> Request:
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    request = dossier.request
    if request.catalogue_version is None:
        # Pin before checking, so the request is judged by the version it is submitted under.
        request.catalogue_version = dossier.catalogue.version
    to = check("submit", dossier, now, SUBMIT_GUARDS)
    set_state(request, to, now)
    request.flagged = ""
    ensure_parties(session, dossier, now)
    audit(session, now=now, actor=actor, action="request.submitted", request=request, revision=dossier.revision,
          catalogue_version=request.catalogue_version)
    emit(session, kind="request.submitted", request_id=request.id, now=now)
    session.commit()
    return request


def reason_given(reason: str):
    def guard(dossier, now) -> list[Problem]:
        return [] if reason.strip() else [Problem("reason_missing", "Geef een reden op.", "reason")]
    return guard


def withdraw_request(session: Session, *, actor: User, request_id: int, reason: str, now: datetime) -> Request:
    dossier = load_dossier(session, request_id, for_update=True)
    if not actor.has_role("beheerder"):
        require_case_team(session, actor, dossier)
    to = check("withdraw", dossier, now, [reason_given(reason)])
    set_state(dossier.request, to, now)
    dossier.request.closing_reason = reason
    audit(session, now=now, actor=actor, action="request.withdrawn", request=dossier.request,
          revision=dossier.revision, reason=reason)
    session.commit()
    return dossier.request


def file_request(session: Session, *, actor: User, request_id: int, court_reference: str, now: datetime) -> Request:
    dossier = load_dossier(session, request_id, for_update=True)
    require_case_team(session, actor, dossier)
    to = check("file", dossier, now, [check_approval_current])
    set_state(dossier.request, to, now)
    audit(session, now=now, actor=actor, action="request.filed", request=dossier.request, revision=dossier.revision,
          court_reference=court_reference)
    session.commit()
    return dossier.request


# --- reads the workspace pages need (each checked and access-logged like every other read) -----------------

def families_for_cases(session: Session, *, actor: User, now: datetime) -> list[Family]:
    """The families an indiener may open a case on: those registered in their own region (see create_case)."""
    from models.services import access

    begin_write(session)
    require_role(actor, "indiener")
    families = list(session.exec(select(Family).where(Family.region_id == actor.region_id)
                                 .order_by(Family.name, Family.id)))
    access.log_access(session, actor=actor, object_type="family_list", object_id=None, now=now, outcome="granted",
                      purpose=access.REGIO)
    session.commit()
    return families


def region_colleagues(session: Session, *, actor: User) -> list[User]:
    """The active indieners of the actor's region (who may join a case team), the actor excluded."""
    users = session.exec(select(User).where(User.region_id == actor.region_id, User.active == True)  # noqa: E712
                         .order_by(User.name)).all()
    session.commit()
    return [u for u in users if u.id != actor.id and u.has_role("indiener")]


def my_cases(session: Session, *, actor: User, now: datetime) -> list[dict]:
    """The cases the actor works on (owner or team member), with the family's name and the number of requests."""
    from sqlalchemy import func, or_

    from models.services import access

    begin_write(session)
    team = select(CaseTeamMember.case_id).where(CaseTeamMember.user_id == actor.id)
    rows = session.exec(select(Case, Family).join(Family, Family.id == Case.family_id)
                        .where(Case.region_id == actor.region_id, or_(Case.owner_id == actor.id, Case.id.in_(team)))
                        .order_by(Case.id.desc())).all() if actor.has_role("indiener") else []
    counts = dict(session.exec(select(Request.case_id, func.count(Request.id))
                               .where(Request.case_id.in_([c.id for c, _ in rows])).group_by(Request.case_id)).all())
    access.log_access(session, actor=actor, object_type="case_list", object_id=None, now=now, outcome="granted",
                      purpose=access.ZAAKTEAM)
    session.commit()
    return [{"id": c.id, "title": c.title, "family": f.name, "created_at": c.created_at,
             "requests": counts.get(c.id, 0)} for c, f in rows]


def may_draft(session: Session, *, actor: User, request_id: int) -> bool:
    """Whether the actor drafts this request (its case team): the pages offer editing and submitting only then."""
    from models.services import access

    request = session.get(Request, request_id)
    case = session.get(Case, request.case_id) if request else None
    basis = access.request_basis(session, actor, request, case) if case else None
    session.commit()
    return basis == access.ZAAKTEAM


def preview_checklist(session: Session, *, actor: User, request_id: int, content: RequestContent,
                      now: datetime) -> dict:
    """The checklist and readability hints for content the indiener has typed but not saved: the request judged
    as it would be with that content (nothing is stored but the access-log record of the read)."""
    from dataclasses import replace

    from models.gates import checklist
    from models.readability import request_hints
    from models.services import access

    dossier = access.open_request(session, actor=actor, request_id=request_id, part="request", now=now)
    require_case_team(session, actor, dossier)
    return {"checklist": checklist(replace(dossier, content=content), now), "readability": request_hints(content)}
