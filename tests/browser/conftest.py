"""A real server on 127.0.0.1 with its own database, and Debian's Chromium driven by Playwright."""

import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from marketplace import create_app
from tests.support import database_url_for, dispose_engines, prepare_database

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def buffered_bodies(app):
    """The app as the browser tests serve it: each response body read whole and closed before it is
    sent. Werkzeug's development server skips closing a body when the browser drops the connection
    mid-file (it moves on to the next page), and the leaked file's ResourceWarning, an error in this
    suite, then fails whichever test is running. Nothing here streams, so nothing is lost."""

    def serve(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return serve


@pytest.fixture(autouse=True)
def _limits_off_for_the_live_server(limits_off):
    """The live server runs with RATELIMIT_ENABLED false (see tests/conftest.py: limits_off)."""


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("live")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "live-server-secret-key-for-tests",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": database_url_for("browser", data_dir),
            "RATELIMIT_ENABLED": False,
            "JOBS_REDIS_URL": None,  # no `flask jobs work` runs beside the live server: jobs in-process
        }
    )
    prepare_database(app)
    yield app
    dispose_engines(app)


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, buffered_bodies(live_app), threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    live_app.config["SERVER_NAME_FOR_MAIL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def chromium():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run must install Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """What a page did that it must not: ask another host, throw a JavaScript error."""

    def __init__(self, base_url: str):
        self.host = urlsplit(base_url).netloc
        self.outside_requests: list[str] = []
        self.errors: list[str] = []

    def on_request(self, request):
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != self.host:
            self.outside_requests.append(request.url)

    def assert_clean(self):
        assert self.outside_requests == [], f"requests left the site: {self.outside_requests}"
        assert self.errors == [], f"JavaScript errors: {self.errors}"


@pytest.fixture
def phone_page(chromium, live_server):
    """A fresh phone-sized browser context (360 px) that records outside requests and JS errors."""
    context = chromium.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    watch = PageWatch(live_server)
    page.on("request", watch.on_request)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.watch = watch
    yield page
    context.close()
    watch.assert_clean()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def outbox_messages(app):
    import email
    from email import policy

    folder = Path(app.config["DATA_DIR"]) / "outbox"
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sorted(folder.glob("*.eml"))]
