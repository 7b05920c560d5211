"""Tables of records become cards on a 360 px phone: on the organiser's booking desk and payments page no
cell is squeezed narrower than a word (each cell at least 80 px wide, its text never overflowing it)."""

import re

from tests.browser.conftest import PHONE  # noqa: F401
from tests.browser.test_phone_header import demo_site, log_in  # noqa: F401

MEASURE = """() => [...document.querySelectorAll('main table.records td, main table.records tbody th')]
  .filter(cell => cell.offsetParent !== null)
  .map(cell => ({text: cell.innerText.slice(0, 40), width: cell.clientWidth, scroll: cell.scrollWidth}))"""


def _cells_fit(page) -> list:
    cells = page.evaluate(MEASURE)
    assert cells, "no record table on the page"
    return [c for c in cells if c["width"] < 80 or c["scroll"] > c["width"]]


def test_desk_and_payments_tables_are_cards_with_readable_cells(phone_page, demo_site):  # noqa: F811
    page = phone_page
    log_in(page, demo_site, "organiser@demo.cnnt.vn")
    page.goto(f"{demo_site}/my-work")
    desk = page.locator("a[href*='/fairs/manage/'][href*='/bookings']").first
    page.goto(demo_site + desk.get_attribute("href").split("?")[0])  # every booking, not only those to approve
    assert re.search(r"/fairs/manage/\d+/bookings", page.url)
    assert _cells_fit(page) == []

    page.goto(f"{demo_site}/payments/manage")
    assert _cells_fit(page) == []
