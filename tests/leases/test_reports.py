"""The fiscal-111 table of the plan, reproduced from the budget lines, exact to the dollar."""

from decimal import Decimal

import pytest

from leases.models import Batch
from leases.reports import fiscal_year_table, lease_cost_by_fiscal_year

pytestmark = pytest.mark.django_db


def test_fiscal_111_table_is_the_plans():
    table = fiscal_year_table(111)
    amounts = {line.payee: line.amount_thousand_ntd for line in table.lines}
    assert amounts == {
        "天羅地網監視錄影系統維護保養案": Decimal("37000.000"),
        "LEASE-105": Decimal("47160.000"),
        "LEASE-106": Decimal("83250.000"),
        "LEASE-107": Decimal("83250.000"),
        "LEASE-108": Decimal("83250.000"),
        "LEASE-109": Decimal("129924.342"),
        "LEASE-110": Decimal("61380.000"),
        "LEASE-111": Decimal("651.600"),
        "SELF-111": Decimal("120000.000"),
        "天羅地網資訊機房維護保養計畫": Decimal("4686.000"),
    }
    assert table.total == Decimal("650551.942")
    assert str(table.total) == "650551.942"


def test_funding_sources():
    table = fiscal_year_table(111)
    sources = {line.payee: line.funding_source for line in table.lines}
    assert sources["SELF-111"] == "central_subsidy"
    assert {s for p, s in sources.items() if p != "SELF-111"} == {"city_budget"}


def test_lease_cost_by_fiscal_year():
    assert lease_cost_by_fiscal_year() == [{"fiscal_year": 111, "amount": Decimal("650551.942")}]
    lease_109 = Batch.objects.get(code="LEASE-109")
    assert lease_cost_by_fiscal_year(batch=lease_109) == [
        {"fiscal_year": 111, "amount": Decimal("129924.342")}
    ]


def test_cost_per_camera_year_matches_the_plan():
    def per_camera(code):
        batch = Batch.objects.get(code=code)
        (row,) = lease_cost_by_fiscal_year(batch=batch)
        return (row["amount"] / batch.contracted_count).quantize(Decimal("0.01"))

    assert per_camera("LEASE-105") == Decimal("22.50")
    assert per_camera("LEASE-108") == Decimal("22.50")
    assert per_camera("LEASE-109") == Decimal("34.65")
    assert per_camera("LEASE-110") == Decimal("38.36")


def test_empty_fiscal_year_totals_zero():
    table = fiscal_year_table(100)
    assert table.lines == []
    assert table.total == Decimal("0.000")


def test_plan_lease_end_dates_and_gaps():
    ends = dict(Batch.objects.filter(kind="lease").values_list("code", "lease_end"))
    assert {code: (end.isoformat() if end else None) for code, end in ends.items()} == {
        "LEASE-105": "2023-08-31",
        "LEASE-106": "2024-11-30",
        "LEASE-107": "2025-09-30",
        "LEASE-108": "2026-11-30",
        "LEASE-109": "2025-12-31",
        "LEASE-110": None,
        "LEASE-111": None,
    }
