"""Sign in, read the dashboard in Traditional Chinese, filter, open and replace a camera, switch
to English — in Chromium, against the live server. Screenshots: test-artifacts/screenshots/."""

import datetime
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from cameras.models import Camera
from leases.models import Batch, Scenario

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def zh(text):
    with translation.override("zh-hant"):
        translated = translation.gettext(text)
    assert translated != text, f"{text!r} has no Traditional Chinese translation"
    return translated


def test_sign_in_and_read_the_dashboard_in_chinese(signed_in, live_server, shot):
    page = signed_in
    expect(page.locator("h1")).to_have_text(zh("Dashboard"))
    page.fill("#as_of", "110/07/31")
    page.click("form.as-of button")
    expect(page.locator("#figure-cameras .value")).to_have_text("22,049")
    expect(page.locator("#figure-lane .value")).to_have_text("14,807")
    expect(page.locator("#figure-lpr .value")).to_have_text("12,978")
    expect(page.locator("#figure-lpr-pct .value")).to_have_text("58.86 %")
    expect(page.locator("#figure-lpr-of-lane-pct .value")).to_have_text("87.65 %")
    expect(page.locator("#figure-cameras .label")).to_have_text(zh("Cameras in service"))
    expect(page.locator("#by-precinct tbody tr")).to_have_count(11)
    assert "as_of=110%2F07%2F31" in page.url or "as_of=110/07/31" in page.url
    shot(page, "dashboard-zh")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "dashboard-phone")


def test_filter_the_camera_list_and_open_a_camera(signed_in, live_server, shot):
    page = signed_in
    page.click(f"nav >> text={zh('Cameras')}")
    page.select_option("#id_is_lane", "true")
    page.fill("#id_in_service_on", "110/07/31")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#match-count")).to_contain_text("14,807")
    assert "is_lane=true" in page.url
    shot(page, "camera-list-filtered")
    first = page.locator("table.data tbody th a").first
    tag = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(tag)
    shot(page, "camera-detail")


def test_replace_a_camera(signed_in, live_server, shot):
    page = signed_in
    old = Camera.objects.get(asset_tag="LEASE-109-000001")
    page.goto(f"{live_server.url}{old.get_absolute_url()}")
    page.click(f"text={zh('Replace this camera')}")
    page.fill("#id_asset_tag", "LEASE-116-000001")
    page.select_option("#id_batch", label=str(old.batch))
    page.fill("#id_installed_on", "115/11/25")
    shot(page, "camera-replace-form")
    page.click("form.edit button[type=submit]")
    expect(page.locator("h1")).to_contain_text("LEASE-116-000001")
    expect(page.locator(".chain")).to_contain_text("LEASE-109-000001")
    shot(page, "camera-replaced")
    old.refresh_from_db()
    assert (old.status, old.retired_on.isoformat()) == ("retired", "2026-11-25")
    assert Camera.objects.get(asset_tag="LEASE-116-000001").replaces_id == old.pk


def test_switch_to_english(signed_in, live_server, shot):
    page = signed_in
    page.goto(f"{live_server.url}/leases/")
    page.select_option("#language", "en")
    page.click("form.lang button")
    expect(page.locator("h1")).to_have_text("Batches")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    shot(page, "leases-en")
    page.goto(f"{live_server.url}/?as_of=2021-07-31")
    expect(page.locator("h1")).to_have_text("Dashboard")
    expect(page.locator("#figure-lpr-pct .label")).to_have_text("LPR share of all cameras")


def test_pages_render_without_console_errors(signed_in, live_server, shot):
    page = signed_in
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    camera = Camera.objects.get(asset_tag="SELF-111-000001")
    scenario = Scenario.objects.create(
        name="116 年汰換", monthly_rate_ntd=2606, start=datetime.date(2027, 7, 1), term_months=60
    )
    scenario.batches.set(Batch.objects.filter(code__in=["LEASE-105", "LEASE-106"]))
    for path, name in [
        ("/replacements/", "replacements"),
        ("/leases/scenarios/", "scenarios"),
        (scenario.get_absolute_url(), "scenario"),
        ("/leases/fiscal-years/111/", "fiscal-year-111"),
        ("/leases/fiscal-years/112/", "fiscal-year-112"),
        ("/leases/fiscal-years/", "lease-years"),
        (camera.site.get_absolute_url(), "site-detail"),
        (camera.batch.get_absolute_url(), "batch-detail"),
        ("/sites/", "site-list"),
    ]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        shot(page, name)
    assert errors == []
    assert re.search(r"\d", page.locator("#match-count").inner_text())
