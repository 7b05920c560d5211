"""Signals through which one area reacts to another's events without importing its views."""

from blinker import Namespace

_signals = Namespace()

account_created = _signals.signal("account-created")
"""Sent with the new `User` (sender) after it is flushed, before commit; `trusted=True` when an
administrator or the command line made it (its email is then taken as proven). Producers link a
trusted producer account to the profiles carrying its email."""

email_verified = _signals.signal("email-verified")
"""Sent with the `User` (sender) whose email address was just confirmed, before commit.
Producers link the account to the profiles carrying that address (a claim)."""

booking_payment_due = _signals.signal("booking-payment-due")
"""Sent with a fair `Booking` (sender) when it starts waiting for payment (status pending_payment),
before commit, with `amount_vnd` (what the producer pays after the subsidy) and `reference`
(e.g. "HC-000123", for the bank-transfer note). The booth stays the producer's until
`booking.expires_at` (the fair's payment window). Payments create the invoice here, then call
`marketplace.fairs.services.mark_booking_paid(booking)` once the money has arrived."""

booking_moved = _signals.signal("booking-moved")
"""Sent with a fair `Booking` (sender) the organiser moved to another booth, before commit. Unless it
was paid (a paid booking keeps what was paid), it now carries the new booth's price and subsidy:
payments bring its invoice in line. A receiver refuses the move by raising the fairs' BookingError
(e.g. money for the old price is already in)."""

booking_cancelled = _signals.signal("booking-cancelled")
"""Sent with a fair `Booking` (sender) when it is cancelled, before commit, with `was_paid`
(True when money had been received: payments decide on the refund, then call
`marketplace.fairs.services.mark_booking_refunded(booking)`) and `reason`."""
checkout_started = _signals.signal("checkout-started")
"""Sent with the payments `Invoice` (sender) and `provider="stripe"|"bank_transfer"` when its payer
starts paying, before commit. Bookings give a transfer a longer hold, since a bank transfer is
confirmed hours or days later."""

invoice_paid = _signals.signal("invoice-paid")
"""Sent with the payments `Invoice` (sender) once, when its ledger first shows it paid in full,
before commit (in the unit of work that recorded the verified payment: the Stripe webhook, the
reconciliation command, or an organiser's confirmation). Look at `sender.payable_kind` and
`sender.payable_id`: bookings mark the booking paid."""

invoice_refunded = _signals.signal("invoice-refunded")
"""Sent with the payments `Invoice` (sender), `amount_vnd` (this refund) and `fully` (nothing kept
any more) whenever money received for it is returned, before commit."""
