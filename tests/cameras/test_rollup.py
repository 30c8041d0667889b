"""The coverage roll-up stays exactly equal to a live count after every kind of change."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from cameras import rollup, states
from cameras.models import (
    FOREVER,
    Camera,
    CameraState,
    CoverageChange,
    CoverageRollup,
    Precinct,
    Site,
    SitePrecinct,
)
from cameras.reports import coverage
from leases.models import Batch

pytestmark = pytest.mark.django_db
D = datetime.date


def live():
    """Count the cameras' periods by the roll-up's key, in Python, from the state table."""
    counted = Counter()
    for state in CameraState.objects.select_related("camera"):
        camera = state.camera
        retired = camera.retired_on or FOREVER
        if state.valid_from < retired or state.valid_to == FOREVER:
            counted[
                state.precinct_id, state.station_id or 0, state.batch_id, state.is_lane,
                state.has_lpr,
                camera.installed_on, state.valid_from, min(state.valid_to, retired),
                state.valid_to == FOREVER,
            ] += 1  # fmt: skip
    return dict(counted)


def stored():
    rows = CoverageRollup.objects.values_list(*rollup.KEY, "camera_count")
    return {tuple(key): n for *key, n in rows}


def changes_of(counted: dict) -> dict:
    """Sum roll-up rows by the day they begin (+) and end (−), in Python: CoverageChange."""
    by_day = Counter()
    for key, n in counted.items():
        precinct, station, batch, is_lane, has_lpr, _installed, start, end, _current = key
        if start >= end:
            continue  # never in service
        figures = (n, n * is_lane, n * has_lpr, n * (is_lane and has_lpr))
        for day, sign in ((start, 1), (end, -1)):
            if day == FOREVER:
                continue
            for name, value in zip(rollup.FIGURES, figures, strict=True):
                by_day[precinct, station, batch, day, name] += sign * value
    return {key: n for key, n in by_day.items() if n}


def stored_changes() -> dict:
    found = {}
    fields = ("precinct_id", "station", "batch_id", "day")
    for row in CoverageChange.objects.values(*fields, *rollup.FIGURES):
        for name in rollup.FIGURES:
            if row[name]:
                found[(*(row[f] for f in fields), name)] = row[name]
    return found


def assert_periods_follow_each_other():
    """Each camera's periods run without gap or overlap from its install day, the latest is
    its row, and each period's precinct is its site's on its first day."""
    sites = {}
    for period in SitePrecinct.objects.all():
        sites.setdefault(period.site_id, []).append(period)
    periods = {}
    for state in CameraState.objects.order_by("camera", "valid_from"):
        periods.setdefault(state.camera_id, []).append(state)
    for camera in Camera.objects.all():
        mine = periods[camera.pk]
        assert mine[0].valid_from == camera.installed_on, camera
        assert [p.valid_to for p in mine[:-1]] == [p.valid_from for p in mine[1:]], camera
        assert mine[-1].valid_to == FOREVER
        last = mine[-1]
        assert [getattr(last, name) for name in states.STATE_COLUMNS] == [
            getattr(camera, name) for name in states.STATE_COLUMNS
        ], camera
        for state in mine:
            (site,) = [
                p for p in sites[state.site_id] if p.valid_from <= state.valid_from < p.valid_to
            ]
            assert state.precinct_id == site.precinct_id and state.valid_to <= site.valid_to
            assert state.station_id == site.station_id


def assert_exact():
    counted = live()
    assert stored() == counted
    assert stored_changes() == changes_of(counted)
    assert not CoverageChange.objects.filter(cameras=0, lane=0, lpr=0, lane_lpr=0).exists()
    assert not Camera.objects.exclude(precinct_id=F("site__precinct_id")).exists()
    assert_periods_follow_each_other()


def test_seeded_register_is_counted_exactly():
    assert_exact()
    # periods that share their keys share a row: far fewer than periods, and the same number
    # of rows for 45 copies of the register (test_scale_and_rebuild)
    assert 0 < CoverageRollup.objects.count() < CameraState.objects.count()


def test_figures_agree_with_a_live_count_on_many_days():
    for day in [D(2015, 6, 1), D(2021, 7, 31), D(2021, 9, 30), D(2022, 12, 31), D(2026, 11, 26)]:
        figures = coverage(on=day).total
        held = CameraState.objects.filter(
            states.on_day_q(day), camera__in=Camera.objects.in_service(on=day)
        )  # each camera as it was that day
        assert figures.cameras == held.count() == Camera.objects.in_service(on=day).count()
        assert figures.lane == held.filter(is_lane=True).count()
        assert figures.lpr == held.filter(has_lpr=True).count()


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
        cameras.update(installed_on=D(2017, 1, 1))
        states.reinstall(cameras)
        states.change(cameras, {"has_lpr": False}, on=D(2020, 1, 1))
        states.sync_current(cameras)
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


def test_periods_after_a_retirement_count_only_as_registered():
    """A period that begins on or after its camera's retire day holds no day in service: the
    roll-up keeps no row for it, but for the latest (what "registered" counts)."""
    camera = Camera.objects.filter(retired_on__isnull=False).order_by("asset_tag").first()
    retired = camera.retired_on
    cameras = Camera.objects.filter(pk=camera.pk)
    with rollup.tracking(cameras):
        states.change(cameras, {"has_lpr": not camera.has_lpr}, on=retired)
        states.change(cameras, {"is_lane": not camera.is_lane}, on=retired + datetime.timedelta(9))
        states.sync_current(cameras)
    assert_exact()
    assert not CoverageRollup.objects.filter(
        valid_from__gte=F("valid_to"), is_current=False
    ).exists()
    latest = CoverageRollup.objects.filter(
        valid_from=retired + datetime.timedelta(9), valid_to=retired, is_current=True
    )
    assert latest.exists()  # registered, never in service


def one_row(camera, *, site=None, has_lpr=None) -> bytes:
    """An import file of one camera as it is, but for the site or LPR given."""
    site = site or camera.site
    lpr = camera.has_lpr if has_lpr is None else has_lpr
    header = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"
    row = (
        f"{camera.asset_tag},{site.code},{site.precinct.code},{camera.batch.code},"
        f"{str(camera.is_lane).lower()},{str(lpr).lower()},{camera.installed_on},,{camera.status}"
    )
    return f"{header}\r\n{row}\r\n".encode()


def test_an_import_that_moves_a_camera_takes_its_new_sites_precinct_from_that_day():
    from cameras.imports import import_cameras

    camera = (
        Camera.objects.select_related("site", "batch")
        .filter(retired_on__isnull=True, installed_on__lt=D(2024, 6, 1))
        .order_by("asset_tag")
        .first()
    )
    other = Site.objects.exclude(precinct=camera.precinct).select_related("precinct").first()
    result = import_cameras(one_row(camera, site=other), effective_on=D(2024, 6, 1))
    assert result.written, result.problems
    assert_exact()
    then = camera.states.get(valid_from__lte=D(2024, 6, 1), valid_to__gt=D(2024, 6, 1))
    before = camera.states.get(valid_to=D(2024, 6, 1))
    assert (then.site_id, then.precinct_id) == (other.pk, other.precinct_id)
    assert before.precinct_id != other.precinct_id


def test_an_imported_back_dated_change_leaves_the_fields_later_changes_standing():
    from cameras.imports import import_cameras

    camera = (
        Camera.objects.select_related("site", "batch")
        .annotate(periods=Count("states"))
        .filter(periods=1, retired_on__isnull=True, installed_on__lt=D(2021, 1, 1))
        .order_by("asset_tag")
        .first()
    )
    cameras, was = Camera.objects.filter(pk=camera.pk), camera.has_lpr
    with rollup.tracking(cameras):
        states.change(cameras, {"has_lpr": not was}, on=D(2022, 1, 1))
        states.change(cameras, {"has_lpr": was}, on=D(2023, 1, 1))
        states.sync_current(cameras)
    result = import_cameras(one_row(camera, has_lpr=not was), effective_on=D(2021, 6, 1))
    assert result.written, result.problems
    assert_exact()
    assert list(camera.states.order_by("valid_from").values_list("valid_from", "has_lpr")) == [
        (camera.installed_on, was),
        (D(2021, 6, 1), not was),
        (D(2022, 1, 1), not was),
        (D(2023, 1, 1), was),
    ]
    assert Camera.objects.get(pk=camera.pk).has_lpr is was


def transferred_camera():
    """A camera in service whose site passed to another precinct on 113/01/01: its first
    period ends then, before the day the imports below take effect."""
    return (
        Camera.objects.select_related("site__precinct", "batch")
        .filter(retired_on__isnull=True, installed_on__lt=D(2020, 1, 1),
                states__valid_to=D(2024, 1, 1))
        .order_by("asset_tag")
        .first()
    )  # fmt: skip


def file_of(*rows: dict) -> bytes:
    """An import file of cameras as they are, but for the cells each row dict gives."""
    header = ["asset_tag", "site", "precinct", "batch", "is_lane", "has_lpr", "installed_on",
              "retired_on", "status", "effective_on"]  # fmt: skip
    lines = [",".join(header)]
    for cells in rows:
        camera = cells.pop("camera")
        row = {
            "asset_tag": camera.asset_tag, "site": camera.site.code,
            "precinct": camera.site.precinct.code, "batch": camera.batch.code,
            "is_lane": str(camera.is_lane).lower(), "has_lpr": str(camera.has_lpr).lower(),
            "installed_on": str(camera.installed_on), "retired_on": "",
            "status": camera.status, "effective_on": "", **cells,
        }  # fmt: skip
        lines.append(",".join(row[name] for name in header))
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.mark.parametrize(
    "cells",
    [
        {"retired_on": "2022-01-01", "status": "retired"},  # a retire day before the day
        {"installed_on": "2015-01-01"},  # an install day moved earlier
    ],
    ids=["retire-day", "install-day"],
)
def test_a_dated_import_that_moves_a_cameras_days_recounts_its_whole_past(cells):
    """Install and retire days are in the key of every period: a row that moves one changes
    the periods that ended before the import's day too."""
    from cameras.imports import import_cameras

    camera = transferred_camera()
    result = import_cameras(file_of({"camera": camera, **cells}), effective_on=D(2024, 6, 1))
    assert result.written and result.updated == 1, result.problems
    assert_exact()


def test_a_correction_from_the_install_day_beside_a_dated_row_recounts_its_whole_past():
    from cameras.imports import import_cameras

    camera = transferred_camera()
    other = Camera.objects.filter(retired_on__isnull=True, installed_on__lt=D(2020, 1, 1))
    other = other.exclude(pk=camera.pk).select_related("site__precinct", "batch").first()
    data = file_of(
        {"camera": other, "has_lpr": str(not other.has_lpr).lower(), "effective_on": "2024-06-01"},
        {"camera": camera, "has_lpr": str(not camera.has_lpr).lower()},  # from its install day
    )
    result = import_cameras(data, correction=True, reason="LPR recorded wrong")
    assert result.written and result.updated == 2, result.problems
    assert_exact()
    assert camera.states.get(valid_to=D(2024, 1, 1)).has_lpr is not camera.has_lpr
