"""Police stations (派出所) under precincts (issue 14): a site belongs to one of its precinct's
stations on its days; lists, files and figures filter and break down by station."""

import datetime

import pytest

from cameras.imports import import_cameras
from cameras.models import Camera, CameraState, Precinct, Site, Station
from cameras.reports import PLAN_DAY, coverage
from cameras.states import on_day_q
from tests.cameras.test_rollup import assert_exact
from tests.pages import match_count, text
from tests.test_over_time import csv_rows

pytestmark = pytest.mark.django_db
D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = D(2026, 12, 1)
MOVED = D(2024, 1, 1)  # 113/01/01


def live_count(day, station) -> int:
    """Cameras in service on `day` whose period then names `station`: without the roll-up."""
    held = CameraState.objects.filter(on_day_q(day), station=station)
    return Camera.objects.in_service(on=day).filter(pk__in=held.values("camera")).count()


def in_service(report) -> list[tuple]:
    """Every in-service figure of a report (registered counts what cameras are now)."""
    return [(r.scope, r.code, r.cameras, r.lane, r.lpr, r.lane_lpr) for r in report.rows()]


def site_form(site: Site, **changes) -> dict:
    data = {"code": site.code, "name": site.name, "address": site.address,
            "precinct": site.precinct_id, "station": site.station_id or "", "kind": site.kind,
            "latitude": site.latitude or "", "longitude": site.longitude or "",
            "version": site.version}  # fmt: skip
    return {**data, **changes}


@pytest.fixture
def zl_site():
    """A site of 中壢分局's first station with cameras in service on the plan's day and now."""
    return (
        Site.objects.filter(
            station__code="ZL01",
            cameras__installed_on__lte=PLAN_DAY,
            cameras__retired_on__isnull=True,
        )  # fmt: skip
        .exclude(precinct_periods__valid_from__gt=D(1, 1, 1))
        .order_by("code")
        .first()
    )


def test_the_demo_gives_each_precinct_three_stations():
    assert Station.objects.count() == 33
    zl = Station.objects.filter(precinct__code="ZL").values_list("code", "name")
    assert list(zl) == [
        ("ZL01", "中壢一派出所"),
        ("ZL02", "中壢二派出所"),
        ("ZL03", "中壢三派出所"),
    ]
    assert not Site.objects.filter(station__isnull=True).exists()


def test_a_precincts_figures_are_the_sum_of_its_stations_and_each_a_live_count():
    report = coverage(on=PLAN_DAY)
    assert report.total.cameras == 22_049
    for precinct in report.by_precinct:
        stations = report.stations_of(precinct)
        assert len(stations) == 3
        for name in ("cameras", "lane", "lpr", "lane_lpr", "registered"):
            assert sum(getattr(s, name) for s in stations) == getattr(precinct, name), name
    zl01 = next(row for row in report.by_station if row.code == "ZL01")
    assert zl01.cameras == live_count(PLAN_DAY, Station.objects.get(code="ZL01")) > 0
    assert (zl01.scope, zl01.name, zl01.precinct) == ("station", "中壢一派出所", "ZL")


def test_a_site_passed_to_another_station_moves_only_from_its_day(admin_client, zl_site, today_is):
    today_is(TODAY)
    one, two = Station.objects.get(code="ZL01"), Station.objects.get(code="ZL02")
    here_then = Camera.objects.in_service(on=MOVED).filter(site=zl_site).count()
    assert here_then > 0
    plan, before = coverage(on=PLAN_DAY), coverage(on=MOVED)
    response = admin_client.post(
        f"/sites/{zl_site.pk}/edit/", site_form(zl_site, station=two.pk, effective_on="113/01/01")
    )
    assert response.status_code == 302, text(response)[-1500:]
    assert in_service(coverage(on=PLAN_DAY)) == in_service(plan)  # the past stands
    after = {row.code: row.cameras for row in coverage(on=MOVED).by_station}
    was = {row.code: row.cameras for row in before.by_station}
    assert after["ZL01"] == was["ZL01"] - here_then == live_count(MOVED, one)
    assert after["ZL02"] == was["ZL02"] + here_then == live_count(MOVED, two)
    precincts = [(r.code, r.cameras) for r in coverage(on=MOVED).by_precinct]
    assert precincts == [(r.code, r.cameras) for r in before.by_precinct]  # the same precinct
    assert_exact()
    site = Site.objects.get(pk=zl_site.pk)
    assert site.station == two
    assert set(Camera.objects.filter(site=site).values_list("station__code", flat=True)) == {"ZL02"}
    # the list and its file of each day name the station of that day
    for day, station, other in (("110/07/31", "ZL01", "ZL02"), ("113/06/30", "ZL02", "ZL01")):
        params = {"as_of": day, "station": station, "site": site.code}
        rows = csv_rows(admin_client.get("/cameras/export.csv", params))
        assert match_count(text(admin_client.get("/cameras/", params))) == len(rows) > 0
        assert {(r["station"], r["station_name"]) for r in rows} == {
            (station, Station.objects.get(code=station).name)
        }
        elsewhere = {**params, "station": other}
        assert match_count(text(admin_client.get("/cameras/", elsewhere))) == 0
    page = text(admin_client.get(f"/sites/{site.pk}/", {"as_of": "110/07/31"}))
    assert "中壢一派出所" in page


def test_a_station_of_another_precinct_is_refused_in_the_site_form(admin_client, zl_site):
    pz01 = Station.objects.get(code="PZ01")
    response = admin_client.post(
        f"/sites/{zl_site.pk}/edit/", site_form(zl_site, station=pz01.pk), **EN
    )
    assert response.status_code == 200
    assert "平鎮一派出所 is a station of 平鎮分局, not of 中壢分局." in text(response)
    assert Site.objects.get(pk=zl_site.pk).station.code == "ZL01"


def test_the_coverage_file_lists_each_station_after_the_batches(admin_client):
    response = admin_client.get("/reports/coverage.csv", {"as_of": "110/07/31", "bom": "0"})
    rows = csv_rows(response)
    assert list(rows[0])[-1] == "precinct"
    scopes = [row["scope"] for row in rows]
    assert scopes == ["all"] + ["precinct"] * 11 + ["batch"] * (len(rows) - 45) + ["station"] * 33
    zl01 = next(row for row in rows if row["code"] == "ZL01")
    report = coverage(on=PLAN_DAY)
    expected = next(row for row in report.by_station if row.code == "ZL01")
    assert (zl01["name"], zl01["precinct"], zl01["cameras"], zl01["as_of_roc"]) == (
        "中壢一派出所", "ZL", str(expected.cameras), "110/07/31",
    )  # fmt: skip
    assert next(row for row in rows if row["code"] == "ZL")["precinct"] == "ZL"
    assert rows[0]["precinct"] == ""


def test_the_coverage_page_shows_each_precincts_stations_under_it(admin_client):
    page = text(admin_client.get("/reports/coverage/", {"as_of": "110/07/31"}))
    zl, zl01, pz = page.index("中壢分局"), page.index("中壢一派出所"), page.index("平鎮分局")
    assert zl < zl01 < page.index("中壢三派出所") < pz
    assert "/cameras/?in_service_on=2021-07-31&amp;station=ZL01" in page


def test_the_list_counts_a_station_from_the_rollup_as_it_counts_its_rows(admin_client):
    params = {"as_of": "110/07/31", "station": "TY02", "is_lane": "true"}
    listed = match_count(text(admin_client.get("/cameras/", params)))
    station = Station.objects.get(code="TY02")
    held = CameraState.objects.filter(on_day_q(PLAN_DAY), station=station, is_lane=True)
    live = Camera.objects.in_service(on=PLAN_DAY).filter(pk__in=held.values("camera")).count()
    assert listed == live > 0


def test_an_unknown_station_in_the_list_is_a_clear_400(admin_client):
    response = admin_client.get("/cameras/", {"station": "NOPE"}, **EN)
    assert response.status_code == 400
    assert "“NOPE” is not a police station of the register: pick one from the list." in text(
        response
    )


def header_and(*rows: str) -> bytes:
    header = (
        "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status,"
        "data_source,station"
    )
    return "\r\n".join([header, *rows, ""]).encode()


def test_the_import_checks_a_rows_station_against_its_site(admin_user, zl_site, today_is):
    today_is(TODAY)
    camera = Camera.objects.filter(site=zl_site, retired_on__isnull=True).order_by("asset_tag")[0]
    row = (f"{camera.asset_tag},{zl_site.code},ZL,{camera.batch.code},"
           f"{str(camera.is_lane).lower()},{str(camera.has_lpr).lower()},"
           f"{camera.installed_on},,{camera.status},{camera.data_source}")  # fmt: skip
    same = import_cameras(header_and(f"{row},ZL01"), user=admin_user)
    assert same.ok and (same.updated, same.unchanged) == (0, 1)
    other = import_cameras(header_and(f"{row},ZL02"), user=admin_user)
    assert [(p.line, p.column, p.message) for p in other.problems] == [
        (2, "station", f"site {zl_site.code} is in station ZL01, not ZL02; an import does not "
                       "move sites."),
    ]  # fmt: skip


def test_a_new_sites_station_must_exist_and_be_of_its_precinct(admin_user, today_is):
    today_is(TODAY)
    before = Camera.objects.count()
    rows = [
        "NEW-CAM-1,NEW-SITE-1,ZL,LEASE-109,false,false,2024-01-01,,in_service,manual,ZL03",
        "NEW-CAM-2,NEW-SITE-2,ZL,LEASE-109,false,false,2024-01-01,,in_service,manual,PZ01",
        "NEW-CAM-3,NEW-SITE-3,ZL,LEASE-109,false,false,2024-01-01,,in_service,manual,XX99",
        "NEW-CAM-4,NEW-SITE-1,ZL,LEASE-109,false,false,2024-01-01,,in_service,manual,ZL02",
    ]
    result = import_cameras(header_and(*rows), user=admin_user, create_sites=True)
    assert [(p.line, p.column, p.message) for p in result.problems] == [
        (3, "station", "station PZ01 is in precinct PZ, not ZL."),
        (4, "station", "no station has the code XX99."),
        (5, "station", "the new site NEW-SITE-1 is in station ZL03 on line 2."),
    ]
    assert Camera.objects.count() == before
    good = import_cameras(header_and(rows[0]), user=admin_user, create_sites=True)
    assert good.ok, good.problems
    site = Site.objects.get(code="NEW-SITE-1")
    assert (site.precinct.code, site.station.code) == ("ZL", "ZL03")
    assert Camera.objects.get(asset_tag="NEW-CAM-1").station.code == "ZL03"
    assert_exact()


def test_a_station_name_is_unique_within_its_precinct_only():
    zl, pz = Precinct.objects.get(code="ZL"), Precinct.objects.get(code="PZ")
    Station.objects.create(code="PZ09", name="中壢一派出所", precinct=pz)  # another precinct's
    with pytest.raises(Exception, match="station_name_unique_in_precinct|UNIQUE"):
        Station.objects.create(code="ZL09", name="中壢一派出所", precinct=zl)
