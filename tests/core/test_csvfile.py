"""The CSV rules for Excel, in Python and in SQL: cells, line ends, neutralised formulas."""

import datetime
from decimal import Decimal

import pytest

from core import csvfile

D = datetime.date


def test_cell_rules():
    assert csvfile.text_cell("=1+1") == "'=1+1"
    assert csvfile.text_cell("-") == "'-"
    assert csvfile.text_cell("") == csvfile.text_cell(None) == ""
    assert csvfile.text_cell("a=b") == "a=b"
    assert csvfile.unneutralise("'=1+1") == "=1+1"
    assert csvfile.text_cell("'quoted'") == "''quoted'"
    assert csvfile.unneutralise("''quoted'") == "'quoted'"
    assert csvfile.unneutralise("plain") == "plain"
    assert csvfile.decimal_cell(Decimal("129924.342")) == "129924.342"
    assert csvfile.decimal_cell(Decimal("1.2E+5")) == "120000"
    assert csvfile.decimal_cell(Decimal("37000.000")) == "37000.000"
    assert csvfile.roc_cell(D(1911, 12, 31)) == ""
    assert csvfile.roc_cell(D(1912, 1, 1)) == "1/01/01"


def test_copy_records_get_crlf_but_line_breaks_inside_cells_stay():
    blocks = [b'a,"x\ny",b\n', b'c,"say ""hi""\n",d\n', b"e,f\n"]
    assert b"".join(csvfile.crlf_records(blocks)) == (
        b'a,"x\ny",b\r\nc,"say ""hi""\n",d\r\ne,f\r\n'
    )
    # a quoted cell split across chunks keeps its state
    body, quoted = csvfile._crlf(b'a,"x\n', False)
    assert (body, quoted) == (b'a,"x\n', True)
    assert csvfile._crlf(b'y",b\n', quoted) == (b'y",b\r\n', False)


@pytest.mark.parametrize("value", ["'=1FX09", "=1+1", "''", "'", "'a", "a'", "@x", "-", "x"])
def test_reading_a_cell_back_is_the_exact_inverse_of_writing_it(value):
    assert csvfile.unneutralise(csvfile.text_cell(value)) == value
