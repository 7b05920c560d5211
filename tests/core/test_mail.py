"""Mail leaves by SMTP when MAIL_URL is set, else lands in DATA_DIR/outbox as .eml files."""

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from marketplace.core.mail import send_mail
from tests.accounts.helpers import mail_link, path_of, submit


class Recorder:
    """An SMTP server's handler that keeps what it receives."""

    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.received.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app, monkeypatch):
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{port}")
    try:
        yield recorder
    finally:
        controller.stop()


def test_a_password_reset_is_mailed_over_smtp_with_a_working_link(client, make_user, smtp_server, outbox):
    make_user(email="forgetful@example.vn", name="Bà Lan")

    response = submit(client, "/account/reset", {"email": "forgetful@example.vn"})

    assert response.status_code == 200
    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == ["forgetful@example.vn"]
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["To"] == "forgetful@example.vn"
    assert message["From"] == "Sàn CNNT <no-reply@cnnt.local>"
    assert message["Message-ID"] and message["Date"]
    assert "Bà Lan" in message.get_body(("plain",)).get_content()
    link = mail_link(message, "http://localhost/account/reset/")
    assert client.get(path_of(link)).status_code == 200
    assert outbox.messages() == []  # sent, not written to the outbox


def test_without_mail_url_mail_is_written_whole_to_the_outbox(app, outbox):
    with app.app_context():
        send_mail("someone@example.vn", "Chào bạn", "Nội dung thư: đồng ý.")

    [message] = outbox.messages()
    assert message["Subject"] == "Chào bạn"
    assert message.get_body(("plain",)).get_content().strip() == "Nội dung thư: đồng ý."
    folder = app.config["DATA_DIR"] / "outbox"
    assert not list(folder.glob(".*.tmp"))  # no half-written files left behind


def test_mail_in_the_outbox_keeps_the_sending_order(app, outbox):
    with app.app_context():
        for n in range(3):
            send_mail("someone@example.vn", f"Thư {n}", "x")

    assert [message["Subject"] for message in outbox.messages()] == ["Thư 0", "Thư 1", "Thư 2"]


def test_account_mail_is_written_in_the_recipients_language(client, make_user, outbox):
    make_user(email="english@example.vn", locale="en")

    submit(client, "/account/reset", {"email": "english@example.vn"})

    message = outbox.last()
    assert message["Subject"] == "Reset your password"
    assert "To choose a new password, open this link:" in message.get_body(("plain",)).get_content()


def test_a_long_vietnamese_subject_arrives_whole_with_every_space(app, outbox):
    """Python 3.11's own folding lost the space at each fold between encoded words ("đãđược")."""
    from email.header import decode_header, make_header

    subject = "Phiếu chấm của bạn cho N1-001 đã được mở lại để chỉnh sửa theo yêu cầu của đơn vị tổ chức"
    with app.app_context():
        send_mail("giamkhao@example.vn", subject, "Nội dung")

    message = outbox.last()
    (path,) = (app.config["DATA_DIR"] / "outbox").glob("*.eml")
    raw = path.read_bytes().decode("utf-8")
    assert message["Subject"] == subject
    assert str(make_header(decode_header(email.message_from_string(raw)["Subject"]))) == subject
    assert all(len(line) <= 78 for line in raw.split("\n\n")[0].splitlines())
    assert message.get_content().strip() == "Nội dung"


def test_mail_links_use_the_site_address_in_a_request_and_outside_one_alike(app, monkeypatch):
    """One function builds every absolute link in mail: SITE_URL, never the host a request came to,
    and the same link from a command or a job (no request) as from a view."""
    from marketplace.core.mail import external_url

    monkeypatch.setitem(app.config, "SERVER_NAME_FOR_MAIL", "https://cho.example.vn/")
    with app.app_context():
        outside = external_url("fairs.booking", booking_id=7)
    with app.test_request_context("/", base_url="http://10.0.0.5:8000"):
        inside = external_url("fairs.booking", booking_id=7)
    assert outside == inside
    assert outside.startswith("https://cho.example.vn/") and outside.endswith("/7")
