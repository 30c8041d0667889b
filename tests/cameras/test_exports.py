"""CSV downloads: exact bytes for Excel, the pages' filters and figures, streaming, queries."""

import datetime
import re

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from cameras.exports import camera_csv
from cameras.models import Camera, Precinct, Site
from leases.models import Batch

pytestmark = pytest.mark.django_db
D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
BOM = b"\xef\xbb\xbf"
CAMERA_HEADER = (
    b"asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status,site_name,"
    b"batch_name,latitude,longitude,has_vehicle_attributes,has_trajectory,has_target_alert,"
    b"resolution_mp,replaces,installed_on_roc,retired_on_roc,data_source,precinct_name,version,"
    b"direction,station,station_name,in_service_since_at_latest\r\n"
)


def download(client, url, params=None, **extra):
    response = client.get(url, params or {}, **extra)
    assert response.status_code == 200, response.content
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content), response


def lines(body: bytes) -> list[bytes]:
    """Split a file at its record ends (CRLF outside quotes), keeping each CRLF."""
    records, start, quoted = [], 0, False
    for index in range(len(body)):
        if body[index : index + 1] == b'"':
            quoted = not quoted
        elif not quoted and body[index : index + 2] == b"\r\n":
            records.append(body[start : index + 2])
            start = index + 2
    assert start == len(body), "the file must end with CRLF"
    return records


def match_count(page: str) -> int:
    return int(re.search(r'id="match-count">\s*([\d,]+)', page).group(1).replace(",", ""))


# --- the camera export ----------------------------------------------------------------------


def test_camera_export_header_and_rows_exact_bytes(admin_client):
    body, response = download(admin_client, "/cameras/export.csv", {"as_of": "2021-07-31"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cameras_2021-07-31.csv"'
    assert body.startswith(BOM + CAMERA_HEADER)
    assert (
        lines(body)[1]
        == (
            "LEASE-105-000001,BD-000220,BD,LEASE-105,true,true,2016-10-30,,in_service,"
            "自強路與中華路口,105 年監視錄影系統租賃案,24.918717,121.291228,false,true,false,2.0,,"
            "105/10/30,,synthetic,八德分局,1,,BD01,八德一派出所,\r\n"
        ).encode()
    )
    everything, _response = download(admin_client, "/cameras/export.csv", {"q": "SELF-111-00000"})
    assert (
        lines(everything)[1]
        == (
            "SELF-111-000001,ZL-000001,ZL,SELF-111,true,true,2022-08-16,,in_service,環中東路與環北路口,"
            "111 年天羅地網自建案（汰換 104 年攝影機）,24.973785,121.212904,true,true,true,5.0,"
            "SELF-104-107-000001,111/08/16,,synthetic,中壢分局,1,,ZL01,中壢一派出所,\r\n"
        ).encode()
    )


def test_formula_injection_quoting_and_decimals_exact_bytes(admin_client, tricky):
    body, _response = download(admin_client, "/cameras/export.csv", {"q": "ZZ-", "bom": "0"})
    assert body.startswith(CAMERA_HEADER)  # ?bom=0: no byte-order mark
    rows = lines(body)[1:]
    tail = "24.500000,-121.000001,false,false,false,4.0"
    lease = "LEASE-109,true"
    assert [row.decode() for row in rows] == [
        "'-ZZ-CAM-7,ZZ-2,ZL,LEASE-109,false,false,2022-01-01,,in_service,"
        '"中正路, 與「民生路」口\n第二行",109 年監視錄影系統租賃案,24.500000,-121.000001,'
        "false,false,false,,ZZ-CAM-2,111/01/01,,manual,中壢分局,1,,,,\r\n",
        f"ZZ-CAM-1,ZZ-1,ZL,{lease},true,2021-07-31,,in_service,"
        '"\'=HYPERLINK(""http://x"",""y"")",'
        f"109 年監視錄影系統租賃案,{tail},,110/07/31,,manual,中壢分局,1,,,,\r\n",
        f"ZZ-CAM-2,ZZ-2,ZL,{lease},false,2021-07-31,2022-01-01,retired,"
        '"中正路, 與「民生路」口\n第二行",'
        f"109 年監視錄影系統租賃案,{tail},,110/07/31,111/01/01,manual,中壢分局,2,,,,\r\n",
        f"ZZ-CAM-3,ZZ-3,ZL,{lease},true,2021-07-31,,in_service,'\t+886 3 333 3333,"
        f"109 年監視錄影系統租賃案,{tail},,110/07/31,,manual,中壢分局,1,,,,\r\n",
        f"ZZ-CAM-4,ZZ-4,ZL,{lease},false,2021-07-31,,in_service,'-5 號,"
        f"109 年監視錄影系統租賃案,{tail},,110/07/31,,manual,中壢分局,1,,,,\r\n",
        f"ZZ-CAM-5,ZZ-5,ZL,{lease},true,2021-07-31,,in_service,"
        '"\'@SUM(1+1) ""quoted""",'
        f"109 年監視錄影系統租賃案,{tail},,110/07/31,,manual,中壢分局,1,,,,\r\n",
        f'ZZ-CAM-6,ZZ-6,ZL,{lease},false,2021-07-31,,in_service,"\'\rline",'
        f"109 年監視錄影系統租賃案,{tail},,110/07/31,,manual,中壢分局,1,,,,\r\n",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_copy_and_portable_paths_give_the_same_bytes(tricky):
    cameras = Camera.objects.order_by("asset_tag", "pk")
    through_copy = b"".join(camera_csv(cameras, copy=True))
    through_python = b"".join(camera_csv(cameras, copy=False))
    assert through_copy == through_python
    assert len(lines(through_copy)) == 24_049 + 7 + 1
    filtered = Camera.objects.filter(site__precinct__code="ZL", is_lane=True).order_by(
        "-installed_on", "pk"
    )
    assert b"".join(camera_csv(filtered, copy=True)) == b"".join(camera_csv(filtered, copy=False))


def test_unfiltered_export_holds_every_camera(admin_client, today_is):
    today_is(datetime.date(2026, 12, 1))  # 2026-11-30 16:30 in UTC
    body, response = download(admin_client, "/cameras/export.csv")
    assert len(lines(body)) - 1 == Camera.objects.count() == 24_049
    assert response["Content-Disposition"] == 'attachment; filename="cameras_2026-12-01.csv"'


@pytest.mark.parametrize(
    "params",
    [
        {"in_service_on": "2021-07-31", "is_lane": "true"},
        {"in_service_on": "110/07/31", "has_lpr": "true"},
        {"status": "retired"},
        {"kind": "unattributed", "sort": "-installed_on"},
        {"installed_from": "111/01/01"},
        {"past_life_on": "2021-07-31"},
        {"lease_ended_on": "2026-11-26", "q": "中山路"},
        {"site": "zl-000001"},
        {"q": "中正路"},
    ],
)
def test_export_row_count_equals_the_pages_count(admin_client, params):
    body, _response = download(admin_client, "/cameras/export.csv", params)
    page = admin_client.get("/cameras/", params).content.decode()
    assert len(lines(body)) - 1 == match_count(page) > 0


def test_as_of_and_the_lists_filters_together(admin_client):
    precinct = Precinct.objects.get(code="ZL")
    params = {"as_of": "110/07/31", "precinct": precinct.pk, "is_lane": "true"}
    body, response = download(admin_client, "/cameras/export.csv", params)
    rows = lines(body)[1:]
    # the cameras of ZL that day, by their state then: sites moved since still count there
    expected = (
        Camera.objects.in_service(on=D(2021, 7, 31))
        .filter(states__valid_from__lte=D(2021, 7, 31), states__valid_to__gt=D(2021, 7, 31),
                states__precinct=precinct, states__is_lane=True)
        .count()
    )  # fmt: skip
    assert expected > Camera.objects.in_service(on=D(2021, 7, 31)).filter(
        precinct=precinct, is_lane=True).count()  # fmt: skip
    assert len(rows) == expected > 0
    assert all(b",ZL," in row and b",true," in row for row in rows)
    assert response["Content-Disposition"].endswith('filename="cameras_2021-07-31.csv"')
    as_of_only = lines(download(admin_client, "/cameras/export.csv?as_of=2021-07-31")[0])
    assert len(as_of_only) - 1 == 22_049


def test_sorted_export_follows_the_pages_order(admin_client):
    body, _response = download(admin_client, "/cameras/export.csv", {"sort": "-installed_on"})
    tags = [row.split(b",", 1)[0].decode() for row in lines(body)[1:6]]
    newest = Camera.objects.order_by("-installed_on", "pk").values_list("asset_tag", flat=True)
    assert tags == list(newest[:5])


@pytest.mark.parametrize(
    "url, message",
    [
        ("/cameras/export.csv?as_of=112/02/30", "As of: “112/02/30” is not a day of the calendar."),
        ("/cameras/export.csv?is_lane=maybe", "Lane camera: Choose yes (true) or no (false)."),
        (
            "/cameras/export.csv?status=lost",
            "Status: “lost” is not one of the choices: pick one from the list.",
        ),
        (
            "/cameras/export.csv?sort=password",
            "Sort by: “password” is not a column the list sorts by: click a column heading.",
        ),
        ("/cameras/export.csv?bom=2", "bom: write 1 for a byte-order mark or 0 for none."),
        (
            "/sites/export.csv?precinct=999999",
            "Precinct: “999999” is not a precinct of the register: pick one from the list.",
        ),
        ("/reports/coverage.csv?as_of=soon", "As of: “soon” is not a date"),
        ("/replacements/export.csv?as_of=2021-02-29", "As of: “2021-02-29” is not a day"),
    ],
)
def test_a_bad_parameter_is_a_400_with_the_message_not_a_file(admin_client, url, message):
    response = admin_client.get(url, **EN)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/cameras/export.csv", "/sites/export.csv", "/leases/export.csv", "/reports/coverage/",
     "/reports/coverage.csv", "/replacements/export.csv", "/leases/budget-lines/export.csv",
     "/leases/fiscal-years/111/export.csv", "/cameras/import/"],
)  # fmt: skip
def test_exports_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_header_leaves_before_any_query(admin_client):
    response = admin_client.get("/cameras/export.csv")
    with CaptureQueriesContext(connection) as captured:
        first = next(iter(response.streaming_content))
        assert first == BOM + CAMERA_HEADER
        assert len(captured) == 0
        rest = b"".join(response.streaming_content)
    assert len(captured) == 2  # the rows, then the download record's row count
    assert len(rest) > 1_000_000


def queries(client, url) -> tuple[int, int]:
    """Return (queries, rows) of downloading `url`."""
    with CaptureQueriesContext(connection) as captured:
        body, _response = download(client, url)
    return len(captured), len(lines(body)) - 1


def test_camera_export_queries_do_not_grow_with_rows(admin_client):
    precinct = Precinct.objects.get(code="ZL").pk
    ten = queries(admin_client, "/cameras/export.csv?q=LEASE-109-00001")
    thousand = queries(admin_client, "/cameras/export.csv?q=LEASE-109-001")
    assert (ten[1], thousand[1]) == (10, 1000)
    assert ten[0] == thousand[0]
    few = queries(admin_client, f"/cameras/export.csv?q=LEASE-109-00001&precinct={precinct}")
    many = queries(admin_client, f"/cameras/export.csv?q=LEASE-109-001&precinct={precinct}")
    assert few[1] < many[1]
    assert few[0] == many[0] == ten[0] + 1  # the precinct is looked up once
    with CaptureQueriesContext(connection) as captured:
        download(admin_client, "/cameras/export.csv")
    assert sum('"cameras_camera"' in q["sql"] for q in captured) == 1  # one reads the cameras


def test_site_export(admin_client):
    body, response = download(admin_client, "/sites/export.csv", {"q": "ZL-000001"})
    assert response["Content-Disposition"].startswith('attachment; filename="sites_')
    site = Site.objects.get(code="ZL-000001")
    assert lines(body) == [
        BOM + b"code,name,precinct,precinct_name,kind,address,latitude,longitude,cameras,station,"
        b"station_name\r\n",
        f"ZL-000001,{site.name},ZL,中壢分局,intersection,{site.address},{site.latitude:f},"
        f"{site.longitude:f},{site.cameras.count()},ZL01,中壢一派出所\r\n".encode(),
    ]
    everything, _response = download(admin_client, "/sites/export.csv")
    page = admin_client.get("/sites/").content.decode()
    assert len(lines(everything)) - 1 == match_count(page) == Site.objects.count()
    precinct = Precinct.objects.get(code="XW").pk
    narrowed, _response = download(admin_client, "/sites/export.csv", {"precinct": precinct})
    page = admin_client.get("/sites/", {"precinct": "XW"}).content.decode()
    assert len(lines(narrowed)) - 1 == match_count(page) > 0


def test_site_export_queries_do_not_grow_with_rows(admin_client):
    one = queries(admin_client, "/sites/export.csv?q=ZL-000001")
    every = queries(admin_client, "/sites/export.csv")
    assert one[1] == 1 and every[1] > 1000
    assert one[0] == every[0]


# --- coverage and the replacement planner ---------------------------------------------------


def test_coverage_csv_reproduces_the_plans_figures(admin_client):
    body, response = download(admin_client, "/reports/coverage.csv", {"as_of": "110/07/31"})
    assert response["Content-Disposition"] == 'attachment; filename="coverage_2021-07-31.csv"'
    rows = lines(body)
    assert rows[0] == BOM + (
        b"scope,name,cameras,lane,lpr,lpr_pct,lpr_of_lane_pct,code,lane_lpr,as_of,as_of_roc,"
        b"precinct\r\n"
    )
    assert rows[1] == b"all,,22049,14807,12978,58.86,87.65,,12978,2021-07-31,110/07/31,\r\n"
    assert all(b",2021-07-31,110/07/31," in row for row in rows[1:])  # its day
    scopes = [row.split(b",", 1)[0] for row in rows[1:]]
    assert scopes == [b"all"] + [b"precinct"] * 11 + [b"batch"] * 10 + [b"station"] * 33
    by_code = {row.split(b",")[7]: row for row in rows[1:]}
    # a batch with no camera yet has no share: empty cells, not 0
    lease_110 = (
        "batch,110 年度監視錄影系統租賃案（新設及汰換）,0,0,0,,,LEASE-110,0,"
        "2021-07-31,110/07/31,\r\n"
    )
    assert by_code[b"LEASE-110"] == lease_110.encode()
    assert b",1789,1073,0,0.00,0.00,SELF-104-107," in by_code[b"SELF-104-107"]
    precincts = [row for row in rows if row.startswith(b"precinct,")]
    assert sum(int(row.split(b",")[2]) for row in precincts) == 22_049
    assert by_code[b"ZL"].endswith(b",ZL\r\n") and by_code[b"ZL01"].endswith(b",ZL\r\n")
    stations = [row for row in rows if row.startswith(b"station,")]
    assert sum(int(row.split(b",")[2]) for row in stations) == 22_049


def test_coverage_page_shows_the_same_rows_as_its_file(admin_client):
    response = admin_client.get("/reports/coverage/", {"as_of": "2021-07-31"}, **EN)
    assert response.status_code == 200
    page = response.content.decode()
    table = re.search(r'<table class="data" id="coverage">.*?</table>', page, re.S).group(0)
    assert table.count('<tr class="scope-') == 22 + 33  # each precinct's 3 stations under it
    assert ">22,049</a></td>" in table and "58.86 %" in table and "87.65 %" in table
    assert 'href="/reports/coverage.csv?as_of=2021-07-31"' in page
    # every figure links to the cameras it counts
    links = re.findall(r'<td class="num"><a href="([^"]+)">([\d,]+)</a></td>', table)
    assert len(links) == 55 * 3
    # all, 桃園分局's lane, its first station, 中壢分局, the last batch
    for href, shown in [links[0], links[4], links[6], links[5 * 3], links[-1]]:
        listed = admin_client.get(href.replace("&amp;", "&")).content.decode()
        count = re.search(r'id="match-count">\s*([\d,]+)', listed).group(1)
        assert count == shown, href
    bad = admin_client.get("/reports/coverage/", {"as_of": "112/02/30"}, **EN)
    assert bad.status_code == 400


def test_replacement_export_matches_the_planner(admin_client):
    body, response = download(admin_client, "/replacements/export.csv", {"as_of": "2021-07-31"})
    assert response["Content-Disposition"] == 'attachment; filename="replacements_2021-07-31.csv"'
    rows = lines(body)
    assert rows[0] == BOM + b"section,precinct,precinct_name,batch,cameras\r\n"
    sections = {}
    for row in rows[1:]:
        section, _precinct, _name, _batch, count = row.decode().rstrip("\r\n").split(",")
        sections[section] = sections.get(section, 0) + int(count)
    assert sections == {"past_life": 810, "lane_without_lpr": 14_807 - 12_978}
    # precincts in the department's order: 桃園 first, 新屋 last
    assert rows[1] == "past_life,TY,桃園分局,SELF-104-107,160\r\n".encode()
    assert rows[-1] == "lane_without_lpr,XW,新屋分局,UNATTRIBUTED,32\r\n".encode()
    # a row for each cell of the page's grid that holds a camera due, with the same figure
    page = admin_client.get("/replacements/?as_of=2021-07-31").content.decode()
    body_cells = re.search(r"<tbody>.*?</tbody>", page, re.S).group(0)
    shown = re.findall(r'<td class="num"><a href="[^"]*">([\d,]+)</a></td>', body_cells)
    assert len(shown) == len(rows) - 1 == 11 + 33
    assert sorted(int(n) for n in shown) == sorted(int(row.split(b",")[-1]) for row in rows[1:])


def test_report_exports_cost_the_same_queries_for_more_rows(admin_client):
    early = queries(admin_client, "/replacements/export.csv?as_of=2021-07-31")
    late = queries(admin_client, "/replacements/export.csv?as_of=2026-11-26")
    assert early[1] != late[1] and early[0] == late[0]
    before = queries(admin_client, "/reports/coverage.csv?as_of=2021-07-31")
    Batch.objects.bulk_create(
        Batch(code=f"EXTRA-{n:04d}", name=f"extra {n}", kind="self_built") for n in range(990)
    )
    after = queries(admin_client, "/reports/coverage.csv?as_of=2021-07-31")
    assert (before[1], after[1]) == (55, 55 + 990)
    assert before[0] == after[0]


def test_download_links_carry_the_pages_filters(admin_client):
    page = admin_client.get("/cameras/?is_lane=true&page=2", **EN).content.decode()
    assert '<a class="button" href="/cameras/export.csv?is_lane=true" download>' in page
    assert 'href="/cameras/import/"' in page
    page = admin_client.get("/?as_of=2021-07-31").content.decode()
    assert 'href="/reports/coverage.csv?as_of=2021-07-31" download' in page
    page = admin_client.get("/leases/fiscal-years/111/").content.decode()
    assert 'href="/leases/fiscal-years/111/export.csv" download' in page
    for url, export in [("/sites/", "/sites/export.csv"), ("/leases/", "/leases/export.csv"),
                        ("/replacements/", "/replacements/export.csv")]:  # fmt: skip
        assert f'href="{export}" download' in admin_client.get(url).content.decode()
