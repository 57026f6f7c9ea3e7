"""E-mail to parties (and, through models.services.notify, to professionals): queued with the change that causes
it, sent by a flow, retried with back-off, and, when it keeps failing, shown on the case (flag + audit) instead
of lost.

Sending is two-phase, so a message is delivered at most once: `claim_mail` marks it `sending` and commits
before the SMTP conversation; `record_mail_result` records what the server said. A message left in `sending`
by a worker that died is never sent again by itself: `mark_interrupted_mail` makes it `uncertain` and asks
the case team to check. The personal portal link is issued at the claim (older links of the party stop
working) and put into the text in memory only; the table keeps the body with placeholders."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from models.db import begin_write
from models.documents import format_date_nl, format_datetime_nl
from models.hearing import HearingParty
from models.mail import DEADLINE_PLACEHOLDER, LINK_PLACEHOLDER, MailMessage
from models.portal import PortalLink
from models.request import Request
from models.services.common import audit


@dataclass(frozen=True)
class OutgoingMail:
    """One claimed message, ready for the SMTP server; the only place its portal link exists."""

    mail_id: int
    to_address: str
    subject: str
    body: str
    message_id: str


def queue_mail(session: Session, *, request_id: int, party_id: int | None, kind: str, dedupe_key: str, to: str,
               subject: str, body: str, now: datetime, response_days: int | None = None,
               user_id: int | None = None) -> MailMessage | None:
    """Add a message unless one with the same reason exists (a reminder is sent once). Flushes only.
    `party_id` for a party of the request, `user_id` for a professional; not both."""
    if party_id is not None and user_id is not None:
        raise ValueError("a message goes to a party or to a user, not both")
    if session.exec(select(MailMessage).where(MailMessage.dedupe_key == dedupe_key)).first() is not None:
        return None
    mail = MailMessage(request_id=request_id, party_id=party_id, user_id=user_id, kind=kind, dedupe_key=dedupe_key,
                       to_address=to, subject=subject, body=body, created_at=now, response_days=response_days)
    session.add(mail)
    session.flush()
    return mail


def due_mail_ids(session: Session, now: datetime, limit: int = 100) -> list[int]:
    return list(session.exec(
        select(MailMessage.id)
        .where(MailMessage.status == "pending",
               (MailMessage.next_attempt_at.is_(None)) | (MailMessage.next_attempt_at <= now))
        .order_by(MailMessage.id).limit(limit)))


def interrupted_mail_ids(session: Session, now: datetime, stale_after: timedelta) -> list[int]:
    """Messages claimed longer ago than any SMTP conversation lasts: their worker died mid-send."""
    return list(session.exec(select(MailMessage.id).where(MailMessage.status == "sending",
                                                          MailMessage.attempt_started_at <= now - stale_after)))


def message_id_for(mail: MailMessage, domain: str) -> str:
    """The same Message-ID for every attempt of one row, so a receiver can drop a duplicate."""
    digest = hashlib.sha256(f"{mail.id}:{mail.dedupe_key}:{mail.created_at.isoformat()}".encode()).hexdigest()[:16]
    return f"<tegenspraak.{mail.id}.{digest}@{domain}>"


def claim_mail(session: Session, *, mail_id: int, now: datetime, portal_base_url: str, single_use: bool,
               mail_domain: str) -> OutgoingMail | None:
    """Phase one: take a pending message for sending (safe with several workers) and commit that, before any
    SMTP traffic. Issues the party's personal link here. None when the message is not (or no longer) pending."""
    begin_write(session)
    claimed = session.execute(
        update(MailMessage)
        .where(MailMessage.id == mail_id, MailMessage.status == "pending")
        .values(status="sending", attempt_started_at=now, attempts=MailMessage.attempts + 1)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        session.rollback()
        return None
    mail = session.get(MailMessage, mail_id, populate_existing=True)
    party = session.get(HearingParty, mail.party_id) if mail.party_id else None
    body = mail.body
    if mail.kind == "reminder" and party is not None and (
            party.deadline is None or party.deadline <= now or party.responded_at is not None):
        # Invited again, answered or too late since the reminder was queued: it has nothing left to remind of.
        mail.status, mail.last_error = "cancelled", "herinnering vervallen"
        session.commit()
        return None
    if mail.user_id is not None:
        from models.services.notify import still_due

        if not still_due(session, mail, now):
            # A seat released, a verdict or a signature given since it was queued: nothing left to ask.
            mail.status, mail.last_error = "cancelled", "melding vervallen"
            session.commit()
            return None
    if party is not None and LINK_PLACEHOLDER in body:
        if mail.kind == "invitation":
            expires_at = now + timedelta(days=mail.response_days or 0)
        else:
            expires_at = party.deadline
        from models.services.links import issue_link

        token = issue_link(session, party=party, expires_at=expires_at, single_use=single_use, now=now)
        body = body.replace(LINK_PLACEHOLDER, f"{portal_base_url.rstrip('/')}/portaal/{token}")
        body = body.replace(DEADLINE_PLACEHOLDER, format_date_nl(expires_at))
    mail.message_id = message_id_for(mail, mail_domain)
    outgoing = OutgoingMail(mail_id=mail.id, to_address=mail.to_address, subject=mail.subject, body=body,
                            message_id=mail.message_id)
    session.commit()
    return outgoing


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


def _flag(request: Request | None, note: str) -> None:
    if request is not None:
        request.flagged = (request.flagged + " " + note).strip()


def record_mail_result(session: Session, *, mail_id: int, ok: bool, message_id: str, error: str, now: datetime,
                       max_attempts: int, permanent: bool = False) -> MailMessage | None:
    """Phase two: what the SMTP server said. Accepted: sent, and an invitation now counts, with its deadline
    from this moment. Refused: retried with back-off, or (permanent error, or attempts used up) failed and
    shown on the case."""
    begin_write(session)
    mail = session.exec(select(MailMessage).where(MailMessage.id == mail_id).with_for_update()
                        .execution_options(populate_existing=True)).first()
    if mail is None or (ok and mail.status not in ("sending", "uncertain")) or (
            not ok and mail.status not in ("sending", "pending")):
        session.rollback()
        return mail
    request = session.get(Request, mail.request_id) if mail.request_id else None
    to = _printable(mail.to_address)
    if ok:
        mail.status, mail.sent_at, mail.message_id = "sent", now, message_id or mail.message_id
        party = session.get(HearingParty, mail.party_id) if mail.party_id else None
        deadline = None
        if party is not None and mail.kind == "invitation" and party.channel == "email" and not party.proof:
            if party.invited_at is None and mail.response_days is not None:
                # The response time runs from when the invitation really left, not from a date someone typed.
                party.invited_at, party.lapsed_at = now, None
                party.deadline = deadline = now + timedelta(days=mail.response_days)
                for link in session.exec(select(PortalLink).where(PortalLink.party_id == party.id,
                                                                  PortalLink.revoked_at.is_(None))):
                    link.expires_at = deadline
            party.proof = f"per e-mail verzonden op {format_datetime_nl(now)} aan {to} ({mail.message_id})"
        audit(session, now=now, actor=None, action="mail.sent", request=request, mail_id=mail.id, kind=mail.kind,
              to=to, message_id=mail.message_id, deadline=deadline.isoformat() if deadline else None)
    else:
        if mail.status == "pending":
            mail.attempts += 1  # failed before it could even be claimed
        mail.last_error = _printable(error)[:1000]
        if permanent or mail.attempts >= max_attempts:
            mail.status = "failed"
            _flag(request, f"E-mail ({mail.kind}) aan {to} kon niet worden verzonden: {_printable(error)[:200]}")
            audit(session, now=now, actor=None, action="mail.failed", request=request, mail_id=mail.id,
                  kind=mail.kind, to=to, error=_printable(error)[:500], attempts=mail.attempts, permanent=permanent)
        else:
            mail.status = "pending"
            mail.next_attempt_at = now + timedelta(minutes=2 ** (mail.attempts - 1))
    session.commit()
    return mail


def mark_interrupted_mail(session: Session, *, now: datetime, stale_after: timedelta) -> list[int]:
    """A message its worker left in `sending` may have reached the party or not. It is never sent again by
    itself: it becomes `uncertain`, the case is flagged and the party does not count as invited."""
    begin_write(session)
    marked = []
    for mail in session.exec(select(MailMessage).where(MailMessage.status == "sending",
                                                       MailMessage.attempt_started_at <= now - stale_after)
                             .with_for_update().execution_options(populate_existing=True)):
        mail.status = "uncertain"
        mail.last_error = "verzending onderbroken; onbekend of de SMTP-server het bericht aannam"
        request = session.get(Request, mail.request_id) if mail.request_id else None
        if mail.user_id is not None:
            # A notification to a professional: the workspace shows the same task; no need to send it again.
            _flag(request, f"De verzending van een melding per e-mail aan {_printable(mail.to_address)} werd "
                           f"onderbroken op {format_datetime_nl(mail.attempt_started_at)}; de taak staat ook in "
                           "de werkplek van de ontvanger.")
        else:
            what = "de uitnodiging" if mail.kind == "invitation" else "de herinnering"
            _flag(request, f"De verzending van {what} per e-mail aan {_printable(mail.to_address)} werd onderbroken "
                           f"op {format_datetime_nl(mail.attempt_started_at)}: controleer of {what} is aangekomen; "
                           "nodig zo nodig opnieuw uit.")
        audit(session, now=now, actor=None, action="mail.uncertain", request=request, mail_id=mail.id,
              kind=mail.kind, to=_printable(mail.to_address), message_id=mail.message_id,
              attempt_started_at=mail.attempt_started_at.isoformat())
        marked.append(mail.id)
    session.commit()
    return marked


def invitation_text(*, name: str, children: str, measure: str, sender: str, rights: list[dict[str, str]],
                    contact: str, deadline: datetime | None = None, link: str = LINK_PLACEHOLDER) -> tuple[str, str]:
    """Without a deadline or link: placeholders, filled in when the message is sent. The rights and the contact
    line come from the family texts (models/texts), the same as in the letter and on the portal."""
    deadline_text = format_date_nl(deadline) if deadline else DEADLINE_PLACEHOLDER
    rights_text = "\n".join(f"- {r['title']}: {r['text']}" for r in rights)
    subject = f"Uw reactie gevraagd: verzoek aan de kinderrechter over {children}"
    body = f"""Beste {name},

Wij willen de kinderrechter vragen om een {measure} voor {children}.
Voordat wij dat doen, willen wij weten wat u ervan vindt.

Lees het concept en geef uw reactie via deze persoonlijke link:
{link}

U kunt reageren tot en met {deadline_text}.
Uw reactie komt letterlijk in het verzoek aan de rechter.

Uw rechten:
{rights_text}

{contact}

Met vriendelijke groet,
{sender}
"""
    return subject, body


def reminder_text(*, name: str, children: str, deadline: datetime, sender: str,
                  link: str = LINK_PLACEHOLDER) -> tuple[str, str]:
    subject = f"Herinnering: uw reactie over {children}"
    body = f"""Beste {name},

U kunt nog reageren op ons concept-verzoek over {children}, tot en met {format_date_nl(deadline)}.

Uw persoonlijke link:
{link}

Reageert u niet, dan schrijven wij in het verzoek dat u de kans kreeg om te reageren.

Met vriendelijke groet,
{sender}
"""
    return subject, body
