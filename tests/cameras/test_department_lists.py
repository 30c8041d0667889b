"""A department moves its cameras in from the list it keeps (issue 14): any columns through a
mapping, CSV or .xlsx, with units, addresses, directions, TWD97 metres and unknown install days."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from cameras.imports import import_cameras
from cameras.imports.mapping import parse_columns, split_unit
from cameras.models import Camera, ColumnMapping, Precinct, Site, Station
from cameras.reports import coverage
from core.roles import EDITOR
from tests.cameras import department_lists as lists
from tests.cameras.test_rollup import assert_exact
from tests.pages import text

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 1)
SINCE = D(2020, 6, 30)  # 109/06/30
MAPPING = "編號=asset_tag,所屬單位=unit,安裝地址=site_address,攝影方向=direction"
CITY = parse_columns(MAPPING)
COUNTY = parse_columns("名稱=asset_tag,分局=precinct,設置地點=site_address,X=twd97_x,Y=twd97_y")
ROWS = 2_000


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def city(data: bytes, admin_user, **options):
    options = {"columns": CITY, "batch": "LEASE-109", "in_service_on": SINCE, "user": admin_user,
               "create_sites": True, "create_units": True, **options}  # fmt: skip
    return import_cameras(data, **options)


def register_counts() -> tuple[int, int, int, int]:
    return (Camera.objects.count(), Precinct.objects.count(), Station.objects.count(),
            Site.objects.count())  # fmt: skip


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_city_list_moves_in_with_its_units_sites_and_directions(admin_user, today_is, kind):
    today_is(TODAY)
    rows = lists.city_rows(ROWS)
    expected = lists.city_counts(rows)
    make = lists.as_csv if kind == "csv" else lists.as_xlsx
    data = make(lists.CITY_HEADER, rows)
    cameras, precincts, stations, sites = register_counts()
    result = city(data, admin_user)
    assert result.ok, result.problems[:5]
    assert (result.rows, result.created, result.updated) == (ROWS, ROWS, 0)
    assert register_counts() == (
        cameras + ROWS,
        precincts + 3,
        stations + 7,
        sites + expected["sites"],
    )
    assert expected["sites"] == ROWS // 4
    new = Camera.objects.filter(asset_tag__startswith="LA")
    assert set(new.values_list("installed_on", "install_day_unknown")) == {(SINCE, True)}
    first = new.get(asset_tag=rows[0][0])
    assert (first.direction, first.site.address, first.site.name) == ("E", rows[0][2], rows[0][2])
    assert (first.precinct.name, first.station.name) == ("大安分局", "和平東路派出所")
    # by precinct and by station: the file's counts on the in-service day, none the day before
    on, before = coverage(on=SINCE), coverage(on=SINCE - datetime.timedelta(1))
    by_precinct = {r.name: r.cameras for r in on.by_precinct}
    by_station = {(r.precinct, r.name): r.cameras for r in on.by_station}
    codes = dict(Precinct.objects.values_list("name", "code"))
    for precinct, n in expected["by_precinct"].items():
        assert by_precinct[precinct] == n
        assert next(r for r in before.by_precinct if r.name == precinct).cameras == 0
    for (precinct, station), n in expected["by_station"].items():
        assert by_station[codes[precinct], station] == n
    assert before.caveats() == [
        f"{ROWS:,} cameras with unknown install days are counted only from 109/06/30."
    ]
    assert_exact()
    # the same file, the same mapping: nothing changes
    again = city(data, admin_user)
    assert (again.ok, again.unchanged, again.created, again.updated, again.written) == (
        True, ROWS, 0, 0, False,
    )  # fmt: skip
    assert register_counts() == (
        cameras + ROWS,
        precincts + 3,
        stations + 7,
        sites + expected["sites"],
    )


def test_a_county_workbook_places_its_sites_in_twd97_metres(admin_user, today_is):
    today_is(TODAY)
    rows = lists.county_rows(ROWS)
    data = lists.as_xlsx(lists.COUNTY_HEADER, rows, sheet="清冊")
    cameras, precincts, stations, sites = register_counts()
    options = {"columns": COUNTY, "batch": "LEASE-110", "in_service_on": SINCE,
               "create_sites": True, "user": admin_user}  # fmt: skip
    result = import_cameras(data, **options)
    assert result.ok, result.problems[:5]
    assert register_counts() == (cameras + ROWS, precincts, stations, sites + ROWS // 2)
    site = Camera.objects.get(asset_tag="104-車牌_0001").site
    assert (site.precinct.name, site.station, site.address) == ("中壢分局", None, "環中東路1號前")
    assert (str(site.latitude), str(site.longitude)) == ("24.911677", "121.118798")
    on = {r.name: r.cameras for r in coverage(on=SINCE).by_precinct}
    before = {r.name: r.cameras for r in coverage(on=SINCE - datetime.timedelta(1)).by_precinct}
    for name in lists.COUNTY_PRECINCTS:
        mine = sum(1 for row in rows if row[1] == name)
        assert on[name] - before[name] == mine + _installed_on(name, SINCE)
    again = import_cameras(data, **options)
    assert (again.unchanged, again.written) == (ROWS, False)


def _installed_on(precinct: str, day) -> int:
    """The demo register's own cameras of `precinct` with a known install day of `day`."""
    return Camera.objects.filter(
        precinct__name=precinct, installed_on=day, install_day_unknown=False
    ).count()


def problems(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def test_a_bad_direction_is_refused_at_its_line_and_the_files_column(admin_user, today_is):
    today_is(TODAY)
    rows = lists.city_rows(8)
    rows[5][3] = "東北北"
    before = register_counts()
    result = city(lists.as_csv(lists.CITY_HEADER, rows), admin_user)
    assert problems(result) == [
        "line 7, column 攝影方向: “東北北” is not a compass point: write one of 北, 北北東, 東北, "
        "東北東, 東, … 北北西, its code (N, NNE, NE, … NNW) or degrees from 0 to 360.",
    ]
    assert register_counts() == before


def test_an_unknown_unit_without_create_units_is_refused(admin_user, today_is):
    today_is(TODAY)
    rows = lists.city_rows(8)
    result = city(lists.as_csv(lists.CITY_HEADER, rows), admin_user, create_units=False)
    assert problems(result)[:2] == [
        "line 2, column 所屬單位: no precinct is called 大安分局; add it first, or let the import "
        "create missing units (--create-units).",
        "line 3, column 所屬單位: no precinct is called 大安分局; add it first, or let the import "
        "create missing units (--create-units).",
    ]
    assert len(result.problems) == 8  # one a row, no echo at the precinct the row lacks
    assert not Precinct.objects.filter(name="大安分局").exists()


def test_a_station_the_precinct_lacks_is_refused_without_create_units(admin_user, today_is):
    today_is(TODAY)
    data = lists.as_csv(lists.CITY_HEADER, [["ZL-1", "中壢分局 不存在派出所", "中正路1號", "北"]])
    result = city(data, admin_user, create_units=False)
    assert problems(result) == [
        "line 2, column 所屬單位: 中壢分局 has no station called 不存在派出所; add it first, or "
        "let the import create missing units (--create-units).",
    ]


def test_a_twd97_point_outside_taiwan_is_refused_at_its_row_and_letter(admin_user, today_is):
    today_is(TODAY)
    rows = lists.county_rows(6)
    rows[4][3], rows[4][4] = 900_000, 100_000  # the first row of its site
    data = lists.as_xlsx(lists.COUNTY_HEADER, rows, sheet="清冊")
    before = register_counts()
    result = import_cameras(data, columns=COUNTY, batch="LEASE-110", in_service_on=SINCE,
                            create_sites=True, user=admin_user)  # fmt: skip
    (problem,) = problems(result)
    assert problem.startswith("sheet 清冊, row 6, column D (X): 900000, 100000 (TWD97 TM2 metres)")
    assert register_counts() == before


def test_a_workbook_with_merged_header_cells_is_refused(admin_user, today_is):
    today_is(TODAY)
    data = lists.as_xlsx(lists.CITY_HEADER, lists.city_rows(4), merged="B1:C1")
    result = city(data, admin_user)
    assert problems(result) == [
        "sheet 監視器清冊, row 1: the header has merged cells (B1:C1): give each column its own "
        "header cell in one row, then import again.",
    ]
    assert not Camera.objects.filter(asset_tag__startswith="LA").exists()


def test_a_workbook_names_the_sheet_to_read(admin_user, today_is):
    today_is(TODAY)
    data = lists.as_xlsx(lists.CITY_HEADER, lists.city_rows(4))
    missing = city(data, admin_user, sheet="工作表1")
    assert problems(missing) == ["The workbook has no sheet 工作表1; its sheets: 監視器清冊."]
    assert city(data, admin_user, sheet="監視器清冊").created == 4


def test_the_mapping_names_only_fields_and_headers_the_file_has(admin_user):
    with pytest.raises(ValueError, match="colour is not a field of the register"):
        parse_columns("編號=asset_tag,顏色=colour")
    data = lists.as_csv(lists.CITY_HEADER, lists.city_rows(2))
    result = import_cameras(data, columns={"編號": "asset_tag", "地址": "site_address"},
                            batch="LEASE-109", user=admin_user)  # fmt: skip
    assert problems(result) == [
        "line 1, column 地址: the file has no column 地址.",
        "line 1, column site: the mapping gives no column for site.",
    ]
    result = import_cameras(data, columns={"編號": "asset_tag"}, user=admin_user)
    assert problems(result) == [
        "line 1, column site: the mapping gives no column for site.",
        "line 1, column batch: the mapping gives no column for batch.",
    ]


@pytest.mark.parametrize(
    ("cell", "unit"),
    [
        ("大安分局 和平東路派出所", ("大安分局", "和平東路派出所")),
        ("大安分局和平東路派出所", ("大安分局", "和平東路派出所")),
        ("  大安分局　 ", ("大安分局", "")),
        ("大安分局", ("大安分局", "")),
    ],
)
def test_a_unit_cell_is_read_as_precinct_and_station(cell, unit):
    assert split_unit(cell) == unit


def test_the_command_takes_a_mapped_workbook(tmp_path, today_is):
    today_is(TODAY)
    path = tmp_path / "list.xlsx"
    path.write_bytes(lists.as_xlsx(lists.CITY_HEADER, lists.city_rows(12)))
    out = io.StringIO()
    call_command(
        "import_cameras", str(path), "--columns",
        "編號=asset_tag,所屬單位=unit,安裝地址=site_address,攝影方向=direction",
        "--in-service-on", "109/06/30", "--batch", "LEASE-109", "--create-sites",
        "--create-units", stdout=out,
    )  # fmt: skip
    assert out.getvalue().startswith("Imported. Rows read: 12 (xlsx); cameras created: 12,")
    assert Station.objects.filter(name="和平東路派出所").count() == 1


def test_the_preview_counts_the_new_cameras_by_precinct_and_station(admin_user, today_is):
    today_is(TODAY)
    rows = lists.city_rows(64)
    result = city(lists.as_csv(lists.CITY_HEADER, rows), admin_user, commit=False)
    assert result.by_unit() == [  # new precincts and stations in the file's order
        ("大安分局", "和平東路派出所", 8), ("大安分局", "新生南路派出所", 8),
        ("大安分局", "敦化南路派出所", 8), ("中正第一分局", "南昌街派出所", 8),
        ("中正第一分局", "公園路派出所", 8), ("萬華分局", "", 8),
        ("萬華分局", "西園路派出所", 8), ("萬華分局", "桂林路派出所", 8),
    ]  # fmt: skip
    assert not Precinct.objects.filter(name="大安分局").exists()  # a preview writes nothing


def test_the_upload_page_previews_a_mapped_list_with_its_units(admin_client, today_is):
    today_is(TODAY)
    data = lists.as_csv(lists.CITY_HEADER, lists.city_rows(16))
    form = {"file": SimpleUploadedFile("list.csv", data), "encoding": "auto",
            "columns": "編號=asset_tag,所屬單位=unit,安裝地址=site_address,攝影方向=direction",
            "batch": "LEASE-109", "in_service_on": "109/06/30", "create_sites": "on",
            "create_units": "on"}  # fmt: skip
    page = text(admin_client.post("/cameras/import/", form, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<td class="num" id="count-created">16</td>' in page
    assert '<tr><td>大安分局</td><td>和平東路派出所</td><td class="num">4</td></tr>' in page
    bad = {**form, "file": SimpleUploadedFile("list.csv", data), "columns": "編號=colour"}
    response = admin_client.post("/cameras/import/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "colour is not a field of the register" in text(response)


def test_the_upload_page_asks_for_a_mapping_and_keeps_it_for_the_next_file(admin_client, today_is):
    today_is(TODAY)
    data = lists.as_csv(lists.CITY_HEADER, lists.city_rows(16))
    form = {"file": SimpleUploadedFile("list.csv", data), "encoding": "auto",
            "batch": "", "in_service_on": "109/06/30", "create_sites": "on"}  # fmt: skip
    response = admin_client.post("/cameras/import/", form, HTTP_ACCEPT_LANGUAGE="en")
    page = text(response)
    assert response.status_code == 200 and 'id="mapping-table"' in page
    # the headers it recognises are filled in
    for index, field in enumerate(["asset_tag", "unit", "site_address", "direction"]):
        assert re.search(rf'id="map-{index}">.*?<option value="{field}" selected>', page)
    assert "Filled in from the headers the register recognises" in page
    token = admin_client.session["camera_import"]["token"]
    answer = {"apply_mapping": "1", "token": token, "map-0": "asset_tag", "map-1": "unit",
              "map-2": "site_address", "map-3": "", "mapping_name": "臺北市清冊"}  # fmt: skip
    response = admin_client.post("/cameras/import/", answer, HTTP_ACCEPT_LANGUAGE="en")
    page = text(response)
    # no --batch on the page: the mapping gives no batch, and nothing was written
    assert "line 1, column batch: the mapping gives no column for batch." in page
    saved = ColumnMapping.objects.get(name="臺北市清冊")
    assert saved.headers == lists.CITY_HEADER
    assert saved.columns == {"編號": "asset_tag", "所屬單位": "unit", "安裝地址": "site_address"}
    # the next file with those headers is filled in from the saved mapping (direction unread)
    again = {**form, "file": SimpleUploadedFile("list2.csv", data)}
    page = text(admin_client.post("/cameras/import/", again, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Filled in from the mapping “臺北市清冊”, saved for files with these headers." in page
    direction = re.search(r'<select name="map-3" id="map-3">(.*?)</select>', page).group(1)
    assert "selected" not in direction  # saved as not read
    assert re.search(r'id="map-0">.*?<option value="asset_tag" selected>', page)
    bad = {**answer, "token": admin_client.session["camera_import"]["token"], "map-0": "colour"}
    response = admin_client.post("/cameras/import/", bad, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "編號: not a field of the register." in text(response)


def test_a_list_naming_a_camera_twice_with_an_unknown_unit_writes_nothing(admin_user, today_is):
    today_is(TODAY)
    header = [*lists.CITY_HEADER, "異動日期"]
    rows = [["LA-1", "大安分局 和平東路派出所", "民生西路1號", "東", "110/01/01"],
            ["LA-1", "大安分局 和平東路派出所", "民生西路1號", "西", "111/01/01"]]  # fmt: skip
    columns = {**CITY, "異動日期": "effective_on"}
    result = city(lists.as_csv(header, rows), admin_user, columns=columns, create_units=False)
    assert not result.written
    assert [p.column for p in result.problems] == ["所屬單位", "所屬單位"]
    assert not Camera.objects.filter(asset_tag="LA-1").exists()
    made = city(lists.as_csv(header, rows), admin_user, columns=columns)  # with --create-units
    assert made.written, made.problems
    assert Camera.objects.get(asset_tag="LA-1").direction == "W"
    assert Precinct.objects.filter(name="大安分局").count() == 1


def test_a_workbook_is_read_whole_whatever_size_it_states(admin_user, today_is):
    today_is(TODAY)
    data = lists.as_xlsx(lists.CITY_HEADER, lists.city_rows(6))
    fixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(fixed, "w") as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', body)
                if b"<dimension" not in body:
                    body = body.replace(b"<sheetData>", b'<dimension ref="A1:B2"/><sheetData>')
            target.writestr(item, body)
    result = city(fixed.getvalue(), admin_user)
    assert (result.ok, result.rows, result.created) == (True, 6, 6), result.problems


def test_a_broken_workbook_is_refused_with_a_message(admin_user):
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<not xml")
    result = city(broken.getvalue(), admin_user)
    assert problems(result) == ["This workbook cannot be read: save it again in Excel as .xlsx."]


def test_new_units_need_the_rights_to_add_them(sign_in, today_is):
    today_is(TODAY)
    editor = sign_in("editor1", EDITOR)
    data = lists.as_csv(lists.CITY_HEADER, lists.city_rows(4))
    form = {"file": SimpleUploadedFile("list.csv", data), "encoding": "auto", "columns": MAPPING,
            "batch": "LEASE-109", "in_service_on": "109/06/30", "create_sites": "on",
            "create_units": "on"}  # fmt: skip
    assert editor.post("/cameras/import/", form).status_code == 403
    assert not Precinct.objects.filter(name="大安分局").exists()


def test_a_stations_precinct_cannot_be_changed_in_the_admin(admin_client):
    station = Station.objects.get(code="ZL01")
    page = text(admin_client.get(f"/admin/cameras/station/{station.pk}/change/"))
    assert 'name="precinct"' not in page and "中壢分局" in page


def test_a_list_without_statuses_takes_them_from_its_retire_days(admin_user, today_is):
    today_is(TODAY)
    header = ["編號", "所屬單位", "安裝地址", "撤除日期"]
    rows = [["LA-1", "中壢分局", "中正路1號", ""], ["LA-2", "中壢分局", "中正路1號", "112/01/01"]]
    columns = {"編號": "asset_tag", "所屬單位": "unit", "安裝地址": "site_address",
               "撤除日期": "retired_on"}  # fmt: skip
    result = city(lists.as_csv(header, rows), admin_user, columns=columns)
    assert result.ok, result.problems
    statuses = Camera.objects.filter(asset_tag__startswith="LA-").order_by("asset_tag")
    assert list(statuses.values_list("status", "retired_on")) == [
        ("in_service", None), ("retired", D(2023, 1, 1)),
    ]  # fmt: skip


def test_a_station_by_its_code_alone_is_found_in_its_precinct(admin_user, today_is):
    today_is(TODAY)
    header = ["編號", "派出所", "安裝地址"]
    columns = {"編號": "asset_tag", "派出所": "station", "安裝地址": "site_address"}
    data = lists.as_csv(header, [["LA-1", "PZ02", "中豐路1號"], ["LA-2", "XX99", "中豐路2號"]])
    result = city(data, admin_user, columns=columns, create_units=False)
    assert problems(result) == [
        "line 3, column 派出所: no station has the code XX99; give its precinct too, or its code."
    ]
    ok = city(lists.as_csv(header, [["LA-1", "PZ02", "中豐路1號"]]), admin_user, columns=columns)
    assert ok.ok, ok.problems
    camera = Camera.objects.get(asset_tag="LA-1")
    assert (camera.precinct.code, camera.station.code) == ("PZ", "PZ02")
