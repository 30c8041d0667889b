"""Bulk edit in the browser: 50 cameras picked on the list, previewed, refused whole when one
of them changed meanwhile, then written as one change set."""

import pytest
from playwright.sync_api import expect

from cameras.models import BulkEdit, Camera
from tests.browser.test_staff_app import zh

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_fifty_cameras_one_stale_then_all(signed_in, live_server, shot):
    page = signed_in
    page.goto(f"{live_server.url}/cameras/?q=LEASE-109-0001&status=in_service")
    boxes = page.locator('input[name="pk"]')
    count = boxes.count()
    assert count == 50
    for n in range(count):
        boxes.nth(n).check()
    page.click(f"form.bulk >> text={zh('Edit the selected cameras')}")
    expect(page.locator("#selection")).to_contain_text(f"{count}")
    page.select_option("#id_action", "status")
    page.select_option("#id_status", "faulty")
    page.fill("#id_reason", "颱風損壞")
    shot(page, "bulk-edit-form-zh")
    page.click("button[value=preview]")
    expect(page.locator("#count-changed")).to_have_text(f"{count}")
    shot(page, "bulk-edit-preview-zh")
    stale = Camera.objects.filter(asset_tag__startswith="LEASE-109-0001", status="in_service")
    colleague = stale.order_by("asset_tag")[7]
    colleague.resolution_mp = "5.0"
    colleague.save()  # someone else's edit after the preview
    page.click("button[value=confirm]")
    expect(page.locator("#problems")).to_contain_text(colleague.asset_tag)
    assert BulkEdit.objects.count() == 0
    faulty = Camera.objects.filter(asset_tag__startswith="LEASE-109-0001", status="faulty")
    assert faulty.count() == 1  # the one that was faulty before
    shot(page, "bulk-edit-refused-zh")
    page.click("button[value=preview]")  # the form is still filled in: preview again
    expect(page.locator("#count-changed")).to_have_text(f"{count}")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "bulk-edit-preview-phone")
    page.click("button[value=confirm]")
    expect(page.locator(".messages")).to_contain_text(f"{count}")
    assert BulkEdit.objects.get().camera_count == count
    shot(page, "bulk-edit-done-zh")
