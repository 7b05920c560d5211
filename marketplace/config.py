"""Settings: safe defaults, overridden by the environment, checked at start-up so a bad value fails fast."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "testing", "production")


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def _bool(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}.")


def _positive_int(name: str, raw: str) -> int:
    if not raw.strip().isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a whole number above 0, not {raw!r}.")
    return int(raw)


def _count(name: str, raw: str) -> int:
    if not raw.strip().isdigit():
        raise ConfigError(f"{name} must be a whole number, 0 or more, not {raw!r}.")
    return int(raw)


def _url(name: str, raw: str, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(raw)
    if parts.scheme.split("+")[0] not in schemes:
        raise ConfigError(f"{name} must start with one of {', '.join(schemes)}: got {raw!r}.")
    return raw


def load_settings(environ=None, overrides: dict | None = None) -> dict:
    """Build the Flask config from the environment (and test overrides), validating every value."""
    env = dict(os.environ if environ is None else environ)
    overrides = dict(overrides or {})
    app_env = overrides.pop("APP_ENV", None) or env.get("APP_ENV", "production")
    if app_env not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}: got {app_env!r}.")
    production = app_env == "production"

    data_dir = Path(overrides.pop("DATA_DIR", None) or env.get("DATA_DIR") or PROJECT_ROOT / "instance")
    secret_key = overrides.pop("SECRET_KEY", None) or env.get("SECRET_KEY")
    if not secret_key:
        if production:
            raise ConfigError(
                "SECRET_KEY is required outside development: set it to a long random string "
                "(python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        secret_key = secrets.token_hex(32)  # per process: sessions end at restart, by design
    elif production and len(secret_key) < 24:
        raise ConfigError("SECRET_KEY is too short: use at least 24 random characters.")

    database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'marketplace.db'}"
    _url("DATABASE_URL", database_url, ("sqlite", "postgresql"))
    if database_url.startswith("postgresql://") or database_url.startswith("postgres://"):
        # psycopg 3 is the driver we ship; plain URLs would ask SQLAlchemy for psycopg2.
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]

    search_backend = env.get("SEARCH_BACKEND", "whoosh")
    if search_backend not in ("whoosh", "postgres"):
        raise ConfigError(f"SEARCH_BACKEND must be whoosh or postgres: got {search_backend!r}.")
    if search_backend == "postgres" and not database_url.startswith("postgresql"):
        raise ConfigError("SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL.")

    redis_url = env.get("REDIS_URL") or None
    if redis_url:
        _url("REDIS_URL", redis_url, ("redis", "rediss", "unix"))
    mail_url = env.get("MAIL_URL") or None
    if mail_url:
        _url("MAIL_URL", mail_url, ("smtp", "smtps"))

    metrics_token = env.get("METRICS_TOKEN") or None
    if metrics_token and len(metrics_token) < 16:
        raise ConfigError("METRICS_TOKEN is too short: use at least 16 random characters.")

    bank = {k: env.get(k) or None for k in ("BANK_ACCOUNT_NAME", "BANK_BIN", "BANK_ACCOUNT_NUMBER")}
    if any(bank.values()) and not all(bank.values()):
        missing = ", ".join(k for k, v in bank.items() if not v)
        raise ConfigError(f"Bank transfer needs all three BANK_* settings; missing: {missing}.")
    if bank["BANK_BIN"] and not (bank["BANK_BIN"].isdigit() and len(bank["BANK_BIN"]) == 6):
        raise ConfigError("BANK_BIN must be the bank's 6-digit NAPAS BIN.")
    # `make run` sets a demo account so the VietQR page works out of the box; pages label it a demo.
    bank_demo = _bool("BANK_DEMO", env.get("BANK_DEMO", "false"))
    if bank_demo and production:
        raise ConfigError("BANK_DEMO is for `make run` only: set the centre's real BANK_* account in production.")
    centre_email = env.get("CENTRE_EMAIL") or None
    if centre_email and ("@" not in centre_email or any(c.isspace() for c in centre_email)):
        raise ConfigError(f"CENTRE_EMAIL is not an e-mail address: {centre_email!r}.")

    settings = {
        "APP_ENV": app_env,
        "DEBUG": False,  # never on outside `make run`'s development server
        "TESTING": app_env == "testing",
        "SECRET_KEY": secret_key,
        "DATA_DIR": data_dir,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SEARCH_BACKEND": search_backend,
        # Pending products from which a long unit of work (an import) writes the Whoosh index in a
        # second process, beside its next batches (search/sync.send_pending).
        "SEARCH_STREAM_FROM": int(env.get("SEARCH_STREAM_FROM", "2000")),
        "REDIS_URL": redis_url,
        "MAIL_URL": mail_url,
        "MAIL_FROM": env.get("MAIL_FROM", "Sàn CNNT <no-reply@cnnt.local>"),
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY") or None,
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET") or None,
        "STRIPE_API_BASE": env.get("STRIPE_API_BASE") or None,
        **bank,
        "BANK_DEMO": bank_demo,
        # Who receives booth fees, as printed on invoices and receipts (the extension centre).
        "CENTRE_NAME": env.get("CENTRE_NAME") or "Trung tâm Khuyến công",
        "CENTRE_TAX_CODE": env.get("CENTRE_TAX_CODE") or None,
        "CENTRE_ADDRESS": env.get("CENTRE_ADDRESS") or None,
        # Whom a payer contacts when no way of paying online is set up (and for anything about a payment).
        "CENTRE_PHONE": env.get("CENTRE_PHONE") or None,
        "CENTRE_EMAIL": centre_email,
        "METRICS_TOKEN": metrics_token,
        # How many proxies stand in front (nginx: 1): their X-Forwarded-For/-Proto are then believed,
        # so limits, the audit log and the request log see the client. 0: those headers are ignored.
        "TRUSTED_PROXIES": _count("TRUSTED_PROXIES", env.get("TRUSTED_PROXIES", "0")),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", env.get("RATELIMIT_ENABLED", "true")),
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Background jobs (marketplace.jobs, on RQ): on REDIS_URL's Redis for `flask jobs work`, or none.
        "JOBS_REDIS_URL": redis_url,
        "JOBS_QUEUE": "cnnt",  # the RQ queue's name
        "JOBS_LEASE_SECONDS": 60,  # a killed worker's job runs again this long after its last heartbeat
        "JOBS_MAX_ATTEMPTS": 3,
        "JOBS_RETRY_SECONDS": 30,  # times the attempt number: 30 s, then 60 s
        "JOBS_TIMEOUT_SECONDS": 3600,  # a job still running after this is stopped and counts as failed
        "JOBS_FAILED_KEPT_SECONDS": 30 * 86400,  # how long RQ's failed registry keeps a job
        "JOBS_LOG_LEVEL": "INFO",
        # `flask jobs schedule` (RQ's cron scheduler): job name -> {"interval": s} or {"cron": "..."}
        # in UTC (00:00 UTC is 07:00 in Viet Nam). Without it, cron runs the same work's commands.
        "JOBS_SCHEDULE": {
            "fairs.sweep": {"interval": 300},
            "fairs.mail_calls": {"interval": 900},
            "inquiries.send_digests": {"cron": "0 0 * * *"},
            "payments.reconcile_stripe": {"cron": "0 * * * *"},
            "searches.digest": {"cron": "0 1 * * *"},  # 08:00 in Viet Nam
        },
        # The page cache (marketplace.core.cache): one Redis for every worker and host, else in-process.
        "CACHE_TYPE": "RedisCache" if redis_url else "SimpleCache",
        "CACHE_REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "cnnt:cache:",
        "CACHE_DEFAULT_TIMEOUT": 60,
        # Catalogue counts (marketplace.catalogue.counts): "background" refreshes in a thread after
        # the writes that change them; "inline" refreshes at once after the commit (tests).
        "COUNTS_REFRESH": "inline" if app_env == "testing" else "background",
        # Whole anonymous landing pages kept in that cache (marketplace.core.pagecache). Off in the test
        # suite, whose tests change data between two requests of one page; its own tests turn it on.
        "PAGE_CACHE": _bool("PAGE_CACHE", env.get("PAGE_CACHE", "false" if app_env == "testing" else "true")),
        "RATELIMIT_HEADERS_ENABLED": True,
        # A moving window: a fixed one lets 2x the limit through across a minute boundary.
        "RATELIMIT_STRATEGY": "moving-window",
        "MAX_CONTENT_LENGTH": 32 * 1024 * 1024,
        # Uploads (marketplace.media): photos decoded at once per process, seconds a request waits for
        # a free slot before a 503, and the files one account may upload (every upload form together).
        "IMAGE_WORK_SLOTS": _positive_int("IMAGE_WORK_SLOTS", env.get("IMAGE_WORK_SLOTS", "2")),
        "IMAGE_SLOT_WAIT_SECONDS": 10,
        "UPLOAD_RATE_LIMIT": env.get("UPLOAD_RATE_LIMIT") or "120 per hour;400 per day",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "SERVER_NAME_FOR_MAIL": env.get("SITE_URL", "http://127.0.0.1:5000"),
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": ("vi", "en"),
        "API_TOKEN_TTL_HOURS": 24 * 30,
        # Fairs: defaults of a new fair's own settings (organisers change them per fair), and the
        # longer hold while a bank transfer is on its way.
        **{
            name: _positive_int(name, env.get(name, str(default)))
            for name, default in (
                ("FAIRS_HOLD_MINUTES", 30),
                ("FAIRS_PAYMENT_HOLD_HOURS", 72),
                ("FAIRS_OFFER_HOURS", 24),
                ("FAIRS_TRANSFER_HOLD_HOURS", 120),
                # Staff badges an exhibitor may name for each paid booth (the gate lets each in once a day).
                ("FAIRS_BADGES_PER_BOOTH", 4),
                # Producer profiles one account may create itself; beyond that the centre's staff create them.
                ("PRODUCERS_MAX_PROFILES_PER_ACCOUNT", 3),
            )
        },
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session; a producer may fill a long form slowly
        # How long "remember me" keeps an account signed in (Flask-Login's cookie, and the login session).
        "REMEMBER_COOKIE_DURATION": timedelta(days=365),
        # Largest file the catalogue's import accepts: a 20,000-row list is about 5 MB as CSV, less as XLSX.
        "IMPORT_MAX_BYTES": 16 * 1024 * 1024,
        # Largest photo one upload may be (every photo form: products, producers, dossiers).
        "MAX_PHOTO_BYTES": 8 * 1024 * 1024,
        # Switches tests turn on. IMPORT_JOBS_INLINE: an import runs inside the request that starts it,
        # instead of on the job queue or in a thread. FAIRS_CALL_MAIL_INLINE: how many subscribers
        # publishing a call mails at once; the rest go to a job worker or `flask fairs mail-calls`.
        "IMPORT_JOBS_INLINE": False,
        "FAIRS_CALL_MAIL_INLINE": 200,
        # Scans one account may make at the booth (fairs/leads), in Flask-Limiter's notation; tests lower it.
        "LEAD_SCAN_LIMIT": "20 per minute;300 per hour",
    }
    settings.update(overrides)
    return settings
