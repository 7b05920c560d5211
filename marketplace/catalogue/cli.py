"""(to be written)"""
import click


@click.command("import-catalogue")
def import_catalogue_command():
    raise click.ClickException("not written yet")
