"""At phone width (390 px) no page scrolls sideways: only a table may, inside its own frame,
with its key column kept in view."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_csp import ADMIN_PAGES, NOT_PAGES
from tests.browser.test_staff_app import zh
from tests.test_permissions import RULES, url_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
WIDTH = 390


def test_no_page_scrolls_sideways_at_phone_width(signed_in, live_server, shot):
    page = signed_in
    page.set_viewport_size({"width": WIDTH, "height": 844})
    pages = [url_for(n) for n in sorted(RULES) if n not in NOT_PAGES and "export" not in n]
    wide, uncaptioned = [], []
    for path in [*pages, *ADMIN_PAGES]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            wide.append((path, width))
        if not path.startswith("/admin/") or "/history/" in path:  # Django's own lists aside
            tables = page.evaluate(
                "[...document.querySelectorAll('table')].filter(t => !t.caption).length"
            )
            if tables:
                uncaptioned.append(path)
    assert wide == []
    assert uncaptioned == []  # every table says what it holds (a caption, hidden or not)


def test_on_a_phone_the_rows_come_before_the_filters(signed_in, live_server, shot):
    page = signed_in
    page.set_viewport_size({"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}/cameras/?precinct=ZL&has_lpr=true")
    expect(page.locator("form.filters")).to_be_hidden()
    toggle = page.locator("label.filters-toggle-label")
    expect(toggle).to_have_text(f"{zh('Filters')}（2）")  # full-width brackets beside Chinese
    first_row = page.locator("table.data tbody tr").first.bounding_box()
    assert first_row["y"] < 844  # on the first screen
    shot(page, "camera-list-phone")
    page.screenshot(path=SCREENSHOTS / "camera-list-phone-first-screen.png")  # what a phone shows
    toggle.click()
    expect(page.locator("form.filters")).to_be_visible()
    shot(page, "camera-list-phone-filters")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.reload()
    expect(page.locator("form.filters")).to_be_visible()  # the desktop shows them
    expect(toggle).to_be_hidden()


@pytest.mark.parametrize("width", [WIDTH, 1366])
def test_a_checkbox_has_its_label_beside_it(signed_in, live_server, width):
    page = signed_in
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/cameras/import/")
    box = page.locator("#id_create_sites").bounding_box()
    label = page.locator('label[for="id_create_sites"]').bounding_box()
    assert abs((label["y"] + label["height"] / 2) - (box["y"] + box["height"] / 2)) < 8
    assert label["x"] > box["x"]
