"""An invoice with no way of paying online names whom to contact (CENTRE_*), and the demo bank account
of `make run` (BANK_DEMO) works for VietQR while every page showing it says it is a demo."""

import pytest

from marketplace.config import ConfigError, load_settings
from tests import factories
from tests.conftest import post_form
from tests.payments.conftest import BANK

DEMO = {
    "BANK_DEMO": True,
    "BANK_BIN": "970436",
    "BANK_ACCOUNT_NUMBER": "0000000000",
    "BANK_ACCOUNT_NAME": "TAI KHOAN DEMO SAN CNNT",
}


@pytest.fixture
def settings_of(app):
    """Change app settings for one test, restored afterwards."""
    saved = {}

    def change(**values):
        for key in values:
            saved.setdefault(key, app.config.get(key))
        app.config.update(values)

    yield change
    app.config.update(saved)


def test_an_invoice_with_no_way_to_pay_names_the_centre_its_phone_and_email(client, login, settings_of):
    settings_of(
        CENTRE_NAME="Trung tâm Khuyến công Hà Nội", CENTRE_PHONE="024 3826 1234", CENTRE_EMAIL="khuyencong@hanoi.gov.vn"
    )
    invoice = factories.invoice(commit=True)
    login(invoice.payer)

    html = client.get(f"/payments/{invoice.reference}").get_data(as_text=True)

    contact = html.split('id="centre-contact"')[1].split("</p>")[0]
    assert "Trung tâm Khuyến công Hà Nội" in contact
    assert 'href="tel:02438261234"' in contact and "024 3826 1234" in contact
    assert 'href="mailto:khuyencong@hanoi.gov.vn"' in contact
    assert "/bank-transfer" not in html


def test_without_phone_or_email_the_centre_is_still_named(client, login, make_user, settings_of):
    settings_of(CENTRE_PHONE=None, CENTRE_EMAIL=None)
    invoice = factories.invoice(payer=make_user("producer", locale="en"), commit=True)
    login(invoice.payer)

    html = client.get(f"/payments/{invoice.reference}").get_data(as_text=True)

    assert "Please contact Trung tâm Khuyến công to pay" in html


def test_the_demo_account_makes_vietqr_work_and_is_labelled_as_a_demo(client, login, settings_of):
    settings_of(**DEMO)
    invoice = factories.invoice(lines=((1_500_000, 250_000),), commit=True)
    login(invoice.payer)
    page = f"/payments/{invoice.reference}"

    shown = client.get(page).get_data(as_text=True)
    chosen = post_form(client, page, f"{page}/bank-transfer")
    transfer = client.get(chosen.headers["Location"]).get_data(as_text=True)

    assert "Tài khoản demo — không chuyển tiền thật." in shown
    assert chosen.status_code == 303 and "0000000000" in transfer
    assert "Tài khoản demo — không chuyển tiền thật." in transfer
    assert client.get(f"{page}/vietqr.svg").status_code == 200


def test_a_real_account_carries_no_demo_label(client, login, settings_of):
    settings_of(**BANK, BANK_DEMO=False)
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    page = f"/payments/{invoice.reference}"
    chosen = post_form(client, page, f"{page}/bank-transfer")

    assert "demo" not in client.get(chosen.headers["Location"]).get_data(as_text=True).lower().split("<main")[1]


def test_the_settings_refuse_a_demo_account_in_production_and_a_malformed_centre_email():
    production = {"APP_ENV": "production", "SECRET_KEY": "s" * 40}
    with pytest.raises(ConfigError, match="BANK_DEMO"):
        load_settings(environ={**production, "BANK_DEMO": "true"})
    with pytest.raises(ConfigError, match="CENTRE_EMAIL"):
        load_settings(environ={**production, "CENTRE_EMAIL": "khuyen cong"})
    config = load_settings(environ={**production, "CENTRE_PHONE": "024 3826 1234", "CENTRE_EMAIL": "kc@hanoi.gov.vn"})
    assert (config["CENTRE_PHONE"], config["CENTRE_EMAIL"], config["BANK_DEMO"]) == (
        "024 3826 1234",
        "kc@hanoi.gov.vn",
        False,
    )
    assert (
        load_settings(
            environ={
                "APP_ENV": "development",
                "BANK_DEMO": "true",
                **{k: v for k, v in DEMO.items() if k != "BANK_DEMO"},
            }
        )["BANK_DEMO"]
        is True
    )
