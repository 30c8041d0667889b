"""The Django admin's batch list, as an administrator sees it at a desktop's and a phone's width,
in Traditional Chinese and in English: the app's name in the header, names that do not collapse,
counts with grouped thousands, a table that scrolls inside its frame instead of being cut off."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cameras.models import Camera
from core.roc import format_roc
from leases.models import Batch
from tests.browser.test_staff_app import zh
from tests.conftest import PLAN_DAY

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
APP_NAME = "Sky Net camera register"

LAYOUT = """() => {
  const frame = document.querySelector('#changelist-form .results');
  const names = [...document.querySelectorAll('#result_list td.field-name')];
  const em = parseFloat(getComputedStyle(names[0]).fontSize);
  return {
    page: document.documentElement.scrollWidth,
    overflow: getComputedStyle(frame).overflowX,
    frame: frame.clientWidth,
    table: frame.scrollWidth,
    narrowest_name_em: Math.min(...names.map(td => td.getBoundingClientRect().width)) / em,
  };
}"""


@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize("width", [1366, 390])
def test_the_batch_list_reads_at_desktop_and_phone_width(
    signed_in, live_server, shot, language, width
):
    page = signed_in
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en",
                                   "url": live_server.url}])  # fmt: skip
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/admin/leases/batch/?as_of={PLAN_DAY.isoformat()}")
    shot(page, f"admin-batches-{language}-{width}")

    expect(page.locator("#site-name")).to_have_text(zh(APP_NAME) if language != "en" else APP_NAME)
    assert "Django" not in page.title()

    layout = page.evaluate(LAYOUT)
    assert layout["page"] <= width  # the page never scrolls sideways
    assert layout["narrowest_name_em"] >= 12  # a name wraps, but not to a word a line
    if layout["table"] > layout["frame"]:  # wider than the page: it scrolls in its frame
        assert layout["overflow"] == "auto"

    # The figures of LEASE-109 on the plan's day, as the register counts them.
    row = page.locator("#result_list tbody tr", has=page.locator("th a", has_text="LEASE-109"))
    in_service = Camera.objects.in_service(on=PLAN_DAY).filter(batch__code="LEASE-109").count()
    lane = (
        Camera.objects.in_service(on=PLAN_DAY).filter(batch__code="LEASE-109", is_lane=True).count()
    )
    assert (in_service, lane) == (3_750, 2_900)
    expect(row.locator("td.field-cameras")).to_have_text("3,750")
    expect(row.locator("td.field-lane")).to_have_text("2,900")
    contracted = Batch.objects.get(code="LEASE-109").contracted_count
    expect(row.locator("td.field-contracted_count")).to_have_text(f"{contracted:,}")
    expect(row.locator("td.field-lease_end_roc")).to_have_text("114/12/31")


def test_on_a_phone_the_whole_row_can_be_scrolled_to_with_its_code_in_view(
    signed_in, live_server, shot
):
    page = signed_in
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/leases/batch/?as_of={PLAN_DAY.isoformat()}")
    frame = page.locator("#changelist-form .results")
    frame.evaluate("frame => { frame.scrollLeft = frame.scrollWidth; }")
    last = page.locator("#result_list thead th").last.bounding_box()
    box = frame.bounding_box()
    assert last["x"] + last["width"] <= box["x"] + box["width"] + 1  # the last column is reached
    code = page.locator("#result_list tbody th").first.bounding_box()
    assert box["x"] - 1 <= code["x"] < box["x"] + 60  # the code stayed at the left edge
    expect(page.locator("#result_list tbody th").first).to_be_visible()
    shot(page, "admin-batches-phone-scrolled")


def test_the_history_screen_fits_a_phone(signed_in, live_server, shot):
    page = signed_in
    batch = Batch.objects.get(code="LEASE-109")
    batch.vendor = "另一家廠商"
    batch.save()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/admin/leases/batch/{batch.pk}/history/")
    shot(page, "admin-batch-history-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    version = page.locator("table#change-history tbody td").first
    em = float(version.evaluate("td => parseFloat(getComputedStyle(td).fontSize)"))
    assert version.bounding_box()["width"] >= 12 * em  # the version's name does not collapse
    at = timezone.localtime(batch.history.latest().history_date)
    expect(page.locator("#change-history time").first).to_have_text(
        f"{format_roc(at.date())} {at:%H:%M}"  # 115/12/02 01:23, as the app writes a moment
    )
