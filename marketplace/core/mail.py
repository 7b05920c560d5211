"""The one way the site sends mail: SMTP when MAIL_URL is set, else .eml files in DATA_DIR/outbox."""

import base64
import smtplib
import ssl
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, has_request_context, url_for

ENCODED_WORD_BYTES = 42  # 56 base64 characters: "Subject: =?utf-8?b?...?=" stays within 78 columns


def external_url(endpoint: str, **values) -> str:
    """The one way to an absolute link for mail and print: on the site's public address (SITE_URL),
    whatever host the request came to, and alike in a request, after its response, in a command or a job."""
    base = current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/")
    if has_request_context():
        return base + url_for(endpoint, **values)
    return base + current_app.url_map.bind("localhost").build(endpoint, values)


def encoded_subject(subject: str) -> str:
    """A non-ASCII subject as RFC 2047 encoded words, folded here rather than by the email package:
    Python 3.11's folder drops the space where it breaks a line between two encoded words, so
    "đã được" arrived as "đãđược". Here every space stays inside a word, never at a fold."""
    words, chunk = [], b""
    for char in subject:
        data = char.encode()
        if chunk and len(chunk) + len(data) > ENCODED_WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += data
    words.append(chunk)
    return "\n ".join(f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words)


def build_message(to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    if subject.isascii():
        message["Subject"] = subject
    else:
        message.set_raw("Subject", encoded_subject(subject))  # stored as folded; see encoded_subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="cnnt.local")
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    """Send one message now; callers send after their commit so no mail speaks of undone work."""
    message = build_message(to, subject, text, html)
    deliver_now(current_app, message)
    return message


def mail_after_commit(to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    """The way a request, command or job mails: the message is built now (templates and links read
    the database here), and sent once the unit of work commits; a rollback drops it. A failed send
    is logged, not raised: the work it speaks of is already committed."""
    from marketplace.core.aftercommit import after_commit

    message = build_message(to, subject, text, html)
    app = current_app._get_current_object()

    def deliver() -> None:
        try:
            deliver_now(app, message)
        except Exception:  # noqa: BLE001  (see above: logged for the operator)
            app.logger.exception("mail to %s could not be sent", to)

    after_commit(deliver)
    return message


def deliver_now(app, message: EmailMessage) -> None:
    mail_url = app.config.get("MAIL_URL")
    if mail_url:
        _send_smtp(mail_url, message)
    else:
        _write_outbox(app.config["DATA_DIR"] / "outbox", message)


def _send_smtp(mail_url: str, message: EmailMessage) -> None:
    parts = urlsplit(mail_url)
    implicit_tls = parts.scheme == "smtps"
    smtp_class = smtplib.SMTP_SSL if implicit_tls else smtplib.SMTP
    port = parts.port or (465 if implicit_tls else 25)
    with smtp_class(parts.hostname or "localhost", port, timeout=20) as smtp:
        if not implicit_tls and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            smtp.starttls(context=ssl.create_default_context())
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(message)


def _write_outbox(outbox: Path, message: EmailMessage) -> None:
    outbox.mkdir(parents=True, exist_ok=True)
    name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"  # sorts in sending order
    temporary = outbox / f".{name}.tmp"
    temporary.write_bytes(bytes(message))
    temporary.replace(outbox / name)  # readers never see half a message
