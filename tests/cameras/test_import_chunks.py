"""An import reads, checks and stages its rows a chunk at a time (checks.CHUNK, 10,000 in the
app: two here), so that a long file is never held whole; the rules between rows still see the
whole file: repeated tags, replacements, new units and sites met in later chunks."""

import datetime

import pytest
from django.db import connection
from django.utils import translation

from cameras.imports import checked, checks, import_cameras
from cameras.models import Camera, Site, Station
from tests.cameras import department_lists as lists
from tests.cameras.test_department_lists import city

pytestmark = pytest.mark.django_db
H = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status,replaces"


@pytest.fixture(autouse=True)
def two_a_chunk(monkeypatch):
    monkeypatch.setattr(checks, "CHUNK", 2)
    with translation.override("en"):
        yield


def csv(*rows: str) -> bytes:
    return "\n".join([H, *rows, ""]).encode()


def new(tag: str, *, retired: str = "", replaces: str = "", installed: str = "2021-07-31"):
    status = "retired" if retired else "in_service"
    return f"{tag},ZL-000001,ZL,LEASE-109,true,true,{installed},{retired},{status},{replaces}"


def test_a_tag_repeated_in_a_later_chunk_is_refused_at_its_line():
    before = Camera.objects.count()
    result = import_cameras(csv(new("C-1"), new("C-2"), new("C-3"), new("c-1"), new("C-2")))
    assert [str(p) for p in result.problems] == [
        "line 5, column asset_tag: c-1 appears on line 2 too.",
        "line 6, column asset_tag: C-2 appears on line 3 too.",
    ]
    assert not result.written and Camera.objects.count() == before


def test_a_camera_replaced_in_a_later_chunk_is_retired_there():
    rows = [new("C-1", replaces="C-5", installed="2022-01-01"), new("C-2"), new("C-3"),
            new("C-4"), new("C-5", retired="2021-12-31")]  # fmt: skip
    result = import_cameras(csv(*rows))
    assert (result.ok, result.created) == (True, 5), result.problems
    assert Camera.objects.get(asset_tag="C-1").replaces.asset_tag == "C-5"


def test_a_camera_replaced_in_an_earlier_chunk_must_be_retired_there():
    rows = [new("C-5"), new("C-2"), new("C-3"), new("C-4"), new("C-1", replaces="C-5")]
    result = import_cameras(csv(*rows))
    assert [str(p) for p in result.problems] == [
        "line 6, column replaces: camera C-5 is still in service, and a replaced camera is "
        "retired: retire it in this file, or first."
    ]


def test_two_rows_in_different_chunks_cannot_replace_one_camera():
    rows = [new("C-1", replaces="C-5"), new("C-2"), new("C-3"), new("C-4", replaces="C-5"),
            new("C-5", retired="2021-07-31")]  # fmt: skip
    result = import_cameras(csv(*rows))
    assert [str(p) for p in result.problems] == [
        "line 5, column replaces: camera C-5 is replaced on line 2 already."
    ]


def test_replacements_closing_a_loop_across_chunks_are_refused():
    retired = {"retired": "2021-07-31"}
    rows = [new("C-1", replaces="C-4", **retired), new("C-2"), new("C-3"),
            new("C-4", replaces="C-1", **retired)]  # fmt: skip
    loop = "the replacements would close in a loop"
    assert [p.line for p in import_cameras(csv(*rows)).problems if loop in p.message] == [2, 5]


def test_a_list_whose_new_stations_and_sites_first_appear_in_later_chunks(admin_user, today_is):
    today_is(datetime.date(2026, 12, 1))
    rows = lists.city_rows(40)  # a new unit every four rows: most first met after chunk one
    before = (Camera.objects.count(), Station.objects.count(), Site.objects.count())
    result = city(lists.as_csv(lists.CITY_HEADER, rows), admin_user)
    counts = lists.city_counts(rows)
    assert (result.ok, result.created) == (True, 40), result.problems
    assert Camera.objects.count() - before[0] == 40
    assert Station.objects.count() - before[1] == len(counts["by_station"])
    assert Site.objects.count() - before[2] == counts["sites"]


def test_the_staging_tables_are_gone_after_an_import():
    catalogue = "pg_tables" if connection.vendor == "postgresql" else "sqlite_temp_master"
    name = "tablename" if connection.vendor == "postgresql" else "name"
    count = f"SELECT count(*) FROM {catalogue} WHERE {name} IN (%s, %s)"
    with connection.cursor() as cursor:
        import_cameras(csv(new("C-1"), new("C-2"), new("C-3")), commit=False)
        cursor.execute(count, [checked.TABLE, checked.TAGS])
        assert cursor.fetchone() == (0,)
        checked.create()  # what the query sees of them while an import runs
        cursor.execute(count, [checked.TABLE, checked.TAGS])
        assert cursor.fetchone() == (2,)
        checked.drop()
