"""Screenshots for docs/screenshots/ on a 360 × 740 phone: home, catalogue, a product, and 'My work' of each role.

By default the script runs the demo itself: a fresh SQLite database in a temporary folder, the real
migrations, `seed-demo`, and the app served on 127.0.0.1 (a free port) while Chromium takes the pictures:

    .venv/bin/python scripts/screenshots.py                   # writes docs/screenshots/
    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:5000 docs/screenshots   # a running site

Uses Playwright with Debian's Chromium (/usr/bin/chromium). Each picture is the first screen a phone shows
(360 × 740), reduced to 256 colours so it stays small enough to keep in the repository (well under 150 KB).
"""

import argparse
import io
import json
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
PRODUCT_QUERY = "nuoc mam nhi"  # a demo product with a price, OCOP stars and certificates
# The demo's accounts (password DEMO_PASSWORD), one per role: each role's main page is its 'My work'.
ROLES = {
    "producer": "producer@demo.cnnt.vn",
    "buyer": "buyer@demo.cnnt.vn",
    "organiser": "organiser@demo.cnnt.vn",
    "juror": "juror@demo.cnnt.vn",
    "admin": "admin@demo.cnnt.vn",
}


@contextmanager
def demo_site():
    """The app with the demo data, served on 127.0.0.1 until the block ends; yields its base URL."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from marketplace import create_app
    from marketplace.core.demo import seed_demo
    from marketplace.extensions import db

    with tempfile.TemporaryDirectory(prefix="cnnt-shots-") as folder:
        app = create_app(
            {
                "APP_ENV": "development",
                "DATA_DIR": Path(folder),
                "RATELIMIT_ENABLED": False,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'demo.db'}",
                "JOBS_REDIS_URL": None,
            }
        )
        with app.app_context():
            upgrade(directory=str(PROJECT_ROOT / "migrations"))
            seed_demo()
            db.session.commit()
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)
            with app.app_context():
                db.engine.dispose()


def product_path(base: str) -> str:
    query = urllib.parse.urlencode({"q": PRODUCT_QUERY, "per_page": 1})
    with urllib.request.urlopen(f"{base}/api/v1/products?{query}") as response:  # noqa: S310  (our own site)
        item = json.load(response)["items"][0]
    return urllib.parse.urlsplit(item["url"]).path


def shoot(page, url: str, target: Path) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    picture = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    print(f"{target}: {target.stat().st_size // 1024} KB")


def log_in(page, base: str, email: str) -> None:
    from marketplace.core.demo import DEMO_PASSWORD

    page.goto(f"{base}/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def take(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    pages = {"home": "/", "catalogue": "/products", "product": product_path(base)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=1)
        page = context.new_page()
        for name, path in pages.items():
            shoot(page, base + path, out / f"{name}-360.png")
        context.close()
        for role, email in ROLES.items():
            context = browser.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=1)
            page = context.new_page()
            log_in(page, base, email)
            shoot(page, f"{base}/my-work", out / f"my-work-{role}-360.png")
            context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(PROJECT_ROOT / "docs" / "screenshots"))
    parser.add_argument("--base", help="a running site loaded with the demo data (default: run the demo here)")
    args = parser.parse_args()
    if args.base:
        take(args.base.rstrip("/"), Path(args.folder))
        return
    with demo_site() as base:
        take(base, Path(args.folder))


if __name__ == "__main__":
    main()
