"""The money and difference filters: a column of amounts lines up, a difference shows only
where there is one."""

from decimal import Decimal

import pytest

from core.templatetags.register import difference, money


@pytest.mark.parametrize("amount, shown", [
    (Decimal("47160"), "47,160.000"),
    (Decimal("129924.342"), "129,924.342"),
    (Decimal("651.6"), "651.600"),
    (Decimal("651.600"), "651.600"),
    (Decimal("650551.942"), "650,551.942"),
    (Decimal("0"), "0.000"),
    (None, "—"),
    ("", "—"),
])  # fmt: skip
def test_money_shows_three_decimals_in_every_cell(amount, shown):
    assert money(amount) == shown


@pytest.mark.parametrize("value, shown", [
    (0, ""), (3, "+3"), (-370, "-370"), (1250, "+1,250"), (None, "—"),
])  # fmt: skip
def test_a_difference_shows_only_when_there_is_one(value, shown):
    assert difference(value) == shown
