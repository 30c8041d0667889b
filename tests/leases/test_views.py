"""The leases pages: every batch, a batch's page, and the fiscal-111 table of the plan."""

import datetime
import re

import pytest
from django.urls import reverse

from cameras.models import Camera
from leases.models import Batch
from tests.pages import match_count

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def row_of(page, code):
    return re.search(
        rf'<tr>\s*<th scope="row"><a href="[^"]+">{code}</a>.*?</tr>', page, re.S
    ).group(0)


def test_batch_list_shows_every_batch_with_status_and_cost(admin_client, settings):
    response = admin_client.get(reverse("leases:batch_list"), **EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<th scope="row"><a href="/leases/') == 10
    lease_109 = row_of(page, "LEASE-109")
    assert '<time datetime="2025-12-31" title="2025-12-31">114/12/31</time>' in lease_109
    assert '<td class="num">129,924.342</td>' in lease_109
    assert '<small class="terms">2,887.2076 NTD a month</small>' in lease_109
    assert "3,750" in lease_109
    # the unit in the header, three decimals in every cell (thousand NTD kept to the dollar)
    assert re.search(r'<a href="\?sort=fy111">FY 111</a><br><small class="unit">thousand NTD'
                     r"</small></th>", page)  # fmt: skip
    lease_110 = row_of(page, "LEASE-110")
    assert "not stated" in lease_110 and "end date unknown" in lease_110
    assert '<td class="num">61,380.000</td>' in lease_110
    assert "Self-built" in row_of(page, "SELF-111")


@pytest.mark.parametrize(
    "today, expected",
    [("2026-06-02", "active"), ("2026-06-03", "ending soon"), ("2026-11-30", "ending soon"),
     ("2026-12-01", "ended")],
)  # fmt: skip
def test_lease_status_follows_today(admin_client, today_is, today, expected):
    today_is(datetime.date.fromisoformat(today))  # the 108 lease ends on 2026-11-30
    page = admin_client.get(reverse("leases:batch_list"), **EN).content.decode()
    assert f'">{expected}</span>' in row_of(page, "LEASE-108")
    assert '">ended</span>' in row_of(page, "LEASE-105")  # ended 2023-08-31


def test_lease_status_on_the_day_asked(admin_client):
    page = admin_client.get(reverse("leases:batch_list"), {"as_of": "110/07/31"}, **EN)
    assert '">active</span>' in row_of(page.content.decode(), "LEASE-105")


def test_batch_page(admin_client, today_is):
    today_is(datetime.date(2026, 12, 1))
    batch = Batch.objects.get(code="LEASE-106")
    page = admin_client.get(batch.get_absolute_url(), **EN).content.decode()
    assert re.search(r'id="contracted">3,700<', page)
    assert re.search(r'id="registered"><a href="[^"]+">3,700</a>', page)
    assert 'id="difference"' not in page  # as contracted: no difference to show
    assert "ROC 113/11/30<small> (2024-11-30)</small>" in page  # 民國…年…月…日 is not English
    zh = admin_client.get(batch.get_absolute_url()).content.decode()
    assert "民國113年11月30日<small>（2024-11-30）</small>" in zh  # full-width brackets in Chinese
    assert 'id="days-left">ended 731 days ago<' in page  # 2024-11-30 to 2026-12-01
    before = admin_client.get(batch.get_absolute_url(), {"as_of": "113/11/29"}, **EN)
    assert 'id="days-left">1<' in before.content.decode()
    assert re.search(r'<th scope="row"><a href="/leases/fiscal-years/111/">111</a></th>'
                     r'<td class="num">83,250.000</td>', page)  # fmt: skip
    by_precinct = re.search(r'id="by-precinct">.*?</table>', page, re.S).group(0)
    body, total = by_precinct.split("<tfoot>")
    cells = re.findall(r'<th scope="row">[^<]+</th><td class="num">([\d,]+)</td>', body)
    registered = [int(n.replace(",", "")) for n in cells]
    assert sum(registered) == 3_700
    link = "/cameras/?in_service_on=2026-12-01&amp;"
    assert total == (  # the total row: the batch's whole figures, each linked to its cameras
        '<tr><th scope="row">Total</th><td class="num">3,700</td>'
        f'<td class="num"><a href="{link}batch=LEASE-106">3,700</a></td>'
        f'<td class="num"><a href="{link}is_lane=true&amp;batch=LEASE-106">2,600</a></td>'
        f'<td class="num"><a href="{link}has_lpr=true&amp;batch=LEASE-106">2,600</a></td>'
        "</tr></tfoot>\n  </table>"
    )


def test_unattributed_batch_shows_no_contract(admin_client):
    batch = Batch.objects.get(code="UNATTRIBUTED")
    page = admin_client.get(batch.get_absolute_url()).content.decode()
    assert re.search(r'id="contracted">—<', page)
    assert 'id="difference"' not in page  # no contract: nothing to compare with


def test_batch_page_shows_a_difference_from_the_contract(admin_client):
    Camera.objects.filter(batch__code="LEASE-106", asset_tag__endswith="1").delete()
    batch = Batch.objects.get(code="LEASE-106")
    page = admin_client.get(batch.get_absolute_url(), **EN).content.decode()
    assert re.search(r'id="registered"><a href="[^"]+">3,330</a>', page)
    assert '<dt>Difference</dt><dd id="difference">-370</dd>' in page


def test_fiscal_111_table_reproduces_the_plan(admin_client):
    response = admin_client.get(reverse("leases:fiscal_year", args=[111]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="num" id="total">650,551.942</td>' in page
    table = re.search(r'<table class="data" id="fiscal-year">.*?</table>', page, re.S).group(0)
    amounts = re.findall(r'<td class="num">([\d,.]+)</td>', table)
    assert amounts == [  # the batches' lines by code, then the contracts': on either database
        "47,160.000", "83,250.000", "83,250.000", "83,250.000", "129,924.342", "61,380.000",
        "651.600", "120,000.000", "37,000.000", "4,686.000",
    ]  # fmt: skip
    # the amount beside its batch, then the funding source and the purpose
    row = re.search(r'<th scope="row"><a href="[^"]+">LEASE-111</a>.*?</tr>', page, re.S).group(0)
    assert re.findall(r'<td class="(\w+)">', row) == ["num", "funding", "purpose"]


def test_fiscal_year_out_of_range_is_404(admin_client):
    assert admin_client.get("/leases/fiscal-years/0/").status_code == 404
    assert admin_client.get("/leases/fiscal-years/99999/").status_code == 404


def test_empty_fiscal_year(admin_client):
    page = admin_client.get("/leases/fiscal-years/120/").content.decode()
    assert '<td class="num" id="total">0.000</td>' in page


def test_leases_pages_query_counts(admin_client, django_assert_max_num_queries):
    batch = Batch.objects.get(code="LEASE-106")
    for url in [
        reverse("leases:batch_list"),
        batch.get_absolute_url(),
        "/leases/fiscal-years/111/",
    ]:
        with django_assert_max_num_queries(12):
            assert admin_client.get(url).status_code == 200


def batch_codes(page: str) -> list[str]:
    table = re.search(r'<table class="data" id="batches">.*?</table>', page, re.S).group(0)
    return re.findall(r'<th scope="row"><a href="/leases/\d+/">([\w-]+)</a>', table)


def test_batch_list_sorts_by_any_column_with_empty_values_last(admin_client):
    by_code = batch_codes(admin_client.get("/leases/?as_of=2021-07-31").content.decode())
    assert by_code == sorted(by_code)
    most = admin_client.get("/leases/?as_of=2021-07-31&sort=-in_service").content.decode()
    most = batch_codes(most)
    assert most[:2] == ["LEASE-109", "LEASE-106"]  # 3,750 then 3,700 (106 before 107, 108)
    ending = batch_codes(admin_client.get("/leases/?sort=lease_end").content.decode())
    assert ending[:5] == ["LEASE-105", "LEASE-106", "LEASE-107", "LEASE-109", "LEASE-108"]
    latest = batch_codes(admin_client.get("/leases/?sort=-days_left").content.decode())
    assert latest[:2] == ["LEASE-108", "LEASE-109"]
    assert set(latest[5:]) == set(ending[5:])  # no lease end: last either way
    fy = batch_codes(admin_client.get("/leases/?sort=-fy111").content.decode())
    assert fy[0] == "LEASE-109"


def test_the_batch_file_keeps_the_pages_order(admin_client):
    response = admin_client.get("/leases/export.csv?as_of=2021-07-31&sort=-in_service")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:3]] == ["LEASE-109", "LEASE-106"]


@pytest.mark.parametrize("url", ["/leases/?sort=password", "/leases/export.csv?sort=fy99"])
def test_a_sort_the_batch_list_has_not_is_refused(admin_client, url):
    response = admin_client.get(url, **EN)
    assert response.status_code == 400
    name = url.rsplit("=", 1)[1]
    assert f"The batch list cannot be sorted by “{name}”." in response.content.decode()


def test_batch_list_shows_days_left_on_its_day(admin_client, today_is):
    today_is(datetime.date(2026, 6, 3))
    page = admin_client.get("/leases/", **EN).content.decode()
    row = re.search(r">LEASE-108</a>.*?</tr>", page, re.S).group(0)
    assert '<td class="num">180</td>' in row
    row = re.search(r">LEASE-105</a>.*?</tr>", page, re.S).group(0)
    days = (datetime.date(2026, 6, 3) - datetime.date(2023, 8, 31)).days
    assert f'<td class="num">ended {days:,} days ago</td>' in row


def test_batch_page_lane_and_lpr_counts_link_to_their_cameras(admin_client):
    batch = Batch.objects.get(code="LEASE-106")
    page = admin_client.get(batch.get_absolute_url(), {"as_of": "110/07/31"}).content.decode()
    by_precinct = re.search(r'id="by-precinct">.*?</table>', page, re.S).group(0)
    lpr = re.search(r'<a href="([^"]*has_lpr=true[^"]*)">([\d,]+)</a>', by_precinct)
    assert "batch=LEASE-106" in lpr.group(1) and "in_service_on=2021-07-31" in lpr.group(1)
    listing = admin_client.get(lpr.group(1).replace("&amp;", "&")).content.decode()
    assert match_count(listing) == int(lpr.group(2).replace(",", ""))
    assert re.search(r'<a href="[^"]*is_lane=true[^"]*">[\d,]+</a>', by_precinct)


def test_fiscal_year_page_shows_what_each_lease_costs_by_the_register(admin_client):
    page = admin_client.get("/leases/fiscal-years/111/", **EN).content.decode()
    assert '<td class="num" id="projected-total">488,865.942</td>' in page
    projected = re.search(r'<table class="data" id="projected">.*?</table>', page, re.S).group(0)
    assert re.findall(r'<a href="/leases/\d+/">([\w-]+)</a>', projected) == [
        f"LEASE-{year}" for year in range(105, 112)
    ]
    assert '<td class="num">2,887.2076</td>' in projected
    assert "Leases that end this year" not in page
    page = admin_client.get("/leases/fiscal-years/112/", **EN).content.decode()
    assert "Leases that end this year" in page and "2,096" in page


def test_lease_cost_by_fiscal_year_from_105_to_five_years_ahead(admin_client, today_is):
    today_is(datetime.date(2026, 12, 1))
    page = admin_client.get("/leases/fiscal-years/", **EN).content.decode()
    table = re.search(r'<table class="data" id="lease-years">.*?</table>', page, re.S).group(0)
    assert re.findall(r'fiscal-years/(\d+)/">', table) == [str(y) for y in range(105, 121)]
    assert page.count("<rect ") == 2 * 16 and page.count('class="ahead"') == 2 * 5 + 5
    response = admin_client.get("/leases/fiscal-years/export.csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").split("\r\n")
    assert (
        lines[0] == "fiscal_year,leases,unpriced_leases,camera_months,cameras,amount_thousand_ntd"
    )
    by_year = {line.split(",")[0]: line for line in lines[1:-1]}
    assert list(by_year) == [str(y) for y in range(105, 121)]
    assert by_year["111"] == "111,7,0,222802.000,18566.8,488865.942"
    # 115: the 108 lease's last 11 months; then only the leases with no end go on
    assert by_year["115"] == "115,3,0,61100.000,5091.7,140820.180"
    assert by_year["116"] == "116,2,0,20400.000,1700.0,64507.680"
