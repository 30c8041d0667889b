"""Shares of a whole, computed exactly and rounded in one place."""

from decimal import Decimal


def share_pct(part: int, whole: int) -> Decimal | None:
    """Return part / whole as a percentage rounded half-up to two decimals; None when whole is 0.

    Integer arithmetic, so 12,978 / 22,049 gives exactly Decimal("58.86") on every database.
    """
    if not whole:
        return None
    hundredths = (2 * 10_000 * part + whole) // (2 * whole)
    return Decimal(hundredths).scaleb(-2)


def pct_text(value: Decimal | None) -> str:
    """Show a share as "58.86 %", or an em dash when there is no figure."""
    return "—" if value is None else f"{value} %"
