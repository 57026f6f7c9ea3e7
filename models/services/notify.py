"""E-mail to the professionals when their work changes: a seat on a panel, a returned, approved or rendered
request, their turn to sign, a review deadline coming up. Each links into the workspace.

Notifications are derived from the request's state, not from which code path changed it: `notify_requests`
queues whatever the current state calls for and was not queued before (one dedupe key per reason), so running
it again, after a crash or for a re-processed event, adds nothing. It runs in the event handlers' transaction
(models.services.events) and, for changes made outside them (the daily batch assignment, an escalation), in the
deadline watcher (`watch_review_deadlines`), which also queues the reminders before review deadlines.

The mail holds no family's name: it travels through mail servers the RVT does not control; the workspace shows
the rest after login."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from models.catalogue import Catalogue
from models.db import begin_write
from models.documents import format_date_nl
from models.dossier import catalogue_for
from models.mail import MailMessage
from models.organisation import ROLE_LABELS, Region, User
from models.panel import PanelSeat
from models.request import Request, RequestRevision, RequestState as S
from models.review import SignOff, Verdict

USER_KINDS = ("seat_assigned", "review_reminder", "returned", "approved", "sign_turn", "rendered")
NOTIFIED_STATES = (S.in_tegenspraak, S.returned, S.approved, S.rendered)
# The watcher's catch-up looks this far back for state changes made outside the event handlers: long enough for a
# watcher that was down for hours, short enough not to mail about old work when notifications are first enabled.
CATCH_UP = timedelta(days=2)
SENDER = "tegenspraak (Regionaal Veiligheidsteam)"


@dataclass(frozen=True)
class Notice:
    key: str
    kind: str
    request: Request
    user_id: int
    role: str = ""
    deadline: datetime | None = None


def workspace_url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


# --- what the state calls for ---------------------------------------------------------------------

def _due_notices(request: Request, revision: RequestRevision, seats: list[PanelSeat], signed: set[int],
                 catalogue: Catalogue) -> list[Notice]:
    from models.services.tasks import review_deadline

    state = S(request.state)
    notices = []
    if state == S.in_tegenspraak:
        notices += [Notice(f"seat:{s.id}", "seat_assigned", request, s.user_id, s.role,
                           review_deadline(request, s, catalogue)) for s in seats]
    elif state == S.returned and request.returned_revision_id is not None:
        notices.append(Notice(f"returned:{request.id}:{request.returned_revision_id}", "returned", request,
                              request.requester_id))
    elif state == S.approved and request.approved_revision_id == revision.id:
        notices.append(Notice(f"approved:{request.id}:{revision.id}", "approved", request, request.requester_id))
        notices += [Notice(f"sign:{s.id}:{revision.id}", "sign_turn", request, s.user_id, s.role) for s in seats
                    if s.role in catalogue.review.signoff_roles and s.user_id not in signed]
    elif state == S.rendered:
        notices.append(Notice(f"rendered:{request.id}:{revision.id}", "rendered", request, request.requester_id))
    return notices


def notify_requests(session: Session, request_ids: list[int], now: datetime, *,
                    public_base_url: str) -> list[MailMessage]:
    """Queue every notification the requests' current states call for and that was not queued before.
    Batched (a fixed number of queries); flushes, never commits. `public_base_url`: the workspace as the
    professionals reach it (Settings.public_base_url), for the links in the messages."""
    requests = list(session.exec(select(Request).where(Request.id.in_(request_ids),
                                                       Request.state.in_([s.value for s in NOTIFIED_STATES]))))
    if not requests:
        return []
    ids = [r.id for r in requests]
    revisions = {r.id: r for r in session.exec(select(RequestRevision).where(
        RequestRevision.id.in_([r.current_revision_id for r in requests])))}
    seats: dict[int, list[PanelSeat]] = {}
    for seat in session.exec(select(PanelSeat).where(PanelSeat.request_id.in_(ids), PanelSeat.released_at.is_(None))
                             .order_by(PanelSeat.id)):
        seats.setdefault(seat.request_id, []).append(seat)
    signed: dict[int, set[int]] = {}
    for signoff in session.exec(select(SignOff).where(SignOff.revision_id.in_(list(revisions)))):
        signed.setdefault(signoff.request_id, set()).add(signoff.user_id)
    notices = [n for r in requests for n in _due_notices(r, revisions[r.current_revision_id], seats.get(r.id, []),
                                                         signed.get(r.id, set()), catalogue_for(r))]
    return _queue(session, notices, now, public_base_url)


def _queue(session: Session, notices: list[Notice], now: datetime, public_base_url: str) -> list[MailMessage]:
    from models.services.mailing import queue_mail

    if not notices:
        return []
    known = set(session.exec(select(MailMessage.dedupe_key).where(
        MailMessage.dedupe_key.in_([n.key for n in notices]))).all())
    notices = [n for n in notices if n.key not in known]
    users = {u.id: u for u in session.exec(select(User).where(User.id.in_(list({n.user_id for n in notices}))))}
    regions = {g.id: g.name for g in session.exec(select(Region))} if notices else {}
    queued = []
    for notice in notices:
        user = users.get(notice.user_id)
        if user is None or not user.active or not user.email:
            continue
        catalogue = catalogue_for(notice.request)
        subject, body = notice_text(notice, user=user, catalogue=catalogue, region=_region_name(session, notice,
                                                                                                regions),
                                    base_url=public_base_url)
        mail = queue_mail(session, request_id=notice.request.id, party_id=None, user_id=user.id, kind=notice.kind,
                          dedupe_key=notice.key, to=user.email, subject=subject, body=body, now=now)
        if mail is not None:
            queued.append(mail)
    return queued


def _region_name(session: Session, notice: Notice, regions: dict[int, str]) -> str:
    from models.case import Case

    case = session.get(Case, notice.request.case_id)
    return regions.get(case.region_id, "") if case else ""


# --- reminders before review deadlines, and the catch-up ---------------------------------------------

def reminder_lead(catalogue: Catalogue, request: Request, days_before: int) -> timedelta:
    """How long before the review deadline the reminder goes: the configured days, at most half the window."""
    from models.services.tasks import is_spoed

    rules = catalogue.review
    window = rules.spoed_window_days if is_spoed(request, catalogue) else rules.window_days
    return min(timedelta(days=days_before), timedelta(days=window) / 2)


def watch_review_deadlines(session: Session, *, now: datetime, reminder_days_before: int,
                           public_base_url: str) -> dict:
    """The deadline watcher's part for professionals: a reminder before each review deadline (once per seat and
    deadline), and the notifications of changes made outside the event handlers. Commits once.
    `reminder_days_before` and `public_base_url` as in Settings."""
    from models.services.tasks import review_deadline

    begin_write(session)
    days_before = reminder_days_before
    rows = session.exec(select(PanelSeat, Request).join(Request, Request.id == PanelSeat.request_id)
                        .where(PanelSeat.released_at.is_(None), Request.state == S.in_tegenspraak)).all()
    given = set(session.exec(select(Verdict.seat_id, Verdict.revision_id).where(
        Verdict.request_id.in_(list({r.id for _, r in rows})))).all())
    minor_chairs = _minor_change_chairs(session, [r for _, r in rows])
    notices = []
    for seat, request in rows:
        if (seat.id, request.current_revision_id) in given:
            continue
        if request.id in minor_chairs and minor_chairs[request.id] != seat.id:
            continue  # a small change: only the chair checks it; the others' verdicts carry over
        catalogue = catalogue_for(request)
        deadline = review_deadline(request, seat, catalogue)
        if deadline - reminder_lead(catalogue, request, days_before) <= now < deadline:
            notices.append(Notice(f"review_reminder:{seat.id}:{deadline.isoformat()}", "review_reminder", request,
                                  seat.user_id, seat.role, deadline))
    reminders = _queue(session, notices, now, public_base_url)
    recent = session.exec(select(Request.id).where(Request.state.in_([s.value for s in NOTIFIED_STATES]),
                                                   Request.state_changed_at >= now - CATCH_UP)).all()
    caught_up = notify_requests(session, list(recent), now, public_base_url=public_base_url)
    session.commit()
    return {"reminders": len(reminders), "notifications": len(caught_up)}


def _minor_change_chairs(session: Session, requests: list[Request]) -> dict[int, int | None]:
    """request id -> the chair's seat id, for requests whose current revision is a small change to check."""
    minor = [r for r in requests if r.minor_change_revision_id not in (None, r.current_revision_id)]
    if not minor:
        return {}
    seats = {(s.request_id, s.role, s.seat_no): s.id for s in session.exec(select(PanelSeat).where(
        PanelSeat.request_id.in_([r.id for r in minor]), PanelSeat.released_at.is_(None)))}
    chairs = {r.id: catalogue_for(r).review.chair for r in minor}  # each request under its own catalogue
    return {r.id: seats.get((r.id, chairs[r.id].role, chairs[r.id].seat_no)) for r in minor}


def still_due(session: Session, mail: MailMessage, now: datetime) -> bool:
    """At sending: does the notification still hold? A released seat, a verdict already given or a signature
    already set make it pointless; news of a state change (returned, approved, rendered) always goes."""
    request = session.get(Request, mail.request_id) if mail.request_id else None
    if request is None or mail.user_id is None:
        return True
    seat = session.exec(select(PanelSeat).where(PanelSeat.request_id == request.id, PanelSeat.user_id == mail.user_id,
                                                PanelSeat.released_at.is_(None))).first()
    if mail.kind == "seat_assigned":
        return seat is not None
    if mail.kind == "review_reminder":
        return (seat is not None and request.state == S.in_tegenspraak and session.exec(
            select(Verdict.id).where(Verdict.seat_id == seat.id,
                                     Verdict.revision_id == request.current_revision_id)).first() is None)
    if mail.kind == "sign_turn":
        return (seat is not None and request.state == S.approved and session.exec(
            select(SignOff.id).where(SignOff.user_id == mail.user_id,
                                     SignOff.revision_id == request.current_revision_id)).first() is None)
    return True


# --- the texts ----------------------------------------------------------------------------------------

def notice_text(notice: Notice, *, user: User, catalogue: Catalogue, region: str, base_url: str) -> tuple[str, str]:
    """Subject and body, in Dutch; no personal data of the family."""
    from models.services.tasks import is_spoed

    request = notice.request
    measure = catalogue.measures[request.measure].name if request.measure in catalogue.measures else request.measure
    spoed = is_spoed(request, catalogue)
    what = f"verzoek #{request.id} ({measure}{', SPOED' if spoed else ''})"
    role = ROLE_LABELS.get(notice.role, notice.role)
    review_url = workspace_url(base_url, f"/werkplek/toetsing/{request.id}")
    own_url = workspace_url(base_url, f"/werkplek/verzoeken/{request.id}")
    deadline = format_date_nl(notice.deadline) if notice.deadline else ""
    if notice.kind == "seat_assigned":
        subject = f"{'SPOED: ' if spoed else ''}Tegenspraak gevraagd: {what}"
        text = (f"U bent als {role} toegewezen aan het panel voor {what} van {region or 'een andere regio'}.\n"
                f"Geef uw oordeel uiterlijk op {deadline}.\n\n"
                f"Open het verzoek in de werkplek:\n{review_url}\n\n"
                "Kunt u deze toetsing niet doen, of bent u op enige manier bij het gezin betrokken? Geef dat dan zo "
                "snel mogelijk aan op dezelfde pagina; dan zoeken wij een ander.")
    elif notice.kind == "review_reminder":
        subject = f"Herinnering: uw oordeel over {what} uiterlijk {deadline}"
        text = (f"U heeft als {role} nog geen oordeel gegeven over {what}.\n"
                f"De termijn loopt af op {deadline}.\n\n"
                f"Open het verzoek in de werkplek:\n{review_url}")
    elif notice.kind == "returned":
        subject = f"Teruggestuurd ter correctie: {what}"
        text = (f"Het panel heeft {what} teruggestuurd ter correctie.\n"
                "In de werkplek leest u de redenen; pas het verzoek aan en dien het opnieuw in.\n\n"
                f"Open het verzoek:\n{own_url}")
    elif notice.kind == "approved":
        subject = f"Goedgekeurd door het panel: {what}"
        text = (f"Het panel heeft {what} goedgekeurd.\n"
                "De jurist en de gedragswetenschapper van het panel ondertekenen nu; daarna wordt het "
                "verzoekschrift opgemaakt. U krijgt daarvan bericht.\n\n"
                f"Open het verzoek:\n{own_url}")
    elif notice.kind == "sign_turn":
        subject = f"Ondertekenen: {what} is goedgekeurd"
        text = (f"Het panel heeft {what} goedgekeurd. U tekent als {role}.\n"
                "Bekijk het verzoekschrift zoals het wordt opgemaakt en onderteken de goedgekeurde versie.\n\n"
                f"Open het verzoek in de werkplek:\n{review_url}")
    elif notice.kind == "rendered":
        subject = f"Verzoekschrift opgemaakt: {what}"
        text = (f"Het verzoekschrift voor {what} is opgemaakt en ondertekend.\n"
                "Download het in de werkplek en dien het in bij de rechtbank.\n\n"
                f"Open het verzoek:\n{own_url}")
    else:
        raise ValueError(f"onbekende melding: {notice.kind}")
    body = f"Beste {user.name},\n\n{text}\n\nMet vriendelijke groet,\n{SENDER}\n"
    return subject, body
