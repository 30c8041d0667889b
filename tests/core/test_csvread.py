"""core.csvread: the lines of a file as the csv module reads them, and where a row starts."""

import io

import pytest

from core.csvread import _lines, read_rows

TEXTS = [
    "a,b\r\nc,d\r\n",
    "a,b\nc,d",  # no line end at the end
    "a,b\rc,d\r",  # old Mac line ends
    'a,"two\r\nlines"\r\n\r\nc,d\n',  # a quoted line break, a blank line
    "\r\n\n\r",
    "a\r\r\nb\n\rc",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_lines_are_those_of_stringio_without_newline_translation(text):
    assert list(_lines(text)) == io.StringIO(text, newline="").readlines()


def test_rows_are_numbered_as_an_editor_counts_lines():
    _delimiter, header, rows = read_rows('tag,note\r\nA,"one\rtwo"\r\n\r\nB,x\rC,y')
    assert header == ["tag", "note"]
    assert list(rows) == [(2, ["A", "one\rtwo"]), (5, ["B", "x"]), (6, ["C", "y"])]
