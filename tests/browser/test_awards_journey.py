"""The standout-product selection in a real browser on a phone: a producer nominates, a juror scores,
a visitor votes, the organiser publishes, and the certificate downloads."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from marketplace.accounts import services as accounts
from marketplace.awards import services_jury as jury
from marketplace.awards import services_programmes as programmes
from marketplace.awards.models import Nomination, Programme
from marketplace.catalogue import services as catalogue
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.producers import services as producers
from tests.browser.conftest import fits_the_screen, outbox_messages
from tests.factories import jpeg_bytes, pdf_bytes

PASSWORD = "mot mat khau dai cho thu nghiem"


@pytest.fixture
def cast(live_app):
    """The people of the journey and a programme open for nominations, made through the services."""
    with live_app.app_context():
        people = {
            role: accounts.create_account(
                f"{role}.awards-journey@example.vn", PASSWORD, name, role, verified=True, locale="vi"
            )
            for role, name in (
                ("organiser", "Cán bộ Khuyến công"),
                ("juror", "Giám khảo Phạm Hoa"),
                ("producer", "Chủ cơ sở Mây tre"),
                ("buyer", "Người xem Lan"),
            )
        }
        producer = producers.create_producer(
            {"name": "HTX Mây tre Phú Vinh", "establishment_type": "cooperative", "province_code": "01"},
            created_by=people["producer"],
        )
        product = catalogue.create_product(producer, {"code": "MT-9", "name": "Giỏ mây Phú Vinh", "group_number": 1})
        catalogue.publish_product(product)
        programme = programmes.create_programme(
            {"name": "Bình chọn cấp tỉnh Hà Nội 2026", "year": 2026, "level": "province", "area": "01", "groups": (1,)},
            people["organiser"],
        )
        programmes.update_settings(programme, {"min_scores_per_entry": 1}, people["organiser"])
        programmes.advance_phase(programme, people["organiser"])
        db.session.commit()
        ids = {"programme": programme.id, **{role: user.id for role, user in people.items()}}
        db.session.remove()
    return ids


def _log_in(page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def _between_steps(live_app, cast: dict, step) -> None:
    """What happens off-stage (screening, appointing, council): the same services the pages call."""
    with live_app.app_context():
        programme = db.session.get(Programme, cast["programme"])
        organiser = accounts.find_by_email("organiser.awards-journey@example.vn")
        step(programme, organiser)
        db.session.commit()
        db.session.remove()


def _to_screening(programme, organiser):
    programmes.advance_phase(programme, organiser)


def _to_judging(programme, organiser):
    jury.appoint_juror(programme, accounts.find_by_email("juror.awards-journey@example.vn"), 1, organiser)
    programmes.advance_phase(programme, organiser)
    jury.assign_entries(programme, "all", organiser)


def _to_voting(programme, organiser):
    programmes.advance_phase(programme, organiser)
    programmes.record_council_approval(programme, "Biên bản số 7/BB-HĐBC", organiser)
    programmes.update_settings(
        programme,
        {
            "voting_opens_at": utcnow() - timedelta(hours=1),
            "voting_closes_at": utcnow() + timedelta(days=5),
            "decision_number": "45/QĐ-UBND",
            "decision_date": date(2026, 3, 15),
            "issuer": "Ủy ban nhân dân thành phố Hà Nội",
        },
        organiser,
    )
    programmes.advance_phase(programme, organiser)


def test_producer_nominates_juror_scores_visitor_votes_organiser_publishes(
    phone_page, live_server, live_app, cast, tmp_path
):
    page, base = phone_page, live_server
    programme_url = f"{base}/awards/{cast['programme']}"
    registration = tmp_path / "dang-ky-kinh-doanh.pdf"
    registration.write_bytes(pdf_bytes())
    photos = []
    for index, colour in enumerate(((200, 80, 40), (40, 160, 90), (60, 90, 200))):
        photos.append(tmp_path / f"anh-{index}.jpg")
        photos[-1].write_bytes(jpeg_bytes(colour=colour))

    # The producer nominates the product and files the dossier.
    _log_in(page, base, "producer.awards-journey@example.vn")
    page.goto(programme_url)
    assert fits_the_screen(page)
    page.get_by_role("link", name="Đề cử sản phẩm").click()
    page.get_by_label("Sản phẩm").select_option(label="Giỏ mây Phú Vinh")
    page.get_by_label("Thủ công mỹ nghệ").check()
    page.get_by_role("button", name="Mở hồ sơ").click()
    page.get_by_label("Mô tả sản phẩm").fill("Giỏ mây đan tay từ mây rừng, bền và nhẹ.")
    page.get_by_label("Cơ sở tự sản xuất sản phẩm này.").check()
    page.get_by_label("Sản phẩm được sản xuất hàng loạt, không phải sản phẩm đơn chiếc.").check()
    page.get_by_label(re.compile("Sản phẩm đáp ứng quy định")).check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    for kind, path in [("Bản sao giấy chứng nhận đăng ký kinh doanh", registration)] + [
        ("Ảnh sản phẩm", photo) for photo in photos
    ]:
        page.get_by_label("Đây là tài liệu gì?").select_option(label=kind)
        page.get_by_label("Tệp (PDF hoặc ảnh)").set_input_files(str(path))
        page.get_by_role("button", name="Đính kèm", exact=True).click()
        expect(page.get_by_text("Đã đính kèm tài liệu.")).to_be_visible()
    assert fits_the_screen(page)
    page.get_by_role("button", name="Nộp hồ sơ").click()
    expect(page.get_by_text("Đã nộp hồ sơ. Đơn vị tổ chức sẽ thẩm định.")).to_be_visible()

    # The organiser screens the dossier on the phone; the producer is told by mail.
    _between_steps(live_app, cast, _to_screening)
    _log_in(page, base, "organiser.awards-journey@example.vn")
    page.goto(f"{base}/awards/manage/{cast['programme']}/behalf")  # the picker staff nominate through
    expect(page.get_by_role("heading", name="HTX Mây tre Phú Vinh")).to_be_visible()
    assert fits_the_screen(page)
    page.goto(f"{base}/awards/manage/{cast['programme']}/dossiers")
    page.get_by_label("Chấp nhận", exact=True).check()
    page.get_by_role("button", name=re.compile("Ghi nhận quyết định")).click()
    expect(page.get_by_text(re.compile(r"Hồ sơ N1-001: đã ghi nhận quyết định"))).to_be_visible()
    assert fits_the_screen(page)
    mail = [m for m in outbox_messages(live_app) if m["To"] == "producer.awards-journey@example.vn"]
    assert mail and mail[-1]["Subject"] == "Hồ sơ N1-001 đã được chấp nhận: Giỏ mây Phú Vinh"

    _between_steps(live_app, cast, _to_judging)

    # The juror scores the entry and submits the sheet.
    _log_in(page, base, "juror.awards-journey@example.vn")
    page.goto(f"{base}/awards/jury/")
    page.get_by_role("link", name=re.compile("Giỏ mây Phú Vinh")).click()
    for label, points in zip(page.get_by_label(re.compile(r"Điểm \(0 đến")).all(), ("36", "34", "9", "8"), strict=True):
        label.fill(points)
    expect(page.locator("#award-total")).to_have_text("87,00")  # the Vietnamese decimal comma
    assert fits_the_screen(page)
    page.get_by_role("button", name="Nộp phiếu (sau đó bị khóa)").click()
    expect(page.get_by_text(re.compile("Đã nộp phiếu chấm"))).to_be_visible()

    _between_steps(live_app, cast, _to_voting)

    # A visitor with a confirmed account votes; the count stays hidden.
    _log_in(page, base, "buyer.awards-journey@example.vn")
    page.goto(programme_url)
    page.get_by_role("button", name=re.compile(r"Bình chọn\W+Giỏ mây")).click()
    expect(page.get_by_text("Cảm ơn bạn: phiếu bình chọn cho Giỏ mây Phú Vinh đã được ghi nhận.")).to_be_visible()
    expect(page.get_by_text("Bạn đã bình chọn cho Giỏ mây Phú Vinh trong nhóm này.")).to_be_visible()
    assert fits_the_screen(page)

    # The organiser reads the vote's report (every vote listed, each can be voided), then publishes;
    # the certificate downloads and verifies, and the product page shows the badge.
    _log_in(page, base, "organiser.awards-journey@example.vn")
    page.goto(f"{base}/awards/manage/{cast['programme']}/votes")
    vote = page.locator(".award-votes li")
    expect(vote).to_have_count(1)
    expect(vote).to_contain_text("buyer.awards-journey@example.vn")
    expect(vote.get_by_text("Hủy phiếu này", exact=True)).to_be_visible()
    assert fits_the_screen(page)
    page.goto(f"{base}/awards/manage/{cast['programme']}/results")
    assert fits_the_screen(page)
    page.get_by_role("link", name="Công bố kết quả").click()
    # The confirmation page: the vote is still open for days, so ending it early is an explicit choice.
    expect(page.get_by_text("31/12/2029")).to_be_visible()
    assert fits_the_screen(page)
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.get_by_text("Xác nhận trước")).to_be_visible()
    page.get_by_label("kết thúc bình chọn sớm").check()
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.get_by_text("Đã công bố kết quả; đã cấp 1 giấy chứng nhận.")).to_be_visible()
    page.context.clear_cookies()
    page.goto(f"{programme_url}/results")
    assert fits_the_screen(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Giấy chứng nhận (PDF)").click()
    pdf = download_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert Path(pdf.path()).read_bytes().startswith(b"%PDF-")
    page.get_by_role("link", name="Kiểm tra").click()
    expect(page.get_by_text("Giấy chứng nhận này là thật và còn hiệu lực đến 31/12/2029.")).to_be_visible()
    page.goto(programme_url)
    page.get_by_role("link", name="Giỏ mây Phú Vinh").first.click()
    expect(page.locator(".award-badge")).to_contain_text("Sản phẩm công nghiệp nông thôn tiêu biểu · cấp tỉnh 2026")
    assert fits_the_screen(page)
    with live_app.app_context():
        nomination = db.session.query(Nomination).filter_by(programme_id=cast["programme"]).one()
        assert nomination.awarded and nomination.public_votes == 1
        db.session.remove()
