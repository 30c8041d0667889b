"""The leases pages: every batch, a batch's page, and the fiscal-111 table of the plan."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from leases.models import Batch

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
    assert "129,924.342" in lease_109
    assert "3,750" in lease_109
    assert "FY 111" in page
    lease_110 = row_of(page, "LEASE-110")
    assert "not stated" in lease_110 and "end date unknown" in lease_110
    assert "61,380" in lease_110
    assert "Self-built" in row_of(page, "SELF-111")


def test_lease_status_follows_today(admin_client):
    page = admin_client.get(reverse("leases:batch_list"), **EN).content.decode()
    end_108 = Batch.objects.get(code="LEASE-108").lease_end
    days = (end_108 - timezone.localdate()).days
    expected = "ended" if days < 0 else "ending soon" if days <= 180 else "active"
    assert f'">{expected}</span>' in row_of(page, "LEASE-108")
    # LEASE-105 ended in 2023, whatever today is
    assert '">ended</span>' in row_of(page, "LEASE-105")


def test_batch_page(admin_client):
    batch = Batch.objects.get(code="LEASE-106")
    page = admin_client.get(batch.get_absolute_url(), **EN).content.decode()
    assert re.search(r'id="contracted">3,700<', page)
    assert re.search(r'id="registered"><a href="[^"]+">3,700</a>', page)
    assert re.search(r'id="difference">\+0<', page)
    assert "民國113年11月30日" in page
    days = (batch.lease_end - timezone.localdate()).days
    assert f"ended {-days:,} days ago" in page if days < 0 else f'id="days-left">{days:,}' in page
    assert re.search(r'<th scope="row"><a href="/leases/fiscal-years/111/">111</a></th>'
                     r'<td class="num">83,250</td>', page)  # fmt: skip
    by_precinct = re.search(r'id="by-precinct">.*?</table>', page, re.S).group(0)
    cells = re.findall(r'<th scope="row">[^<]+</th><td class="num">([\d,]+)</td>', by_precinct)
    registered = [int(n.replace(",", "")) for n in cells]
    assert sum(registered) == 3_700


def test_unattributed_batch_shows_no_contract(admin_client):
    batch = Batch.objects.get(code="UNATTRIBUTED")
    page = admin_client.get(batch.get_absolute_url()).content.decode()
    assert re.search(r'id="contracted">—<', page)
    assert re.search(r'id="difference">—<', page)


def test_fiscal_111_table_reproduces_the_plan(admin_client):
    response = admin_client.get(reverse("leases:fiscal_year", args=[111]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<td class="num" id="total">650,551.942</td>' in page
    for amount in ["37,000", "47,160", "83,250", "129,924.342", "61,380", "651.6", "120,000",
                   "4,686"]:  # fmt: skip
        assert f'<td class="num">{amount}</td>' in page
    assert page.count('<td class="num">83,250</td>') == 3


def test_fiscal_year_out_of_range_is_404(admin_client):
    assert admin_client.get("/leases/fiscal-years/0/").status_code == 404
    assert admin_client.get("/leases/fiscal-years/99999/").status_code == 404


def test_empty_fiscal_year(admin_client):
    page = admin_client.get("/leases/fiscal-years/120/").content.decode()
    assert '<td class="num" id="total">0</td>' in page


def test_leases_pages_query_counts(admin_client, django_assert_max_num_queries):
    batch = Batch.objects.get(code="LEASE-106")
    for url in [
        reverse("leases:batch_list"),
        batch.get_absolute_url(),
        "/leases/fiscal-years/111/",
    ]:
        with django_assert_max_num_queries(10):
            assert admin_client.get(url).status_code == 200
