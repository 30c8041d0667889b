"""The coverage roll-up stays exactly equal to a live count after every kind of change."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from cameras import rollup
from cameras.models import Camera, CoverageRollup, Precinct, Site
from cameras.reports import coverage
from cameras.rollup import NOT_RETIRED
from leases.models import Batch

pytestmark = pytest.mark.django_db
D = datetime.date


def live():
    """Count the cameras by the roll-up's key straight from the camera table, joining sites."""
    rows = Camera.objects.values_list(
        "site__precinct_id", "batch_id", "is_lane", "has_lpr", "installed_on", "retired_on"
    ).annotate(n=Count("pk"))
    return {(*key[:5], key[5] or NOT_RETIRED): n for *key, n in rows}


def stored():
    rows = CoverageRollup.objects.values_list(
        "precinct_id", "batch_id", "is_lane", "has_lpr", "installed_on", "retired_on",
        "camera_count",
    )  # fmt: skip
    return {tuple(key): n for *key, n in rows}


def assert_exact():
    assert stored() == live()
    assert not Camera.objects.exclude(precinct_id=F("site__precinct_id")).exists()


def test_seeded_register_is_counted_exactly():
    assert_exact()
    assert 0 < CoverageRollup.objects.count() < Camera.objects.count()


def test_figures_agree_with_a_live_count_on_many_days():
    for day in [D(2015, 6, 1), D(2021, 7, 31), D(2021, 9, 30), D(2022, 12, 31), D(2026, 11, 26)]:
        figures = coverage(on=day).total
        cameras = Camera.objects.in_service(on=day)
        assert figures.cameras == cameras.count()
        assert figures.lane == cameras.filter(is_lane=True).count()
        assert figures.lpr == cameras.filter(has_lpr=True).count()


def test_create_edit_and_delete_through_the_orm():
    site = Site.objects.filter(precinct__code="TY").first()
    batch = Batch.objects.get(code="LEASE-111")
    camera = Camera.objects.create(
        asset_tag="R-1", site=site, batch=batch, is_lane=True, has_lpr=True,
        installed_on=D(2026, 1, 1),
    )  # fmt: skip
    assert camera.precinct_id == site.precinct_id
    assert_exact()
    camera.has_lpr = False
    camera.batch = Batch.objects.get(code="LEASE-110")
    camera.save()
    assert_exact()
    camera.status, camera.retired_on = "retired", D(2026, 6, 1)
    camera.save(update_fields=["status", "retired_on"])
    assert_exact()
    camera.delete()
    assert_exact()


def test_queryset_delete_and_moving_a_site_to_another_precinct():
    Camera.objects.filter(batch__code="LEASE-107", asset_tag__endswith="7").delete()
    assert_exact()
    site = Site.objects.filter(cameras__isnull=False).first()
    site.precinct = Precinct.objects.exclude(pk=site.precinct_id).first()
    site.save()
    assert_exact()
    assert set(site.cameras.values_list("precinct_id", flat=True)) == {site.precinct_id}


def test_moving_a_camera_to_another_site():
    camera = Camera.objects.get(asset_tag="LEASE-106-000010")
    camera.site = Site.objects.exclude(precinct=camera.precinct).first()
    camera.save()
    assert camera.precinct_id == camera.site.precinct_id
    assert_exact()


def test_replacement_through_the_app(admin_client):
    old = Camera.objects.get(asset_tag="LEASE-108-000001")
    data = {"asset_tag": "R-2", "site": old.site.code, "batch": old.batch_id,
            "installed_on": "115/11/25", "is_lane": "on", "has_lpr": "on"}  # fmt: skip
    assert admin_client.post(f"/cameras/{old.pk}/replace/", data).status_code == 302
    assert_exact()


def test_scale_and_rebuild():
    rows = CoverageRollup.objects.count()
    call_command("seed_demo", "--scale", "2", stdout=io.StringIO())
    assert_exact()
    # copies share their keys: twice the cameras, the same number of rows
    assert CoverageRollup.objects.count() == rows
    CoverageRollup.objects.all().delete()
    rollup.rebuild()
    assert_exact()


def test_tracking_a_bulk_write():
    cameras = Camera.objects.filter(batch__code="LEASE-106")
    with rollup.tracking(cameras):
        cameras.update(has_lpr=False, installed_on=D(2017, 1, 1))
    assert_exact()


def test_an_import_moves_its_cameras_in_the_rollup():
    from cameras.imports import import_cameras

    moved = Camera.objects.select_related("site", "batch").get(asset_tag="LEASE-107-000001")
    header = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"
    rows = [
        header,
        "NEW-0009,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service",
        f"{moved.asset_tag},{moved.site.code},{moved.precinct.code},LEASE-111,false,false,"
        "2022-02-02,2023-01-01,retired",
    ]
    result = import_cameras(("\r\n".join(rows) + "\r\n").encode())
    assert result.written, result.problems
    assert_exact()
