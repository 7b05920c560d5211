"""Photos attached in threads go through the same pixel cap as product photos: bombs are refused, unstored."""

from pathlib import Path

from tests.inquiries.test_attachments import _attached, _post
from tests.media.test_images import bomb_png


def _stored(app) -> set:
    return {p.name for p in (Path(app.config["DATA_DIR"]) / "inquiry-files").glob("*")}


def test_a_6320_pixel_square_png_is_refused_as_an_attachment(app, db, client, login, thread):
    login(thread.buyer)
    before = _stored(app)

    response = _post(client, thread, bomb_png(6320, 6320), "bom.png")

    assert response.status_code == 422
    assert "too many pixels (the limit is 16 megapixels)" in response.get_data(as_text=True)
    assert _attached(db, thread) == [] and _stored(app) == before


def test_attachments_count_against_the_upload_allowance(app, db, client, login, thread, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_RATE_LIMIT", "1 per hour")
    login(thread.buyer)
    photo = bomb_png(300, 300)

    assert _post(client, thread, photo, "1.png").status_code == 302
    refused = _post(client, thread, photo, "2.png")

    assert refused.status_code == 429
    assert "uploaded many files" in refused.get_data(as_text=True)
    assert len(_attached(db, thread)) == 1
