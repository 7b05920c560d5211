"""Payments: invoices, a ledger that never pays twice, Stripe Checkout and VietQR bank transfers."""
