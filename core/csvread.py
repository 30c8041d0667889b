"""Reading the CSV files staff load: decoding, the table, and where each problem is.

UTF-8 with or without a byte-order mark, Big5 / CP950 (tried when the bytes are not UTF-8, or
chosen), UTF-16 with a byte-order mark (Excel's "Unicode text"); comma or tab separated;
Excel's quoting; blank lines anywhere. A problem is reported at its line as a text editor counts
lines (a quoted cell with a line break in it spans two).
"""

import csv
import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

ENCODINGS = {"utf-8": "UTF-8", "cp950": "Big5 (CP950)"}
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # a line and its ending, if any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: at a line (0: the whole file) and a column ("": none)."""

    line: int
    column: str
    message: str
    position: int = 0  # the column's place in the header: a line's problems in column order
    sheet: str = ""  # a workbook's sheet: `line` is then its row, `position` its column

    def __str__(self):
        if self.sheet and self.line:
            return self.in_sheet()
        if self.line and self.column:
            return _("line %(line)s, column %(column)s: %(message)s") % vars(self)
        if self.line:
            return _("line %(line)s: %(message)s") % vars(self)
        return self.message

    def in_sheet(self) -> str:
        """Say where in a workbook: sheet, row and column letter (as Excel shows them)."""
        where = {**vars(self), "letter": get_column_letter(max(self.position, 0) + 1)}
        if self.column and self.position < 0:  # a column the sheet does not have (--batch)
            return _("sheet %(sheet)s, row %(line)s, %(column)s: %(message)s") % where
        if self.column:
            message = _(
                "sheet %(sheet)s, row %(line)s, column %(letter)s (%(column)s): %(message)s"
            )
            return message % where
        return _("sheet %(sheet)s, row %(line)s: %(message)s") % where


class Refused(Exception):
    """The file cannot be read as a table at all; nothing past this point is checked."""

    def __init__(self, *problems: Problem):
        super().__init__(problems)
        self.problems = list(problems)


def refuse(message: str, line: int = 0):
    raise Refused(Problem(line, "", message))


def decode(data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Return the file's text and the name of its encoding; refuse what is not text.

    `encoding` is "auto" (UTF-8, with or without a byte-order mark, else Big5), "utf-8" or
    "cp950" (also called "big5").
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        refuse(_("This is an old Excel workbook (.xls): in Excel save it as .xlsx, or CSV UTF-8."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
        if text is not None and "\x00" not in text:
            return text, "UTF-16"
    if b"\x00" in data:
        refuse(_("This is not a CSV file: it holds binary data."))
    encoding = {"big5": "cp950"}.get(encoding, encoding)
    if encoding != "auto" and encoding not in ENCODINGS:
        refuse(_("Unknown encoding %(name)s; choose utf-8 or cp950.") % {"name": encoding})
    if encoding != "utf-8" and (mixed := _first_line_not_utf8(data)):
        refuse(
            _(
                "this line is not UTF-8 while others are: the file mixes two encodings (Big5 "
                "pasted into UTF-8?); save the whole file again as CSV UTF-8."
            ),
            mixed,
        )
    failures = []
    for name in ENCODINGS if encoding == "auto" else [encoding]:
        try:
            return data.decode("utf-8-sig" if name == "utf-8" else name), ENCODINGS[name]
        except UnicodeDecodeError as error:
            failures.append(error.start)
    line = data[: max(failures)].count(b"\n") + 1  # where the likelier encoding went wrong
    if encoding == "auto":
        refuse(_("the file is neither UTF-8 nor Big5 (CP950) text; save it as CSV UTF-8."), line)
    if encoding == "utf-8":
        refuse(_("this is not UTF-8 text; is the file in Big5 (CP950)?"), line)
    refuse(_("this is not Big5 (CP950) text; is the file in UTF-8?"), line)


def _first_line_not_utf8(data: bytes) -> int | None:
    """Return the first line that is not UTF-8 in a file whose other lines hold UTF-8 beyond
    ASCII; None for a file wholly in UTF-8 or in one other encoding.

    Read as Big5, such a file turns its UTF-8 lines into wrong Chinese (中正 becomes 銝剜迤)
    that no check can tell from real text; so it is refused, naming the line.
    """
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    first_bad, utf8_beyond_ascii = None, False
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            first_bad = first_bad or number
            continue
        utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
    return first_bad if utf8_beyond_ascii else None


def read_rows(text: str) -> tuple[str, list[str], Iterator[tuple[int, list[str]]]]:
    """Return the delimiter, the header's cells and the data rows as (line, cells), lazily.

    Blank lines (and lines of empty cells, as Excel writes them) are left out. Broken quoting
    refuses the file, when the rows reach it: past it, cells can no longer be told apart.
    """
    if not text.strip():
        refuse(_("The file is empty."))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    header: list[str] = []  # named in the problems of the rows, once it is read
    rows = _records(text, delimiter, header)
    header_line, cells = next(rows)
    if header_line != 1:
        refuse(_("the first line must be the header."), 1)
    header.extend(cells)
    first = next(rows, None)
    if first is None:
        refuse(_("The file has a header but no rows."))
    return delimiter, header, itertools.chain([first], rows)


def _records(text: str, delimiter: str, header: list[str]) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    while True:
        line = reader.line_num + 1  # where the next record starts
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise Refused(_quoting_problem(text, line, delimiter, header, error)) from None
        if "".join(cells).strip():  # some cell is not blank
            yield line, cells


def _lines(text: str) -> Iterator[str]:
    """Yield the text's lines with their endings, as `io.StringIO(text, newline="")` does,
    without its copy of the whole text at four bytes a character (200 MB for a 50 MB file)."""
    return (match.group() for match in LINE.finditer(text))


def _quoting_problem(text: str, start: int, delimiter: str, header, error) -> Problem:
    """Find where the record that starts on line `start` breaks the rules of the csv module:
    broken quoting, or a cell longer than it reads (csv.field_size_limit())."""
    state, cell, opened, length, limit = "start", 0, start, 0, csv.field_size_limit()
    for line, raw in enumerate(io.StringIO(text, newline="").readlines()[start - 1 :], start):
        for char in raw:
            length = 0 if char == delimiter and state != "quoted" else length + 1
            if length > limit:
                message = _("this cell holds more than %(n)s characters, the most a cell may.")
                return _at(line, cell, header, message % {"n": f"{limit:,}"})
            if state == "quoted":
                state = "closing" if char == '"' else "quoted"
            elif char == '"' and state in ("start", "closing"):
                state, opened = "quoted", opened if state == "closing" else line
            elif char == delimiter:
                state, cell = "start", cell + 1
            elif char in "\r\n":
                return Problem(start, "", str(error))  # the record ended: nothing found
            elif state == "closing":
                message = _('text after a closing quote; in a quoted cell write a quote as "".')
                return _at(line, cell, header, message)
            else:
                state = "plain"
    if state == "quoted":
        return _at(opened, cell, header, _("the quote that opens this cell is never closed."))
    return Problem(start, "", str(error))


def _at(line: int, index: int, header: Sequence[str], message: str) -> Problem:
    name = header[index].strip().lower() if index < len(header) else ""
    return Problem(line, name or str(index + 1), message, index)
