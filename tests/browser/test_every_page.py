"""Every page a person can open, from the app's route table, on a 360 px phone and on a desktop:
axe-core finds no serious or critical WCAG 2 A/AA violation, nothing loads from another site,
nothing is wider than the screen, no JavaScript error, and the page answers 200."""

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.config import PROJECT_ROOT
from marketplace.core.demo import seed_demo
from marketplace.extensions import db
from tests.browser.conftest import PHONE, PageWatch, buffered_bodies, fits_the_screen
from tests.conftest import PASSWORD
from tests.hardening.access_rules import all_rules, demo_lookups
from tests.hardening.sweep import build_world, urls_for
from tests.support import database_url_for, dispose_engines, prepare_database

AXE = PROJECT_ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The actor a page is looked at by: the first its access rule admits.
VIEWERS = ("anonymous", "producer", "buyer", "juror", "organiser", "admin")
NOT_PAGES = ("/static/", "/media/", "/api/")  # files and JSON, not pages people read


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make test` (it fetches axe-core@4 from npm)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A live server with a database of its own: the demo and the sweep's objects added here must
    not change what the other journeys find in the shared live database."""
    data_dir = tmp_path_factory.mktemp("pages")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "every-page-secret-key-for-tests",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": database_url_for("pages", data_dir),
            "RATELIMIT_ENABLED": False,
            "JOBS_REDIS_URL": None,
        }
    )
    prepare_database(app)
    server = make_server("127.0.0.1", 0, buffered_bodies(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    dispose_engines(app)


@pytest.fixture(scope="module")
def pages(site):
    live_app, _base = site
    """{viewer: [url, ...]}: every GET route of the access table, filled from the demo data where
    it has the object and from the sweep world's objects where it does not."""
    with live_app.app_context():
        seed_demo()
        world = build_world()
        for look_up in demo_lookups():
            look_up(world)
        db.session.commit()
        assigned, logins = {}, {}
        for rule in all_rules():
            if rule.case or not rule.exists:  # another object's visibility; or no object to show
                continue
            viewer = next((name for name in VIEWERS if name in rule.allowed("GET")), None)
            for url, methods in urls_for(live_app, rule, world):
                if "GET" in methods and viewer and not url.startswith(NOT_PAGES):
                    assigned.setdefault(viewer, []).append(url)
        for name in assigned:
            if name != "anonymous":
                logins[name] = (world.users[name].email, world.passwords.get(name, PASSWORD))
    return assigned, logins


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/account/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form.login button[type=submit], main form button[type=submit]")
    page.wait_for_load_state()
    assert "/account/login" not in page.url, f"could not sign in as {email}"


def axe_violations(page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)  # evaluated by the browser tool, so the site's CSP does not block it
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['impact']} {v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check_pages(chromium, live_server, pages, axe_source, viewport) -> tuple[int, list[str]]:
    assigned, logins = pages
    problems, seen = [], 0
    for viewer, urls in assigned.items():
        context = chromium.new_context(viewport=viewport, locale="vi-VN")
        page = context.new_page()
        watch = PageWatch(live_server)
        page.on("request", watch.on_request)
        page.on("pageerror", lambda error, w=watch: w.errors.append(str(error)))
        if viewer != "anonymous":
            sign_in(page, live_server, *logins[viewer])
        for url in urls:
            where = f"{url} as {viewer} at {viewport['width']} px"
            try:
                response = page.goto(f"{live_server}{url}")
            except PlaywrightError as error:  # a file to download (PDF, XLSX): not a page
                if "Download is starting" not in str(error):
                    raise
                continue
            if "text/html" not in (response.headers.get("content-type") or ""):
                if response.status >= 400:
                    problems.append(f"{where}: status {response.status}")
                continue
            seen += 1
            if response.status != 200:
                problems.append(f"{where}: status {response.status}")
                continue
            problems += [f"{where}: {v}" for v in axe_violations(page, axe_source)]
            if not fits_the_screen(page):
                problems.append(f"{where}: wider than the screen")
        problems += [f"{viewer}: request left the site: {u}" for u in watch.outside_requests]
        problems += [f"{viewer}: JavaScript error: {e}" for e in watch.errors]
        context.close()
    return seen, problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-360", "desktop"])
def test_every_page_is_accessible_and_self_contained(chromium, site, pages, axe_source, viewport):
    seen, problems = check_pages(chromium, site[1], pages, axe_source, viewport)

    assert seen >= 20, f"only {seen} pages were checked: is the route table or the demo empty?"
    assert not problems, "\n".join(problems)


def test_axe_reports_a_violation_when_there_is_one(chromium, live_server, axe_source):
    """The check above is not vacuous: a page with an unlabelled field and an image without a text
    alternative is reported (serious/critical)."""
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server}/account/login")
    page.evaluate("""() => { document.querySelector('main').insertAdjacentHTML('beforeend',
        '<input type=text><img src=/static/img/favicon.svg>'); }""")
    violations = axe_violations(page, axe_source)
    context.close()

    assert any("label" in v for v in violations) and any("image-alt" in v for v in violations), violations


def test_the_axe_file_comes_from_npm_not_from_the_repository():
    assert ".cache/" in Path(PROJECT_ROOT / ".gitignore").read_text()
    assert os.path.relpath(AXE, PROJECT_ROOT).startswith(".cache")
