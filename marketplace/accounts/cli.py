"""`flask users ...`: accounts made from the command line (organisers, jurors, admins)."""

import click
from flask.cli import with_appcontext

from marketplace.accounts import services
from marketplace.core.permissions import ROLES
from marketplace.core.unitofwork import transactional


@click.group("users", help="Manage accounts.")
def users_cli():
    pass


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password", required=True, help="8 to 128 characters, not a common password.")
@click.option("--verified", is_flag=True, help="Mark the email address as already confirmed.")
@click.option("--name", default="", help="Display name (defaults to the part before @).")
@with_appcontext
@transactional
def create_user(email, role, password, verified, name):
    """Create an account; a producer whose email matches an imported producer is linked to it."""
    try:
        user = services.create_account(email, password, name, role, verified=verified)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error  # the unit of work rolls back
    click.echo(f"Created {user.role} account {user.email} (id {user.id}).")
