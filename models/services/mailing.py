"""E-mail to parties: queued with the change that causes it, sent by a flow, retried with back-off,
and, when it keeps failing, shown on the case (flag + audit) instead of lost."""

from datetime import datetime, timedelta

from sqlmodel import Session, select

from models.db import begin_write
from models.documents import format_date_nl, format_datetime_nl
from models.hearing import HearingParty
from models.mail import MailMessage
from models.request import Request
from models.services.common import audit


def queue_mail(session: Session, *, request_id: int, party_id: int | None, kind: str, dedupe_key: str, to: str,
               subject: str, body: str, now: datetime) -> MailMessage | None:
    """Add a message unless one with the same reason exists (a reminder is sent once). Flushes only."""
    if session.exec(select(MailMessage).where(MailMessage.dedupe_key == dedupe_key)).first() is not None:
        return None
    mail = MailMessage(request_id=request_id, party_id=party_id, kind=kind, dedupe_key=dedupe_key, to_address=to,
                       subject=subject, body=body, created_at=now)
    session.add(mail)
    session.flush()
    return mail


def due_mail_ids(session: Session, now: datetime, limit: int = 100) -> list[int]:
    rows = session.exec(select(MailMessage).where(MailMessage.status == "pending").order_by(MailMessage.id)
                        .limit(limit)).all()
    return [m.id for m in rows if m.next_attempt_at is None or m.next_attempt_at <= now]


def record_mail_result(session: Session, *, mail_id: int, ok: bool, message_id: str, error: str, now: datetime,
                       max_attempts: int) -> MailMessage:
    begin_write(session)
    mail = session.get(MailMessage, mail_id)
    if mail.status != "pending":
        return mail
    mail.attempts += 1
    request = session.get(Request, mail.request_id) if mail.request_id else None
    if ok:
        mail.status, mail.sent_at, mail.message_id = "sent", now, message_id
        party = session.get(HearingParty, mail.party_id) if mail.party_id else None
        if party is not None and mail.kind == "invitation" and not party.proof:
            party.proof = f"per e-mail verzonden op {format_datetime_nl(now)} aan {mail.to_address} ({message_id})"
        audit(session, now=now, actor=None, action="mail.sent", request=request, mail_id=mail.id, kind=mail.kind,
              to=mail.to_address, message_id=message_id)
    else:
        mail.last_error = error[:1000]
        if mail.attempts >= max_attempts:
            mail.status = "failed"
            if request is not None:
                note = f"E-mail ({mail.kind}) aan {mail.to_address} kon niet worden verzonden: {error[:200]}"
                request.flagged = (request.flagged + " " + note).strip()
            audit(session, now=now, actor=None, action="mail.failed", request=request, mail_id=mail.id,
                  kind=mail.kind, to=mail.to_address, error=error[:500], attempts=mail.attempts)
        else:
            mail.next_attempt_at = now + timedelta(minutes=2 ** (mail.attempts - 1))
    session.commit()
    return mail


def invitation_text(*, name: str, children: str, measure: str, deadline: datetime, link: str, sender: str) -> tuple[str, str]:
    subject = f"Uw reactie gevraagd: verzoek aan de kinderrechter over {children}"
    body = f"""Beste {name},

Wij willen de kinderrechter vragen om een {measure} voor {children}.
Voordat wij dat doen, willen wij weten wat u ervan vindt.

Lees het concept en geef uw reactie via deze persoonlijke link:
{link}

U kunt reageren tot en met {format_date_nl(deadline)}.
Uw reactie komt letterlijk in het verzoek aan de rechter.

Uw rechten:
- U mag een advocaat nemen (rechtsbijstand). Soms betaalt de overheid mee.
- U mag hulp vragen van een onafhankelijke cliëntondersteuner.
- U mag een klacht indienen, bijvoorbeeld bij het AKJ.
- U mag uw dossier inzien.

Liever bellen of langskomen? Neem contact op met {sender}.

Met vriendelijke groet,
{sender}
"""
    return subject, body


def reminder_text(*, name: str, children: str, deadline: datetime, link: str, sender: str) -> tuple[str, str]:
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
