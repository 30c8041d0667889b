"""Staff pages: status codes, the figures they show, filters, and bounded query counts."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cameras import rollup, states
from cameras.models import Camera, Precinct, Site
from core.roc import format_roc
from leases.models import Batch
from tests.pages import figure, match_count, text

pytestmark = pytest.mark.django_db
# Sign-in (session, user), the service lives, the planner's GROUP BY, the precincts.
PLANNER_QUERIES = 5
D = datetime.date


# --- sign-in --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/cameras/", "/cameras/1/", "/sites/", "/leases/", "/leases/fiscal-years/111/",
     "/replacements/", "/cameras/new/"],
)  # fmt: skip
def test_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_login_page_and_health_check_are_open(client):
    assert client.get("/accounts/login/").status_code == 200
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# --- dashboard ------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", ["2021-07-31", "110/07/31", "1100731", "民國110年7月31日"])
def test_dashboard_shows_the_plans_figures(admin_client, as_of):
    response = admin_client.get("/", {"as_of": as_of})
    assert response.status_code == 200
    page = text(response)
    assert figure(page, "figure-cameras") == "22,049"
    assert figure(page, "figure-lane") == "14,807"
    assert figure(page, "figure-lpr") == "12,978"
    assert figure(page, "figure-lpr-pct") == "58.86 %"
    assert figure(page, "figure-lpr-of-lane-pct") == "87.65 %"
    assert 'value="110/07/31"' in page


def test_dashboard_on_2022_12_31(admin_client):
    page = text(admin_client.get("/?as_of=2022-12-31"))
    assert figure(page, "figure-cameras") == "22,921"


def test_dashboard_figures_link_to_the_cameras_they_count(admin_client):
    page = text(admin_client.get("/?as_of=2021-07-31"))
    link = re.search(r'<a class="figure" href="([^"]+)" id="figure-lane">', page).group(1)
    listing = text(admin_client.get(link.replace("&amp;", "&")))
    assert match_count(listing) == 14_807


def test_dashboard_defaults_to_today_in_taipei(admin_client, today_is):
    today_is(D(2026, 12, 1))  # still 2026-11-30 in UTC
    page = text(admin_client.get("/"))
    assert 'value="115/12/01"' in page


def test_dashboard_alerts_on_2026_11_26(admin_client):
    page = text(admin_client.get("/?as_of=2026-11-26", HTTP_ACCEPT_LANGUAGE="en"))
    # ended leases whose cameras are still in service come first
    assert "The lease of batch LEASE-105 ended on 112/08/31, but" in page
    assert "2,096 cameras</a> are still in service." in page
    assert "The lease of batch LEASE-109 ended on 114/12/31" in page
    # the 108 lease ends in 4 days, all 3,700 cameras affected
    assert "The lease of batch LEASE-108 ends on 115/11/30, in 4 days:" in page
    assert "3,700 cameras</a> affected." in page
    assert "is a lease with no end date in the register: a gap to fill." in page
    assert page.index("LEASE-105 ended") < page.index("figure-cameras")


def test_an_ending_lease_links_to_its_cameras_in_each_precinct(admin_client):
    page = text(admin_client.get("/?as_of=2026-11-26", HTTP_ACCEPT_LANGUAGE="en"))
    alert = re.search(r"The lease of batch LEASE-108 ends on.*?</ul></li>", page, re.S).group(0)
    links = re.findall(r'<li><a href="([^"]+)">([^<]+) ([\d,]+)</a></li>', alert)
    zl = Camera.objects.in_service(on=D(2026, 11, 26)).filter(
        batch__code="LEASE-108", precinct__code="ZL"
    )
    assert (
        "/cameras/?batch=LEASE-108&amp;precinct=ZL&amp;in_service_on=2026-11-26",
        "中壢分局",
        f"{zl.count():,}",
    ) in links
    assert sum(int(n.replace(",", "")) for _url, _name, n in links) == 3_700
    listing = text(admin_client.get(links[0][0].replace("&amp;", "&")))
    assert match_count(listing) == int(links[0][2].replace(",", ""))


def test_links_name_precincts_and_batches_by_code(admin_client):
    page = text(admin_client.get("/?as_of=2021-07-31"))
    assert "/cameras/?in_service_on=2021-07-31&amp;precinct=ZL" in page
    assert "/cameras/?in_service_on=2021-07-31&amp;batch=LEASE-109" in page
    assert "precinct=1&" not in page and "batch=1&" not in page


def batch_differences(page: str) -> dict[str, str]:
    """Return the dashboard's Difference cell (registered − contracted) of each batch."""
    table = re.search(r'id="by-batch">.*?</tbody>', page, re.S).group(0)
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]:  # after the header
        code = re.search(r">([\w-]+)</a><br>", row).group(1)
        found[code] = re.findall(r'<td class="num">([^<]*)</td>', row)[2]  # contracted, registered
    return found


def test_dashboard_shows_only_the_differences_from_the_contracts(admin_client):
    differences = batch_differences(text(admin_client.get("/?as_of=2021-07-31")))
    assert differences == {code: "" for code in differences} | {"UNATTRIBUTED": "—"}
    assert len(differences) == 10
    Camera.objects.filter(batch__code="LEASE-106", asset_tag__endswith="1").delete()
    differences = batch_differences(text(admin_client.get("/?as_of=2021-07-31")))
    assert (differences["LEASE-106"], differences["LEASE-107"]) == ("-370", "")


def by_precinct(page: str) -> tuple[list[str], str]:
    table = re.search(r'<table class="data" id="by-precinct">.*?</table>', page, re.S).group(0)
    body, foot = table.split("<tfoot>")
    return re.findall(r'<th scope="row">([^<]+)</th>', body), foot


def test_dashboard_lists_precincts_in_the_departments_order_with_a_total(admin_client):
    page = text(admin_client.get("/?as_of=2021-07-31", HTTP_ACCEPT_LANGUAGE="en"))
    names, foot = by_precinct(page)
    assert names == ["桃園分局", "中壢分局", "平鎮分局", "八德分局", "大溪分局", "楊梅分局",
                     "蘆竹分局", "大園分局", "龜山分局", "龍潭分局", "新屋分局"]  # fmt: skip
    assert re.search(r'<th scope="row">Whole register</th>\s*<td class="num"><a href="[^"]+">'
                     r"22,049</a></td>", foot)  # fmt: skip
    # an administrator moves a precinct up in the admin's list, and every page follows
    form = text(admin_client.get("/admin/cameras/precinct/"))
    assert re.search(r'<input type="number" name="form-\d+-position" value="11"', form)  # 新屋
    xw = Precinct.objects.get(code="XW")
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(xw.pk),
            "form-0-position": "0", "_save": "Save"}  # fmt: skip
    response = admin_client.post("/admin/cameras/precinct/?o=", data)
    assert response.status_code == 302
    names, _foot = by_precinct(text(admin_client.get("/?as_of=2021-07-31")))
    assert names[:2] == ["新屋分局", "桃園分局"]
    first = admin_client.get("/cameras/?sort=precinct").context["object_list"][0]
    assert first.precinct.code == "XW"  # the list sorts by it too


def test_dashboard_refuses_a_bad_date(admin_client):
    response = admin_client.get("/?as_of=112/02/30", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "“112/02/30” is not a day of the calendar." in text(response)


# --- camera list ----------------------------------------------------------------------------


def test_unfiltered_camera_list_counts_every_camera(admin_client, register):
    if connection.vendor == "postgresql":
        # The count is exact below the planner's 100,000 (core/pagination.py): the rows that
        # earlier tests wrote and rolled back are pages the estimate would count until the
        # table is analysed (24,049 cameras with 96,196 dead rows were estimated at 107,250).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE cameras_camera")
    page = text(admin_client.get("/cameras/"))
    assert match_count(page) == len(register.cameras) == 24_049
    assert "status-retired" in text(admin_client.get("/cameras/?status=retired"))


def test_each_camera_shows_its_lease_end_and_days_left_on_the_lists_day(admin_client, today_is):
    today_is(D(2026, 6, 3))
    page = text(admin_client.get("/cameras/", {"batch": "LEASE-108"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<time datetime="2026-11-30" title="2026-11-30">115/11/30</time> <small>180 days' in page
    on_plan_day = text(admin_client.get("/cameras/", {"batch": "LEASE-108", "as_of": "110/07/31"},
                                        HTTP_ACCEPT_LANGUAGE="en"))  # fmt: skip
    assert f"<small>{(D(2026, 11, 30) - D(2021, 7, 31)).days:,} days left</small>" in on_plan_day
    after = {"batch": "LEASE-108", "in_service_on": "2026-12-01"}
    ended = text(admin_client.get("/cameras/", after, HTTP_ACCEPT_LANGUAGE="en"))
    assert "<small>ended 1 day ago</small>" in ended
    own = text(admin_client.get("/cameras/", {"batch": "SELF-111"}))
    assert re.search(r"</span></td><td>—</td></tr>", own)  # self-built: no lease
    no_end = text(admin_client.get("/cameras/", {"batch": "LEASE-110"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<td><span class="gap">not stated</span></td></tr>' in no_end


def test_the_list_says_whether_it_holds_every_camera_and_toggles(admin_client, today_is):
    today_is(D(2021, 7, 31))
    everything = text(admin_client.get("/cameras/", {"precinct": "ZL"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert '<span id="scope">All cameras, retired ones included.</span>' in everything
    toggle = re.search(r'<a id="scope-toggle" href="\?([^"]+)">([^<]+)</a>', everything)
    assert toggle.groups() == ("precinct=ZL&amp;in_service=true", "Show only those in service")
    serving = text(admin_client.get("/cameras/?precinct=ZL&in_service=true",
                                    HTTP_ACCEPT_LANGUAGE="en"))  # fmt: skip
    assert '<span id="scope">Cameras in service on 110/07/31.</span>' in serving
    toggle = re.search(r'<a id="scope-toggle" href="\?([^"]*)">([^<]+)</a>', serving)
    assert toggle.groups() == ("precinct=ZL", "Show all cameras")
    dated = text(admin_client.get("/cameras/?as_of=110/07/31", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<span id="scope">Cameras in service on 110/07/31.</span>' in dated
    assert 'id="scope-toggle"' not in dated  # the day decides: no toggle
    retired = text(admin_client.get("/cameras/?in_service=false", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<span id="scope">Cameras not in service on 110/07/31.</span>' in retired
    for day_filter in ["in_service_on", "past_life_on", "lease_ended_on"]:
        page = text(admin_client.get(f"/cameras/?{day_filter}=110/07/31"))
        assert 'id="scope-toggle"' not in page, day_filter


def test_the_clerks_question_in_one_list(admin_client, today_is):
    """Which cameras of 中壢分局 are on the lease that ends next, and have LPR?"""
    today_is(D(2026, 6, 3))
    page = text(admin_client.get("/cameras/", {
        "precinct": "ZL", "has_lpr": "true", "in_service": "true", "lease_ends_from": "115/06/03",
        "sort": "lease_end",
    }))  # fmt: skip
    expected = Camera.objects.in_service(on=D(2026, 6, 3)).filter(
        precinct__code="ZL", has_lpr=True, batch__lease_end__gte=D(2026, 6, 3)
    )
    assert match_count(page) == expected.count() > 0
    assert set(expected.values_list("batch__code", flat=True)) == {"LEASE-108"}


def test_sorting_and_pagination_keep_the_filters(admin_client):
    page = text(admin_client.get("/cameras/?batch=&sort=-installed_on&page=2"))
    first_row = re.search(r'<th scope="row"><a href="/cameras/\d+/">([^<]+)</a>', page).group(1)
    newest = Camera.objects.order_by("-installed_on", "pk").values_list("asset_tag", flat=True)
    assert first_row == newest[50]
    assert "sort=-installed_on&amp;page=3" in page


@pytest.mark.parametrize(
    "url, number", [("/cameras/", "abc"), ("/cameras/", "0"), ("/cameras/", "99999"),
                  ("/sites/", "-1"), ("/cameras/", "9223372036854775807"),
                  ("/sites/", str(10**20))],
)  # fmt: skip
def test_a_page_that_does_not_exist_gets_400_and_a_way_back(admin_client, url, number):
    response = admin_client.get(url, {"page": number, "is_lane": "true"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = text(response)
    model = Camera if url == "/cameras/" else Site
    matching = model.objects.filter(is_lane=True) if model is Camera else model.objects.all()
    last = (matching.count() + 49) // 50
    assert (f"There is no page “{number}” in this list; pages are numbered from 1 to {last:,}."
            in body)  # fmt: skip
    assert match_count(body) == matching.count()  # the true count, not 0
    assert "is_lane=true" in body  # the link back to the first page keeps the filters
    assert admin_client.get(url, {"page": ""}).status_code == 200  # empty: the first page


# --- detail pages ---------------------------------------------------------------------------


def chain(page) -> list[str]:
    """Return the asset tags of the page's replacement chain, oldest first."""
    section = re.search(r'<ol class="chain">(.*?)</ol>', page, re.S).group(1)
    return re.findall(r"<li[^>]*>(?:<a [^>]+>|<strong>)([^<]+)<", section)


def test_camera_page_shows_its_replacement_chain_both_ways(admin_client):
    new = Camera.objects.select_related("replaces").get(asset_tag="SELF-111-000001")
    old = new.replaces
    page = text(admin_client.get(reverse("cameras:camera_detail", args=[old.pk])))
    assert chain(page) == [old.asset_tag, new.asset_tag]
    assert f'href="{new.get_absolute_url()}"' in page
    page = text(admin_client.get(new.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    assert chain(page) == [old.asset_tag, new.asset_tag]
    assert f'href="{old.get_absolute_url()}"' in page
    assert "This is a synthetic demo record" in page


def test_camera_page_shows_the_lease_end(admin_client):
    camera = Camera.objects.filter(batch__code="LEASE-105").first()
    page = text(admin_client.get(camera.get_absolute_url()))
    assert "民國112年8月31日" in page
    assert "2023-08-31" in page


def test_missing_camera_is_404(admin_client):
    assert admin_client.get("/cameras/99999999/").status_code == 404


def test_site_page_lists_its_cameras_with_dates(admin_client, today_is):
    site = Site.objects.get(code="ZL-000001")
    cameras = list(site.cameras.order_by("installed_on", "asset_tag"))
    page = text(admin_client.get(site.get_absolute_url()))
    assert site.name in page
    rows = re.findall(
        r'<th scope="row"><a href="/cameras/\d+/">([^<]+)</a></th>.*?</tr>', page, re.S
    )
    assert rows == [camera.asset_tag for camera in cameras]
    for camera in cameras:
        day = camera.installed_on
        assert f'<time datetime="{day}" title="{day}">{format_roc(day)}</time>' in page


def in_service_count(client, site) -> int:
    page = text(client.get(site.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"))
    found = re.search(r'Cameras in service</dt><dd id="in-service">([\d,]+)</dd>', page)
    return int(found.group(1))


def test_site_page_counts_cameras_in_service_today(admin_client, today_is):
    site = Site.objects.get(code="ZL-000001")
    camera = site.cameras.filter(status="in_service").first()
    before = site.cameras.in_service(on=D(2026, 12, 1)).count()
    camera.status, camera.retired_on = "retired", D(2026, 12, 1)
    camera.save()
    today_is(D(2026, 11, 30))  # the camera's last day in service
    assert in_service_count(admin_client, site) == before
    today_is(D(2026, 12, 1))  # retired on this day: no longer counted
    assert in_service_count(admin_client, site) == before - 1


def test_site_list_counts_and_filters(admin_client, register):
    page = text(admin_client.get("/sites/"))
    assert match_count(page) == len(register.sites)
    precinct = Precinct.objects.get(code="XW")
    expected = sum(s.precinct == "XW" for s in register.sites)
    assert match_count(text(admin_client.get("/sites/?precinct=XW"))) == expected
    by_id = admin_client.get(f"/sites/?precinct={precinct.pk}")  # a bookmark from before codes
    assert (by_id.status_code, by_id["Location"]) == (302, "/sites/?precinct=XW")


COLUMN_HEADER = r'<th scope="col" class="num(?: total)?">(?:<a href="([^"]*)">)?([\w-]+)'


def planner_table(page: str) -> dict:
    """Read the planner's grid: its section headers, batch headers, rows and total row, each
    cell as (figure, link) with "" for none."""
    table = re.search(r'<table class="data grid" id="planner">.*?</table>', page, re.S).group(0)
    head, body, foot = re.search(
        r"<thead>(.*?)</thead>.*?<tbody>(.*?)</tbody>.*?<tfoot>(.*?)</tfoot>", table, re.S
    ).groups()

    def cells(row):
        found = re.findall(r'<td class="num(?: total)?">(?:<a href="([^"]*)">)?([\d,]*)', row)
        return [(n, href.replace("&amp;", "&")) for href, n in found]

    return {
        "sections": re.findall(r'<th scope="colgroup" colspan="(\d+)" id="([\w_]+)">', head),
        "columns": re.findall(COLUMN_HEADER, head),
        "rows": {
            name: cells(row)
            for name, row in re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', body)
        },
        "total": cells(foot),
    }


def test_replacement_planner_is_a_precinct_by_batch_grid(admin_client, today_is):
    today_is(D(2026, 12, 1))  # the day after the 108 lease ended; the page's day by default
    response = admin_client.get("/replacements/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    grid = planner_table(text(response))
    # the 105 lease's lane cameras gained LPR in 112–114 and sites moved on 113/01/01 (the
    # seed's story): the 104-era lane cameras are the only ones left without LPR
    assert grid["sections"] == [("2", "past_life"), ("2", "lane_without_lpr"),
                                ("6", "ended_lease")]  # fmt: skip
    pk = {b.code: b.pk for b in Batch.objects.all()}
    codes = ["SELF-104-107", "SELF-104-107", *(f"LEASE-{n}" for n in range(105, 110))]
    batch_links = [(f"/leases/{pk[code]}/?as_of=2026-12-01", code) for code in codes]
    assert [c for c in grid["columns"] if c[1] != "Total"] == batch_links
    assert [c[1] for c in grid["columns"]].count("Total") == 3
    # the precincts in the department's order, each with its figures
    assert list(grid["rows"]) == ["桃園分局", "中壢分局", "平鎮分局", "八德分局", "大溪分局",
                                  "楊梅分局", "蘆竹分局", "大園分局", "龜山分局", "龍潭分局",
                                  "新屋分局"]  # fmt: skip
    figures = [n for n, _href in grid["rows"]["中壢分局"]]
    assert figures == ["265", "265", "136", "136", "324", "630", "600", "666", "654",
                       "2,874"]  # fmt: skip
    total = [n for n, _href in grid["total"]]
    assert total == ["1,489", "1,489", "773", "773", "2,096", "3,700", "3,700", "3,700",
                     "3,750", "16,946"]  # fmt: skip
    # every figure links to the camera list that holds its cameras
    zl = grid["rows"]["中壢分局"]
    assert zl[0][1] == "/cameras/?precinct=ZL&batch=SELF-104-107&past_life_on=2026-12-01"
    assert zl[2][1] == ("/cameras/?precinct=ZL&batch=SELF-104-107&in_service_on=2026-12-01"
                        "&is_lane=true&has_lpr=false")  # fmt: skip
    assert zl[7][1] == "/cameras/?precinct=ZL&batch=LEASE-108&lease_ended_on=2026-12-01"
    assert zl[9][1] == "/cameras/?precinct=ZL&lease_ended_on=2026-12-01"
    assert grid["total"][8][1] == "/cameras/?batch=LEASE-109&lease_ended_on=2026-12-01"
    assert grid["total"][9][1] == "/cameras/?lease_ended_on=2026-12-01"
    for n, href in [zl[2], zl[7], zl[9], grid["total"][4], grid["total"][8]]:
        assert match_count(text(admin_client.get(href))) == int(n.replace(",", "")), href


def test_replacement_planner_leaves_empty_cells_empty(admin_client):
    page = text(admin_client.get("/replacements/?as_of=2021-07-31", HTTP_ACCEPT_LANGUAGE="en"))
    grid = planner_table(page)
    # no lease had ended on the plan's day: its section is one column of zeros, not linked
    assert grid["sections"][2] == ("1", "ended_lease")
    assert all(row[-1] == ("0", "") for row in grid["rows"].values())
    assert grid["total"][-1] == ("0", "")
    assert [n for n, _href in grid["total"]] == ["810", "810", "400", "1,073", "356", "1,829",
                                                 "0"]  # fmt: skip
    # a precinct without a camera due in a batch shows an empty cell, not 0
    cameras = Camera.objects.filter(precinct__code="XW", batch__code="UNATTRIBUTED")
    states.change(cameras, {"has_lpr": True}, on=None)  # a correction: LPR since installed
    rollup.rebuild()
    page = text(admin_client.get("/replacements/?as_of=2021-07-31", HTTP_ACCEPT_LANGUAGE="en"))
    xw = planner_table(page)["rows"]["新屋分局"]
    assert xw[4] == ("", "")
    assert xw[5][0] == str(24 + 53)  # LEASE-105 and SELF-104-107 only


def test_replacement_planner_costs_the_same_queries_for_more_rows_and_columns(
    admin_client, django_assert_num_queries
):
    with django_assert_num_queries(PLANNER_QUERIES):  # 44 cells in 7 columns
        admin_client.get("/replacements/?as_of=2021-07-31")
    Precinct.objects.bulk_create(Precinct(code=f"P{n:02d}", name=f"分局 {n}") for n in range(30))
    with django_assert_num_queries(PLANNER_QUERIES):  # 41 rows, 11 columns
        page = text(admin_client.get("/replacements/?as_of=2026-12-01"))
    assert len(planner_table(page)["rows"]) == 41


# --- queries do not grow with the register --------------------------------------------------

PAGES = [
    "/?as_of=2021-07-31",
    "/?as_of=2026-11-26",
    "/cameras/",
    "/cameras/?precinct=ZL&batch=LEASE-108&has_lpr=true&in_service=true&sort=lease_end",
    "/cameras/?q=中壢分局&lease_ends_from=115/01/01&lease_ends_to=115/12/31",
    "/leases/?sort=-in_service",
    "/cameras/?in_service_on=2021-07-31&is_lane=true&sort=-installed_on&page=3",
    "/cameras/?q=中正路&precinct=TY",
    "/sites/",
    "/replacements/?as_of=2026-11-26",
    "/leases/",
    "/leases/fiscal-years/111/",
    "/reports/coverage/?as_of=2021-07-31",
    "/history/",
    "/cameras/import/",
]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_are_bounded_and_do_not_grow_with_rows(admin_client):
    batch = Camera.objects.filter(batch__code="LEASE-106").first().batch
    camera = Camera.objects.get(asset_tag="SELF-111-000001")
    pages = [*PAGES, batch.get_absolute_url(), camera.get_absolute_url(),
             camera.site.get_absolute_url()]  # fmt: skip
    before = {url: queries(admin_client, url) for url in pages}
    assert max(before.values()) <= 17, before
    call_command("seed_demo", "--scale", "2", stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = {url: queries(admin_client, url) for url in pages}
    assert after == before


def test_site_list_shows_each_sites_camera_count(admin_client, register):
    page = text(admin_client.get("/sites/?q=ZL-000001"))
    row = re.search(r'<a href="/sites/\d+/">ZL-000001</a>.*?</tr>', page, re.S).group(0)
    count = re.findall(r'<td class="num">([\d,]+)</td>', row)
    assert count == [str(sum(c.site == 0 for c in register.cameras))]


@pytest.mark.parametrize("as_of", ["1900-01-01", "9999-12-31", "3000-01-01"])
def test_dates_outside_the_registers_years_are_refused(admin_client, as_of):
    response = admin_client.get("/", {"as_of": as_of}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "lies outside the years the register keeps (1912–2999)." in text(response)


@pytest.mark.parametrize("day, listed", [
    ("110/07/31", {"LEASE-110"}),  # the 111 lease was not bought yet
    ("110/12/31", {"LEASE-110"}),
    ("111/01/01", {"LEASE-110", "LEASE-111"}),  # from 1 January of its ROC year
])  # fmt: skip
def test_a_days_alerts_name_only_batches_bought_by_then(admin_client, day, listed):
    page = text(admin_client.get("/", {"as_of": day}, HTTP_ACCEPT_LANGUAGE="en"))
    unknown = set(
        re.findall(r'Batch <a href="/leases/\d+/">([\w-]+)</a> is a lease with no end date', page)
    )
    assert unknown == listed


def test_empty_date_boxes_show_no_day_but_say_how_to_write_one(admin_client):
    """A grey 112/08/31 in an empty box read as a value: an in-service camera looked retired."""
    camera = Camera.objects.filter(retired_on__isnull=True).first()
    for url in ["/cameras/", "/", f"/cameras/{camera.pk}/edit/", "/history/"]:
        page = text(admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
        assert "placeholder=" not in page, url
        assert "A day as 112/08/31, 1120831 or 2023-08-31." in page, url
    form = text(admin_client.get(f"/cameras/{camera.pk}/edit/"))
    assert re.search(r'<input type="text" name="retired_on" inputmode="numeric"[^>]*>', form)
    assert 'name="retired_on" value=' not in form


def test_the_sorted_column_says_so_to_screen_readers(admin_client):
    page = text(admin_client.get("/cameras/?sort=-installed_on", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<caption class="visually-hidden">The cameras that match the filters</caption>' in page
    assert re.findall(r"<th [^>]*aria-sort[^>]*>", page) == [
        '<th scope="col" aria-sort="descending">'
    ]
    assert '<a href="?sort=installed_on">Installed on ▼</a>' in page
    batches = text(admin_client.get("/leases/?sort=days_left", HTTP_ACCEPT_LANGUAGE="en"))
    assert '<th scope="col" class="num" aria-sort="ascending"><a href="?sort=-days_left">' in (
        batches
    )
