"""Shares are computed exactly and rounded half up, in one place."""

from decimal import Decimal

import pytest

from core.figures import pct_text, share_pct


def test_pct_text():
    assert pct_text(Decimal("58.86")) == "58.86 %"
    assert pct_text(None) == "—"


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (12_978, 22_049, Decimal("58.86")),
        (12_978, 14_807, Decimal("87.65")),
        (1, 8, Decimal("12.50")),
        (1, 800, Decimal("0.13")),  # 0.125 rounds half up
        (1, 1600, Decimal("0.06")),  # 0.0625 -> 0.06
        (2, 3, Decimal("66.67")),
        (0, 5, Decimal("0.00")),
        (5, 5, Decimal("100.00")),
        (0, 0, None),
        (3, 0, None),
    ],
)
def test_share_pct_rounds_half_up(part, whole, expected):
    assert share_pct(part, whole) == expected
    if expected is not None:
        assert str(share_pct(part, whole)) == str(expected)
