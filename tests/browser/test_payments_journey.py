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
        payer = accounts.create_account("payer.journey@example.vn", PASSWORD, "HTX Gốm Bát Tràng", "producer",
                                        verified=True, locale="vi")
        accounts.create_account("organiser.journey@example.vn", PASSWORD, "Trung tâm Khuyến công", "organiser",
                                verified=True, locale="vi")
        invoice = services.request_payment(
            payable_kind="journey-fee", payable_id=1, payer_user=payer,
            payer=services.Party("HTX Gốm Bát Tràng", tax_code="0101234567"),
            seller=services.Party("Trung tâm Khuyến công"),
            lines=[services.Line("Gian hàng tiêu chuẩn A07 (9 m²)", 2_000_000, 800_000)],
            description="Gian hàng A07 — Hội chợ CNNT 2026", context=("fair", 99, "Hội chợ CNNT 2026"),
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
    page.set_input_files("input[type=file]", files=[
        {"name": "sao-ke.csv", "mimeType": "text/csv", "buffer": statement.encode()}])
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/manage/statements/\d+$"))
    assert reference in page.content()
    assert fits_the_screen(page)
    page.locator("form[action$='/apply'] button").click()
    page.wait_for_url(re.compile(r"/manage/statements/\d+$"))

    page.goto(f"{live_server}/payments/{reference}")
    assert page.locator(".badge").first.inner_text() == "Đã thanh toán"
    assert fits_the_screen(page)
