"""CSV downloads of the batch list, the budget lines and the fiscal-111 table: exact money."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leases.models import Batch, BudgetLine

pytestmark = pytest.mark.django_db
BOM = b"\xef\xbb\xbf"


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM)
    return body.decode("utf-8-sig"), response


def rows(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text.removesuffix("\r\n").split("\r\n")


def queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        text, _response = download(client, url)
    return len(captured), text.count("\r\n") - 1


def test_batch_list_export(admin_client, today_is):
    today_is(datetime.date(2026, 12, 1))
    text, response = download(admin_client, "/leases/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="leases_2026-12-01.csv"'
    lines = rows(text)
    assert lines[0] == (
        "code,name,kind,contracted,registered,in_service,lease_start,lease_start_roc,lease_end,"
        "lease_end_roc,lease_end_computed,lease_status,procured_roc_year,service_life_years,vendor,"
        "contract_number,monthly_rate_ntd,term_months,billing_start,billing_rule,funding_source,"
        "fy111_thousand_ntd"
    )
    by_code = {line.split(",", 1)[0]: line for line in lines[1:]}
    assert list(by_code) == list(Batch.objects.order_by("code").values_list("code", flat=True))
    # the 109 lease ended on 2025-12-31
    assert by_code["LEASE-109"] == (
        "LEASE-109,109 年監視錄影系統租賃案,lease,3750,3750,3750,,,2025-12-31,114/12/31,,"
        "ended,109,,,,2887.2076,,lease,months,city_budget,129924.342"
    )
    # no end date: a gap shown, not a guess
    assert by_code["LEASE-110"] == (
        "LEASE-110,110 年度監視錄影系統租賃案（新設及汰換）,lease,1600,1600,1600,,,,,,"
        "end_unknown,110,,,,3196.8750,,lease,months,city_budget,61380.000"
    )
    # 300 of the 1,789 retired in 2022; a batch without a budget line has an empty cell
    assert by_code["SELF-104-107"] == (
        "SELF-104-107,104–107 年天羅地網自建案,self_built,1789,1789,1489"
        + "," * 7
        + "104,5"
        + "," * 8
    )
    assert by_code["UNATTRIBUTED"] == (
        'UNATTRIBUTED,"來源未明（計畫書未歸屬之 3,314 支）",unattributed,,3314,2486' + "," * 16
    )
    page = admin_client.get("/leases/").content.decode()
    assert page.count('<th scope="row"><a href="/leases/') == len(lines) - 1


def test_budget_lines_export(admin_client):
    text, response = download(admin_client, "/leases/budget-lines/export.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="budget_lines_')
    lines = rows(text)
    assert lines[0] == (
        "fiscal_year,batch,batch_name,contract,funding_source,amount_thousand_ntd,purpose"
    )
    assert len(lines) - 1 == BudgetLine.objects.count() == 10
    assert (
        "111,LEASE-109,109 年監視錄影系統租賃案,,city_budget,129924.342,"
        '"109 年租賃案 3,750 支，租期至 114 年 12 月 31 日"'
    ) in lines
    assert (
        ",LEASE-111,111 年重劃區、新闢及聯外道路與分局需求新設攝影機租賃案,,city_budget,651.600,"
        in text
    )
    assert "111,,,天羅地網資訊機房維護保養計畫,city_budget,4686.000," in text


def test_fiscal_year_export_reproduces_the_plan_exactly(admin_client):
    text, response = download(admin_client, "/leases/fiscal-years/111/export.csv")
    assert response["Content-Disposition"].startswith('attachment; filename="fiscal_year_111_')
    lines = rows(text)
    assert lines[0] == (
        "scope,fiscal_year,batch,batch_name,contract,funding_source,amount_thousand_ntd,purpose,"
        "camera_months,budget_thousand_ntd,difference_thousand_ntd,ends_on,precinct,cameras"
    )
    assert "total,111,,,,,650551.942,,,,,,," in lines
    amounts = [Decimal(line.split(",")[6]) for line in lines[1:-1] if line.startswith("line,")]
    assert sum(amounts) == Decimal("650551.942")
    assert len(amounts) == 10
    assert any(
        line.startswith("line,111,SELF-111,") and ",central_subsidy,120000.000," in line
        for line in lines
    )
    # what the register says each lease costs: the plan's amounts, to the dollar
    projected = [line for line in lines if line.startswith("projected,")]
    assert [line.split(",")[2] for line in projected] == [
        f"LEASE-{year}" for year in range(105, 112)
    ]
    assert (
        "projected,111,LEASE-109,109 年監視錄影系統租賃案,,city_budget,129924.342,,45000,"
        "129924.342,0.000,,,"
    ) in projected
    assert lines[-1] == "projected_total,111,,,,,488865.942,,,488865.942,0.000,,,"
    assert admin_client.get("/leases/fiscal-years/999/export.csv").status_code == 404


def test_fiscal_year_export_lists_the_leases_that_end_in_it_by_precinct(admin_client):
    lines = rows(download(admin_client, "/leases/fiscal-years/112/export.csv")[0])
    assert "total,112,,,,,0.000,,,,,,," in lines  # no budget line typed for 112
    assert (
        "projected,112,LEASE-105,105 年監視錄影系統租賃案,,city_budget,31440.000,,16768,,,,,"
    ) in lines
    ending = [line.split(",") for line in lines if line.startswith("ending,")]
    assert {(cells[2], cells[11]) for cells in ending} == {("LEASE-105", "2023-08-31")}
    assert sum(int(cells[13]) for cells in ending) == 2096
    assert [cells[12] for cells in ending][:2] == ["TY", "ZL"]  # the department's order


def test_lease_exports_cost_the_same_queries_for_more_rows(admin_client):
    urls = ["/leases/export.csv", "/leases/budget-lines/export.csv",
            "/leases/fiscal-years/111/export.csv"]  # fmt: skip
    before = {url: queries(admin_client, url) for url in urls}
    batches = Batch.objects.bulk_create(
        Batch(code=f"EXTRA-{n:04d}", name=f"extra {n}", kind="lease") for n in range(990)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(batch=batch, fiscal_year=111, amount_thousand_ntd=Decimal("1.5"),
                   funding_source="city_budget")
        for batch in batches
    )  # fmt: skip
    after = {url: queries(admin_client, url) for url in urls}
    # the fiscal year's file: a budget line and a projected row for each new lease
    assert [rows for _q, rows in after.values()] == [
        rows + added for (_q, rows), added in zip(before.values(), (990, 990, 1980), strict=True)
    ]
    assert {url: q for url, (q, _rows) in after.items()} == {
        url: q for url, (q, _rows) in before.items()
    }
    total = next(
        line
        for line in rows(download(admin_client, "/leases/fiscal-years/111/export.csv")[0])
        if line.startswith("total,")
    )
    assert total == "total,111,,,,,652036.942,,,,,,,"
