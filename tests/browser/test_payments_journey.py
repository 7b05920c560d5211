"""Paying by bank transfer on a phone: the payer reaches the VietQR page; the organiser imports the
bank statement, checks the preview, applies it, and the invoice turns paid."""

import re

import pytest

from marketplace.extensions import db
from tests.browser.conftest import fits_the_screen

PASSWORD = "gian hang hoi cho 2026"
BANK = {"BANK_ACCOUNT_NAME": "TRUNG TAM KHUYEN CONG", "BANK_BIN": "970436", "BANK_ACCOUNT_NUMBER": "0011001800879"}


@pytest.fixture
def invoice_to_pay(live_app):
    from marketplace.accounts import services as accounts
    from marketplace.payments import services
    from marketplace.payments.payables import register_payable_kind

    register_payable_kind("journey-fee")
    saved = {key: live_app.config.get(key) for key in BANK}
    live_app.config.update(BANK)
    with live_app.app_context():
        payer = accounts.create_account(
            "payer.journey@example.vn", PASSWORD, "HTX Gốm Bát Tràng", "producer", verified=True, locale="vi"
        )
        accounts.create_account(
            "organiser.journey@example.vn", PASSWORD, "Trung tâm Khuyến công", "organiser", verified=True, locale="vi"
        )
        invoice = services.request_payment(
            payable_kind="journey-fee",
            payable_id=1,
            payer_user=payer,
            payer=services.Party("HTX Gốm Bát Tràng", tax_code="0101234567"),
            seller=services.Party("Trung tâm Khuyến công"),
            lines=[services.Line("Gian hàng tiêu chuẩn A07 (9 m²)", 2_000_000, 800_000)],
            description="Gian hàng A07 — Hội chợ CNNT 2026",
            context=("fair", 99, "Hội chợ CNNT 2026"),
        )
        db.session.commit()
        reference = invoice.reference
        db.session.remove()
    yield reference
    live_app.config.update(saved)


def log_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(f"{live_server}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/")


def test_payer_reaches_vietqr_then_organiser_imports_the_statement_and_it_is_paid(
    phone_page, live_server, invoice_to_pay
):
    page, reference = phone_page, invoice_to_pay
    log_in(page, live_server, "payer.journey@example.vn")
    page.goto(f"{live_server}/payments/{reference}")
    assert "1.200.000 ₫" in page.content() and "800.000 ₫" in page.content()  # what is paid, and the subsidy
    assert fits_the_screen(page)

    page.locator("form[action$='/bank-transfer'] button").click()
    page.wait_for_url(re.compile(r"/bank-transfer$"))
    qr = page.locator(".vietqr img")
    assert qr.is_visible() and qr.evaluate("img => img.naturalWidth") > 0
    assert reference in page.content() and "0011001800879" in page.content()
    assert fits_the_screen(page)

    log_in(page, live_server, "organiser.journey@example.vn")
    page.goto(f"{live_server}/payments/manage/statements")
    statement = f'Ngày,Số tiền,Nội dung\n12/03/2026,"1.200.000","HTX GOM BAT TRANG CK {reference}"\n'
    page.set_input_files(
        "input[type=file]", files=[{"name": "sao-ke.csv", "mimeType": "text/csv", "buffer": statement.encode()}]
    )
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/statements/\d+$"))
    assert reference in page.content()
    assert fits_the_screen(page)
    page.locator("form[action$='/apply'] button").click()
    page.wait_for_url(re.compile(r"/manage/statements/\d+$"))

    page.goto(f"{live_server}/payments/{reference}")
    assert page.locator(".badge").first.inner_text() == "Đã thanh toán"
    assert fits_the_screen(page)


@pytest.fixture
def fair_with_fees(live_app):
    """A first-come fair whose standard booth costs 6.000.000 ₫ with 2.000.000 ₫ of subsidy, a producer
    account acting for an establishment, the centre's organiser, and bank transfer switched on."""
    from marketplace.accounts import services as accounts
    from marketplace.fairs import organise
    from marketplace.producers import services as producers
    from tests.factories import fair_values

    saved = {key: live_app.config.get(key) for key in BANK}
    live_app.config.update(BANK)
    with live_app.app_context():
        organiser = accounts.create_account(
            "organiser.fees@example.vn", PASSWORD, "Trung tâm Khuyến công", "organiser", verified=True, locale="vi"
        )
        account = accounts.create_account(
            "htx.fees@example.vn", PASSWORD, "HTX Gốm Phù Lãng", "producer", verified=True, locale="vi"
        )
        producers.create_producer(
            {"name": "HTX Gốm Phù Lãng", "establishment_type": "cooperative", "province_code": "01"}, created_by=account
        )
        fair = organise.create_fair(
            fair_values(
                name="Hội chợ CNNT có phí gian hàng",
                subsidy_percent=50,
                subsidy_cap_vnd=2_000_000,
                subsidy_budget_vnd=40_000_000,
            ),
            organiser,
        )
        standard = organise.save_booth_type(
            fair, {"code": "standard", "name": "Gian tiêu chuẩn 3 × 3 m", "price_vnd": 6_000_000}
        )
        hall = organise.save_hall(fair, {"name": "Nhà B", "width_m": 40, "depth_m": 12})
        organise.add_booth_row(hall, standard, {"prefix": "P", "start": 1, "count": 6, "x": 2, "y": 1})
        organise.publish_fair(fair, organiser)
        db.session.commit()
        fair_id = fair.id
        db.session.remove()
    yield fair_id
    live_app.config.update(saved)


def test_a_producer_pays_a_booth_by_vietqr_and_the_statement_import_confirms_the_booking(
    phone_page, live_server, fair_with_fees
):
    from tests.browser.test_every_page import AXE, axe_violations

    page, fair_id = phone_page, fair_with_fees
    log_in(page, live_server, "htx.fees@example.vn")
    page.goto(f"{live_server}/fairs/{fair_id}/booths/P03")
    page.get_by_role("button", name="Giữ gian này").click()
    page.wait_for_url(re.compile(r"/fairs/bookings/\d+$"))
    booking_url = page.url
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.wait_for_load_state()
    assert "Chờ thanh toán" in page.content()
    pay = page.get_by_role("link", name="Thanh toán 4.000.000 ₫")
    assert pay.is_visible() and fits_the_screen(page)
    assert axe_violations(page, AXE.read_text(encoding="utf-8")) == []

    pay.click()
    page.wait_for_url(re.compile(r"/payments/CNNT\w+$"))
    reference = page.url.rsplit("/", 1)[1]
    assert "6.000.000 ₫" in page.content() and "2.000.000 ₫" in page.content()  # list price and subsidy
    page.locator("form[action$='/bank-transfer'] button").click()
    page.wait_for_url(re.compile(r"/bank-transfer$"))
    qr = page.locator(".vietqr img")
    assert qr.is_visible() and qr.evaluate("img => img.naturalWidth") > 0
    assert reference in page.content() and "4.000.000 ₫" in page.content()
    assert fits_the_screen(page)

    log_in(page, live_server, "organiser.fees@example.vn")
    page.goto(f"{live_server}/payments/manage/statements")
    statement = f'Ngày,Số tiền,Nội dung\n12/03/2026,"4.000.000","HTX GOM PHU LANG CK {reference} GIAN P03"\n'
    page.set_input_files(
        "input[type=file]", files=[{"name": "sao-ke.csv", "mimeType": "text/csv", "buffer": statement.encode()}]
    )
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/statements/\d+$"))
    assert reference in page.content()
    page.locator("form[action$='/apply'] button").click()
    page.wait_for_url(re.compile(r"/manage/statements/\d+$"))
    page.goto(f"{live_server}/fairs/manage/bookings/{booking_url.rsplit('/', 1)[1]}")
    assert page.locator(f"a[href='/payments/{reference}']").is_visible()  # refunds are made there
    assert axe_violations(page, AXE.read_text(encoding="utf-8")) == [] and fits_the_screen(page)

    log_in(page, live_server, "htx.fees@example.vn")
    page.goto(booking_url)
    assert page.locator(".badge").first.inner_text() == "Đã thanh toán"
    assert "Chuyển khoản" in page.content() and reference in page.content()
    assert fits_the_screen(page)
