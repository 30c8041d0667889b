"""The planner's grid on one screen. Each page in both languages at 1366 and 390 px, with a
screenshot of each."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_staff_app import zh

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
DAY = "115/12/01"  # the day after the 108 lease ended: five ended leases in the planner
WIDTHS = (1366, 390)


def each_view(page, live_server, path, name, shot):
    """Open `path` in Traditional Chinese, then in English, at each width; screenshot each.
    Yield (language, width) with the page open."""
    for language in ("zh", "en"):
        if language == "en":
            page.select_option("#language", "en")
            page.click("form.lang button")
            expect(page.locator("html")).to_have_attribute("lang", "en")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            yield language, width
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            shot(page, f"{name}-{language}-{width}")


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def box(page, selector) -> dict:
    return page.locator(selector).first.bounding_box()


def test_the_replacement_planner_is_one_grid_on_one_screen(signed_in, live_server, shot):
    page = signed_in
    for language, width in each_view(page, live_server, f"/replacements/?as_of={DAY}",
                                     "planner", shot):  # fmt: skip
        grid = page.locator("#planner")
        expect(grid.locator("tbody tr")).to_have_count(11)  # a row for each precinct
        expect(grid.locator("tfoot td").last).to_have_text("16,946")
        header = grid.locator("thead th[scope=colgroup]").last
        title = "On leases that have ended"
        expect(header).to_have_text(title if language == "en" else zh(title))
        if width == 1366:
            assert height(page) < 1_100  # it was 4,093 px of lists
            wrap = page.locator(".table-wrap").first
            assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")  # no scrolling at all
        else:
            assert height(page) < 1_300
            # the grid scrolls in its frame; the precinct column stays in view
            key = box(page, "#planner tbody th")
            page.locator(".table-wrap").first.evaluate("e => e.scrollLeft = 400")
            assert box(page, "#planner tbody th")["x"] == key["x"]
            assert box(page, "#planner tbody td.total")["x"] < key["x"] + key["width"] + 5
            page.locator(".table-wrap").first.evaluate("e => e.scrollLeft = 0")
