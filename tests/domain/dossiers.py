"""In-memory dossiers for the pure-domain tests: no database, no clock, only plain objects.

`ready_dossier(now)` is a complete OTS request for one child, brought (on paper) to `ready`: intake complete, an
independent panel seated, every party invited with proof and heard, the child's voice recorded, every criterion
assessed, every member's akkoord, and the jurist and the gedragswetenschapper signed the exact revision. Every gate
up to render holds for it. Tests take one part away, or move one value to its boundary, and see which gate refuses.

The table classes are SQLModel models instantiated without a session; their ids are fixed here. The catalogue is
the package's own data, read through `get_catalogue` (cached per directory), never through the settings.
"""

import pickle
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import models
from models.case import Case
from models.catalogue import Catalogue, get_catalogue
from models.dossier import Dossier
from models.family import Family, Person
from models.hearing import ChildVoice, HearingParty
from models.organisation import Region, User
from models.panel import PanelSeat
from models.request import Request, RequestContent, RequestRevision, RequestState
from models.review import Assessment, Decision, Escalation, SignOff, Verdict

CATALOGUE_DIR = Path(models.__file__).parent / "catalogue_data"
VERSION = "2026.2"

# Fixed ids, so a test can name what it changes.
OWN_REGION, REVIEW_REGION = 1, 2
INDIENER, COLLEGA, REGIOMANAGER = 10, 11, 12
REVIEWERS = {"tegenspreker": 20, "jurist": 21, "gedragswetenschapper": 22}
FAMILY, CASE, REQUEST = 1, 1, 1
REVISION = 1
MOTHER, FATHER, CHILD = 100, 101, 102
SEAT_IDS = {"tegenspreker": 200, "jurist": 201, "gedragswetenschapper": 202}
PARTY_IDS = {MOTHER: 300, FATHER: 301, CHILD: 302}
CHILD_AGE = 13  # years on `now`: above the catalogue's hearing age of 12


def catalogue(version: str = VERSION) -> Catalogue:
    return get_catalogue(CATALOGUE_DIR, version)


def years_before(day: date, years: int) -> date:
    """The date `years` before `day` (29 February falls back to 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def ots_content(now: datetime) -> dict:
    """A complete OTS request for the child, as an indiener writes it; every fact dated before `now`."""
    d = (now - timedelta(days=30)).date()
    return {
        "measure": "ots",
        "capacity": "raad",
        "child_ids": [CHILD],
        "duration_months": 12,
        "summary": "Wij vragen de kinderrechter om Noah een jaar onder toezicht te stellen. Noah gaat al maanden niet "
                   "naar school en thuis is vaak ruzie.",
        "concerns": ["Noah verzuimt sinds de zomer vrijwel volledig van school."],
        "facts": [
            {"key": "verzuim", "text": "Noah is op 38 van de 45 schooldagen afwezig geweest.",
             "source": "verzuimregistratie Leerplicht Utrecht", "date": (d - timedelta(days=10)).isoformat(),
             "confirmed_by": "leerplichtambtenaar J. Peters", "kind": "fact"},
            {"key": "politie", "text": "De politie is drie keer ter plaatse geweest na meldingen over geweld tussen "
             "de ouders; Noah was elke keer thuis.", "source": "politiemutaties",
             "date": (d - timedelta(days=5)).isoformat(), "confirmed_by": "wijkagent M. de Boer", "kind": "fact"},
            {"key": "hulp_gestopt", "text": "Het vrijwillige hulptraject van het lokaal team is gestopt omdat de "
             "ouders de hulpverlener niet meer binnenlieten.", "source": "afsluitbericht lokaal team",
             "date": d.isoformat(), "confirmed_by": "casusregisseur L. Smits", "kind": "fact"},
            {"key": "ouders_willen", "text": "Beide ouders willen binnen een jaar weer zelf de zorg dragen.",
             "source": "gesprek met de ouders", "date": d.isoformat(), "confirmed_by": "F. el Amrani (RVT)",
             "kind": "fact"},
            {"key": "inschatting", "text": "Naar het oordeel van de gedragswetenschapper is de ontwikkeling van Noah "
             "ernstig bedreigd.", "kind": "opinion", "held_by": "dr. A. Visser, gedragswetenschapper RVT Utrecht"},
        ],
        "grounds": [
            {"element": "ontwikkelingsbedreiging", "answer": "Ja. Noah mist al maanden onderwijs en groeit op in een "
             "gezin met herhaald huiselijk geweld.", "fact_keys": ["verzuim", "politie"]},
            {"element": "zorg_niet_geaccepteerd", "answer": "Ja. De ouders hebben het vrijwillige traject laten "
             "stoppen.", "fact_keys": ["hulp_gestopt"]},
            {"element": "verwachting_verantwoordelijkheid", "answer": "Ja. Met begeleiding kunnen de ouders binnen "
             "een jaar de zorg weer dragen.", "fact_keys": ["ouders_willen"]},
        ],
        "alternatives": [
            {"kind": "vrijwillige_hulp", "description": "Gezinsbegeleiding in het vrijwillig kader.",
             "tried": "Zes maanden begeleiding door het lokaal team.", "result": "Gestopt na afzeggingen.",
             "why_insufficient": "De ouders lieten de hulpverlener niet meer binnen.",
             "was_tried": True, "tried_when": "april tot en met september 2026"},
        ],
        "proportionality": "Een ondertoezichtstelling laat Noah thuis wonen en de ouders het gezag houden.",
        "duration_reason": "Een schooljaar is nodig om de schoolgang te herstellen.",
        "effectiveness": "De jeugdbeschermer kan aanwijzingen geven over schoolgang en hulp.",
        "goals": ["Noah gaat weer elke schooldag naar school."],
        "attachments": [],
        "flags": {},
        "urgency": "",
        "problem_tags": ["huiselijk_geweld"],
        "executing_institution": "Samen Veilig Midden-Nederland, Utrecht",
    }


def _user(uid: int, name: str, region: int, roles: list[str]) -> User:
    return User(id=uid, name=name, email=f"u{uid}@example.org", region_id=region, roles=roles)


def ready_dossier(now: datetime, *, version: str = VERSION, **content_changes) -> Dossier:
    """A complete OTS request in state `ready`, every gate up to render holding on `now`. A fresh copy each time:
    tests change it freely."""
    if content_changes:
        return _build_ready(now, version, content_changes)
    d = pickle.loads(_ready_snapshot(now, version))
    d.catalogue = catalogue(version)
    return d


@lru_cache(maxsize=128)
def _ready_snapshot(now: datetime, version: str) -> bytes:
    """The built dossier, pickled without its catalogue: unpickling is several times faster than building."""
    d = _build_ready(now, version, {})
    d.catalogue = None
    return pickle.dumps(d)


def _build_ready(now: datetime, version: str, content_changes: dict) -> Dossier:
    cat = catalogue(version)
    content = RequestContent.model_validate(ots_content(now) | content_changes)
    t0 = now - timedelta(days=20)
    revision = RequestRevision(id=REVISION, request_id=REQUEST, number=1, content=content.model_dump(mode="json"),
                               content_hash=content.content_hash(), created_at=t0, created_by=INDIENER)
    request = Request(id=REQUEST, case_id=CASE, requester_id=INDIENER, measure=content.measure,
                      state=RequestState.ready, catalogue_version=cat.version, current_revision_id=REVISION,
                      approved_revision_id=REVISION, created_at=t0, state_changed_at=now - timedelta(days=1))
    region = Region(id=OWN_REGION, code="utrecht", name="RVT Utrecht", court="Rechtbank Midden-Nederland",
                    court_location="Utrecht", capacities=["raad", "gi"])
    users = {
        INDIENER: _user(INDIENER, "Fatima el Amrani", OWN_REGION, ["indiener"]),
        COLLEGA: _user(COLLEGA, "Joris Bakker", OWN_REGION, ["indiener"]),
        REGIOMANAGER: _user(REGIOMANAGER, "Els de Wit", OWN_REGION, ["regiomanager"]),
        REVIEWERS["tegenspreker"]: _user(REVIEWERS["tegenspreker"], "Ayse Kaya", REVIEW_REGION, ["tegenspreker"]),
        REVIEWERS["jurist"]: _user(REVIEWERS["jurist"], "Pieter Jansen", REVIEW_REGION, ["jurist"]),
        REVIEWERS["gedragswetenschapper"]: _user(REVIEWERS["gedragswetenschapper"], "Meryem Yildiz", REVIEW_REGION,
                                                 ["gedragswetenschapper"]),
    }
    family = Family(id=FAMILY, name="Gezin De Vries", region_id=OWN_REGION)
    persons = {
        MOTHER: Person(id=MOTHER, family_id=FAMILY, kind="parent", given_names="Sanne", surname="de Vries",
                       date_of_birth=date(1988, 4, 2), has_gezag=True, relation="moeder"),
        FATHER: Person(id=FATHER, family_id=FAMILY, kind="parent", given_names="Mark", surname="de Vries",
                       date_of_birth=date(1986, 9, 17), has_gezag=True, relation="vader"),
        CHILD: Person(id=CHILD, family_id=FAMILY, kind="child", given_names="Noah", surname="de Vries",
                      date_of_birth=years_before(now.date(), CHILD_AGE) - timedelta(days=40)),
    }
    case = Case(id=CASE, family_id=FAMILY, region_id=OWN_REGION, title="Noah", owner_id=INDIENER, created_at=t0)
    seats = [PanelSeat(id=SEAT_IDS[role], request_id=REQUEST, role=role, seat_no=1, user_id=uid,
                       assigned_at=t0 + timedelta(days=1))
             for role, uid in REVIEWERS.items()]
    invited, responded = t0 + timedelta(days=2), t0 + timedelta(days=5)
    parties = [
        HearingParty(id=PARTY_IDS[pid], request_id=REQUEST, person_id=pid, kind="parent_gezag", required=True,
                     invited_at=invited, invited_revision_id=REVISION, channel="email",
                     proof=f"e-mail verzonden {invited:%d-%m-%Y}",
                     deadline=invited + timedelta(days=cat.hearing.response_days), responded_at=responded,
                     response_channel="email", position="oneens", response_text="Wij zijn het er niet mee eens.")
        for pid in (MOTHER, FATHER)
    ] + [HearingParty(id=PARTY_IDS[CHILD], request_id=REQUEST, person_id=CHILD, kind="child", required=True)]
    voices = {CHILD: ChildVoice(id=1, request_id=REQUEST, person_id=CHILD, heard=True, method="gesprek",
                                obtained_by="Fatima el Amrani", obtained_at=responded,
                                child_words="Ik wil dat het thuis rustig is.", recorded_by=INDIENER,
                                recorded_at=responded)}
    d = Dossier(request=request, revision=revision, content=content, catalogue=cat, case=case, region=region,
                family=family, persons=persons, requester=users[INDIENER], team_user_ids={INDIENER, COLLEGA},
                seats=seats, parties=parties, voices=voices, assessments=[], verdicts={}, signoffs=[], users=users)
    assessed = t0 + timedelta(days=10)
    d.assessments = [Assessment(id=i, request_id=REQUEST, revision_id=REVISION, reviewer_id=seat.user_id,
                                criterion=code, outcome="voldoet", reasoning=f"{label}: voldoende onderbouwd.",
                                recorded_at=assessed)
                     for i, (seat, (code, label)) in enumerate(((s, c) for s in seats for c in d.criteria()), 1)]
    for seat in seats:
        set_verdict(d, seat.role, Decision.akkoord, at=assessed + timedelta(hours=1))
    sign(d, *cat.review.signoff_roles, at=now - timedelta(days=1))
    return d


# --- overrides: each changes one thing and returns the dossier -----------------------------

def seat(d: Dossier, role: str) -> PanelSeat:
    return next(s for s in d.seats if s.role == role)


def party(d: Dossier, person_id: int) -> HearingParty:
    return next(p for p in d.parties if p.person_id == person_id)


def with_state(d: Dossier, state: RequestState) -> Dossier:
    d.request.state = state
    return d


def with_content(d: Dossier, **changes) -> Dossier:
    """The same revision with other content, as if written so from the start: its hash follows, and so do the
    sign-offs (they signed what is there now). For a revision changed behind the engine's back, see `tamper`."""
    old_hash = d.revision.content_hash
    d.content = RequestContent.model_validate(d.content.model_dump(mode="json") | changes)
    d.revision.content = d.content.model_dump(mode="json")
    d.revision.content_hash = d.content.content_hash()
    for s in d.signoffs:
        if s.revision_hash == old_hash:
            s.revision_hash = d.revision.content_hash
    return d


def with_fact(d: Dossier, key: str, **fields) -> Dossier:
    """One fact changed (e.g. `date=...`), the others as they were."""
    facts = [f.model_dump(mode="json") | (fields if f.key == key else {}) for f in d.content.facts]
    if not any(f.key == key for f in d.content.facts):
        raise KeyError(key)
    return with_content(d, facts=facts)


def tamper(d: Dossier, **changes) -> Dossier:
    """The stored content edited outside the application: the JSON changes, the stored hash does not."""
    d.revision.content = d.revision.content | changes
    return d


def with_child_born(d: Dossier, born: date | None, person_id: int = CHILD) -> Dossier:
    d.persons[person_id].date_of_birth = born
    return d


def child_aged(d: Dossier, now: datetime, years: int, *, days_younger: int = 0) -> Dossier:
    """The child turns `years` on `now` (with days_younger=1: tomorrow, so it is still years - 1 today)."""
    return with_child_born(d, years_before(now.date(), years) + timedelta(days=days_younger))


def without_seat(d: Dossier, role: str) -> Dossier:
    d.seats = [s for s in d.seats if s.role != role]
    return d


def set_verdict(d: Dossier, role: str, decision: Decision | None, *, at: datetime | None = None) -> Dossier:
    """The member in `role` gives `decision` on the current revision (None: no verdict)."""
    s = seat(d, role)
    if decision is None:
        d.verdicts.pop(s.id, None)
        return d
    d.verdicts[s.id] = Verdict(id=s.id, request_id=REQUEST, revision_id=d.revision.id, seat_id=s.id,
                               reviewer_id=s.user_id, decision=decision, reasons=f"Oordeel {role}: {decision}.",
                               recorded_at=at or d.request.state_changed_at)
    return d


def sign(d: Dossier, *roles: str, at: datetime | None = None, revision_hash: str | None = None) -> Dossier:
    """The members in `roles` sign `revision_hash` (default: the current revision's hash)."""
    for role in roles:
        s = seat(d, role)
        d.signoffs.append(SignOff(id=len(d.signoffs) + 1, request_id=REQUEST, revision_id=d.revision.id,
                                  revision_hash=revision_hash or d.revision.content_hash, user_id=s.user_id,
                                  role=role, declaration="Ik verklaar deze revisie getoetst.",
                                  signed_at=at or d.request.state_changed_at))
    return d


def unsign(d: Dossier, role: str) -> Dossier:
    uid = seat(d, role).user_id
    d.signoffs = [s for s in d.signoffs if s.user_id != uid]
    return d


def without_assessment(d: Dossier, role: str, criterion: str) -> Dossier:
    uid = seat(d, role).user_id
    d.assessments = [a for a in d.assessments if not (a.reviewer_id == uid and a.criterion == criterion)]
    return d


def not_responded(d: Dossier, person_id: int, *, deadline: datetime | None = None, proof: str | None = None,
                  invited: bool = True) -> Dossier:
    """The party was invited (or not) and has not responded; its deadline and proof as given."""
    p = party(d, person_id)
    p.responded_at, p.position, p.response_text = None, "", ""
    if not invited:
        p.invited_at = p.invited_revision_id = p.deadline = None
        p.proof = ""
        return d
    if deadline is not None:
        p.deadline = deadline
    if proof is not None:
        p.proof = proof
    return d


def without_voice(d: Dossier, person_id: int = CHILD) -> Dossier:
    d.voices.pop(person_id, None)
    return d


def with_escalation(d: Dossier, *, proceed: bool, at: datetime | None = None) -> Dossier:
    d.escalation = Escalation(id=1, request_id=REQUEST, revision_id=d.revision.id, decided_by=REGIOMANAGER,
                              proceed=proceed, reasons="De regiomanager besluit met redenen.",
                              decided_at=at or d.request.state_changed_at)
    return d


def new_revision(d: Dossier, **changes) -> Dossier:
    """A new revision with `changes`: it has no assessments, verdicts or sign-offs of its own yet (as
    `load_dossier` would load them), and the panel's approval stays on the old revision."""
    old = d.revision
    content = RequestContent.model_validate(d.content.model_dump(mode="json") | changes)
    d.invited_contents[old.id] = d.content
    d.revision = RequestRevision(id=old.id + 1, request_id=REQUEST, number=old.number + 1,
                                 content=content.model_dump(mode="json"), content_hash=content.content_hash(),
                                 created_at=old.created_at + timedelta(days=1), created_by=INDIENER)
    d.content = content
    d.request.current_revision_id = d.revision.id
    d.carried_verdicts = {}
    d.assessments, d.verdicts, d.signoffs = [], {}, []
    return d


def add_seat(d: Dossier, role: str, seat_no: int, user_id: int, name: str = "Extra lid") -> Dossier:
    """Another seat (e.g. the second tegenspreker of a gezagsbeëindiging), with its member's assessments."""
    d.users[user_id] = _user(user_id, name, REVIEW_REGION, [role])
    s = PanelSeat(id=user_id + 1000, request_id=REQUEST, role=role, seat_no=seat_no, user_id=user_id,
                  assigned_at=d.request.created_at)
    d.seats.append(s)
    d.assessments += [Assessment(id=1000 + len(d.assessments), request_id=REQUEST, revision_id=d.revision.id,
                                 reviewer_id=user_id, criterion=code, outcome="voldoet", reasoning=f"{label}: ja.",
                                 recorded_at=d.request.created_at) for code, label in d.criteria()]
    return d


def minor_change(d: Dossier, **changes) -> Dossier:
    """'Akkoord na kleine aanpassing' on the current revision, then the small change as a new revision: the other
    members' verdicts carry over, the chair checks the change (not yet done)."""
    old_id, old_verdicts = d.revision.id, dict(d.verdicts)
    new_revision(d, **changes)
    d.request.minor_change_revision_id = old_id
    d.carried_verdicts = old_verdicts
    return d


def chair_checks(d: Dossier, decision: Decision = Decision.akkoord) -> Dossier:
    """The chair (tegenspreker 1) reassesses every criterion on the current revision and gives `decision`."""
    chair = seat(d, "tegenspreker")
    d.assessments += [Assessment(id=2000 + i, request_id=REQUEST, revision_id=d.revision.id,
                                 reviewer_id=chair.user_id, criterion=code, outcome="voldoet",
                                 reasoning=f"{label}: de aanpassing is in orde.", recorded_at=d.request.created_at)
                      for i, (code, label) in enumerate(d.criteria())]
    return set_verdict(d, "tegenspreker", decision)
