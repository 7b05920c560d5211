"""Screenshots of the home, catalogue and product pages on a 360 px phone, for docs/screenshots/.

Run against a site loaded with the demo data (`make run`, or `flask seed-demo` then `flask run`):

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:5000 docs/screenshots

Uses Playwright with Debian's Chromium (/usr/bin/chromium). Each picture is cut to MAX_HEIGHT and reduced to
256 colours so it stays small enough to keep in the repository.
"""

import io
import json
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}
MAX_HEIGHT = 2400
PRODUCT_QUERY = "nuoc mam nhi"  # a demo product with a price, OCOP stars and certificates


def product_path(base: str) -> str:
    query = urllib.parse.urlencode({"q": PRODUCT_QUERY, "per_page": 1})
    with urllib.request.urlopen(f"{base}/api/v1/products?{query}") as response:  # noqa: S310  (our own site)
        item = json.load(response)["items"][0]
    return urllib.parse.urlsplit(item["url"]).path


def shoot(page, url: str, target: Path) -> None:
    page.goto(url)
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, min(height, MAX_HEIGHT), 400):  # bring lazy images into view so they load
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_load_state("networkidle")
    picture = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    picture = picture.crop((0, 0, picture.width, min(picture.height, MAX_HEIGHT))).convert("RGB")
    picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    print(f"{target}: {target.stat().st_size // 1024} KB")


def main(base: str, folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    pages = {"home": "/", "catalogue": "/products", "product": product_path(base)}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, locale="vi-VN", device_scale_factor=1)
        page = context.new_page()
        for name, path in pages.items():
            shoot(page, base + path, out / f"{name}-360.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:5000",
         sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
