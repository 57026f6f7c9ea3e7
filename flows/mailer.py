"""Sending e-mail over SMTP (host, port, TLS and credentials from Settings). The only place that talks SMTP."""

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from models.config import Settings
from models.mail import MailMessage


def send(settings: Settings, mail: MailMessage) -> str:
    """Send one message; returns its Message-ID. Raises on any SMTP or network error."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message_id = make_msgid(domain=settings.mail_from.split("@")[-1])
    message["Message-ID"] = message_id
    message.set_content(mail.body)
    context = ssl.create_default_context()
    if settings.smtp_security == "ssl":
        client = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds,
                                  context=context)
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds)
    with client:
        if settings.smtp_security == "starttls":
            client.starttls(context=context)
        if settings.smtp_username:
            client.login(settings.smtp_username, settings.smtp_password)
        client.send_message(message)
    return message_id
