"""At the fair on a 360 px phone: an exhibitor names a member of staff and downloads the badges to
print; a visitor shows the badge; at the gate an organiser checks badges in, the network drops, the
scans wait on the phone (a reload without network still opens the page), and when the network
returns the queued scans reach the server once: one entry per badge, the repeat answered 'already in'."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from marketplace.extensions import db
from tests.browser.conftest import PHONE, PageWatch, fits_the_screen
from tests.browser.test_every_page import AXE, axe_violations, sign_in

PASSWORD = "cong vao hoi cho 2026"
ORGANISER = "to.chuc.cong.vao@example.vn"
EXHIBITOR = "htx.det.tho.cam.cong@example.vn"
VISITOR = "khach.tham.quan.cong@example.vn"


@pytest.fixture(scope="module")
def fair_gate(live_app):
    """A fair where a weaving cooperative has a (free, so paid) booth, and a visitor's account."""
    from marketplace.accounts import services as accounts
    from marketplace.fairs import organise, services
    from marketplace.fairs.onsite import badges
    from marketplace.fairs.queries import booth_by_code
    from marketplace.producers import services as producers
    from tests.factories import fair_values

    with live_app.app_context():
        organiser = accounts.create_account(
            ORGANISER, PASSWORD, "Trung tâm Khuyến công", "organiser", verified=True, locale="vi"
        )
        visitor = accounts.create_account(VISITOR, PASSWORD, "Chị Lan tham quan", "buyer", verified=True, locale="vi")
        account = accounts.create_account(
            EXHIBITOR, PASSWORD, "HTX Dệt thổ cẩm", "producer", verified=True, locale="vi"
        )
        coop = producers.create_producer(
            {"name": "HTX Dệt thổ cẩm Mai Châu", "establishment_type": "cooperative", "province_code": "01"},
            created_by=account,
        )
        fair = organise.create_fair(fair_values(name="Hội chợ CNNT cổng vào"), organiser)
        standard = organise.save_booth_type(fair, {"code": "standard", "name": "Gian tiêu chuẩn", "price_vnd": 0})
        hall = organise.save_hall(fair, {"name": "Nhà C", "width_m": 20, "depth_m": 8})
        organise.add_booth_row(hall, standard, {"prefix": "G", "start": 1, "count": 2, "x": 1, "y": 1})
        organise.publish_fair(fair, organiser)
        db.session.commit()
        services.submit_booking(services.hold_booth(fair, booth_by_code(fair, "G01"), coop, account), [], None)
        staff = badges.add_staff_badge(fair, coop, "Vì Thị Dung", account)
        db.session.commit()
        ids = {"fair": fair.id, "producer": coop.id, "visitor": visitor.id, "staff": staff.id}
        db.session.remove()
    return ids


def _context(chromium, live_server):
    context = chromium.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.watch = PageWatch(live_server)
    page.on("request", page.watch.on_request)
    page.on("pageerror", lambda error: page.watch.errors.append(str(error)))
    return context, page


def _clean(page):
    assert axe_violations(page, AXE.read_text(encoding="utf-8")) == []
    assert fits_the_screen(page)


def test_an_exhibitor_names_staff_and_downloads_the_badges_to_print(chromium, live_server, fair_gate, tmp_path):
    context, page = _context(chromium, live_server)
    sign_in(page, live_server, EXHIBITOR, PASSWORD)
    page.goto(f"{live_server}/fairs/{fair_gate['fair']}/badges")
    page.get_by_label("Họ và tên").fill("Hà Thị Mai")
    page.get_by_role("button", name="Thêm thẻ").click()
    expect(page.get_by_text("Đã thêm thẻ cho Hà Thị Mai.")).to_be_visible()
    page.get_by_label("Họ và tên").fill("Lò Văn Pá")
    page.get_by_role("button", name="Thêm thẻ").click()
    expect(page.get_by_text("Đã thêm thẻ cho Lò Văn Pá.")).to_be_visible()
    _clean(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="In: bốn thẻ trên một tờ A4").click()
    path = tmp_path / "badges.pdf"
    download.value.save_as(path)
    with page.expect_download() as single:
        page.get_by_role("link", name="In thẻ này (A6) – Lò Văn Pá").click()
    single_path = tmp_path / "badge.pdf"
    single.value.save_as(single_path)

    sheet, one = PdfReader(path), PdfReader(single_path)
    text = sheet.pages[0].extract_text()
    assert len(sheet.pages) == 1 and round(float(sheet.pages[0].mediabox.width)) == 595  # A4
    assert "Hà Thị Mai" in text and "Lò Văn Pá" in text and "G01" in text
    assert len(one.pages) == 1 and round(float(one.pages[0].mediabox.width)) == 298  # A6
    assert "Lò Văn Pá" in one.pages[0].extract_text() and "Hà Thị Mai" not in one.pages[0].extract_text()
    page.watch.assert_clean()
    context.close()


def test_a_visitor_shows_a_badge_big_enough_to_scan(chromium, live_server, fair_gate):
    context, page = _context(chromium, live_server)
    sign_in(page, live_server, VISITOR, PASSWORD)
    page.goto(f"{live_server}/account")
    page.get_by_role("link", name="Thẻ khách tham quan của tôi").click()

    qr = page.get_by_role("img", name="Mã QR trên thẻ khách tham quan của bạn")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 280
    expect(page.get_by_text(f"CNNT-V-{fair_gate['visitor']}-")).to_be_visible()
    _clean(page)
    page.watch.assert_clean()
    context.close()


def _badge_codes(live_app, fair_gate) -> tuple[str, str]:
    from marketplace.fairs.onsite.codes import EXHIBITOR as E
    from marketplace.fairs.onsite.codes import VISITOR as V
    from marketplace.fairs.onsite.codes import badge_code

    with live_app.app_context():
        codes = badge_code(E, fair_gate["staff"]), badge_code(V, fair_gate["visitor"])
        db.session.remove()
    return codes


def _entries(live_app, fair_gate) -> list[tuple[str, int]]:
    from marketplace.fairs.onsite.models import CheckIn

    with live_app.app_context():
        rows = sorted(
            db.session.execute(
                select(CheckIn.badge_kind, CheckIn.badge_number).where(CheckIn.fair_id == fair_gate["fair"])
            ).all()
        )
        db.session.remove()
    return [tuple(row) for row in rows]


def _type(page, code):
    page.get_by_label("Mã thẻ").fill(code)
    page.get_by_role("button", name="Cho vào").click()


def test_checking_in_with_the_network_cut_then_restored(chromium, live_server, live_app, fair_gate):
    staff_code, visitor_code = _badge_codes(live_app, fair_gate)
    context, page = _context(chromium, live_server)
    sign_in(page, live_server, ORGANISER, PASSWORD)
    page.goto(f"{live_server}/fairs/gate/{fair_gate['fair']}")
    gate = page.locator("#gate")
    expect(gate).to_have_attribute("data-offline-ready", "true")  # the service worker keeps the page
    _clean(page)

    _type(page, visitor_code)  # online: the server answers at once
    expect(page.locator("#gate-result")).to_have_text("Hợp lệ: cho vào. Chị Lan tham quan")
    expect(page.locator("#gate-entries")).to_have_text("Lượt vào hôm nay: 1")

    context.set_offline(True)
    expect(page.locator("#gate-network")).to_have_text("Mất mạng: lượt quét được lưu trên điện thoại này.")
    _type(page, staff_code)  # on today's list: known to the phone
    expect(page.locator("#gate-result")).to_contain_text("Hợp lệ: cho vào. Vì Thị Dung")
    _type(page, staff_code)  # the same badge again
    expect(page.locator("#gate-result")).to_contain_text("Đã vào hôm nay.")
    _type(page, visitor_code)
    _type(page, "CNNT-X-1-AAAA")  # not a badge code: refused at once, nothing queued
    expect(page.locator("#gate-result")).to_have_text("Đây không phải mã thẻ.")
    expect(gate).to_have_attribute("data-waiting", "3")

    page.reload()  # without network: the service worker answers from its cache
    expect(page.get_by_role("heading", name="Cổng vào: Hội chợ CNNT cổng vào")).to_be_visible()
    expect(page.locator("#gate")).to_have_attribute("data-waiting", "3")
    assert _entries(live_app, fair_gate) == [("V", fair_gate["visitor"])]

    context.set_offline(False)
    expect(page.locator("#gate")).to_have_attribute("data-waiting", "0", timeout=20_000)
    expect(page.locator("#gate-entries")).to_have_text("Lượt vào hôm nay: 2")
    # The three scans queued offline (the page reloaded since the first), each with the server's answer.
    statuses = page.locator("#gate-log li").evaluate_all("items => items.map(i => i.dataset.status)")
    assert sorted(statuses) == ["already_in", "already_in", "checked_in"]

    page.reload()  # nothing is sent twice
    expect(page.locator("#gate")).to_have_attribute("data-waiting", "0")
    badge_id = int(staff_code.split("-")[2])
    assert _entries(live_app, fair_gate) == [("E", badge_id), ("V", fair_gate["visitor"])]
    page.watch.assert_clean()
    context.close()


def _y4m_showing(text: str, path) -> None:
    """A short video (Y4M, what Chromium's fake camera plays) of the QR code of `text`, black on white."""
    import segno

    width, height, scale = 640, 480, 8
    matrix = segno.make_qr(text, error="m").matrix
    side = (len(matrix) + 8) * scale
    left, top = (width - side) // 2, (height - side) // 2
    luma = bytearray(b"\xff" * (width * height))
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                for y in range(top + (row + 4) * scale, top + (row + 5) * scale):
                    start = y * width + left + (col + 4) * scale
                    luma[start : start + scale] = b"\x00" * scale
    chroma = b"\x80" * (width * height // 4)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F5:1 Ip A1:1 C420jpeg\n".encode())
        for _frame in range(5):
            out.write(b"FRAME\n" + bytes(luma) + chroma + chroma)


def test_the_camera_reads_a_badge_with_the_vendored_decoder(chromium, live_server, live_app, fair_gate, tmp_path):
    """Chromium's fake camera shows a visitor's badge; without BarcodeDetector (headless Chromium on Linux
    has none; it is removed in case one does) the page reads it with the vendored pure-JS decoder."""
    from marketplace.accounts import services as accounts
    from marketplace.fairs.onsite.codes import VISITOR as V
    from marketplace.fairs.onsite.codes import badge_code
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    with live_app.app_context():
        visitor = accounts.create_account(
            "khach.may.anh.cong@example.vn", PASSWORD, "Anh Tùng qua máy ảnh", "buyer", verified=True, locale="vi"
        )
        db.session.commit()
        code = badge_code(V, visitor.id)
        db.session.remove()
    video = tmp_path / "badge.y4m"
    _y4m_showing(code, video)
    # A browser of its own (the shared one has no fake camera), from the same Playwright.
    browser = chromium.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(viewport=PHONE, locale="vi-VN", permissions=["camera"])
        context.add_init_script("delete window.BarcodeDetector")  # where a Chromium has one: the fallback still
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in(page, live_server, ORGANISER, PASSWORD)
        page.goto(f"{live_server}/fairs/gate/{fair_gate['fair']}")
        assert page.evaluate("'BarcodeDetector' in window") is False  # so the vendored decoder reads it

        page.get_by_role("button", name="Quét bằng máy ảnh").click()

        expect(page.locator("#gate-result")).to_have_text("Hợp lệ: cho vào. Anh Tùng qua máy ảnh", timeout=20_000)
        assert fits_the_screen(page) and errors == []
        context.close()
    finally:
        browser.close()
