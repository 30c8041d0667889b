"""Every change is attributable: who, when, before and after; stale edits are refused."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cameras.models import Camera, Precinct, Site
from core.roc import format_roc
from core.roles import ADMINISTRATOR, AUDITOR, EDITOR, VIEWER
from leases.models import Batch, BudgetLine

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def as_role(client, django_user_model):
    def sign_in(role, username=None):
        user = django_user_model.objects.create_user(username or role, password="x" * 20)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return sign_in


def edit_camera(client, camera, **changes):
    url = reverse("cameras:camera_update", args=[camera.pk])
    page = client.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    data = {
        "asset_tag": camera.asset_tag, "site": camera.site.code, "batch": camera.batch_id,
        "installed_on": camera.installed_on.isoformat(), "status": camera.status,
        **{name: "on" for name in ("is_lane", "has_lpr", "has_vehicle_attributes",
                                   "has_trajectory", "has_target_alert")
           if getattr(camera, name)},
        "resolution_mp": camera.resolution_mp or "", "version": version, **changes,
    }  # fmt: skip
    return client.post(url, {k: v for k, v in data.items() if v != ""}, **EN)


def test_an_edit_records_who_when_and_before_after(as_role, today_is):
    today_is(datetime.date(2026, 12, 1))
    client = as_role(EDITOR, "clerk")
    camera = Camera.objects.get(asset_tag="LEASE-109-000010")
    assert (
        edit_camera(
            client, camera, status="faulty", is_lane="", installed_on="108/01/02"
        ).status_code
        == 302
    )
    record = camera.history.latest()
    assert record.history_user.username == "clerk"
    assert record.history_type == "~"
    assert record.status == "faulty"
    page = as_role(AUDITOR, "auditor").get(camera.get_absolute_url(), **EN).content.decode()
    history = page[page.index('id="history"') :]
    assert "clerk" in history
    first_change = history[
        history.index("<tbody>") : history.index("</tr>", history.index("<tbody>"))
    ]
    lane_before = "yes" if camera.is_lane else "no"
    rows = re.findall(r"<td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", history)[:3]
    assert rows == [
        ("lane camera", lane_before, "no"),
        ("installed on", format_roc(camera.installed_on), "108/01/02"),
        ("status", "In service", "Faulty"),
    ]
    # a new install day corrects a fact; the lane took effect today
    assert ('<td rowspan="3">clerk</td><td rowspan="3">changed <span class="badge correction">'
            "correction</span><br><small>from 115/12/01</small></td>") in first_change  # fmt: skip
    assert re.search(r'<time datetime="[0-9T:+-]+">1\d\d/\d\d/\d\d \d\d:\d\d</time>', first_change)
    # the state the seed loaded is kept as the first record, so "before" is known
    assert "state before the first recorded change (loaded in bulk)" in history


def test_viewers_see_no_history(as_role):
    camera = Camera.objects.get(asset_tag="LEASE-109-000010")
    page = as_role(VIEWER).get(camera.get_absolute_url()).content.decode()
    assert 'id="history"' not in page


def test_create_update_and_delete_of_every_kind_is_recorded(as_role):
    client = as_role(ADMINISTRATOR, "boss")
    precinct = Site.objects.first().precinct
    client.post(reverse("cameras:site_create"), {"code": "H-1", "name": "甲", "kind": "other",
                "precinct": precinct.pk})  # fmt: skip
    site = Site.objects.get(code="H-1")
    client.post(reverse("admin:cameras_site_delete", args=[site.pk]), {"post": "yes"})
    assert not Site.objects.filter(code="H-1").exists()
    kinds = list(Site.history.filter(code="H-1").order_by("history_id").values_list(
        "history_type", "history_user__username", "name"))  # fmt: skip
    assert kinds == [("+", "boss", "甲"), ("-", "boss", "甲")]  # the deleted row is kept

    batch = Batch.objects.get(code="LEASE-110")
    url = reverse("leases:batch_update", args=[batch.pk])
    version = re.search(r'name="version" value="(\d+)"', client.get(url).content.decode()).group(1)
    data = {"code": batch.code, "name": batch.name, "kind": "lease", "lease_end": "116/12/31",
            "contracted_count": "1600", "version": version}  # fmt: skip
    assert client.post(url, data).status_code == 302
    change = Batch.history.filter(code="LEASE-110").latest()
    assert (change.history_type, change.lease_end) == ("~", datetime.date(2027, 12, 31))
    assert change.prev_record.lease_end is None

    line = BudgetLine.objects.get(batch__code="LEASE-105", fiscal_year=111)
    url = reverse("admin:leases_budgetline_change", args=[line.pk])
    data = {"batch": line.batch_id, "contract": "", "fiscal_year": 111, "funding_source":
            "city_budget", "amount_thousand_ntd": "47160.500", "purpose": line.purpose,
            "opened_version": line.version}  # fmt: skip
    assert client.post(url, data).status_code == 302
    change = line.history.latest()
    assert change.history_user.username == "boss"
    assert str(change.amount_thousand_ntd) == "47160.500"
    assert str(change.prev_record.amount_thousand_ntd) == "47160.000"


def test_a_stale_edit_is_refused_and_loses_nothing(as_role):
    client = as_role(EDITOR, "second")
    camera = Camera.objects.get(asset_tag="LEASE-109-000011")
    url = reverse("cameras:camera_update", args=[camera.pk])
    page = client.get(url).content.decode()
    opened_at = re.search(r'name="version" value="(\d+)"', page).group(1)
    # meanwhile somebody else saves the camera
    other = Camera.objects.get(pk=camera.pk)
    other.status = "faulty"
    other.save()
    response = edit_camera(client, camera, status="in_service", has_lpr="", version=opened_at)
    assert response.status_code == 200
    assert "was changed by someone else after you opened it." in response.content.decode()
    camera.refresh_from_db()
    assert (camera.status, camera.has_lpr) == ("faulty", True)


def test_a_fresh_edit_after_the_other_one_goes_through(as_role):
    client = as_role(EDITOR, "third")
    camera = Camera.objects.get(asset_tag="LEASE-109-000012")
    assert (
        edit_camera(
            client, camera, status="faulty", is_lane="", installed_on="108/01/02"
        ).status_code
        == 302
    )
    camera.refresh_from_db()
    assert edit_camera(client, camera, status="in_service").status_code == 302
    camera.refresh_from_db()
    assert (camera.status, camera.version) == ("in_service", 3)


def test_cameras_moved_with_their_site_are_in_the_history(as_role):
    client = as_role(EDITOR, "clerk")
    site = Site.objects.filter(cameras__isnull=False).distinct().first()
    cameras = list(site.cameras.order_by("pk").values_list("pk", flat=True))
    target = Precinct.objects.exclude(pk=site.precinct_id).order_by("code").first()
    url = reverse("cameras:site_update", args=[site.pk])
    version = re.search(r'name="version" value="(\d+)"', client.get(url).content.decode()).group(1)
    data = {"code": site.code, "name": site.name, "address": site.address, "kind": site.kind,
            "precinct": target.pk, "version": version}  # fmt: skip
    assert client.post(url, data, **EN).status_code == 302
    reason = f"site {site.code} moved to {target.name}"
    for pk in cameras:
        records = Camera.history.filter(id=pk).order_by("history_id")
        columns = ("history_type", "history_user__username", "precinct_id")
        rows = list(records.values_list(*columns, "history_change_reason"))
        assert rows == [
            (
                "+",
                None,
                site.precinct_id,
                "state before the first recorded change (loaded in bulk)",
            ),
            ("~", "clerk", target.pk, reason),
        ]
    assert set(Camera.objects.filter(pk__in=cameras).values_list("precinct_id", flat=True)) == {
        target.pk
    }
