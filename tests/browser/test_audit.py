"""An import from upload to the Audit page: the preview lists each camera, confirming lands on
the imported cameras, and the Audit page shows the change set and its latest changes."""

import pytest
from playwright.sync_api import expect

from cameras.models import Camera
from core.models import ImportRecord
from tests.browser.test_staff_app import zh

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
HEADER = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"


def test_an_import_from_preview_to_audit(signed_in, live_server, shot, tmp_path):
    page = signed_in
    old = Camera.objects.select_related("site", "batch").get(asset_tag="LEASE-109-000020")
    data = tmp_path / "vendor.csv"
    data.write_text(
        f"{HEADER}\n"
        "NEW-0001,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service\n"
        f"{old.asset_tag},{old.site.code},,{old.batch.code},true,true,{old.installed_on},,"
        "faulty\n"
    )
    page.goto(f"{live_server.url}/cameras/import/")
    page.set_input_files("#id_file", str(data))
    page.click("form.edit button[type=submit]")
    expect(page.locator("#count-created")).to_have_text("1")
    expect(page.locator("#count-updated")).to_have_text("1")
    rows = page.locator("#changes tbody th")
    expect(rows).to_have_text(["NEW-0001", "LEASE-109-000020"])
    expect(page.locator("#changes tbody tr").nth(0)).to_contain_text(zh("To create"))
    shot(page, "import-preview-zh")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "import-preview-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("button[name=confirm]")
    key = f"import-{ImportRecord.objects.get().pk}"
    page.wait_for_url(f"**/cameras/?change_set={key}")
    expect(page.locator("table.data tbody th a")).to_have_text(["LEASE-109-000020", "NEW-0001"])
    shot(page, "import-landed-zh")

    page.goto(f"{live_server.url}/history/?type=camera")
    expect(page.locator("#imports tbody th").first).to_have_text(key)
    expect(page.locator("#latest tbody th").first).to_contain_text("NEW-0001")
    shot(page, "audit-zh")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "audit-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1366, "height": 900})
    page.select_option("#language", "en")
    page.click("form.lang button")
    expect(page.locator("h2#latest-title")).to_have_text("Latest changes")
    shot(page, "audit-en")
    page.click(f"#imports >> text={key}")  # its changes only
    expect(page.locator("#change_set")).to_have_value(key)
    page.locator("#latest tbody th a", has_text="LEASE-109-000020").first.click()
    expect(page.locator("h1")).to_contain_text("LEASE-109-000020")
