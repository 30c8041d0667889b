"""The plan's figures, computed from the demo register by the function every page uses."""

import datetime
from decimal import Decimal

import pytest

from cameras.models import Camera, Precinct
from cameras.reports import coverage, replacement_grid
from leases.models import Batch
from tests.conftest import AFTER_111, PLAN_DAY

pytestmark = pytest.mark.django_db


def test_plan_figures_on_2021_07_31():
    total = coverage(on=PLAN_DAY).total
    assert (total.cameras, total.lane, total.lpr) == (22_049, 14_807, 12_978)
    assert total.lpr_pct == Decimal("58.86")
    assert total.lpr_of_lane_pct == Decimal("87.65")


def test_figures_on_2022_12_31_after_the_fiscal_111_work():
    total = coverage(on=AFTER_111).total
    assert total.cameras == 22_921
    # Every lane camera installed since 2021-08-01 has LPR: lane and LPR grow together.
    assert (total.lane, total.lpr) == (15_367, 14_194)
    assert total.lane - total.lpr == 14_807 - 12_978 - 356 - 300


def test_per_batch_counts_on_2021_07_31_are_the_plans():
    rows = {row.code: row for row in coverage(on=PLAN_DAY).by_batch}
    assert {code: row.cameras for code, row in rows.items()} == {
        "LEASE-105": 2_096,
        "LEASE-106": 3_700,
        "LEASE-107": 3_700,
        "LEASE-108": 3_700,
        "LEASE-109": 3_750,
        "LEASE-110": 0,
        "LEASE-111": 0,
        "SELF-104-107": 1_789,
        "SELF-111": 0,
        "UNATTRIBUTED": 3_314,
    }
    assert rows["SELF-104-107"].lpr == 0
    assert rows["SELF-104-107"].lpr_pct == Decimal("0.00")
    assert rows["LEASE-110"].lpr_pct is None  # no camera yet: no figure, not zero
    assert rows["UNATTRIBUTED"].contracted is None
    assert rows["UNATTRIBUTED"].registered_minus_contracted is None
    assert rows["LEASE-105"].registered_minus_contracted == 0


def test_contracted_against_registered_shows_the_difference():
    Camera.objects.filter(batch__code="LEASE-106", asset_tag__endswith="1").delete()
    row = next(r for r in coverage(on=PLAN_DAY).by_batch if r.code == "LEASE-106")
    assert row.contracted == 3_700
    assert row.registered == 3_700 - 370
    assert row.registered_minus_contracted == -370


def test_self_built_104_to_107_cameras_hang_at_219_sites():
    sites = Camera.objects.filter(batch__code="SELF-104-107").values("site").distinct()
    assert sites.count() == 219


def test_precinct_breakdown_adds_up_to_the_total():
    report = coverage(on=PLAN_DAY)
    assert len(report.by_precinct) == 11
    assert sum(r.cameras for r in report.by_precinct) == 22_049
    assert sum(r.lane for r in report.by_precinct) == 14_807
    assert sum(r.lpr for r in report.by_precinct) == 12_978
    assert sum(r.cameras for r in report.by_batch) == 22_049


def test_rows_are_in_report_order():
    scopes = [row.scope for row in coverage(on=PLAN_DAY).rows()]
    assert scopes == ["all"] + ["precinct"] * 11 + ["batch"] * 10 + ["station"] * 33


def test_a_camera_counts_from_its_install_day_until_the_day_before_it_retires():
    camera = Camera.objects.filter(status="retired").order_by("retired_on").first()
    retired = camera.retired_on
    day_before = retired - datetime.timedelta(days=1)
    assert Camera.objects.in_service(on=day_before).filter(pk=camera.pk).exists()
    assert not Camera.objects.in_service(on=retired).filter(pk=camera.pk).exists()
    assert Camera.objects.in_service(on=camera.installed_on).filter(pk=camera.pk).exists()
    before = camera.installed_on - datetime.timedelta(days=1)
    assert not Camera.objects.in_service(on=before).filter(pk=camera.pk).exists()


def test_a_replacement_and_its_old_camera_never_count_twice():
    new = Camera.objects.filter(replaces__isnull=False).select_related("replaces").first()
    assert new.replaces.retired_on == new.installed_on
    day = new.installed_on
    counted = Camera.objects.in_service(on=day).filter(pk__in=[new.pk, new.replaces.pk])
    assert list(counted.values_list("pk", flat=True)) == [new.pk]


def test_empty_register_gives_no_figure_not_a_crash():
    total = coverage(on=datetime.date(1990, 1, 1)).total
    assert (total.cameras, total.lane, total.lpr) == (0, 0, 0)
    assert total.lpr_pct is None
    assert total.lpr_of_lane_pct is None


def test_coverage_takes_six_queries(django_assert_num_queries):
    # on the day, registered, the precincts, the stations, the batches, those counted later
    with django_assert_num_queries(6):
        report = coverage(on=PLAN_DAY)
        list(report.rows())


def test_past_service_life():
    # The self-built batch has a service life of 5 years: 104-era cameras (installed 2015) and
    # 105-era ones installed up to 2016-07-31 are past it on 2021-07-31.
    past = Camera.objects.past_service_life(on=PLAN_DAY)
    assert set(past.values_list("batch__code", flat=True)) == {"SELF-104-107"}
    assert not past.filter(installed_on__gt=datetime.date(2016, 7, 31)).exists()
    assert past.filter(installed_on__year=2015).count() == 600


def test_on_ended_leases():
    ended = Camera.objects.on_ended_leases(on=datetime.date(2026, 11, 26))
    codes = set(ended.values_list("batch__code", flat=True))
    assert codes == {"LEASE-105", "LEASE-106", "LEASE-107", "LEASE-109"}
    assert ended.count() == 2_096 + 3_700 + 3_700 + 3_750


# --- the replacement planner ----------------------------------------------------------------

DEPARTMENT = ["TY", "ZL", "PZ", "BD", "DX", "YM", "LZ", "DY", "GS", "LT", "XW"]  # as listed


def grid_of(section) -> dict[str, dict[str, int]]:
    """Return a section's cameras due as {batch code: {precinct code: n}}, zeros left out."""
    precincts = {p.pk: p.code for p in Precinct.objects.all()}
    found = {}
    for (precinct_pk, batch_pk), n in section.counts.items():
        code = dict(section.batches)[batch_pk]
        found.setdefault(code, {})[precincts[precinct_pk]] = n
    return found


def test_replacement_grid_on_2026_12_01(django_assert_num_queries):
    with django_assert_num_queries(3):  # service lives, the grid's GROUP BY, the precincts
        grid = replacement_grid(on=datetime.date(2026, 12, 1))
    assert [p.code for p in grid.precincts] == DEPARTMENT
    past, lane, ended = grid.sections
    assert [s.key for s in grid.sections] == ["past_life", "lane_without_lpr", "ended_lease"]
    assert [code for _pk, code in past.batches] == ["SELF-104-107"]
    # the 105 lease's lane cameras gained LPR in 112–114 (the seed's story): none is left
    assert [code for _pk, code in lane.batches] == ["SELF-104-107"]
    assert [code for _pk, code in ended.batches] == [
        "LEASE-105", "LEASE-106", "LEASE-107", "LEASE-108", "LEASE-109",
    ]  # fmt: skip
    assert (past.total, lane.total, ended.total) == (1_489, 773, 16_946)
    assert grid_of(past)["SELF-104-107"] == dict(
        zip(DEPARTMENT, [287, 265, 147, 173, 99, 102, 103, 67, 107, 65, 74], strict=True)
    )
    assert grid_of(lane)["SELF-104-107"] == dict(
        zip(DEPARTMENT, [149, 136, 78, 93, 53, 51, 51, 35, 57, 32, 38], strict=True)
    )
    by_batch = {code: ended.batch_total(pk) for pk, code in ended.batches}
    assert by_batch == {"LEASE-105": 2_096, "LEASE-106": 3_700, "LEASE-107": 3_700,
                        "LEASE-108": 3_700, "LEASE-109": 3_750}  # fmt: skip
    by_precinct = {p.code: ended.precinct_total(p.pk) for p in grid.precincts}
    # after the 113/01/01 transfers (the seed's story): 中壢 → 平鎮, 桃園 → 八德
    assert by_precinct == dict(zip(DEPARTMENT, [3_448, 2_874, 1_596, 1_626, 816, 1_440, 1_288,
                                                750, 1_350, 930, 828], strict=True))  # fmt: skip
    assert sum(by_precinct.values()) == ended.total
    # each cell is the cameras the camera list finds for its precinct, batch and reason
    zl, lease_108 = Precinct.objects.get(code="ZL"), Batch.objects.get(code="LEASE-108")
    listed = Camera.objects.on_ended_leases(on=datetime.date(2026, 12, 1))
    assert ended.count(zl.pk, lease_108.pk) == 666
    assert listed.filter(precinct=zl, batch=lease_108).count() == 666


def test_replacement_grid_the_day_before_a_lease_ends():
    """The 108 lease ends on 2026-11-30: on that day it has not ended yet."""
    ended = replacement_grid(on=datetime.date(2026, 11, 30)).sections[2]
    assert [code for _pk, code in ended.batches] == [
        "LEASE-105", "LEASE-106", "LEASE-107", "LEASE-109",
    ]  # fmt: skip
    assert ended.total == 2_096 + 2 * 3_700 + 3_750


def test_replacement_grid_on_the_plans_day():
    grid = replacement_grid(on=PLAN_DAY)
    past, lane, ended = grid.sections
    assert (past.total, lane.total, ended.total) == (810, 14_807 - 12_978, 0)
    assert [code for _pk, code in lane.batches] == ["LEASE-105", "SELF-104-107", "UNATTRIBUTED"]
    assert ended.batches == [] and ended.counts == {}
    assert list(grid.groups())[0][1:] == (grid.precincts[0], "SELF-104-107", 160)  # 桃園 first


def test_replacement_grid_without_service_lives_has_nothing_past_life():
    Batch.objects.update(service_life_years=None)
    past, lane, _ended = replacement_grid(on=PLAN_DAY).sections
    assert (past.batches, past.total) == ([], 0)
    assert lane.total == 14_807 - 12_978
