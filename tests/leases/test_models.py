"""Batch and budget-line invariants are named database constraints."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from leases.models import Batch, BudgetLine

pytestmark = pytest.mark.django_db
D = datetime.date


def rejected(name_in_message, create):
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    assert name_in_message in str(error.value)


def batch(**values):
    return Batch.objects.create(**{"code": "T-1", "name": "測試案", "kind": "lease", **values})


def test_batch_code_is_unique():
    batch()
    rejected("code", batch)


def test_lease_dates_only_on_leases():
    rejected(
        "batch_lease_dates_only_on_leases",
        lambda: batch(kind="self_built", lease_end=D(2025, 1, 1)),
    )
    rejected(
        "batch_lease_dates_only_on_leases",
        lambda: batch(kind="unattributed", lease_start=D(2020, 1, 1)),
    )


def test_lease_ends_after_it_starts():
    rejected(
        "batch_lease_ends_after_it_starts",
        lambda: batch(lease_start=D(2020, 1, 1), lease_end=D(2020, 1, 1)),
    )


def test_lease_end_may_be_unknown():
    assert batch(lease_start=D(2020, 1, 1), lease_end=None).lease_end is None


def test_service_life_positive():
    rejected("batch_service_life_positive", lambda: batch(service_life_years=0))


def test_kind_must_be_known():
    rejected("batch_kind_valid", lambda: batch(kind="gift"))


def line(**values):
    fields = {
        "contract": "維護案",
        "fiscal_year": 111,
        "amount_thousand_ntd": Decimal("1.5"),
        "funding_source": "city_budget",
    }
    return BudgetLine.objects.create(**{**fields, **values})


def test_amount_not_negative():
    rejected("budget_line_amount_not_negative", lambda: line(amount_thousand_ntd=Decimal("-0.001")))


def test_budget_line_is_for_a_batch_or_a_contract():
    rejected("budget_line_for_a_batch_or_a_contract", lambda: line(contract=""))
    rejected("budget_line_for_a_batch_or_a_contract", lambda: line(batch=batch()))


def test_fiscal_year_positive():
    rejected("budget_line_fiscal_year_positive", lambda: line(fiscal_year=0))


def test_one_line_per_contract_year_and_source():
    line()
    rejected("fiscal_year", line)
