"""`flask --app wsgi backup create PATH` and `backup restore PATH`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from marketplace.ops.backup import BackupError, create_backup, restore_backup


@click.group("backup")
def backup_cli():
    """Back up and restore the database and the uploaded files."""


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def create_command(path: Path):
    """Write a backup archive (.tar.gz) to PATH while the site keeps running."""
    try:
        manifest = create_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(
        f"Backup written to {path}: {len(manifest['tables'])} tables, {rows} rows, "
        f"{len(manifest['files'])} files (revision {manifest['revision']})."
    )


@backup_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the current data.")
@with_appcontext
def restore_command(path: Path, yes: bool):
    """Replace the database and the uploaded files with the backup at PATH, then rebuild the search index."""
    if not yes:
        click.confirm("This replaces every row and uploaded file with the backup's. Go on?", abort=True)
    try:
        manifest = restore_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Restored {len(manifest['tables'])} tables and {len(manifest['files'])} files from {path}; "
        "row counts, checksums and file hashes match the backup."
    )
    rebuild_search_index()
    click.echo("If this code is newer than the backup, run `flask --app wsgi db upgrade` next.")


def rebuild_search_index() -> None:
    """The index is not in backups: rebuild it from the restored database, once the search area
    provides `search reindex`."""
    ctx = click.get_current_context()
    search = current_app.cli.get_command(ctx, "search")
    reindex = search.get_command(ctx, "reindex") if isinstance(search, click.Group) else None
    if reindex is None:
        click.echo("No `search reindex` command here: nothing to rebuild.")
        return
    ctx.invoke(reindex)
