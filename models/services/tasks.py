"""Mijn werk: what needs me, for which request, by when. A pure read over the same rules as the gates.

Which requests a user gets tasks for follows the access rules (models.services.access): the case team of a case
(indiener), an active panel seat (tegenspreker, jurist, gedragswetenschapper), the regiomanager of the case's
region, the beheerder (flags only, never a family's personal data). What a task is comes from the gates
(`hearing_gaps`, `unresolved_warnings`, the dossier's verdict rules), deadlines from the catalogue.

Everything is loaded in batches (a fixed number of queries, whatever the number of requests): the task list is
the page every user opens first, and a national workload is thousands of open requests.
"""

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from pydantic import ValidationError
from sqlalchemy import and_, exists, or_
from sqlalchemy.orm import defer
from sqlmodel import Session, select

from models.case import Case, CaseTeamMember
from models.catalogue import Catalogue
from models.documents import AMSTERDAM
from models.dossier import Dossier, catalogue_for
from models.family import Family, Person
from models.hearing import HEARING_OPEN, ChildVoice, FollowUpHearing, HearingParty, ReinviteWaiver
from models.organisation import ROLE_LABELS, Region, User
from models.panel import PanelSeat
from models.request import STATE_LABELS, Request, RequestContent, RequestRevision, RequestState as S
from models.review import Assessment, Escalation, SignOff, Verdict, WarningAcceptance

CLOSED = (S.filed, S.withdrawn)
CONTENT_CACHE = 4096  # parsed revisions kept per process: a few thousand open requests, ~1 ms each to parse
PANEL_STATES = (S.in_tegenspraak, S.approved)


@dataclass(frozen=True)
class Task:
    """One thing a user has to do. `role` is the capacity in which it is theirs; `url` a workspace page."""

    kind: str
    title: str
    request_id: int
    url: str
    role: str
    measure: str
    spoed: bool
    deadline: datetime | None = None
    detail: str = ""
    family: str = ""  # empty where the user may not see the family's personal data (the beheerder)
    children: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def overdue(self, now: datetime) -> bool:
        return self.deadline is not None and self.deadline <= now

    def days_left(self, now: datetime) -> int | None:
        """Calendar days in Dutch time until the deadline's day; negative when it has passed."""
        if self.deadline is None:
            return None
        return (self.deadline.astimezone(AMSTERDAM).date() - now.astimezone(AMSTERDAM).date()).days


def risk_order(task: Task, now: datetime) -> tuple:
    """Newest risk first: overdue, then the nearest deadline, spoed first among equals; tasks without a deadline
    after those with one."""
    return (not task.overdue(now), task.deadline is None, task.deadline or now, not task.spoed, task.request_id,
            task.kind)


def is_spoed(request: Request, catalogue: Catalogue) -> bool:
    measure = catalogue.measures.get(request.measure)
    return request.spoed or bool(measure and measure.spoed)


def review_deadline(request: Request, seat: PanelSeat, catalogue: Catalogue) -> datetime:
    """By when a panel member gives a verdict: the catalogue's review window (spoed: its spoed window), from the
    seat's assignment or from the moment the request (re-)entered tegenspraak, whichever is later; a new
    revision under review is judged in a new window."""
    rules = catalogue.review
    days = rules.spoed_window_days if is_spoed(request, catalogue) else rules.window_days
    start = seat.assigned_at
    if request.state == S.in_tegenspraak and request.state_changed_at > start:
        start = request.state_changed_at
    return start + timedelta(days=days)


# --- the task list --------------------------------------------------------------------------------

def my_tasks(session: Session, *, actor: User, now: datetime) -> list[Task]:
    """Every task of `actor`, newest risk first; nobody gets a task on a request they may not read. Writes only the
    access log of the requests whose family it names (_log_shown)."""
    if not actor.active:
        return []
    tasks: list[Task] = []
    if actor.has_role("indiener"):
        tasks += _indiener_tasks(session, actor, now)
    tasks += _panel_tasks(session, actor, now)
    if actor.has_role("regiomanager"):
        tasks += _regiomanager_tasks(session, actor, now)
    if actor.has_role("beheerder"):
        tasks += _beheerder_tasks(session, now)
    tasks.sort(key=lambda t: risk_order(t, now))
    _log_shown(session, actor, tasks, now)
    return tasks


def _log_shown(session: Session, actor: User, tasks: list[Task], now: datetime) -> None:
    """The list shows families' names and their children's given names: one access-log record per request shown
    so (NEN 7513), as when it is opened: object `request`, the ground of the task's role, the list's route.
    Committed here; a log that cannot be written shows nothing (AccessLogUnavailable)."""
    from models.services import access

    bases = {"indiener": access.ZAAKTEAM, "regiomanager": access.REGIOMANAGEMENT, "beheerder": access.BEHEER}
    shown: dict[int, str] = {}
    for task in tasks:
        if task.family or task.children:
            shown.setdefault(task.request_id, bases.get(task.role, access.TEGENSPRAAK))
    if not shown:
        return
    families = dict(session.exec(select(Request.id, Case.family_id).join(Case, Case.id == Request.case_id)
                                 .where(Request.id.in_(list(shown)))).all())
    access.log_reads(session, actor=actor, object_type="request", now=now,
                     reads=[(r, basis, r, families.get(r)) for r, basis in sorted(shown.items())])
    access.commit_log(session)


def _indiener_tasks(session: Session, actor: User, now: datetime) -> list[Task]:
    on_team = and_(Case.region_id == actor.region_id, or_(
        Case.owner_id == actor.id,
        exists().where(CaseTeamMember.case_id == Case.id, CaseTeamMember.user_id == actor.id)))
    rows = session.exec(select(Request).join(Case, Case.id == Request.case_id)
                        .where(on_team, Request.state.not_in([s.value for s in CLOSED]))).all()
    follow_up_ids = set(session.exec(select(FollowUpHearing.request_id).where(
        FollowUpHearing.request_id.in_([r.id for r in rows]), FollowUpHearing.done_at.is_(None))).all())
    need_dossier = [r for r in rows if r.state in HEARING_OPEN or r.id in follow_up_ids]
    dossiers = load_dossiers(session, need_dossier, hearing=True)
    names = _names(session, rows)
    tasks = []
    for request in rows:
        base = dict(request_id=request.id, url=f"/werkplek/verzoeken/{request.id}", role="indiener",
                    **names[request.id])
        if request.state == S.draft:
            tasks.append(Task("concept_afmaken", "Concept afmaken en indienen voor tegenspraak", **base))
        elif request.state == S.returned:
            tasks.append(Task("herzien", "Teruggestuurd door het panel: herzien en opnieuw indienen", **base))
        elif request.state == S.rendered:
            tasks.append(Task("indienen_rechtbank", "Verzoekschrift indienen bij de rechtbank", **base))
        dossier = dossiers.get(request.id)
        if dossier is not None:
            tasks += _hearing_tasks(dossier, now, base)
    return tasks


def _hearing_tasks(d: Dossier, now: datetime, base: dict) -> list[Task]:
    """Hoor en wederhoor still open, by the approve gate's own rule; one task per kind of step, naming who."""
    from models.gates import hearing_gaps

    gaps: dict[str, list[tuple[HearingParty, str]]] = defaultdict(list)
    if d.request.state in HEARING_OPEN:
        for party, problem in hearing_gaps(d, now):
            gaps[problem.code].append((party, d.person(party.person_id).full_name))
    tasks = []
    invite = (gaps["party_not_invited"] + gaps["party_reinvite_needed"] + gaps["invitation_proof_missing"]
              + gaps["party_deadline_missing"])
    if invite:
        tasks.append(Task("partijen_uitnodigen", "Partijen uitnodigen om op het concept te reageren",
                          detail=", ".join(name for _, name in invite), **base))
    if gaps["party_response_pending"]:
        pending = gaps["party_response_pending"]
        tasks.append(Task("reactie_afwachten", "Reactie van partijen verwacht; eventueel herinneren",
                          detail=", ".join(name for _, name in pending),
                          deadline=min(p.deadline for p, _ in pending), **base))
    if gaps["child_voice_missing"]:
        tasks.append(Task("stem_kind", "Mening van het kind vastleggen, of waarom het niet is gehoord",
                          detail=", ".join(name for _, name in gaps["child_voice_missing"]), **base))
    open_follow_ups = [f for f in d.follow_ups.values() if f.done_at is None]
    if open_follow_ups:
        parties = {p.id: p for p in d.parties}
        tasks.append(Task("alsnog_horen", "Na spoed alsnog horen",
                          detail=", ".join(d.person(parties[f.party_id].person_id).full_name for f in open_follow_ups),
                          deadline=min(f.deadline for f in open_follow_ups), **base))
    return tasks


def _panel_tasks(session: Session, actor: User, now: datetime) -> list[Task]:
    from models.gates import unresolved_warnings

    seats = session.exec(select(PanelSeat).join(Request, Request.id == PanelSeat.request_id)
                         .where(PanelSeat.user_id == actor.id, PanelSeat.released_at.is_(None),
                                Request.state.in_([s.value for s in PANEL_STATES]))).all()
    requests = session.exec(select(Request).where(_in(Request.id, [s.request_id for s in seats]))).all()
    dossiers = load_dossiers(session, requests, review=True, assessor=actor.id)
    names = _names(session, [d.request for d in dossiers.values()])
    tasks = []
    for seat in seats:
        d = dossiers.get(seat.request_id)
        if d is None:
            continue  # a revision changed outside the engine: its own page reports that
        request = d.request
        base = dict(request_id=request.id, url=f"/werkplek/toetsing/{request.id}", role=seat.role,
                    **names[request.id])
        if request.state == S.approved:
            signed = any(s.user_id == actor.id for s in d.signoffs)
            if (seat.role in d.catalogue.review.signoff_roles and not signed
                    and request.approved_revision_id == d.revision.id):
                tasks.append(Task("ondertekenen", f"Revisie {d.revision.number} bekijken en ondertekenen", **base))
            continue
        deadline = review_deadline(request, seat, d.catalogue)
        if d.minor_change:
            if seat.id == d.chair_seat_id and seat.id not in d.verdicts:
                tasks.append(Task("kleine_aanpassing", "Kleine aanpassing controleren (als voorzitter)",
                                  deadline=deadline, **base))
            continue
        if seat.id in d.verdicts:
            continue
        if d.catalogue.review.warnings_must_be_resolved:
            warnings = unresolved_warnings(d, now)
            if warnings:
                tasks.append(Task("waarschuwingen", "Waarschuwingen aanvaarden met redenen of laten herstellen",
                                  detail=f"{len(warnings)} open", deadline=deadline, **base))
        done = {a.criterion for a in d.assessments if a.reviewer_id == actor.id and a.reasoning.strip()}
        criteria = d.criteria()
        todo = sum(1 for code, _ in criteria if code not in done)
        detail = f"nog {todo} van {len(criteria)} criteria te beoordelen" if todo else "criteria beoordeeld"
        tasks.append(Task("beoordelen", "Beoordelen en oordeel geven", detail=detail, deadline=deadline, **base))
    return tasks


def _regiomanager_tasks(session: Session, actor: User, now: datetime) -> list[Task]:
    rows = session.exec(select(Request).join(Case, Case.id == Request.case_id)
                        .where(Case.region_id == actor.region_id, Request.state == S.advised_against)).all()
    decided = set(session.exec(select(Escalation.revision_id).where(
        Escalation.revision_id.in_([r.current_revision_id for r in rows]))).all())
    rows = [r for r in rows if r.current_revision_id not in decided]
    names = _names(session, rows)
    return [Task("escaleren", "Beslissen na 'advies niet indienen': toch indienen of niet", request_id=r.id,
                 url=f"/werkplek/verzoeken/{r.id}", role="regiomanager", **names[r.id]) for r in rows]


def _beheerder_tasks(session: Session, now: datetime) -> list[Task]:
    rows = session.exec(select(Request).where(Request.flagged != "",
                                              Request.state.not_in([s.value for s in CLOSED]))).all()
    names = _names(session, rows, personal=False)
    return [Task("gemarkeerd", "Gemarkeerd verzoek afhandelen", detail=r.flagged, request_id=r.id,
                 url=f"/werkplek/beheer/gemarkeerd#verzoek-{r.id}", role="beheerder", **names[r.id]) for r in rows]


def _names(session: Session, requests: list[Request], personal: bool = True) -> dict[int, dict]:
    """Per request: the measure's name, spoed, and (where the user may see them) family and children's names."""
    if not requests:
        return {}
    contents = revision_contents(session, [r.current_revision_id for r in requests]) if personal else {}
    persons, families = {}, {}
    if personal:
        cases = {c.id: c.family_id for c in session.exec(select(Case.id, Case.family_id).where(
            Case.id.in_({r.case_id for r in requests})))}
        family_ids = set(cases.values())
        families = {f.id: f.name for f in session.exec(select(Family.id, Family.name).where(Family.id.in_(family_ids)))}
        persons = {p.id: p.given_names for p in session.exec(select(Person.id, Person.given_names).where(
            Person.family_id.in_(family_ids), Person.kind == "child"))}
    out = {}
    for r in requests:
        catalogue = catalogue_for(r)
        measure = catalogue.measures.get(r.measure)
        entry = dict(measure=measure.name if measure else r.measure, spoed=is_spoed(r, catalogue))
        if personal:
            content = contents.get(r.current_revision_id)
            child_ids = content.child_ids if content else []
            entry |= dict(family=families.get(cases[r.case_id], ""),
                          children=", ".join(persons[i] for i in child_ids if i in persons))
        out[r.id] = entry
    return out


# --- many dossiers at once --------------------------------------------------------------------------

_known: dict[tuple[int, str], RequestContent] = {}
_known_lock = threading.Lock()  # the pages run in a thread pool


def revision_contents(session: Session, revision_ids) -> dict[int, RequestContent]:
    """The parsed content of each revision (none for one that no longer parses). Revisions are immutable
    (append-only in the database), so a content parsed once is kept, keyed by id and hash: the task list then
    reads and parses only what it has not seen."""
    ids = sorted(set(revision_ids) - {None})
    if not ids:
        return {}
    keys = dict(session.exec(select(RequestRevision.id, RequestRevision.content_hash).where(_in(RequestRevision.id,
                                                                                                 ids))).all())
    with _known_lock:
        found = {i: _known[(i, h)] for i, h in keys.items() if (i, h) in _known}
    missing = [i for i in keys if i not in found]
    parsed = {}
    for i, content in session.exec(select(RequestRevision.id, RequestRevision.content)
                                   .where(_in(RequestRevision.id, missing))) if missing else ():
        try:
            parsed[i] = RequestContent.model_validate(content)
        except ValidationError:
            continue  # changed outside the engine: its pages say so (revision_tampered); the task list goes on
    with _known_lock:
        for i, content in parsed.items():
            while len(_known) >= CONTENT_CACHE:
                _known.pop(next(iter(_known)))  # the oldest first
            _known[(i, keys[i])] = content
    return found | parsed


def _in(column, ids):
    return column.in_(sorted(set(ids)))


def load_dossiers(session: Session, requests: list[Request], *, hearing: bool = False,
                  review: bool = False, assessor: int | None = None) -> dict[int, Dossier]:
    """`load_dossier` for many requests in a fixed number of queries (read only, no locks). Always the request,
    its current revision, case, family, persons, region and requester; with `hearing` the parties, children's
    voices, waivers and follow-ups; with `review` the panel's seats, verdicts, sign-offs, accepted warnings and
    escalation, and the assessments of `assessor` (all assessments when None). Parts not asked for stay empty:
    loading every criterion of every member for hundreds of requests costs more than the rest together.

    For reading only: the case, the family and the panel's and the hearing's records are plain rows (attribute access like their table
    classes, at a fraction of the cost of ORM objects); the gates read them as they read the objects."""
    if not requests:
        return {}
    request_ids = [r.id for r in requests]
    revision_ids = [r.current_revision_id for r in requests]
    revisions = {r.id: r for r in session.exec(select(RequestRevision).options(defer(RequestRevision.content))
                                               .where(_in(RequestRevision.id, revision_ids)))}
    contents = revision_contents(session, revision_ids)
    cases = {c.id: c for c in session.execute(select(*Case.__table__.columns)
                                              .where(_in(Case.id, [r.case_id for r in requests])))}
    family_ids = [c.family_id for c in cases.values()]
    families = {f.id: f for f in session.execute(select(*Family.__table__.columns).where(_in(Family.id,
                                                                                            family_ids)))}
    regions = {g.id: g for g in session.exec(select(Region))}
    persons: dict[int, dict[int, Person]] = defaultdict(dict)
    for p in session.exec(select(Person).where(_in(Person.family_id, family_ids))):
        persons[p.family_id][p.id] = p
    team: dict[int, set[int]] = defaultdict(set)
    for case_id, user_id in session.exec(select(CaseTeamMember.case_id, CaseTeamMember.user_id)
                                         .where(_in(CaseTeamMember.case_id, cases))):
        team[case_id].add(user_id)

    def by_request(model, *where, order=(), when=True):
        grouped = defaultdict(list)
        if not when:
            return grouped
        stmt = select(*model.__table__.columns).where(_in(model.request_id, request_ids), *where)
        for row in session.execute(stmt.order_by(*(order or (model.id,)))):
            grouped[row.request_id].append(row)
        return grouped

    seats = by_request(PanelSeat, PanelSeat.released_at.is_(None), order=(PanelSeat.role, PanelSeat.seat_no),
                       when=review)
    parties = by_request(HearingParty, when=hearing)
    voices = by_request(ChildVoice, when=hearing)
    follow_ups = by_request(FollowUpHearing, when=hearing)
    waivers = by_request(ReinviteWaiver, when=hearing)
    on_current = defaultdict(list)  # revision-bound rows, current revision only
    for model in (Assessment, Verdict, SignOff, WarningAcceptance) if review else ():
        stmt = select(*model.__table__.columns).where(_in(model.revision_id, revision_ids)).order_by(model.id)
        if model is Assessment and assessor is not None:
            stmt = stmt.where(Assessment.reviewer_id == assessor)
        for row in session.execute(stmt):
            on_current[(model, row.request_id)].append(row)
    minor_ids = [r.minor_change_revision_id for r in requests
                 if review and r.minor_change_revision_id not in (None, r.current_revision_id)]
    carried = defaultdict(list)
    for v in session.execute(select(*Verdict.__table__.columns).where(_in(Verdict.revision_id, minor_ids))
                             .order_by(Verdict.id)):
        carried[v.request_id].append(v)
    escalations = {}
    if review:
        for e in session.exec(select(Escalation).where(_in(Escalation.revision_id, revision_ids))
                              .order_by(Escalation.id)):
            escalations[e.request_id] = e
    invited = revision_contents(session, {p.invited_revision_id for rows in parties.values() for p in rows})
    user_ids = {r.requester_id for r in requests} | {s.user_id for rows in seats.values() for s in rows}
    users = {u.id: u for u in session.exec(select(User).where(_in(User.id, user_ids)))}

    dossiers = {}
    for request in requests:
        revision, case = revisions[request.current_revision_id], cases[request.case_id]
        content = contents.get(revision.id)
        if content is None:
            continue
        d = Dossier(request=request, revision=revision, content=content, catalogue=catalogue_for(request), case=case,
                    region=regions[case.region_id], family=families[case.family_id],
                    persons=persons[case.family_id], requester=users[request.requester_id],
                    team_user_ids=team[case.id] | {case.owner_id}, seats=seats[request.id],
                    parties=parties[request.id], voices={v.person_id: v for v in voices[request.id]},
                    assessments=on_current[(Assessment, request.id)],
                    verdicts={v.seat_id: v for v in on_current[(Verdict, request.id)]},
                    signoffs=on_current[(SignOff, request.id)], users=users,
                    waivers={(w.party_id, w.revision_id) for w in waivers[request.id]},
                    follow_ups={f.party_id: f for f in follow_ups[request.id]},
                    escalation=escalations.get(request.id),
                    carried_verdicts={v.seat_id: v for v in carried[request.id]},
                    warning_acceptances=on_current[(WarningAcceptance, request.id)])
        d.invited_contents = {rid: invited[rid] for rid in {p.invited_revision_id for p in d.parties} - {None}}
        dossiers[request.id] = d
    return dossiers


def open_requests(session: Session, *, actor: User, without=()) -> list[dict]:
    """The user's open requests (except those in `without`: the ones with a task), each linked to the page for the
    user's part in it: what waits for others. Not what the beheerder may see as beheerder: that role works from
    the flags and the pool."""
    from models.services.access import readable_requests_clause

    roles = [r for r in actor.roles if r != "beheerder"]
    if not actor.active or not roles:
        return []
    seated = set(session.exec(select(PanelSeat.request_id).where(PanelSeat.user_id == actor.id,
                                                                  PanelSeat.released_at.is_(None))).all())
    clause = readable_requests_clause(_WithRoles(actor.id, actor.region_id, actor.active, roles))
    finished = [s.value for s in (*CLOSED, S.advised_against)]
    rows = session.exec(select(Request).join(Case, Case.id == Request.case_id)
                        .where(clause, Request.state.not_in(finished)).order_by(Request.id.desc())).all()
    rows = [r for r in rows if r.id not in set(without)]
    names = _names(session, rows, personal=False)
    return [{"id": r.id, "measure": names[r.id]["measure"], "spoed": names[r.id]["spoed"],
             "state_label": STATE_LABELS[S(r.state)],
             "url": f"/werkplek/toetsing/{r.id}" if r.id in seated else f"/werkplek/verzoeken/{r.id}"} for r in rows]


@dataclass(frozen=True)
class _WithRoles:
    """The user as the access rules see them, with some roles left out."""

    id: int
    region_id: int
    active: bool
    roles: list[str]

    def has_role(self, role: str) -> bool:
        return role in self.roles


@dataclass
class TaskCounts:
    """For a heading: how many tasks, how many overdue."""

    total: int = 0
    overdue: int = 0
    by_role: dict[str, list[Task]] = field(default_factory=dict)


def group_by_role(tasks: list[Task], now: datetime) -> TaskCounts:
    counts = TaskCounts(total=len(tasks), overdue=sum(1 for t in tasks if t.overdue(now)))
    for task in tasks:
        counts.by_role.setdefault(task.role, []).append(task)
    return counts
