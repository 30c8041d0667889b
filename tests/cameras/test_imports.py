"""The camera import: the export's own format back in, every row or none, exact problems."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cameras import rollup
from cameras.exports import camera_csv
from cameras.imports import checks, import_cameras
from cameras.imports import views as import_views
from cameras.models import Camera, Precinct, Site
from cameras.reports import coverage
from core.models import ImportRecord

pytestmark = pytest.mark.django_db
D = datetime.date
H = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"
GOOD = "NEW-0001,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service"


@pytest.fixture(autouse=True)
def english():
    """Messages in English: the same text whatever the catalogue holds."""
    with translation.override("en"):
        yield


def csv(*lines: str, bom: bool = False, encoding: str = "utf-8") -> bytes:
    return (("\ufeff" if bom else "") + "".join(f"{line}\r\n" for line in lines)).encode(encoding)


def export_all() -> bytes:
    return b"".join(camera_csv(Camera.objects.order_by("asset_tag", "pk")))


def register_state():
    """Every camera and site as stored: what a refused import must leave as it was."""
    cameras = Camera.objects.order_by("pk").values_list(
        "pk", "asset_tag", "site_id", "batch_id", "is_lane", "has_lpr", "has_vehicle_attributes",
        "resolution_mp", "installed_on", "retired_on", "status", "replaces_id", "data_source",
    )  # fmt: skip
    return list(cameras), list(Site.objects.order_by("pk").values_list("pk", "code", "name"))


# --- the round trip -------------------------------------------------------------------------


@pytest.mark.parametrize("chunk", [checks.CHUNK, 1_000])
def test_export_delete_import_export_is_byte_identical(tricky, chunk, monkeypatch):
    monkeypatch.setattr(checks, "CHUNK", chunk)  # the rows are read in chunks of this many
    first = export_all()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cameras_camerastate")
        cursor.execute("DELETE FROM cameras_camera")
    rollup.rebuild()
    assert Camera.objects.count() == 0
    result = import_cameras(first)
    assert result.ok, result.problems[:5]
    assert (result.rows, result.created, result.updated, result.unchanged) == (24_056, 24_056, 0, 0)
    assert result.written and result.encoding == "UTF-8"
    assert export_all() == first
    assert coverage(on=D(2021, 7, 31)).total.cameras == 22_049 + 6
    again = import_cameras(first)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 24_056)


# --- files that are refused -----------------------------------------------------------------

BAD_FILES = {
    "empty": (b"", {}, ["The file is empty."]),
    "blank lines only": (csv("", "", bom=True), {}, ["The file is empty."]),
    "header only": (csv(H, ""), {}, ["The file has a header but no rows."]),
    "binary": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        {},
        ["This is not a CSV file: it holds binary data."],
    ),
    "broken Excel workbook": (
        b"PK\x03\x04\x14\x00\x06\x00",
        {},
        ["This workbook cannot be read: save it again in Excel as .xlsx."],
    ),
    "neither UTF-8 nor Big5": (
        csv(H, GOOD) + b"NEW-0002,\x80\x80\r\n",
        {},
        ["line 3: the file is neither UTF-8 nor Big5 (CP950) text; save it as CSV UTF-8."],
    ),
    "Big5 read as UTF-8": (
        csv(f"{H},site_name", f"{GOOD},中壢", encoding="cp950"),
        {"encoding": "utf-8"},
        ["line 2: this is not UTF-8 text; is the file in Big5 (CP950)?"],
    ),
    "a quote never closed": (
        csv(f"{H},site_name", f"{GOOD},x", f'{GOOD.replace("1", "2", 1)},"open', "NEW-3"),
        {},
        ["line 3, column site_name: the quote that opens this cell is never closed."],
    ),
    "a bad cell before broken quoting is reported too": (
        csv(f"{H},site_name", GOOD.replace("true", "maybe", 1) + ",x", f'{GOOD},"open'),
        {},
        [
            "line 2, column is_lane: “maybe” is not yes or no; write true or false.",
            "line 3, column site_name: the quote that opens this cell is never closed.",
        ],
    ),
    "text after a closing quote": (
        csv(f"{H},site_name", f'{GOOD},"中正路"口'),
        {},
        [
            "line 2, column site_name: text after a closing quote; in a quoted cell write a quote "
            'as "".'
        ],
    ),  # fmt: skip
    "unknown, repeated and missing columns": (
        csv("asset_tag,site,site,batch,is_lane,has_lpr,installed_on,retired_on,colour", GOOD),
        {},
        [
            "line 1, column site: the column appears twice.",
            "line 1, column colour: unknown column; use the column names of the camera export.",
            "line 1, column precinct: this required column is missing.",
            "line 1, column status: this required column is missing.",
        ],
    ),
    "repeated asset tags": (
        csv(
            H,
            GOOD,
            "LEASE-105-000001,ZL-000001,ZL,LEASE-105,true,true,2021-07-31,,in_service",
            GOOD,
        ),
        {},
        ["line 4, column asset_tag: NEW-0001 appears on line 2 too."],
    ),  # fmt: skip
    "each kind of bad value": (
        csv(
            f"{H},resolution_mp,data_source",
            "NEW-1,ZL-000001,ZL,LEASE-109,true,true,112/02/30,,in_service,,",
            "NEW-2,ZL-000001,ZL,LEASE-109,maybe,true,2021-07-31,,in_service,,",
            "NEW-3,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,lost,,",
            ",ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,,",
            "NEW-5,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,4K,",
            "NEW-6,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,2.05,vendor",
            "NEW-7,ZL-000001,ZL,LEASE-109,true,,1911-05-01,soon,retired,-1,",
            f"{'X' * 41},ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,,",
        ),
        {},
        [
            "line 2, column installed_on: “112/02/30” is not a day of the calendar.",
            "line 3, column is_lane: “maybe” is not yes or no; write true or false.",
            "line 4, column status: “lost” is not one of in_service, faulty, retired.",
            "line 5, column asset_tag: this cell must not be empty.",
            "line 6, column resolution_mp: “4K” is not a number.",
            "line 7, column resolution_mp: “2.05” has too many decimal places (at most 1).",
            "line 7, column data_source: “vendor” is not one of synthetic, manual, import.",
            "line 8, column has_lpr: this cell must not be empty.",
            "line 8, column installed_on: “1911-05-01” lies outside the years the register keeps "
            "(1912–2999).",
            "line 8, column retired_on: “soon” is not a date; write it as 112/08/31, 1120831 or "
            "2023-08-31.",
            "line 8, column resolution_mp: “-1” must lie between 0 and 9999.9.",
            "line 9, column asset_tag: longer than 40 characters.",
        ],
    ),
    "rules of retirement": (
        csv(
            H,
            "NEW-1,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,110/07/30,retired",
            "NEW-2,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,retired",
            "NEW-3,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,2022-01-01,faulty",
        ),
        {},
        [
            "line 2, column retired_on: 2021-07-30 is before the camera was installed "
            "(2021-07-31).",
            "line 3, column retired_on: a retired camera needs a retirement date.",
            "line 4, column status: a camera with a retirement date must have the status retired.",
        ],
    ),
    "replacements": (
        csv(
            f"{H},replaces",
            f"{GOOD},LEASE-105-000001",
            "NEW-2,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,LEASE-105-000001",
            "NEW-3,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,SELF-104-107-000001",
            "NEW-4,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,NO-SUCH-TAG",
            "NEW-5,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,NEW-5",
        ),
        {},
        [
            "line 2, column replaces: camera LEASE-105-000001 is still in service, and a replaced "
            "camera is retired: retire it in this file, or first.",
            "line 3, column replaces: camera LEASE-105-000001 is replaced on line 2 already.",
            "line 4, column replaces: camera SELF-104-107-000001 is replaced by SELF-111-000001 "
            "already.",
            "line 5, column replaces: no camera has the asset tag NO-SUCH-TAG, in the register or "
            "in this file.",
            "line 6, column replaces: a camera cannot replace itself.",
        ],
    ),
    "unknown site and batch, a site in another precinct": (
        csv(
            H,
            "NEW-1,XX-999999,ZL,LEASE-109,true,true,2021-07-31,,in_service",
            "NEW-2,ZL-000001,ZL,LEASE-999,true,true,2021-07-31,,in_service",
            "NEW-3,ZL-000001,TY,LEASE-109,true,true,2021-07-31,,in_service",
        ),
        {},
        [
            "line 2, column site: no site has the code XX-999999; add the site first, or let the "
            "import create missing sites.",
            "line 3, column batch: no batch has the code LEASE-999.",
            "line 4, column precinct: site ZL-000001 is in precinct ZL, not TY; an import does "
            "not move sites.",
        ],
    ),
    "missing and extra cells": (
        csv(
            f"{H},,",
            f"{GOOD},,",
            "NEW-2,ZL-000001,ZL,LEASE-109,true,true",
            "NEW-3,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,,,surprise",
            "NEW-4,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service,oops,",
        ),
        {},
        [
            "line 3, column installed_on: missing: the line has 6 cells, the header 9.",
            "line 4, column 12: a value beyond the header's last column.",
            "line 5, column 10: a value in a column without a name.",
        ],
    ),
    "an ROC date that disagrees": (
        csv(f"{H},installed_on_roc,retired_on_roc", f"{GOOD},110/07/30,110/08/01"),
        {},
        [
            "line 2, column installed_on_roc: 110/07/30 is not the day in installed_on "
            "(2021-07-31).",
            "line 2, column retired_on_roc: 110/08/01 is not the day in retired_on (—).",
        ],
    ),
    "line numbers count the lines inside quoted cells and blank lines": (
        csv(
            f"{H},site_name",
            f'{GOOD},"two\r\nlines"',
            "",
            "NEW-2,ZL-000001,ZL,LEASE-109,true,true,2021-02-29,,in_service,x",
        ),
        {},
        ["line 5, column installed_on: “2021-02-29” is not a day of the calendar."],
    ),
    "new sites without a good precinct or place": (
        csv(
            f"{H},latitude",
            "NEW-1,NEW-SITE-1,,LEASE-109,true,true,2021-07-31,,in_service,",
            "NEW-2,NEW-SITE-2,QQ,LEASE-109,true,true,2021-07-31,,in_service,",
            "NEW-3,NEW-SITE-3,ZL,LEASE-109,true,true,2021-07-31,,in_service,91",
            "NEW-4,NEW-SITE-4,ZL,LEASE-109,true,true,2021-07-31,,in_service,24.5",
            "NEW-5,NEW-SITE-4,TY,LEASE-109,true,true,2021-07-31,,in_service,24.5",
        ),
        {"create_sites": True},
        [
            "line 2, column precinct: a new site needs its precinct's code.",
            "line 3, column precinct: no precinct has the code QQ.",
            "line 4, column latitude: “91” must lie between -90 and 90.",
            "line 6, column precinct: the new site NEW-SITE-4 is in precinct ZL on line 5.",
        ],
    ),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_with_every_problem_and_changes_nothing(name):
    data, options, expected = BAD_FILES[name]
    before = register_state()
    result = import_cameras(data, **options)
    assert [str(problem) for problem in result.problems] == expected
    assert not result.written and not result.ok
    assert register_state() == before


def test_rejected_counts_rows_with_problems():
    data, _options, _expected = BAD_FILES["each kind of bad value"]
    assert import_cameras(data, commit=False).rejected == 8


# --- files staff actually have ----------------------------------------------------------------


def test_big5_tab_separated_with_roc_dates_and_chinese_yes_no():
    text = (
        "asset_tag\tsite\tprecinct\tbatch\tis_lane\thas_lpr\tinstalled_on\tretired_on\tstatus\t"
        "site_name\r\n"
        "BIG5-0001\tZL-000001\tZL\tLEASE-109\t是\t否\t110/07/31\t\tin_service\t中壢區中正路口\r\n"
        "BIG5-0002\tZL-000001\tZL\tLEASE-109\t否\t否\t1100801\t民國111年1月2日\tretired\t\r\n"
        "\r\n\r\n"
    )
    result = import_cameras(text.encode("cp950"))
    assert result.ok, result.problems
    assert (result.encoding, result.created) == ("Big5 (CP950)", 2)
    first, second = Camera.objects.filter(asset_tag__startswith="BIG5-").order_by("asset_tag")
    assert (first.is_lane, first.has_lpr, first.installed_on) == (True, False, D(2021, 7, 31))
    assert (second.installed_on, second.retired_on, second.status) == (
        D(2021, 8, 1), D(2022, 1, 2), "retired"
    )  # fmt: skip
    assert first.data_source == "import" and first.site.code == "ZL-000001"
    assert first.precinct.code == "ZL"


def test_utf8_with_bom_roc_dates_and_every_way_of_yes_and_no():
    data = csv(
        f"{H},has_vehicle_attributes,has_trajectory,has_target_alert",
        "BOM-1,ZL-000001,ZL,LEASE-109,Y,N,110.07.31,,in_service,yes,no,TRUE",
        "BOM-2,ZL-000001,ZL,LEASE-109,1,0,１１０/０８/０１,,faulty,FALSE,是,否",
        bom=True,
    )
    result = import_cameras(data)
    assert result.ok, result.problems
    assert result.encoding == "UTF-8"
    values = Camera.objects.filter(asset_tag__startswith="BOM-").order_by("asset_tag").values_list(
        "is_lane", "has_lpr", "installed_on", "status", "has_vehicle_attributes", "has_trajectory",
        "has_target_alert",
    )  # fmt: skip
    assert list(values) == [
        (True, False, D(2021, 7, 31), "in_service", True, False, True),
        (True, False, D(2021, 8, 1), "faulty", False, True, False),
    ]


def test_excel_unicode_text_is_utf16_and_tab_separated():
    text = H.replace(",", "\t") + "\r\n" + GOOD.replace(",", "\t") + "\r\n"
    result = import_cameras(text.encode("utf-16"))
    assert (result.ok, result.encoding, result.created) == (True, "UTF-16", 1)


def test_a_file_may_retire_the_camera_it_replaces():
    old = Camera.objects.get(asset_tag="LEASE-105-000001")
    site, precinct = old.site.code, old.precinct.code
    data = csv(
        f"{H},replaces",
        f"NEW-1,{site},{precinct},LEASE-111,true,true,2022-03-01,,in_service,{old.asset_tag}",
        f"{old.asset_tag},{site},{precinct},LEASE-105,{str(old.is_lane).lower()},"
        f"{str(old.has_lpr).lower()},{old.installed_on},2022-03-01,retired,",
    )  # fmt: skip
    result = import_cameras(data)
    assert result.ok, result.problems
    assert (result.created, result.updated) == (1, 1)
    old.refresh_from_db()
    assert (old.status, old.replaced_by.asset_tag) == ("retired", "NEW-1")


def test_excel_quoting_and_new_sites():
    data = csv(
        f"{H},site_name,latitude,longitude",
        'NEW-1,ZL-NEW-1,ZL,LEASE-111,true,true,2022-03-01,,in_service,'
        '"中正路, 與 ""民生路"" 口\r\n第二行",24.5,121.25',
        "NEW-2,ZL-NEW-1,ZL,LEASE-111,false,false,2022-03-01,,in_service,,,",
        "NEW-3,'=HACK,ZL,LEASE-111,false,false,2022-03-01,,in_service,,,",
    )  # fmt: skip
    refused = import_cameras(data)
    hint = "add the site first, or let the import create missing sites."
    assert [str(p) for p in refused.problems] == [
        f"line 2, column site: no site has the code ZL-NEW-1; {hint}",
        f"line 4, column site: no site has the code ZL-NEW-1; {hint}",
        f"line 5, column site: no site has the code =HACK; {hint}",
    ]
    result = import_cameras(data, create_sites=True, file_name="new.csv")
    assert result.ok, result.problems
    assert (result.created, result.new_sites) == (3, ["=HACK", "ZL-NEW-1"])
    site = Site.objects.get(code="ZL-NEW-1")
    # the new sites are in the history, as part of the import's change set
    change_set = ImportRecord.objects.get()
    assert [
        (h.code, h.history_type, h.history_change_reason)
        for h in Site.history.filter(code__in=result.new_sites).order_by("code")
    ] == [(code, "+", f"import #{change_set.pk}: new.csv") for code in ["=HACK", "ZL-NEW-1"]]
    assert site.name == '中正路, 與 "民生路" 口\r\n第二行'
    assert (site.precinct.code, site.latitude, site.longitude) == (
        "ZL", Decimal("24.500000"), Decimal("121.250000")
    )  # fmt: skip
    assert site.cameras.count() == 2
    assert Site.objects.get(code="=HACK").name == "=HACK"


def test_updates_match_by_asset_tag_and_keep_what_the_file_leaves_out():
    camera = Camera.objects.get(asset_tag="LEASE-109-000375")
    data = csv(
        f"{H},data_source",
        "LEASE-109-000375,ZL-002483,ZL,LEASE-109,false,true,2020-07-13,,faulty,",
        "LEASE-109-000376,ZL-002483,ZL,LEASE-109,true,true,2020-07-13,,in_service,manual",
        GOOD + ",",
    )
    dry = import_cameras(data, commit=False)
    assert (dry.created, dry.updated, dry.unchanged, dry.written) == (1, 2, 0, False)
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()
    result = import_cameras(data)
    assert (result.created, result.updated, result.unchanged, result.written) == (1, 2, 0, True)
    camera.refresh_from_db()
    assert (camera.is_lane, camera.status, camera.data_source) == (False, "faulty", "import")
    # the file has no smart-function or resolution columns: the camera keeps its own
    assert (camera.has_target_alert, camera.resolution_mp) == (True, Decimal("4.0"))
    assert Camera.objects.get(asset_tag="LEASE-109-000376").data_source == "manual"
    assert import_cameras(data).unchanged == 3


def test_a_replacement_can_move_to_another_camera():
    data = csv(
        f"{H},replaces",
        "SELF-111-000001,ZL-000001,ZL,SELF-111,true,true,2022-08-16,,in_service,",
        "NEW-1,ZL-000001,ZL,SELF-111,true,true,2022-08-16,,in_service,SELF-104-107-000001",
    )
    result = import_cameras(data)
    assert result.ok, result.problems
    old = Camera.objects.get(asset_tag="SELF-104-107-000001")
    assert old.replaced_by.asset_tag == "NEW-1"
    assert Camera.objects.get(asset_tag="SELF-111-000001").replaces is None


def test_import_queries_do_not_grow_with_rows():
    def rows(count):
        return [f"Q-{n:05d},ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service"
                for n in range(count)]  # fmt: skip

    with CaptureQueriesContext(connection) as ten:
        assert import_cameras(csv(H, *rows(10))).created == 10
    with CaptureQueriesContext(connection) as thousand:
        assert import_cameras(csv(H, *rows(1000))).created == 1000 - 10
    assert len(ten) == len(thousand) < 105  # a fixed number, whatever the rows


# --- the command ----------------------------------------------------------------------------


@pytest.fixture
def write(tmp_path):
    def write(data: bytes) -> str:
        path = tmp_path / "cameras.csv"
        path.write_bytes(data)
        return str(path)

    return write


def test_command_dry_run_and_import(write):
    path = write(csv(H, GOOD))
    out = io.StringIO()
    call_command("import_cameras", path, "--dry-run", stdout=out)
    assert out.getvalue() == (
        "Dry run, nothing written. Rows read: 1 (UTF-8); cameras to create: 1, to update: 0, "
        "unchanged: 0; new sites: 0.\n"
        "  中壢分局 中壢一派出所: 1\n"  # where the new cameras go
    )
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()
    call_command("import_cameras", path, stdout=out)
    assert Camera.objects.filter(asset_tag="NEW-0001").exists()
    assert out.getvalue().endswith(
        "Imported. Rows read: 1 (UTF-8); cameras created: 1, updated: 0, unchanged: 0; "
        "new sites: 0.\n  中壢分局 中壢一派出所: 1\n"
    )


def test_command_lists_every_problem_and_fails(write):
    data, _options, expected = BAD_FILES["rules of retirement"]
    err = io.StringIO()
    before = register_state()
    with pytest.raises(CommandError, match=r"^Nothing was written: .*cameras.csv has 3 problems"):
        call_command("import_cameras", write(data), stderr=err, stdout=io.StringIO())
    assert err.getvalue().splitlines() == expected
    assert register_state() == before


def test_command_encoding_and_new_sites(write):
    line = "NEW-1,ZL-NEW,ZL,LEASE-109,是,否,110/07/31,,in_service,新監視點"
    path = write(csv(f"{H},site_name", line, encoding="cp950"))
    with pytest.raises(CommandError):
        call_command("import_cameras", path, "--encoding", "utf-8", stderr=io.StringIO())
    call_command(
        "import_cameras", path, "--encoding", "cp950", "--create-sites", stdout=io.StringIO()
    )
    assert Site.objects.get(code="ZL-NEW").name == "新監視點"


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_cameras", str(tmp_path / "nowhere.csv"))


# --- the upload page ------------------------------------------------------------------------

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def upload(client, data: bytes, **fields):
    file = io.BytesIO(data)
    file.name = "cameras.csv"
    return client.post("/cameras/import/", {"file": file, "encoding": "auto", **fields}, **EN)


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(user)
    return user


def test_import_needs_the_import_permission(client, staff):
    assert client.get("/cameras/import/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="add_camera"))
    staff.user_permissions.add(Permission.objects.get(codename="change_camera"))
    assert client.get("/cameras/import/").status_code == 403
    assert upload(client, csv(H, GOOD)).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="import_cameras"))
    assert client.get("/cameras/import/", **EN).status_code == 200
    # creating missing sites needs the right to add sites as well
    assert upload(client, csv(H, GOOD), create_sites="on").status_code == 403


def test_upload_preview_then_confirm(admin_client):
    data = csv(H, GOOD, "LEASE-109-000375,ZL-002483,ZL,LEASE-109,true,true,2020-07-13,,faulty")
    response = upload(admin_client, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<td class="num" id="count-created">1</td>' in page
    assert '<td class="num" id="count-updated">1</td>' in page
    assert '<td class="num" id="count-rejected">0</td>' in page
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()
    pending = admin_client.session[import_views.SESSION_KEY]
    stored = import_views._pending_folder() / f"{pending['token']}.csv"
    assert stored.read_bytes() == data
    assert f'name="token" value="{pending["token"]}"' in page
    response = admin_client.post(
        "/cameras/import/", {"confirm": "1", "token": pending["token"]}, **EN
    )
    change_set = ImportRecord.objects.get()
    # it lands on the cameras it created and changed
    assert response.status_code == 302
    assert response["Location"] == f"/cameras/?change_set=import-{change_set.pk}"
    assert Camera.objects.get(asset_tag="NEW-0001").data_source == "import"
    assert Camera.objects.get(asset_tag="LEASE-109-000375").status == "faulty"
    assert not stored.exists()
    response = admin_client.get(response["Location"], **EN)
    page = response.content.decode()
    assert (
        "Imported cameras.csv. Cameras created: 1, updated: 1, unchanged: 0; new sites: 0." in page
    )
    listed = [camera.asset_tag for camera in response.context["object_list"]]
    assert listed == ["LEASE-109-000375", "NEW-0001"]


def test_upload_of_a_bad_file_lists_the_problems_and_offers_no_confirmation(admin_client):
    data, _options, expected = BAD_FILES["replacements"]
    response = upload(admin_client, data)
    page = response.content.decode()
    assert '<td class="num" id="count-rejected">5</td>' in page
    for message in expected:
        assert message.replace('"', "&quot;") in page
    assert 'name="confirm"' not in page
    assert import_views.SESSION_KEY not in admin_client.session


def test_upload_over_the_limit_is_refused(admin_client, settings):
    settings.CAMERA_IMPORT_MAX_BYTES = 100
    data = csv(H, GOOD)
    assert len(data) == 144
    response = upload(admin_client, data)
    assert response.status_code == 400
    assert "The file is 144\xa0bytes; the limit is 100\xa0bytes." in response.content.decode()
    assert import_views.SESSION_KEY not in admin_client.session


def test_confirmation_needs_the_previewed_token(admin_client):
    upload(admin_client, csv(H, GOOD))
    response = admin_client.post("/cameras/import/", {"confirm": "1", "token": "forged"}, **EN)
    assert response.status_code == 302 and response["Location"] == "/cameras/import/"
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()
    # the forged attempt spent the preview: it cannot be confirmed afterwards either
    assert import_views.SESSION_KEY not in admin_client.session


def test_a_stored_file_that_changed_is_not_imported(admin_client):
    upload(admin_client, csv(H, GOOD))
    pending = admin_client.session[import_views.SESSION_KEY]
    stored = import_views._pending_folder() / f"{pending['token']}.csv"
    stored.write_bytes(csv(H, GOOD.replace("NEW-0001", "EVIL-0001")))
    admin_client.post("/cameras/import/", {"confirm": "1", "token": pending["token"]})
    assert not Camera.objects.filter(asset_tag__in=["NEW-0001", "EVIL-0001"]).exists()


def test_a_code_that_begins_with_a_quote_survives_the_round_trip(admin_client):
    site = Site.objects.create(code="'=1FX09", name="quoted", precinct=Precinct.objects.first())
    camera = Camera.objects.filter(status="in_service").first()
    camera.site = site
    camera.save()
    body = b"".join(admin_client.get("/cameras/export.csv", {"site": "'=1FX09"}).streaming_content)
    assert b"\r\n''=1FX09," not in body and b",''=1FX09," in body  # neutralised once more
    result = import_cameras(body, commit=False)
    assert (result.problems, result.unchanged) == ([], 1)


def test_a_file_that_mixes_utf8_and_big5_lines_is_refused_at_the_first_big5_line():
    header = f"{H},site_name"
    mixed = (header + "\n").encode() + f"{GOOD},中壢\n".encode() + f"{GOOD},中壢\n".encode("cp950")
    for encoding in ("auto", "cp950"):
        result = import_cameras(mixed, encoding=encoding, commit=False)
        assert [str(p) for p in result.problems] == [
            "line 3: this line is not UTF-8 while others are: the file mixes two encodings "
            "(Big5 pasted into UTF-8?); save the whole file again as CSV UTF-8."
        ], encoding
    # wholly in one encoding it is read as before
    whole = (header + "\n").encode() + f"{GOOD},中壢\n".encode("cp950")
    assert import_cameras(whole, commit=False, create_sites=True).problems == []


def test_utf16_with_a_nul_is_binary_not_a_crash():
    data = (H + "\n" + GOOD.replace("true", "tr\x00ue", 1) + "\n").encode("utf-16")
    result = import_cameras(data, commit=False)
    assert [str(p) for p in result.problems] == ["This is not a CSV file: it holds binary data."]


def test_an_oversized_cell_is_named_by_its_column():
    data = f"{H},site_name\n{GOOD},{'長' * 200_000}\n".encode()
    result = import_cameras(data, commit=False)
    assert [str(p) for p in result.problems] == [
        "line 2, column site_name: this cell holds more than 131,072 characters, the most a "
        "cell may."
    ]


def test_an_import_cannot_make_a_camera_synthetic(admin_client):
    header = f"{H},data_source"
    manual = Camera.objects.filter(status="in_service").first()
    manual.data_source = "manual"
    manual.save()
    row = (f"{manual.asset_tag},{manual.site.code},,{manual.batch.code},"
           f"{str(manual.is_lane).lower()},{str(manual.has_lpr).lower()},{manual.installed_on},,"
           "in_service,synthetic")  # fmt: skip
    result = import_cameras(csv(header, row), commit=False)
    assert [str(p) for p in result.problems] == [
        "line 2, column data_source: only the demo data is synthetic: write manual or import, "
        "or leave the cell empty."
    ]
    demo = "LEASE-109-000375,ZL-002483,ZL,LEASE-109,true,true,2020-07-13,,in_service,synthetic"
    assert import_cameras(csv(header, demo), commit=False).problems == []  # it stays as it is


def test_every_check_runs_on_every_row_whatever_else_is_wrong_with_it():
    header = f"{H},site_name,latitude,longitude"
    line = "NEW-0001,NEW-SITE-1,ZL,LEASE-999,true,true,2021-02-30,,in_service,新點,999,121"
    result = import_cameras(csv(header, line), create_sites=True, commit=False)
    assert [str(p) for p in result.problems] == [
        "line 2, column batch: no batch has the code LEASE-999.",
        "line 2, column installed_on: “2021-02-30” is not a day of the calendar.",
        "line 2, column latitude: “999” must lie between -90 and 90.",
    ]


def test_directions_as_staff_write_them_are_stored_as_their_points_and_exported_as_codes():
    new = GOOD.removeprefix("NEW-0001")
    data = csv(f"{H},direction", f"NEW-0001{new},東北", f"NEW-0002{new},北東",
               f"NEW-0003{new},ssw", f"NEW-0004{new},200", f"NEW-0005{new},")  # fmt: skip
    result = import_cameras(data)
    assert result.written and result.created == 5, result.problems
    cameras = Camera.objects.filter(asset_tag__startswith="NEW-").order_by("asset_tag")
    assert list(cameras.values_list("direction", flat=True)) == ["NE", "NE", "SSW", "SSW", ""]
    exported = b"".join(camera_csv(cameras))
    assert [line.rsplit(b",", 4)[1] for line in exported.split(b"\r\n")[1:-1]] == [
        b"NE", b"NE", b"SSW", b"SSW", b""
    ]  # fmt: skip
    again = import_cameras(exported)
    assert (again.unchanged, again.updated, again.written) == (5, 0, False)
    # a file without the column keeps each camera's direction
    kept = import_cameras(csv(H, f"NEW-0001{new.replace('true,true', 'true,false')}"))
    assert kept.updated == 1 and Camera.objects.get(asset_tag="NEW-0001").direction == "NE"


def test_a_new_site_placed_in_twd97_metres_keeps_its_degrees():
    header = f"{H},site_name,twd97_x,twd97_y"
    row = "NEW-1,ZL-NEW-1,ZL,LEASE-111,true,true,2022-03-01,,in_service,路口,272000.5,2762000.25"
    result = import_cameras(csv(header, row), create_sites=True)
    assert result.written, result.problems
    site = Site.objects.get(code="ZL-NEW-1")  # pyproj: 24.9657375 N, 121.2178955 E
    assert (site.latitude, site.longitude) == (Decimal("24.965737"), Decimal("121.217895"))


def test_a_place_in_twd97_needs_both_metres_not_beside_degrees_and_inside_taiwan():
    new = "NEW-{n},ZL-NEW-{n},ZL,LEASE-111,true,true,2022-03-01,,in_service"
    data = csv(
        f"{H},latitude,longitude,twd97_x,twd97_y",
        new.format(n=1) + ",,,272000,",
        new.format(n=2) + ",24.9,121.2,272000,2762000",
        new.format(n=3) + ",,,900000,2762000",
        new.format(n=4) + ",,,272000,2762000",
        new.format(n=5) + ",北緯,,,2762000",  # a cell of its own wrong hides no other problem
    )
    before = register_state()
    result = import_cameras(data, create_sites=True)
    assert [str(problem) for problem in result.problems] == [
        "line 2, column twd97_y: a point in TWD97 needs both twd97_x and twd97_y.",
        "line 3, column twd97_x: give the site's place once: in latitude and longitude, or in "
        "twd97_x and twd97_y.",
        "line 4, column twd97_x: 900000, 2762000 (TWD97 TM2 metres) lies outside Taiwan: check "
        "the numbers, and that X is the easting (about 150,000 to 350,000) and Y the northing "
        "(about 2,400,000 to 2,800,000).",
        "line 6, column latitude: “北緯” is not a number.",
        "line 6, column twd97_x: a point in TWD97 needs both twd97_x and twd97_y.",
    ]
    assert not result.written and register_state() == before
