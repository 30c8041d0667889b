"""What a clerk reads when something is off or needs a choice (#12.3, 10, 11, 18): the list says
whom it shows with a toggle; no grey date reads as a value; a bad day, page or filter is said
beside its field, in the app's words, with the true count; the dashboard's alerts of a past day
name only the batches bought by then."""

import pytest
from playwright.sync_api import expect

from cameras.models import Camera

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_camera_list_says_whom_it_shows_and_toggles(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/cameras/")
    expect(page.locator("#scope")).to_have_text("全部攝影機，含已汰除者。")
    expect(page.locator("#match-count")).to_contain_text(f"{Camera.objects.count():,}")
    page.click("#scope-toggle")
    assert "in_service=true" in page.url
    expect(page.locator("#scope")).to_contain_text("使用中的攝影機。")


def test_no_empty_date_box_shows_a_value(signed_in, live_server):
    page = signed_in
    camera = Camera.objects.filter(retired_on__isnull=True).first()
    for path in ["/cameras/", f"/cameras/{camera.pk}/edit/", "/history/", "/"]:
        page.goto(f"{live_server.url}{path}")
        placeholders = page.evaluate(
            "[...document.querySelectorAll('input[placeholder]')].map(i => i.name)"
        )
        assert placeholders == [], path
    page.goto(f"{live_server.url}/cameras/{camera.pk}/edit/")
    expect(page.locator("#id_retired_on")).to_have_value("")
    expect(page.locator("form.edit")).to_contain_text(
        "日期寫法：112/08/31、1120831 或 2023-08-31。"
    )


def test_a_bad_day_page_or_filter_is_said_beside_it(signed_in, live_server, shot):
    page = signed_in
    page.goto(f"{live_server.url}/?as_of=115/02/30")
    expect(page.locator("#as_of")).to_have_value("115/02/30")  # what was typed stays
    expect(page.locator("#as_of_error")).to_contain_text("「115/02/30」不是有效的日期。")
    page.goto(f"{live_server.url}/cameras/?page=99999")
    expect(page.locator("#match-count")).to_contain_text(f"{Camera.objects.count():,}")
    page.goto(f"{live_server.url}/cameras/?precinct=XX&status=lost")
    precinct = page.locator(".field.invalid", has=page.locator("#id_precinct"))
    expect(precinct.locator(".error")).to_have_text(
        "登錄資料中沒有「XX」這個分局：請從清單中選擇。"
    )
    status = page.locator(".field.invalid", has=page.locator("#id_status"))
    expect(status.locator(".error")).to_have_text("「lost」不在選項中：請從清單中選擇。")
    expect(page.locator("#match-count")).to_contain_text(
        "無法計數：上方有篩選條件無法讀取，該欄位旁已說明原因。"
    )
    shot(page, "bad-filter-zh")


def test_the_plans_day_names_no_batch_bought_later(signed_in, live_server):
    page = signed_in
    page.goto(f"{live_server.url}/?as_of=110/07/31")
    alerts = page.locator(".alerts")
    expect(alerts).to_contain_text("LEASE-110")
    expect(alerts).not_to_contain_text("LEASE-111")  # bought in ROC 111
