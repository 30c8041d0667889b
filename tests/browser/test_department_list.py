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


def test_a_list_is_mapped_column_by_column_and_the_mapping_is_kept(signed_in, live_server, shot,
                                                                   tmp_path):  # fmt: skip
    page = signed_in
    path = tmp_path / "清冊.csv"
    path.write_bytes(lists.as_csv(lists.CITY_HEADER, lists.city_rows(8)))
    page.goto(f"{live_server.url}/cameras/import/")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_in_service_on", "109/06/30")
    page.check("#id_create_sites")
    page.click("form button[type=submit].primary")
    expect(page.locator("#map-0")).to_have_value("asset_tag")  # headers it recognises
    expect(page.locator("#map-1")).to_have_value("unit")
    page.select_option("#map-1", "precinct")
    page.fill("#mapping-name", "市府清冊")
    shot(page, "import-column-mapping-zh")
    page.click("button[name=apply_mapping]")
    # no batch for the rows: refused at the mapping's own missing column, nothing written
    expect(page.locator("#problems")).to_contain_text("batch")
    page.goto(f"{live_server.url}/cameras/import/")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_in_service_on", "109/06/30")
    page.check("#id_create_sites")
    page.check("#id_create_units")
    page.click("form button[type=submit].primary")
    expect(page.locator("#mapping")).to_contain_text("市府清冊")
    expect(page.locator("#map-1")).to_have_value("precinct")  # as it was saved
    page.select_option("#map-1", "unit")
    page.fill("#mapping-batch", "LEASE-109")
    page.click("button[name=apply_mapping]")
    expect(page.locator("#count-created")).to_have_text("8")
    shot(page, "import-mapped-preview-zh")
