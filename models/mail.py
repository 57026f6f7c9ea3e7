"""Outgoing e-mail as rows: written with the change that causes it, sent by a flow, retried, never lost.

A message is sent in two phases: claimed (`sending`, committed) before the SMTP conversation, then recorded
`sent` when the server accepted it. A row found in `sending` after its worker died is `uncertain`: it may or
may not have arrived, and it is never sent again automatically (at most once).

The body is stored with placeholders (`{portal_link}`, `{deadline}`): the personal portal link is issued when
the message is claimed and lives only in memory on its way to the SMTP server, never in this table.

A message goes to a party of a request (`party_id`: invitations, reminders) or to a professional (`user_id`:
the workspace's notifications, models.services.notify); never to both."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime

MAIL_STATUSES = ("pending", "sending", "sent", "failed", "uncertain", "cancelled")
LINK_PLACEHOLDER = "{portal_link}"
DEADLINE_PLACEHOLDER = "{deadline}"


class MailMessage(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    request_id: int | None = Field(default=None, foreign_key="request.id", index=True)
    party_id: int | None = Field(default=None, foreign_key="hearingparty.id")
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True,
                                description="Een melding aan een professional (werkplek), geen partij")
    kind: str = Field(max_length=32, description="invitation | reminder (partij); seat_assigned, review_reminder, "
                                                 "returned, approved, sign_turn, rendered (professional)")
    dedupe_key: str = Field(max_length=200, unique=True, description="Eén bericht per aanleiding")
    to_address: str = Field(max_length=320)
    subject: str
    body: str = Field(description="Met {portal_link} en {deadline} als plaatshouders; de link zelf staat nergens")
    created_at: datetime = Field(sa_type=UTCDateTime)
    status: str = Field(default="pending", max_length=16, index=True,
                        description="pending | sending | sent | failed | uncertain | cancelled")
    attempts: int = 0
    last_error: str = ""
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempt_started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: str = ""
    response_days: int | None = Field(default=None, description="Uitnodiging: reactietermijn, te rekenen vanaf "
                                                                 "het moment dat de SMTP-server het bericht aannam")
