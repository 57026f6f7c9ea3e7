"""Everything known about one request, loaded once, for guards, the checklist and documents."""

from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from models.case import Case, CaseTeamMember
from models.catalogue import Catalogue, Measure, get_catalogue
from models.db import begin_write
from models.errors import GateRefused, NotFound, Problem
from models.family import Family, Person
from models.hearing import ChildVoice, FollowUpHearing, HearingParty, ReinviteWaiver
from models.organisation import Region, User
from models.panel import PanelSeat
from models.request import Request, RequestContent, RequestRevision
from models.review import Assessment, Escalation, SignOff, Verdict, WarningAcceptance


@dataclass
class Dossier:
    request: Request
    revision: RequestRevision
    content: RequestContent
    catalogue: Catalogue
    case: Case
    region: Region
    family: Family
    persons: dict[int, Person]
    requester: User
    team_user_ids: set[int]
    seats: list[PanelSeat]  # active seats only
    parties: list[HearingParty]
    voices: dict[int, ChildVoice]  # latest record per child person id
    assessments: list[Assessment]  # on the current revision
    verdicts: dict[int, Verdict]  # latest per seat, on the current revision
    signoffs: list[SignOff]  # on the current revision
    users: dict[int, User] = field(default_factory=dict)
    invited_contents: dict[int, RequestContent] = field(default_factory=dict)  # revision id -> content
    waivers: set[tuple[int, int]] = field(default_factory=set)  # (party id, revision id)
    follow_ups: dict[int, FollowUpHearing] = field(default_factory=dict)  # party id -> deferred hearing (spoed)
    escalation: Escalation | None = None  # the latest escalation decision on the current revision
    carried_verdicts: dict[int, Verdict] = field(default_factory=dict)  # minor change: seat -> earlier verdict
    warning_acceptances: list[WarningAcceptance] = field(default_factory=list)  # on the current revision

    @property
    def chair_seat_id(self) -> int | None:
        """The panel's chair, as the catalogue names it (the first tegenspreker seat)."""
        chair = self.catalogue.review.chair
        seat = next((s for s in self.seats if s.role == chair.role and s.seat_no == chair.seat_no), None)
        return seat.id if seat else None

    @property
    def minor_change(self) -> bool:
        rid = self.request.minor_change_revision_id
        return rid is not None and rid != self.revision.id

    def effective_verdicts(self) -> dict[int, Verdict]:
        """The verdicts that count for the current revision: its own, plus (after a minor change checked by
        the chair) the other members' verdicts on the revision they agreed to."""
        if not self.minor_change:
            return self.verdicts
        return self.carried_verdicts | self.verdicts

    @property
    def measure(self) -> Measure | None:
        return self.catalogue.measures.get(self.content.measure)

    def criteria(self) -> list[tuple[str, str]]:
        """(code, label) of everything the panel assesses: the catalogue's criteria and each ground element
        of the ground the request argues (or of every ground, if none is complete)."""
        out = [(c.code, c.label) for c in self.catalogue.criteria]
        if self.measure is None:
            return out
        answered = [o for o in self.measure.grounds
                    if all(self.content.answer(e.code) and self.content.answer(e.code).answer.strip()
                           for e in o.elements)]
        for option in answered[:1] or self.measure.grounds:
            out += [(f"grond:{e.code}", f"Grond: {e.question}") for e in option.elements]
        return out

    def children(self) -> list[Person]:
        return [self.persons[i] for i in self.content.child_ids if i in self.persons]

    def person(self, person_id: int) -> Person:
        return self.persons[person_id]

    def user(self, user_id: int) -> User:
        return self.users[user_id]


PACKAGED_CATALOGUES = Path(__file__).resolve().parent / "catalogue_data"


@dataclass(frozen=True)
class Catalogues:
    """Where the legal catalogue's versions are kept, and the version a draft follows (None: the newest)."""

    directory: Path = PACKAGED_CATALOGUES
    version: str | None = None

    def current(self) -> Catalogue:
        return get_catalogue(self.directory, self.version)

    def for_request(self, request: Request) -> Catalogue:
        """A submitted request is judged by the catalogue version it was pinned to; a draft by the current one."""
        return get_catalogue(self.directory, request.catalogue_version or self.version)


# The catalogues of this process. The packaged ones unless the entry point chose others at start-up
# (`use_catalogues`, from Settings.catalogue_dir and catalogue_version): the catalogue is read wherever a dossier
# is loaded, and threading it through every service would say nothing the start-up does not say once.
_catalogues = Catalogues()


def use_catalogues(catalogues: Catalogues) -> Catalogues:
    """Make these the catalogues of this process; returns the ones in use before (to restore them)."""
    global _catalogues
    before, _catalogues = _catalogues, catalogues
    return before


def current_catalogues() -> Catalogues:
    return _catalogues


def catalogue_for(request: Request) -> Catalogue:
    """A submitted request is judged by the catalogue version it was pinned to; a draft by the current one."""
    return _catalogues.for_request(request)


def load_request(session: Session, request_id: int, *, for_update: bool = False) -> Request:
    stmt = select(Request).where(Request.id == request_id)
    if for_update:
        begin_write(session)
        # PostgreSQL: FOR NO KEY UPDATE. It still keeps a second writer of this request out, but lets another
        # transaction insert rows that refer to the request (an audit event, a mail): their foreign-key check
        # takes KEY SHARE. With plain FOR UPDATE a writer holding the audit-chain lock and inserting such a row
        # waited on this row while this transaction waited on the audit-chain lock: a deadlock under load.
        stmt = stmt.with_for_update(key_share=True)
    request = session.exec(stmt).first()
    if request is None:
        raise NotFound(f"Verzoek {request_id} bestaat niet.", code="request_not_found")
    return request


def load_dossier(session: Session, request_id: int, *, for_update: bool = False) -> Dossier:
    request = load_request(session, request_id, for_update=for_update)
    revision = session.get(RequestRevision, request.current_revision_id)
    try:
        content = revision.parsed()
    except ValueError:  # pydantic's ValidationError: the stored content was changed outside the engine
        raise GateRefused(problems=[Problem("revision_tampered", f"Revisie {revision.number} is buiten de "
                                            "applicatie gewijzigd en niet meer leesbaar; er wordt niets mee gedaan.",
                                            "revision")]) from None
    case = session.get(Case, request.case_id)
    persons = {p.id: p for p in session.exec(select(Person).where(Person.family_id == case.family_id))}
    seats = list(
        session.exec(
            select(PanelSeat)
            .where(PanelSeat.request_id == request.id, PanelSeat.released_at.is_(None))
            .order_by(PanelSeat.role, PanelSeat.seat_no)
        )
    )
    verdicts: dict[int, Verdict] = {}
    for v in session.exec(
        select(Verdict).where(Verdict.request_id == request.id, Verdict.revision_id == revision.id).order_by(Verdict.id)
    ):
        verdicts[v.seat_id] = v
    voices: dict[int, ChildVoice] = {}
    for v in session.exec(select(ChildVoice).where(ChildVoice.request_id == request.id).order_by(ChildVoice.id)):
        voices[v.person_id] = v
    team = {m.user_id for m in session.exec(select(CaseTeamMember).where(CaseTeamMember.case_id == case.id))}
    dossier = Dossier(
        request=request,
        revision=revision,
        content=content,
        catalogue=catalogue_for(request),
        case=case,
        region=session.get(Region, case.region_id),
        family=session.get(Family, case.family_id),
        persons=persons,
        requester=session.get(User, request.requester_id),
        team_user_ids=team | {case.owner_id},
        seats=seats,
        parties=list(
            session.exec(select(HearingParty).where(HearingParty.request_id == request.id).order_by(HearingParty.id))
        ),
        voices=voices,
        assessments=list(
            session.exec(
                select(Assessment)
                .where(Assessment.request_id == request.id, Assessment.revision_id == revision.id)
                .order_by(Assessment.id)
            )
        ),
        verdicts=verdicts,
        signoffs=list(
            session.exec(
                select(SignOff).where(SignOff.request_id == request.id, SignOff.revision_id == revision.id)
            )
        ),
    )
    invited = {p.invited_revision_id for p in dossier.parties if p.invited_revision_id}
    dossier.invited_contents = {r.id: r.parsed() for r in session.exec(
        select(RequestRevision).where(RequestRevision.id.in_(invited)))}
    dossier.follow_ups = {f.party_id: f for f in session.exec(
        select(FollowUpHearing).where(FollowUpHearing.request_id == request.id))}
    if request.minor_change_revision_id is not None and request.minor_change_revision_id != revision.id:
        for v in session.exec(select(Verdict).where(Verdict.revision_id == request.minor_change_revision_id)
                              .order_by(Verdict.id)):
            dossier.carried_verdicts[v.seat_id] = v
    dossier.escalation = session.exec(select(Escalation).where(Escalation.revision_id == revision.id)
                                      .order_by(Escalation.id.desc())).first()
    dossier.waivers = {(w.party_id, w.revision_id) for w in session.exec(
        select(ReinviteWaiver).where(ReinviteWaiver.request_id == request.id))}
    dossier.warning_acceptances = list(session.exec(
        select(WarningAcceptance).where(WarningAcceptance.request_id == request.id,
                                        WarningAcceptance.revision_id == revision.id).order_by(WarningAcceptance.id)))
    user_ids = {s.user_id for s in seats} | {request.requester_id} | {s.user_id for s in dossier.signoffs}
    user_ids |= {a.accepted_by for a in dossier.warning_acceptances}
    if dossier.escalation is not None:
        user_ids.add(dossier.escalation.decided_by)
    dossier.users = {u.id: u for u in session.exec(select(User).where(User.id.in_(user_ids)))}
    return dossier


def material_changes(before: RequestContent, after: RequestContent) -> list[str]:
    """The parts of a request parties were heard on that differ between two revisions."""
    from models.hearing import MATERIAL_FIELDS

    return [f for f in MATERIAL_FIELDS if getattr(before, f) != getattr(after, f)]
