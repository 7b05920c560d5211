"""Active PDFs (actions, forms, media, scripts packed in object streams) are refused on upload; plain ones pass."""

from pathlib import Path

import pytest

from tests.inquiries.test_attachments import _attached, _post
from tests.media import active_pdfs


def _stored_files(app) -> set:
    return {path.name for path in (Path(app.config["DATA_DIR"]) / "inquiry-files").glob("*")}


@pytest.mark.parametrize("make", active_pdfs.ACTIVE.values(), ids=active_pdfs.ACTIVE.keys())
def test_a_pdf_with_active_content_is_refused_and_nothing_is_stored(db, client, login, thread, app, make):
    login(thread.buyer)
    before = _stored_files(app)

    response = _post(client, thread, make(), "bao-gia.pdf")

    assert response.status_code == 422
    assert "which are not allowed" in response.get_data(as_text=True)  # the reason, in the buyer's language
    assert _attached(db, thread) == []
    assert _stored_files(app) == before


def test_a_pdf_that_cannot_be_parsed_is_refused(db, client, login, thread):
    login(thread.buyer)

    response = _post(client, thread, active_pdfs.unparsable(), "hong.pdf")

    assert response.status_code == 422
    assert "could not be read and checked" in response.get_data(as_text=True)
    assert _attached(db, thread) == []


@pytest.mark.parametrize("make", [active_pdfs.plain, active_pdfs.link_to_a_website], ids=["plain", "clickable link"])
def test_a_passive_pdf_is_still_accepted(db, client, login, thread, make):
    login(thread.buyer)

    assert _post(client, thread, make(), "bao-gia.pdf").status_code == 302
    [message] = _attached(db, thread)
    assert message.attachment_kind == "pdf"
