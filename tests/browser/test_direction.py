"""A camera re-aimed through its edit form: the direction chosen there is on its page."""

import pytest
from playwright.sync_api import expect

from cameras.models import Camera

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_direction_chosen_in_the_edit_form_shows_on_the_camera_page(signed_in, live_server, shot):
    page = signed_in
    camera = Camera.objects.get(asset_tag="LEASE-111-000001")
    page.goto(f"{live_server.url}/cameras/{camera.pk}/edit/")
    expect(page.locator("#id_direction option:checked")).to_have_text("不明")
    page.select_option("#id_direction", "NNW")
    shot(page, "camera-edit-direction-zh")
    page.click("form button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}{camera.get_absolute_url()}")
    expect(page.locator("dl.facts").first).to_contain_text("攝影方向北北西（NNW）")
    shot(page, "camera-direction-zh")
    assert Camera.objects.get(pk=camera.pk).direction == "NNW"
