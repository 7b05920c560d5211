"""Attachments in threads: PDFs screened, photos re-encoded, anything else refused; only the parties download."""

import io

from PIL import Image
from sqlalchemy import select

from marketplace.inquiries.models import Message
from tests.conftest import csrf_token_from
from tests.factories import pdf_bytes


def _post(client, thread, data: bytes, filename: str):
    page = f"/inquiries/{thread.id}"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(
        f"{page}/messages",
        content_type="multipart/form-data",
        data={"csrf_token": token, "body": "Gửi tài liệu", "attachment": (io.BytesIO(data), filename)},
    )


def _photo_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), "green")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # camera make: must not survive
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _attached(db, thread):
    return (
        db.session.execute(select(Message).where(Message.inquiry_id == thread.id, Message.attachment_key.is_not(None)))
        .scalars()
        .all()
    )


def test_a_pdf_is_kept_and_downloads_only_as_a_file(db, client, login, thread):
    login(thread.buyer)
    pdf = pdf_bytes()

    assert _post(client, thread, pdf, "báo giá.pdf").status_code == 302

    [message] = _attached(db, thread)
    assert (message.attachment_kind, message.attachment_name) == ("pdf", "báo giá.pdf")
    download = client.get(f"/inquiries/{thread.id}/files/{message.id}")
    assert download.status_code == 200 and download.data == pdf
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()


def test_a_pdf_with_javascript_is_refused_and_nothing_is_written(db, client, login, thread):
    login(thread.buyer)
    response = _post(client, thread, b"%PDF-1.4\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", "x.pdf")
    assert response.status_code == 422
    assert "scripts" in response.get_data(as_text=True) or "mã lệnh" in response.get_data(as_text=True)
    assert _attached(db, thread) == []
    assert len(thread.messages) == 1


def test_a_photo_is_re_encoded_without_its_metadata(db, client, login, thread, producer_user):
    login(producer_user)
    assert _post(client, thread, _photo_with_exif(), "ảnh.png").status_code == 302
    [message] = _attached(db, thread)
    assert message.attachment_kind == "image" and message.attachment_name == "ảnh.jpg"
    download = client.get(f"/inquiries/{thread.id}/files/{message.id}")
    stored = Image.open(io.BytesIO(download.data))
    download.close()
    assert stored.format == "JPEG" and b"SecretCam" not in download.data


def test_other_files_are_refused_whatever_their_name(db, client, login, thread):
    login(thread.buyer)
    response = _post(client, thread, b"MZ\x90\x00 this is a program", "catalogue.pdf.jpg")
    assert response.status_code == 422
    assert _attached(db, thread) == []
