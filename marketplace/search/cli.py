"""`flask --app wsgi search reindex`: rebuild the index from the database, with a progress bar."""

import time

import click
from flask.cli import with_appcontext

from marketplace.search import engine


@click.group("search", help="The product search index.")
def search_cli():
    pass


@search_cli.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the index from the database; the site keeps answering from the old one until the
    new one is swapped in."""
    started = time.perf_counter()
    bar = None

    def on_total(total):
        nonlocal bar
        bar = click.progressbar(length=total, label="Indexing products", show_pos=True, show_eta=True)
        bar.__enter__()

    try:
        count = engine.reindex(on_progress=lambda n: bar.update(n), on_total=on_total)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    seconds = time.perf_counter() - started
    rate = count / seconds if seconds else 0
    click.echo(
        f"Indexed {count} products in {seconds:.1f} s ({rate:.0f} products/s) with the {engine.engine().name} engine."
    )
