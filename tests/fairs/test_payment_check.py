"""`flask payments check` over real bookings: the demo agrees (and its screens tell one story), each way
of paying a booth leaves bookings, invoices and the ledger agreeing, and a broken state is reported."""
# ruff: noqa: F811  (the booking fixtures of test_payment_link are imported, then named as arguments)

from sqlalchemy import select, update

from marketplace.fairs import payment_link, services
from marketplace.fairs.demo import FAIR_NAME
from marketplace.fairs.models import Booking, Fair
from marketplace.payments import check, ledger, queries
from marketplace.payments.models import Invoice, PaymentTransaction
from tests import factories
from tests.conftest import post_form
from tests.factories import booth, pay
from tests.fairs.test_payment_link import (  # noqa: F401  (fixtures)
    DUE,
    fresh,
    lose_the_booth,
    organiser_client,
    pending,
    producer,
    submit_through_the_site,
    subsidised_fair,
)
from tests.payments.conftest import post_event, start_card_payment


def run_check(app):
    from marketplace.extensions import db

    db.session.expire_all()  # the command runs in the test's app context: no stale rows of the test's
    result = app.test_cli_runner().invoke(args=["payments", "check"])
    return result.exit_code, result.output


def assert_agrees(app):
    code, output = run_check(app)
    assert (code, output.strip()) == (0, "Bookings, invoices and the ledger agree."), output


def test_the_demo_pays_through_the_ledger_and_every_screen_agrees(app, db, login, make_user):
    seeded = app.test_cli_runner().invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output

    assert_agrees(app)
    db.session.expire_all()
    fair = db.session.scalar(select(Fair).where(Fair.name == FAIR_NAME))
    paid = db.session.scalars(select(Booking).where(Booking.fair_id == fair.id, Booking.status == "paid")).all()
    assert len(paid) >= 5
    invoices = [payment_link.invoice_of(b) for b in paid]
    standings = queries.standings_for(invoices)
    assert all(standings[i.id].status == "paid" for i in invoices)
    assert all(
        e.provider == "bank_transfer" and e.status == "succeeded" for i in invoices for e in ledger.entries_of(i)
    )  # one confirmed transfer each, with its receipt
    received = sum(b.amount_due_vnd for b in paid)
    assert sum(s.received for s in standings.values()) == received

    desk = app.test_client()
    login(make_user("organiser"), desk)
    manage = desk.get(f"/payments/manage?group=fair:{fair.id}").get_data(as_text=True)
    report = desk.get(f"/fairs/manage/{fair.id}/report").get_data(as_text=True)
    shown = f"{received:,}".replace(",", ".")
    assert shown in manage and shown in report
    for invoice in invoices:  # nothing offers to record a transfer for a paid booking again
        page = desk.get(f"/payments/{invoice.reference}").get_data(as_text=True)
        assert "/confirm-transfer" not in page


def test_a_card_payment_through_the_webhook_leaves_everything_agreeing(app, client, db, pending, stripe_on):
    booking, invoice = pending
    assert_agrees(app)  # awaiting payment, with its invoice
    session_id = start_card_payment(client, invoice)
    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", stripe_on.pay(session_id)))

    assert fresh(db, booking).status == "paid"
    assert_agrees(app)


def test_a_bank_statement_and_a_hand_confirmation_leave_everything_agreeing(
    app, client, db, login, subsidised_fair, producer, organiser, bank_on
):
    import io

    from tests.conftest import csrf_token_from

    user, establishment = producer
    first = submit_through_the_site(client, login, db, subsidised_fair, user, establishment, "S01")
    second = submit_through_the_site(client, login, db, subsidised_fair, user, establishment, "S02")
    desk = organiser_client(app, login, organiser)
    reference = payment_link.invoice_of(first).reference
    csv = f'Ngày,Số tiền,Nội dung\n12/03/2026,"4.000.000","CK {reference}"\n'
    form = desk.get("/payments/manage/statements").get_data(as_text=True)
    uploaded = desk.post(
        "/payments/manage/statements",
        content_type="multipart/form-data",
        data={"csrf_token": csrf_token_from(form), "statement": (io.BytesIO(csv.encode()), "sao-ke.csv")},
    )
    post_form(desk, uploaded.headers["Location"], f"{uploaded.headers['Location']}/apply")
    page = f"/payments/{payment_link.invoice_of(second).reference}"
    post_form(desk, page, f"{page}/confirm-transfer", {"amount_vnd": DUE})

    assert (fresh(db, first).status, fresh(db, second).status) == ("paid", "paid")
    assert_agrees(app)


def test_refunds_and_a_payment_for_a_lost_booth_leave_everything_agreeing(
    app, client, db, login, pending, organiser, stripe_on
):
    booking, invoice = pending
    desk = organiser_client(app, login, organiser)
    page = f"/payments/{invoice.reference}"
    post_form(desk, page, f"{page}/confirm-transfer", {"amount_vnd": DUE})
    entry = next(e for e in ledger.entries_of(invoice) if e.status == "succeeded")
    post_form(desk, page, f"{page}/refund", {"entry_id": entry.id, "amount_vnd": 1_000_000})
    assert_agrees(app)  # partly refunded, still paid
    post_form(desk, page, f"{page}/refund", {"entry_id": entry.id, "amount_vnd": DUE - 1_000_000})
    assert fresh(db, booking).status == "cancelled"
    assert_agrees(app)  # fully refunded, cancelled

    # Money for a booth that went to someone else: settled, flagged for a refund, still agreeing.
    user, establishment = factories.producer_account(commit=True)
    late = submit_through_the_site(client, login, db, booking.fair, user, establishment, "S02")
    late_invoice = payment_link.invoice_of(late)
    session_id = start_card_payment(client, late_invoice)
    lose_the_booth(db, late)
    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", stripe_on.pay(session_id)))
    assert fresh(db, late).status == "expired" and payment_link.payment_state(late).refund_needed
    assert_agrees(app)


def test_a_booking_cancelled_after_paying_keeps_its_money_for_the_organiser_and_agrees(
    app, db, login, pending, organiser
):
    booking, _invoice = pending
    pay(booking)
    services.cancel_booking(booking, organiser, "Đổi kế hoạch", by_staff=True)
    db.session.commit()
    assert_agrees(app)


def test_a_broken_state_is_listed_and_the_check_fails(app, db, organiser):
    fair = factories.fair(
        organiser, subsidy_percent=50, subsidy_cap_vnd=2_000_000, subsidy_budget_vnd=20_000_000, commit=True
    )
    user_a, a = factories.producer_account(commit=True)
    user_b, b = factories.producer_account(commit=True)
    user_c, c = factories.producer_account(commit=True)
    marked = services.hold_booth(fair, booth(fair, "S01"), a, user_a)
    services.submit_booking(marked, [], None)
    settled = services.hold_booth(fair, booth(fair, "S02"), b, user_b)
    services.submit_booking(settled, [], None)
    repriced = services.hold_booth(fair, booth(fair, "S03"), c, user_c)
    services.submit_booking(repriced, [], None)
    pay(settled)
    db.session.commit()
    assert_agrees(app)

    # What no code path does: a booking marked paid by hand, a paid booking set back, an invoice's
    # amount changed, and a refund entry with no payment before it.
    db.session.execute(update(Booking).where(Booking.id == marked.id).values(status="paid"))
    db.session.execute(update(Booking).where(Booking.id == settled.id).values(status="pending_payment"))
    db.session.execute(
        update(Invoice).where(Invoice.id == payment_link.invoice_of(repriced).id).values(amount_vnd=1_000_000)
    )
    db.session.add(
        PaymentTransaction(
            invoice_id=payment_link.invoice_of(repriced).id,
            seq=1,
            provider="bank_transfer",
            provider_ref="manual-9",
            status="refunded",
            amount_vnd=500_000,
            currency="VND",
        )
    )
    db.session.commit()

    code, output = run_check(app)

    assert code == 1
    assert f"booking {marked.reference}: paid, but its invoice" in output
    assert "[booking_paid_invoice_not_settled]" in output
    assert f"booking {settled.reference}" in output and "[invoice_settled_booking_not_paid]" in output
    assert "[amount_differs]" in output and "[invoice_total]" in output
    assert "[receipt_without_payment]" in output and "[refund_exceeds_payment]" in output
    found = {d.code for d in check.check_all()}
    assert {
        "booking_paid_invoice_not_settled",
        "invoice_settled_booking_not_paid",
        "amount_differs",
        "receipt_without_payment",
    } <= found
