"""A department's workbook through the upload page and the background worker, then its stations
and the unknown-install-day caveat on the coverage report (issue 14)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cameras.imports import jobs
from cameras.models import Camera, ImportJob
from tests.cameras import department_lists as lists

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_workbook_moves_in_through_the_worker_and_its_stations_show(
    signed_in, live_server, shot, tmp_path, monkeypatch
):
    monkeypatch.setattr(jobs, "BACKGROUND_ROWS", 100)  # 50,000 in the app: too slow here
    page = signed_in
    workbook = tmp_path / "監視器清冊.xlsx"
    rows = lists.city_rows(240)
    workbook.write_bytes(lists.as_xlsx(lists.CITY_HEADER, rows))
    page.goto(f"{live_server.url}/cameras/import/")
    page.set_input_files("#id_file", str(workbook))
    page.fill(
        "#id_columns", "編號=asset_tag,所屬單位=unit,安裝地址=site_address,攝影方向=direction"
    )
    page.fill("#id_batch", "LEASE-109")
    page.fill("#id_in_service_on", "109/06/30")
    page.check("#id_create_sites")
    page.check("#id_create_units")
    shot(page, "import-mapping-zh")
    page.click("form button[type=submit].primary")
    job = ImportJob.objects.get()
    page.wait_for_url(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.locator("h2#job-status")).to_have_text("等待背景程式")
    expect(page.locator("#job-rows")).to_have_text("0 / 約 240")
    shot(page, "import-job-waiting-zh")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    expect(page.locator("h2#job-status")).to_have_text("已匯入")
    expect(page.locator("#job-percent")).to_have_text("100 %")
    expect(page.locator("#job-summary")).to_contain_text("新增攝影機 240 支")
    shot(page, "import-job-done-zh")
    assert Camera.objects.filter(asset_tag__startswith="LA").count() == 240
    page.goto(f"{live_server.url}/reports/coverage/?as_of=109/06/29")
    expect(page.locator("p.caveat")).to_have_text(
        "240 支裝設日期不明的攝影機自 109/06/30 起才計入。"
    )
    page.goto(f"{live_server.url}/reports/coverage/?as_of=109/06/30")
    row = page.locator("tr.scope-station", has_text="和平東路派出所")
    counted = lists.city_counts(rows)["by_station"]["大安分局", "和平東路派出所"]
    expect(row.locator("td.num").first).to_have_text(str(counted))
    shot(page, "coverage-stations-zh")
