"""Receipts (PDF, Vietnamese and English, with the subsidy split and refunds), the organiser's
payments per group with outstanding amounts, the XLSX export, and who may see what."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from marketplace.payments import settlement
from marketplace.payments.models import PaymentTransaction
from tests import factories


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def paid_invoice(db, **extra):
    invoice = factories.invoice(lines=((1_500_000, 500_000), (300_000, 0)), commit=True, **extra)
    settlement.confirm_transfer_by_hand(invoice, 1_300_000, None, "VCB")
    db.session.commit()
    entry = db.session.scalar(select(PaymentTransaction).where(PaymentTransaction.invoice_id == invoice.id))
    return invoice, entry


def test_the_vietnamese_receipt_shows_seller_buyer_split_amount_reference_and_date(client, login, db):
    invoice, entry = paid_invoice(db)
    login(invoice.payer)

    response = client.get(f"/payments/receipts/{entry.id}.pdf?lang=vi")

    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for expected in (
        "Trung tâm Khuyến công",
        "HTX Mây tre đan Phú Vinh",
        "0101234567",
        "Gian hàng A1",
        "1.500.000 ₫",
        "500.000 ₫",
        "1.300.000 ₫",
        invoice.reference,
        entry.created_at.strftime("%Y"),
    ):
        assert expected in text, expected


def test_the_english_receipt_and_a_refund_on_it(client, login, db):
    invoice, entry = paid_invoice(db)
    settlement.record_refund(invoice, entry.provider, entry.provider_ref, 300_000)
    db.session.commit()
    login(invoice.payer)

    text = pdf_text(client.get(f"/payments/receipts/{entry.id}.pdf?lang=en").data)

    assert "RECEIPT" in text and "Booth A1" in text and "Subsidy" in text
    assert "Refunded on" in text and "300,000 ₫" in text and "Amount kept: 1,000,000 ₫" in text  # English digits


def test_receipts_are_for_the_payer_and_the_organiser_only(client, login, make_user, db):
    invoice, entry = paid_invoice(db)
    url = f"/payments/receipts/{entry.id}.pdf"

    login(make_user("producer"))
    assert client.get(url).status_code == 404
    login(make_user("organiser"))
    assert client.get(url).status_code == 200


def test_a_payer_acting_for_the_same_producer_sees_the_invoice(client, login, make_user, db):
    from marketplace.producers.models import Producer, ProducerMember

    producer = Producer(name="HTX Phú Vinh", slug="htx-phu-vinh", establishment_type="cooperative", province_code="01")
    db.session.add(producer)
    db.session.flush()
    colleague = make_user("producer")
    db.session.add(ProducerMember(producer_id=producer.id, user_id=colleague.id))
    db.session.commit()
    invoice = factories.invoice(payer_producer_id=producer.id, commit=True)

    login(colleague)
    assert client.get(f"/payments/{invoice.reference}").status_code == 200
    assert invoice.reference in client.get("/payments/mine").get_data(as_text=True)


def test_the_organisers_view_shows_outstanding_per_group_and_what_needs_a_decision(client, login, make_user, db):
    paid, _ = paid_invoice(db)
    open_one = factories.invoice(commit=True)
    short = factories.invoice(commit=True)
    settlement.confirm_transfer_by_hand(short, 500_000, None)
    db.session.commit()
    login(make_user("organiser"))

    html = client.get("/payments/manage?group=fair:1").get_data(as_text=True)

    assert all(i.reference in html for i in (paid, open_one, short))
    assert "2.000.000 ₫" in html  # outstanding: open_one 1,000,000 + short 1,000,000 (held money does not count)
    needs = html.split('id="attention"')[1].split("</ul>")[0]
    assert short.reference in needs and open_one.reference not in needs and paid.reference not in needs


def test_the_export_has_the_split_and_the_ledger(client, login, make_user, db):
    paid, _ = paid_invoice(db)
    login(make_user("organiser"))

    response = client.get("/payments/manage/export.xlsx?group=fair:1")

    workbook = load_workbook(io.BytesIO(response.data))
    invoices, entries = workbook.worksheets
    rows = list(invoices.iter_rows(values_only=True))
    row = next(r for r in rows if r[0] == paid.reference)
    assert row[3] == "0101234567" and row[6:13] == (1_800_000, 500_000, 1_300_000, 1_300_000, 0, 0, 0)
    assert any(r[0] == paid.reference and r[5] == "succeeded" for r in entries.iter_rows(values_only=True))


def test_payment_pages_refuse_anonymous_and_other_roles(client, login, make_user, db):
    invoice = factories.invoice(commit=True)
    assert client.get(f"/payments/{invoice.reference}").status_code in (302, 401)
    login(make_user("buyer"))
    assert client.get(f"/payments/{invoice.reference}").status_code == 404
    assert client.get("/payments/manage").status_code == 403
    assert client.get("/payments/manage/export.xlsx").status_code == 403
