"""The planner's grid on one screen; money columns aligned; the budget tables readable on a
phone. Each page in both languages at 1366 and 390 px, with a screenshot of each."""

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


def em_width(page, selector) -> float:
    """Return the width of the first cell `selector` finds, in em of its own font."""
    return page.locator(selector).first.evaluate(
        "e => e.getBoundingClientRect().width / parseFloat(getComputedStyle(e).fontSize)"
    )


def test_the_fiscal_year_table_reads_on_a_phone(signed_in, live_server, shot):
    page = signed_in
    for _language, width in each_view(page, live_server, "/leases/fiscal-years/111/",
                                      "fiscal-year-111", shot):  # fmt: skip
        table = "#fiscal-year"
        expect(page.locator(f"{table} tbody tr")).to_have_count(10)
        expect(page.locator(f"{table} #total")).to_have_text("650,551.942")
        # the amounts line up on the decimal point: three places, right-aligned, same digits
        amounts = page.locator(f"{table} tbody td.num")
        expect(amounts.nth(4)).to_have_text("129,924.342")
        edges = {round(b["x"] + b["width"]) for b in (c.bounding_box() for c in amounts.all())}
        assert len(edges) == 1
        digits = amounts.first.evaluate("e => getComputedStyle(e).fontVariantNumeric")
        assert digits == "tabular-nums"
        assert em_width(page, f"{table} td.purpose") >= 11
        if width == 390:
            # it was 3,918 px, the purpose 1 or 2 letters a line
            assert page.locator(table).bounding_box()["height"] < 1_500
            assert em_width(page, f"{table} tbody th") >= 8
            amount = box(page, f"{table} tbody td.num")
            assert amount["x"] + amount["width"] <= width  # the amount on the first screen


def test_the_batch_lists_money_column_is_in_view(signed_in, live_server, shot):
    page = signed_in
    for language, width in each_view(page, live_server, f"/leases/?as_of={DAY}", "batches",
                                     shot):  # fmt: skip
        fy = page.locator("#batches thead th").last
        expect(fy).to_contain_text("111")
        if language == "en":
            expect(fy.locator("small.unit")).to_have_text("thousand NTD")
        lease_109 = page.locator("#batches tbody tr", has_text="LEASE-109")
        expect(lease_109.locator("td").last).to_have_text("129,924.342")
        if width == 1366:
            wrap = page.locator(".table-wrap").first
            assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")  # FY 111 is in view


def test_the_dashboard_shows_only_differences(signed_in, live_server, shot):
    page = signed_in
    for _language, _width in each_view(page, live_server, f"/?as_of={DAY}", "dashboard-batches",
                                       shot):  # fmt: skip
        rows = page.locator("#by-batch tbody tr")
        expect(rows).to_have_count(10)
        differences = [rows.nth(n).locator("td").nth(3).inner_text() for n in range(10)]
        assert differences == [""] * 9 + ["—"]  # as contracted; UNATTRIBUTED has no contract
