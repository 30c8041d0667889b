import datetime

import pytest
from django.utils import translation

from core.roc import RocDateError, format_roc, format_roc_long, parse_date, roc_year

D = datetime.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("112/08/31", D(2023, 8, 31)),
        ("112/8/31", D(2023, 8, 31)),
        ("112.08.31", D(2023, 8, 31)),
        ("112-08-31", D(2023, 8, 31)),
        ("1120831", D(2023, 8, 31)),
        ("990831", D(2010, 8, 31)),
        ("民國112年8月31日", D(2023, 8, 31)),
        ("中華民國 112 年 08 月 31 日", D(2023, 8, 31)),
        ("112年8月31日", D(2023, 8, 31)),
        ("2023-08-31", D(2023, 8, 31)),
        ("2023/08/31", D(2023, 8, 31)),
        ("2023.8.31", D(2023, 8, 31)),
        ("20230831", D(2023, 8, 31)),
        ("  112/08/31 ", D(2023, 8, 31)),
        ("１１２／０８／３１", D(2023, 8, 31)),  # full-width, as typed with a Chinese IME
        ("1/01/01", D(1912, 1, 1)),
        ("110/07/31", D(2021, 7, 31)),
        ("113/02/29", D(2024, 2, 29)),  # leap day
        ("0010101", D(1912, 1, 1)),
    ],
)
def test_parse_date_accepts_both_calendars(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, message",
    [
        ("112/02/30", "“112/02/30” is not a day of the calendar."),
        ("112/13/01", "“112/13/01” is not a day of the calendar."),
        ("112/00/10", "“112/00/10” is not a day of the calendar."),
        ("112/02/29", "“112/02/29” is not a day of the calendar."),  # 2023 is no leap year
        ("0/01/01", "“0/01/01”: ROC years start at 1 (1912)."),
        ("民國0年1月1日", "“民國0年1月1日”: ROC years start at 1 (1912)."),
        ("0000101", "“0000101”: ROC years start at 1 (1912)."),
        ("", "Enter a date."),
        ("   ", "Enter a date."),
        ("yesterday", "“yesterday” is not a date; write it as 112/08/31, 1120831 or 2023-08-31."),
        ("112/08-31", "“112/08-31” is not a date; write it as 112/08/31, 1120831 or 2023-08-31."),
        ("12345", "“12345” is not a date; write it as 112/08/31, 1120831 or 2023-08-31."),
        ("1120831000", "“1120831000” is not a date; write it as 112/08/31, 1120831 or 2023-08-31."),
        ("2023-8", "“2023-8” is not a date; write it as 112/08/31, 1120831 or 2023-08-31."),
        ("1911-12-31", "“1911-12-31” lies outside the years the register keeps (1912–2999)."),
        ("30000101", "“30000101” lies outside the years the register keeps (1912–2999)."),
    ],
)
def test_parse_date_rejects_what_is_no_date(text, message):
    with pytest.raises(RocDateError) as error, translation.override("en"):
        parse_date(text)
    assert str(error.value) == message


def test_roc_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_date("112/02/30")


def test_format_roc():
    assert format_roc(D(2023, 8, 31)) == "112/08/31"
    assert format_roc(D(2010, 1, 5)) == "99/01/05"
    assert format_roc(D(1912, 1, 1)) == "1/01/01"
    assert format_roc(None) == ""


def test_format_roc_long():
    assert format_roc_long(D(2023, 8, 31)) == "民國112年8月31日"
    assert format_roc_long(None) == ""


def test_format_roc_refuses_days_before_year_1():
    with pytest.raises(ValueError, match="before ROC year 1"):
        format_roc(D(1911, 12, 31))
    with pytest.raises(ValueError, match="before ROC year 1"):
        format_roc_long(D(1900, 1, 1))


def test_roc_year():
    assert roc_year(D(2022, 1, 1)) == 111
    assert roc_year(D(1912, 12, 31)) == 1


@pytest.mark.parametrize("day", [D(1912, 1, 1), D(2021, 7, 31), D(2024, 2, 29), D(2099, 12, 31)])
def test_format_then_parse_round_trips(day):
    assert parse_date(format_roc(day)) == day
    assert parse_date(format_roc_long(day)) == day
    assert parse_date(day.isoformat()) == day
