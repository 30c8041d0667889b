"""The clerk's question in one list: which cameras of 中壢分局 are on the lease that ends next,
and have LPR? Answered from the filter form, read in both languages and at phone width."""

import datetime

import pytest
from playwright.sync_api import expect

from cameras.models import Camera
from tests.browser.conftest import PASSWORD
from tests.browser.test_staff_app import zh

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
DAY = datetime.date(2026, 6, 3)  # LEASE-108 ends on 2026-11-30, in 180 days


def test_the_clerks_question_from_the_filter_form(signed_in, live_server, shot):
    page = signed_in
    page.goto(f"{live_server.url}/cameras/")
    page.select_option("#id_precinct", "ZL")
    page.select_option("#id_has_lpr", "true")
    page.fill("#id_in_service_on", "115/06/03")
    page.fill("#id_lease_ends_from", "115/06/03")
    page.click("form.filters button[type=submit]")
    assert "precinct=ZL" in page.url
    page.click(f"thead >> text={zh('Lease end')}")  # soonest first
    assert "sort=lease_end" in page.url
    expected = Camera.objects.in_service(on=DAY).filter(
        precinct__code="ZL", has_lpr=True, batch__lease_end__gte=DAY
    )
    expect(page.locator("#match-count")).to_contain_text(f"{expected.count():,}")
    expect(page.locator("#scope")).to_have_text("115/06/03 使用中的攝影機。")
    first = page.locator("table.data tbody tr").first
    expect(first).to_contain_text("LEASE-108")
    expect(first).to_contain_text("115/11/30 剩 180 天")
    shot(page, "clerk-question-zh")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "clerk-question-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.select_option("#language", "en")
    page.click("form.lang button")
    expect(page.locator("#scope")).to_have_text("Cameras in service on 115/06/03.")
    expect(page.locator("table.data tbody tr").first).to_contain_text("115/11/30 180 days left")
    shot(page, "clerk-question-en")


def test_a_saved_view_is_found_again_after_signing_out_and_in(signed_in, live_server, shot):
    page = signed_in
    query = "precinct=ZL&has_lpr=true&sort=lease_end"
    page.goto(f"{live_server.url}/cameras/?{query}")
    count = page.locator("#match-count").inner_text()
    page.click("#saved-views summary")
    page.fill("#saved-view-name", "中壢分局 車牌辨識")
    shot(page, "saved-view-save-zh")
    page.click(f"#saved-views >> text={zh('Save the view')}")
    expect(page.locator(".messages")).to_contain_text("中壢分局 車牌辨識")
    page.click(f"text={zh('Sign out')}")
    page.fill("#id_username", "staff")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.goto(f"{live_server.url}/cameras/")
    page.click("#saved-views summary")
    page.click("#saved-views >> text=中壢分局 車牌辨識")
    assert page.url.endswith(f"/cameras/?{query}")
    expect(page.locator("#match-count")).to_have_text(count)
    page.click("#saved-views summary")
    shot(page, "saved-view-menu-zh")
