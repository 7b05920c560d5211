"""VietQR payloads: our CRC reproduces codes published by others, our payloads decode back to the
account, amount and reference, and the bank transfer page shows them with the QR image."""

import pytest

from marketplace.payments import vietqr
from tests import factories
from tests.conftest import post_form
from tests.payments.conftest import BANK

# Published VietQR strings, each with the CRC its publisher's software (or bank) produced:
PUBLISHED = [
    # github.com/subiz/vietqr, README.md: 120.000 đ to VietinBank 0011001932418, note "ung ho lu lut".
    (
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813"
        "ung ho lu lut6304C15C",
        "970415",
        "0011001932418",
        120_000,
        "ung ho lu lut",
    ),
    # The sample of NAPAS's VietQR specification (Vietcombank 0011001800879, 100.000 đ, "nhan tien"), as
    # quoted in public VietQR parsers.
    (
        "00020101021238570010A00000072701270006970436011300110018008790208QRIBFTTA530370454061000005802VN62130809"
        "nhan tien6304D1EF",
        "970436",
        "0011001800879",
        100_000,
        "nhan tien",
    ),
    # A static code (no amount) from the README of a public Dart VietQR library (BIDV 2170347751).
    (
        "00020101021238540010A00000072701240006970418011021703477510208QRIBFTTA53037045802VN63048687",
        "970418",
        "2170347751",
        None,
        None,
    ),
]


@pytest.mark.parametrize(("payload", "bank_bin", "account", "amount", "note"), PUBLISHED)
def test_published_codes_decode_and_their_crc_checks(payload, bank_bin, account, amount, note):
    decoded = vietqr.decode(payload)
    assert (decoded["bin"], decoded["account"], decoded["amount"], decoded["note"]) == (bank_bin, account, amount, note)
    assert decoded["guid"] == "A000000727" and decoded["service"] == "QRIBFTTA"


@pytest.mark.parametrize(("payload", "bank_bin", "account", "amount", "note"), PUBLISHED[:2])
def test_our_builder_reproduces_the_published_dynamic_codes_byte_for_byte(payload, bank_bin, account, amount, note):
    assert vietqr.build_payload(bank_bin, account, amount, note) == payload


def test_crc16_ccitt_false_check_value():
    """The catalogue check value of CRC-16/CCITT-FALSE: "123456789" -> 0x29B1."""
    assert vietqr.crc16_ccitt_false(b"123456789") == 0x29B1


def test_a_changed_digit_fails_the_crc():
    payload = vietqr.build_payload("970436", "0011001800879", 1_000_000, "CNNTABC234")
    tampered = payload.replace("1000000", "9000000")
    with pytest.raises(vietqr.PayloadError):
        vietqr.decode(tampered)


def test_our_payload_carries_the_fields_domain_md_names():
    payload = vietqr.build_payload("970436", "0011001800879", 1_250_000, "CNNTABC234")
    decoded = vietqr.decode(payload)
    assert decoded == {
        "format": "01",
        "initiation": "12",
        "guid": "A000000727",
        "bin": "970436",
        "account": "0011001800879",
        "service": "QRIBFTTA",
        "currency": "704",
        "amount": 1_250_000,
        "country": "VN",
        "note": "CNNTABC234",
        "crc": payload[-4:],
    }


def test_notes_are_plain_ascii_and_short():
    assert vietqr.ascii_note("Đặt gian hàng — CNNT7K3F9Q!") == "Dat gian hang CNNT7K3F9Q"
    assert len(vietqr.ascii_note("x" * 40)) == 25


def test_the_bank_transfer_page_shows_account_amount_reference_and_a_matching_qr(client, login, bank_on, paid_signals):
    invoice = factories.invoice(lines=((1_500_000, 250_000),), commit=True)
    login(invoice.payer)
    page = f"/payments/{invoice.reference}"

    chosen = post_form(client, page, f"{page}/bank-transfer")
    html = client.get(chosen.headers["Location"]).get_data(as_text=True)
    svg = client.get(f"{page}/vietqr.svg")
    png = client.get(f"{page}/vietqr.png")

    assert chosen.status_code == 303
    assert "1.250.000 ₫" in html and invoice.reference in html and BANK["BANK_ACCOUNT_NUMBER"] in html
    assert "Vietcombank" in html
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data and b"<script" not in svg.data
    assert png.data.startswith(b"\x89PNG")
    expected = vietqr.build_payload(BANK["BANK_BIN"], BANK["BANK_ACCOUNT_NUMBER"], 1_250_000, invoice.reference)
    assert vietqr.decode(expected)["note"] == invoice.reference
    assert svg.data == vietqr.svg(expected)
    assert paid_signals == []


def test_the_qr_is_only_for_the_payer(client, login, make_user, bank_on):
    invoice = factories.invoice(commit=True)
    login(make_user("producer"))
    assert client.get(f"/payments/{invoice.reference}/vietqr.svg").status_code == 404
    assert client.get(f"/payments/{invoice.reference}/bank-transfer").status_code == 404


def test_bank_transfer_is_not_offered_without_an_account(client, login):
    invoice = factories.invoice(commit=True)
    login(invoice.payer)
    assert client.get(f"/payments/{invoice.reference}/bank-transfer").status_code == 422
    assert client.get(f"/payments/{invoice.reference}/vietqr.svg").status_code == 404


def test_an_account_given_with_the_invoice_is_used_instead_of_the_settings(client, login):
    from marketplace.payments.services import BankAccount

    invoice = factories.invoice(bank_account=BankAccount("970415", "113366668888", "SO CONG THUONG"), commit=True)
    login(invoice.payer)

    html = client.get(f"/payments/{invoice.reference}/bank-transfer").get_data(as_text=True)

    assert "113366668888" in html and "VietinBank" in html
