"""Sending e-mail over SMTP (host, port, TLS and credentials from Settings). The only place that talks SMTP.

`send` raises on any problem; `is_permanent` tells a message that can never go out (a bad address, a 5xx
refusal) from a passing failure (network, 4xx, a server away), which is worth trying again later."""

import re
import smtplib
import ssl
from email.message import EmailMessage

from models.config import Settings
from models.services.mailing import OutgoingMail

# Deliberately strict: one plain address, nothing a header or an SMTP command could be smuggled in with.
ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                     r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


class InvalidAddress(ValueError):
    """The address can never receive mail from us as it stands."""


def check_address(address: str) -> str:
    if len(address) > 254 or not ADDRESS.fullmatch(address):
        raise InvalidAddress(f"ongeldig e-mailadres: {address!r}")
    return address


def build(settings: Settings, mail: OutgoingMail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = check_address(mail.to_address)
    message["Subject"] = mail.subject
    message["Message-ID"] = mail.message_id
    message.set_content(mail.body)
    return message


class DeliveryUncertain(Exception):
    """The whole message went to the server, but its answer did not come back (a timeout, a dropped connection):
    the server may have accepted it. Sending it again could deliver it twice, so it is not retried."""


class _HandOverTracking:
    """Knows when the message itself has been handed to the server (the content after DATA's 354 answer)."""

    handed_over = False
    _in_data = False

    def data(self, msg):
        self._in_data = True
        try:
            return super().data(msg)
        finally:
            self._in_data = False

    def send(self, s):
        sent = super().send(s)
        if self._in_data and isinstance(s, bytes):
            self.handed_over = True
        return sent


class _SMTP(_HandOverTracking, smtplib.SMTP):
    pass


class _SMTPSSL(_HandOverTracking, smtplib.SMTP_SSL):
    pass


def send(settings: Settings, mail: OutgoingMail) -> str:
    """Send one message to exactly its one recipient; returns its Message-ID. Raises on any error;
    `DeliveryUncertain` when the server may have it all the same."""
    message = build(settings, mail)
    context = ssl.create_default_context()
    if settings.smtp_security == "ssl":
        client = _SMTPSSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds,
                          context=context)
    else:
        client = _SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds)
    try:
        if settings.smtp_security == "starttls":
            client.starttls(context=context)
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password)
        # The envelope is set explicitly: whatever the headers say, the message goes to this one address.
        client.send_message(message, from_addr=settings.mail_from, to_addrs=[mail.to_address])
    except smtplib.SMTPResponseException:
        raise  # the server answered, and refused: not delivered
    except Exception as exc:
        if client.handed_over:
            raise DeliveryUncertain(f"geen antwoord van de SMTP-server na het bericht: {describe(exc)}") from exc
        raise
    finally:
        _close(client)
    return mail.message_id


def _close(client: smtplib.SMTP) -> None:
    """QUIT, politely; once the server accepted the message, nothing that goes wrong here changes that."""
    try:
        client.quit()
    except Exception:  # noqa: BLE001 - the message's fate is decided before QUIT
        client.close()


def is_permanent(error: BaseException) -> bool:
    """True when trying again cannot help: the message itself is wrong or the server refused it for good."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, (smtplib.SMTPAuthenticationError, smtplib.SMTPConnectError,
                          smtplib.SMTPServerDisconnected)):
        return False  # the server or our credentials, not this message: every message would fail alike
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return True
    if isinstance(error, (OSError, smtplib.SMTPException)):
        return False
    return True  # building the message failed (an address, a header, an encoding): it will fail again


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
