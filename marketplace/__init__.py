"""The application factory: settings, then extensions, blueprints, commands and error pages."""

from flask import Flask

from marketplace.config import PROJECT_ROOT, load_settings
from marketplace.core.unitofwork import Marketplace


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides the environment (tests pass their own settings)."""
    app = Marketplace(  # every view runs as one unit of work (core.unitofwork)
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(load_settings(overrides=config))
    app.config["DATA_DIR"].mkdir(parents=True, exist_ok=True)
    from marketplace.core import proxies, routing

    proxies.init_app(app)  # first: every request hook below sees the client's address

    routing.init_app(app)  # before any route is added: every <int:...> is bounded
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_request_hooks(app)
    return app


def register_extensions(app: Flask) -> None:
    import marketplace.models  # noqa: F401  (every table is known before anything queries)
    from marketplace.core import cache, database, i18n, templating
    from marketplace.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    database.configure_engines(app)
    # Batch mode: SQLite can only ALTER a table by copying it.
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    from marketplace.accounts import session as account_session

    account_session.init_app(app, login_manager)
    from marketplace.search import engine as search_engine

    search_engine.init_app(app)
    register_listeners()


def register_listeners() -> None:
    """Areas react to each other's signals (see marketplace.core.signals)."""
    from marketplace.awards import versioning as awards_versioning
    from marketplace.catalogue import counts
    from marketplace.fairs import payment_link, versioning
    from marketplace.producers import listeners as producer_listeners

    counts.connect()  # counts and the catalogue version follow committed writes
    versioning.connect()  # the fairs version too
    awards_versioning.connect()  # and the awards version
    producer_listeners.connect()
    payment_link.connect()  # booth fees are paid through payments


def register_blueprints(app: Flask) -> None:
    from marketplace.accounts.blueprint import bp as accounts_bp
    from marketplace.admin.blueprint import bp as admin_bp
    from marketplace.api.blueprint import bp as api_bp
    from marketplace.awards.blueprint import bp as awards_bp
    from marketplace.catalogue.blueprint import bp as catalogue_bp
    from marketplace.core.blueprint import bp as core_bp
    from marketplace.fairs.blueprint import bp as fairs_bp
    from marketplace.inquiries.blueprint import bp as inquiries_bp
    from marketplace.media.views import bp as media_bp
    from marketplace.payments.blueprint import bp as payments_bp
    from marketplace.producers.blueprint import bp as producers_bp
    from marketplace.search.saved.blueprint import bp as saved_searches_bp

    for blueprint in (
        core_bp,
        accounts_bp,
        admin_bp,
        producers_bp,
        catalogue_bp,
        media_bp,
        inquiries_bp,
        fairs_bp,
        awards_bp,
        api_bp,
        payments_bp,
        saved_searches_bp,
    ):
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    from marketplace.accounts.cli import users_cli
    from marketplace.awards import demo as _awards_demo  # noqa: F401  (adds its step after the catalogue's)
    from marketplace.catalogue import demo as _catalogue_demo  # noqa: F401  (adds its demo steps)
    from marketplace.catalogue.cli import import_catalogue_command
    from marketplace.catalogue.counts import refresh_counts_command
    from marketplace.core.demo import seed_demo_command
    from marketplace.fairs import demo as _fairs_demo  # noqa: F401  (after the catalogue's: uses its producers)
    from marketplace.fairs.cli import fairs_cli
    from marketplace.inquiries import demo as _inquiries_demo  # noqa: F401  (adds its demo step)
    from marketplace.inquiries.cli import inquiries_cli
    from marketplace.jobs.cli import jobs_cli
    from marketplace.ops.cli import backup_cli
    from marketplace.payments.cli import payments_cli
    from marketplace.search.cli import search_cli
    from marketplace.search.saved.cli import searches_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(fairs_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(import_catalogue_command)
    app.cli.add_command(refresh_counts_command)
    app.cli.add_command(inquiries_cli)
    app.cli.add_command(payments_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(searches_cli)


def register_request_hooks(app: Flask) -> None:
    from marketplace.core import errors, pagecache, security
    from marketplace.ops import metrics, requestlog

    security.init_app(app)
    pagecache.init_app(app)
    errors.init_app(app)
    requestlog.init_app(app)
    metrics.init_app(app)
