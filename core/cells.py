"""Kinds of CSV cell: how a value is written (in Python and in SQL for COPY) and read back.

A list declares each of its columns once with one of these kinds (cameras/columns.py), and the
page, both export paths and the import all take the column's rules from it.
"""

from decimal import Decimal, InvalidOperation
from unicodedata import normalize

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Func
from django.utils.translation import gettext as _

from . import compass, csvfile
from .codes import normalise_code, unseen_characters
from .roc import ROC_OFFSET, RocDateError, parse_date
from .yesno import parse_yes_no


class CellError(ValueError):
    """A cell's value is wrong; the message is for the user."""


class Text:
    """Text, neutralised against Excel formulas; at most `max_length` characters when read."""

    sql: type[Func] = csvfile.SqlText

    def __init__(self, max_length: int | None = None):
        self.max_length = max_length

    @classmethod
    def like(cls, field):
        """Return the kind of a model field's text: at most as long as the column holds."""
        return cls(field.max_length)

    def write(self, value) -> str:
        return csvfile.text_cell(value)

    def parse(self, text: str):
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(_("longer than %(n)s characters.") % {"n": self.max_length})
        return text


class Code(Text):
    """A code (asset tag, site code): read as core.codes keeps it, unseen characters refused."""

    def parse(self, text: str):
        code = normalise_code(text)
        unseen = unseen_characters(code)
        if unseen:
            raise CellError(
                _("holds characters that cannot be seen (%(chars)s); type the code again.")
                % {"chars": ", ".join(unseen)}
            )
        return super().parse(code)


class Choice(Text):
    """One of a TextChoices' values, written and read as the value (in_service, lease…)."""

    def __init__(self, choices):
        super().__init__()
        self.values = {value: value for value in choices.values}

    def parse(self, text: str) -> str:
        try:
            return self.values[text.lower()]
        except KeyError:
            raise CellError(
                _("“%(text)s” is not one of %(choices)s.")
                % {"text": text, "choices": ", ".join(self.values)}
            ) from None


class Direction(Text):
    """A compass point: written as its code (N, NNE, … NNW), read as core.compass reads it;
    an empty cell is an unknown direction."""

    empty = ""

    def parse(self, text: str) -> str:
        try:
            return compass.parse_direction(text)
        except compass.DirectionError as error:
            raise CellError(str(error)) from None


class Bool:
    """true / false when written; yes or no in any of core.yesno's words when read."""

    sql = csvfile.SqlBool

    def write(self, value) -> str:
        return csvfile.bool_cell(value)

    def parse(self, text: str) -> bool:
        try:
            return parse_yes_no(text)
        except ValueError:
            raise CellError(
                _("“%(text)s” is not yes or no; write true or false.") % {"text": text}
            ) from None


class Count:
    """A whole number from 0 (a version, a count): written as digits, read as digits only."""

    sql = csvfile.SqlDecimal  # numeric and integer columns print the same way in SQL

    def write(self, value) -> str:
        return csvfile.number_cell(value)

    def parse(self, text: str) -> int:
        digits = normalize("NFKC", text)
        if not digits.isdigit() or not digits.isascii():
            raise CellError(_("“%(text)s” is not a whole number.") % {"text": text})
        return int(digits)


class Date:
    """An ISO date when written; ROC or Gregorian when read, from ROC year 1."""

    sql: type[Func] = csvfile.SqlDate

    def write(self, value) -> str:
        return csvfile.date_cell(value)

    def parse(self, text: str):
        try:
            day = parse_date(text)
        except RocDateError as error:
            raise CellError(str(error)) from None
        if day.year <= ROC_OFFSET:
            raise CellError(_("“%(text)s” is before ROC year 1 (1912).") % {"text": text})
        return day


class RocDate(Date):
    """The same day as 112/08/31 (an ROC column beside an ISO one)."""

    sql = csvfile.SqlRocDate

    def write(self, value) -> str:
        return csvfile.roc_cell(value)


class Number:
    """A plain decimal (no exponent) with at most `places` decimals, between low and high."""

    sql = csvfile.SqlDecimal

    def __init__(self, *, places: int, low: Decimal, high: Decimal):
        self.places, self.low, self.high = places, low, high

    @classmethod
    def like(cls, field):
        """Return the kind of a model DecimalField: its places, and the bounds of its validators
        or, without one, of its digits (max_digits=5, decimal_places=1: up to 9999.9)."""
        widest = Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(10) ** (
            -field.decimal_places
        )
        low = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
        high = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
        return cls(
            places=field.decimal_places,
            low=Decimal(max(low)) if low else -widest,
            high=Decimal(min(high)) if high else widest,
        )

    def write(self, value) -> str:
        return csvfile.decimal_cell(value)

    def parse(self, text: str) -> Decimal:
        try:
            number = Decimal(normalize("NFKC", text))
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or "e" in text.lower():
            raise CellError(_("“%(text)s” is not a number.") % {"text": text})
        if -number.as_tuple().exponent > self.places:
            raise CellError(
                _("“%(text)s” has too many decimal places (at most %(places)s).")
                % {"text": text, "places": self.places}
            )
        if not self.low <= number <= self.high:
            raise CellError(
                _("“%(text)s” must lie between %(low)s and %(high)s.")
                % {"text": text, "low": self.low, "high": self.high}
            )
        return number
