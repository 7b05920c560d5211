"""`flask payments ...`: the reconciliation of Stripe Checkout Sessions with the ledger, and the check
that bookings, invoices and ledger entries agree."""

import click
from flask import current_app
from flask.cli import AppGroup

from marketplace.core.unitofwork import transactional
from marketplace.jobs import register_job
from marketplace.payments import check, stripe_events, stripe_gateway

payments_cli = AppGroup("payments", help="Payments: reconcile with Stripe, check that the money agrees.")


@payments_cli.command("reconcile-stripe")
@click.option(
    "--days",
    default=3,
    show_default=True,
    type=click.IntRange(1, 90),
    help="How far back to look at Checkout Sessions.",
)
@transactional
def reconcile_stripe_command(days: int) -> None:
    """List recent Checkout Sessions at Stripe and record any payment or expiry the webhook missed."""
    if not stripe_gateway.is_configured():
        raise click.ClickException("Stripe is not configured (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET).")
    try:
        counts = stripe_events.reconcile(days, echo=click.echo)
    except stripe_gateway.StripeUnavailable as error:  # raised out of the unit of work: nothing is kept
        raise click.ClickException(f"Stripe did not answer: {error}") from None
    click.echo(f"Sessions seen: {counts['seen']}; repaired: {counts['repaired']}; not ours: {counts['unknown']}.")


@payments_cli.command("check")
def check_command() -> None:
    """Check that bookings, invoices and ledger entries agree; list every disagreement (exit 1 if any)."""
    found = check.check_all()
    for disagreement in found:
        click.echo(f"- {disagreement}")
    if found:
        click.echo(f"{len(found)} disagreement(s) between bookings, invoices and the ledger.", err=True)
        raise SystemExit(1)
    click.echo("Bookings, invoices and the ledger agree.")


def reconcile_job() -> None:
    """`payments.reconcile_stripe` for `flask jobs schedule`: nothing to do without Stripe; Stripe not
    answering fails the job (in RQ's failed registry), and the next hour's run looks again."""
    if stripe_gateway.is_configured():
        counts = stripe_events.reconcile(3, echo=current_app.logger.info)
        current_app.logger.info("Stripe reconciliation: %s", counts)


register_job("payments.reconcile_stripe", reconcile_job)
