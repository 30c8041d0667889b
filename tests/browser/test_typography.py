"""Typography: Chinese labels do not break inside a word, brackets beside Chinese are full-width,
English pages set Latin text in a Latin face and show ROC dates without 年月日."""

import pytest
from playwright.sync_api import expect

from cameras.models import Camera

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

LINES = """(text) => {
  const cell = [...document.querySelectorAll('th, td')].find(c => c.textContent.trim() === text);
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
}"""


def test_chinese_labels_stay_whole(signed_in, live_server, shot):
    page = signed_in
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/")
    assert page.evaluate(LINES, "來源未明") == 1  # it broke as 來源未/明 in the batch table
    shot(page, "dashboard-zh-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/reports/coverage/?as_of=110/07/31")
    assert page.evaluate(LINES, "全部登錄資料") == 1
    shot(page, "coverage-phone-zh")


def test_english_pages_read_as_english(signed_in, live_server, shot):
    page = signed_in
    page.select_option("#language", "en")
    page.click("form.lang button")
    camera = Camera.objects.get(asset_tag="LEASE-109-000001")
    page.goto(f"{live_server.url}{camera.get_absolute_url()}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    installed = page.locator("dt:text-is('Installed on') + dd")
    expect(installed).to_have_text(f"ROC 109/{camera.installed_on:%m/%d} ({camera.installed_on})")
    expect(page.locator("dt:text-is('Batch') + dd")).to_contain_text(" (Lease)")
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Segoe UI", Roboto')  # quotes and dashes from a Latin face
    shot(page, "camera-detail-en")
    page.select_option("#language", "zh-hant")
    page.click("form.lang button")
    expect(page.locator("dt:text-is('採購案') + dd")).to_contain_text("（租賃）")
    installed = page.locator("dt:text-is('裝設日期') + dd")
    day = camera.installed_on
    expect(installed).to_have_text(f"民國109年{day.month}月{day.day}日（{day}）")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith(
        '"Noto Sans CJK TC"'
    )
    shot(page, "camera-detail-zh")
