"""Dates in the ROC (Minguo) calendar, as Taiwan's staff read and write them.

ROC year = Gregorian year - 1911; ROC year 1 is 1912. Hand-written because no maintained library
parses the notations staff actually type (112/08/31, 112.08.31, 1120831, 民國112年8月31日); the
calendar arithmetic itself is the standard library's.
"""

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

ROC_OFFSET = 1911
# The register's days: from ROC year 1 (every date has an ROC form) to well before the day the
# coverage roll-up uses for "not retired" (9999-12-31).
FIRST_DAY, LAST_DAY = datetime.date(1912, 1, 1), datetime.date(2999, 12, 31)

# 民國112年8月31日, 中華民國 112 年 8 月 31 日, 112年8月31日
_CHINESE = re.compile(r"^(?:中華)?(?:民國)?\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
# 112/08/31, 112.8.31, 112-08-31 (an ROC year has at most three digits)
_ROC_SEPARATED = re.compile(r"^(\d{1,3})([/.\-])(\d{1,2})\2(\d{1,2})$")
# 2023-08-31, 2023/08/31, 2023.08.31
_GREGORIAN_SEPARATED = re.compile(r"^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})$")
_DIGITS = re.compile(r"^\d{6,8}$")


class RocDateError(ValueError):
    """A text that is not a date in either calendar."""


def parse_date(text: str) -> datetime.date:
    """Return the date written in `text`, in the ROC or the Gregorian calendar.

    Accepts 112/08/31, 112.08.31, 112-08-31, 1120831 (seven digits), 990831 (six digits, ROC
    years before 100), 民國112年8月31日, 2023-08-31, 2023/08/31 and 20230831. Full-width digits
    are accepted too. Raises RocDateError with a message for the user.
    """
    value = unicodedata.normalize("NFKC", str(text)).strip()
    if not value:
        raise RocDateError(_("Enter a date."))
    if match := _CHINESE.match(value):
        return _roc(*match.groups(), text=text)
    if match := _ROC_SEPARATED.match(value):
        year, _sep, month, day = match.groups()
        return _roc(year, month, day, text=text)
    if match := _GREGORIAN_SEPARATED.match(value):
        year, _sep, month, day = match.groups()
        return _gregorian(year, month, day, text=text)
    if _DIGITS.match(value):
        if len(value) == 8:
            return _gregorian(value[:4], value[4:6], value[6:], text=text)
        return _roc(value[:-4], value[-4:-2], value[-2:], text=text)
    raise RocDateError(
        _("“%(text)s” is not a date; write it as 112/08/31, 1120831 or 2023-08-31.")
        % {"text": text}
    )


def _roc(year: str, month: str, day: str, *, text: str) -> datetime.date:
    if int(year) < 1:
        raise RocDateError(_("“%(text)s”: ROC years start at 1 (1912).") % {"text": text})
    return _gregorian(str(int(year) + ROC_OFFSET), month, day, text=text)


def _gregorian(year: str, month: str, day: str, *, text: str) -> datetime.date:
    try:
        result = datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise RocDateError(_("“%(text)s” is not a day of the calendar.") % {"text": text}) from None
    if not FIRST_DAY <= result <= LAST_DAY:
        raise RocDateError(
            _("“%(text)s” lies outside the years the register keeps (1912–2999).") % {"text": text}
        )
    return result


def roc_year(day: datetime.date) -> int:
    """Return the ROC year of a date (2023 → 112)."""
    return day.year - ROC_OFFSET


def format_roc(day: datetime.date | None) -> str:
    """Return a date as 112/08/31, or "" for no date."""
    return _formatted(day, "{year}/{day.month:02d}/{day.day:02d}")


def format_roc_long(day: datetime.date | None) -> str:
    """Return a date as 民國112年8月31日, or "" for no date."""
    return _formatted(day, "民國{year}年{day.month}月{day.day}日")


def _formatted(day: datetime.date | None, pattern: str) -> str:
    if day is None:
        return ""
    if day.year <= ROC_OFFSET:
        raise ValueError(f"{day.isoformat()} is before ROC year 1")
    return pattern.format(year=roc_year(day), day=day)
