"""The rules of the CSV files auditors open in Excel and staff load, written once.

Writing (every export):
- UTF-8 with a byte-order mark (so Excel in Taiwan shows Chinese when the file is
  double-clicked), or without one for tools (`?bom=0`);
- comma separated, CRLF line ends, a cell quoted only when it holds a comma, a quote or a line
  break (the quoting PostgreSQL's COPY … WITH (FORMAT csv) uses, so both paths give equal bytes);
- `true` / `false`, ISO dates (2023-08-31) beside ROC ones (112/08/31), decimals exactly as
  stored (never float), an empty cell for no value;
- a text cell that begins with = + - @, a tab or a carriage return gets a leading ' so that
  Excel never runs it as a formula (OWASP "CSV Injection"); numbers stay numbers.

Each rule exists twice: in Python (`text_cell`, …) for the portable path, and in SQL (`SqlText`,
…) for the PostgreSQL COPY path. tests/cameras/test_exports.py checks both give the same bytes.

Reading (the import): UTF-8 with or without a byte-order mark, Big5 / CP950 (tried when the
bytes are not UTF-8, or chosen), UTF-16 with a byte-order mark (Excel's "Unicode text"); comma
or tab separated; Excel's quoting; blank lines anywhere. A problem is reported at its line as a
text editor counts lines (a quoted cell with a line break in it spans two).
"""

import csv
import datetime
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Func, TextField
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from .roc import ROC_OFFSET, format_roc

BOM = "\ufeff"
UTF8_BOM = BOM.encode()
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_BYTES = 64 * 1024  # what one write to the client carries; memory stays at about this

# The camera export: a published contract. Keep the names and the order; add columns at the end.
CAMERA_COLUMNS = (
    "asset_tag",
    "site",
    "precinct",
    "batch",
    "is_lane",
    "has_lpr",
    "installed_on",
    "retired_on",
    "status",
    "site_name",
    "batch_name",
    "latitude",
    "longitude",
    "has_vehicle_attributes",
    "has_trajectory",
    "has_target_alert",
    "resolution_mp",
    "replaces",
    "installed_on_roc",
    "retired_on_roc",
    "data_source",
    "precinct_name",
)
# The coverage report: a published contract too.
COVERAGE_COLUMNS = ("scope", "name", "cameras", "lane", "lpr", "lpr_pct", "lpr_of_lane_pct")


# --- cells, in Python -----------------------------------------------------------------------


def text_cell(value: str | None) -> str:
    """Return a text cell, neutralised when Excel would read it as a formula."""
    if not value:
        return ""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def unneutralise(value: str) -> str:
    """Undo `text_cell`'s leading ' so that an exported file imports as it was exported."""
    if value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


def bool_cell(value: bool | None) -> str:
    if value is None:
        return ""
    return "true" if value else "false"


def date_cell(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


def roc_cell(day: datetime.date | None) -> str:
    """Return 112/08/31, or an empty cell for no date or one before ROC year 1."""
    if day is None or day.year <= ROC_OFFSET:
        return ""
    return format_roc(day)


def decimal_cell(value: Decimal | None) -> str:
    """Return a decimal exactly, with its stored places: 129924.342, 24.993600, never 1.3E+5."""
    return "" if value is None else format(value, "f")


def number_cell(value: int | None) -> str:
    return "" if value is None else str(value)


def cell(value) -> str:
    """Return any value as its cell, by its type (for the small reports)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return bool_cell(value)
    if isinstance(value, int):
        return number_cell(value)
    if isinstance(value, Decimal):
        return decimal_cell(value)
    if isinstance(value, datetime.date):
        return date_cell(value)
    return text_cell(str(value))


# --- the same cells, in PostgreSQL's SQL (the COPY path) ------------------------------------


class SqlText(Func):
    """`text_cell` in SQL: ascii() is the first character's code (9 tab, 13 CR, 43 +, 45 -,
    61 =, 64 @); an empty text becomes NULL, which COPY writes as an empty cell."""

    template = (
        "CASE WHEN ascii(%(expressions)s) IN (9, 13, 43, 45, 61, 64) "
        "THEN '''' || %(expressions)s ELSE NULLIF(%(expressions)s, '') END"
    )
    output_field = TextField()


class SqlBool(Func):
    template = "CASE WHEN %(expressions)s THEN 'true' WHEN NOT %(expressions)s THEN 'false' END"
    output_field = TextField()


class SqlDate(Func):
    template = "to_char(%(expressions)s, 'YYYY-MM-DD')"
    output_field = TextField()


class SqlRocDate(Func):
    template = (
        "CASE WHEN %(expressions)s >= DATE '1912-01-01' THEN "
        "(EXTRACT(YEAR FROM %(expressions)s)::integer - 1911)::text "
        "|| to_char(%(expressions)s, '/MM/DD') END"
    )
    output_field = TextField()


class SqlDecimal(Func):
    """numeric's text form keeps the column's scale, as Python's Decimal does: 24.993600."""

    template = "(%(expressions)s)::text"
    output_field = TextField()


@contextmanager
def pg_copy(cursor, sql: str, params=None):
    """Run a COPY through psycopg, logged like any query (DEBUG's log, tests' query counts).

    `cursor` is a Django cursor on PostgreSQL; COPY needs the driver's own cursor, which merges
    `params` into the statement client-side.
    """
    logged = cursor.debug_sql(sql, params) if hasattr(cursor, "debug_sql") else nullcontext()
    with logged, cursor.cursor.copy(sql, params) as copy:
        yield copy


# --- rows into bytes ------------------------------------------------------------------------


def header_chunk(header: Sequence[str], *, bom: bool = True) -> bytes:
    """Return the header line, after the byte-order mark unless `bom` is false."""
    return ((BOM if bom else "") + ",".join(header) + "\r\n").encode()


def row_chunks(rows: Iterable[Sequence[str]]) -> Iterator[bytes]:
    """Yield rows of cells as CSV bytes, in chunks of about CHUNK_BYTES."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, bom: bool = True
) -> Iterator[bytes]:
    """Yield the whole file: the header at once (the first bytes leave before any query), then
    the rows."""
    yield header_chunk(header, bom=bom)
    yield from row_chunks(rows)


def crlf_records(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """Turn the LF that ends each COPY record into CRLF, in chunks of about CHUNK_BYTES.

    A line break inside a quoted cell is data and stays as it is: outside quotes every LF ends a
    record. A chunk without a quote (the usual case) needs one bytes.replace().
    """
    quoted = False  # inside a quoted cell at the start of the chunk
    pending, size = [], 0
    for block in blocks:
        pending.append(block)
        size += len(block)
        if size >= CHUNK_BYTES:
            chunk, quoted = _crlf(b"".join(pending), quoted)
            yield chunk
            pending, size = [], 0
    if pending:
        yield _crlf(b"".join(pending), quoted)[0]


def _crlf(chunk: bytes, quoted: bool) -> tuple[bytes, bool]:
    if b'"' not in chunk:
        return (chunk if quoted else chunk.replace(b"\n", b"\r\n")), quoted
    parts = chunk.split(b'"')
    # parts alternate outside / inside quotes ("" inside a cell is an empty part: still balanced)
    for index in range(1 if quoted else 0, len(parts), 2):
        parts[index] = parts[index].replace(b"\n", b"\r\n")
    return b'"'.join(parts), quoted ^ (len(parts) % 2 == 0)


def csv_response(chunks: Iterable[bytes], filename: str) -> StreamingHttpResponse:
    """Stream `chunks` as a CSV attachment named `filename`."""
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- reading --------------------------------------------------------------------------------

ENCODINGS = {"utf-8": "UTF-8", "cp950": "Big5 (CP950)"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: at a line (0: the whole file) and a column ("": none)."""

    line: int
    column: str
    message: str
    position: int = 0  # the column's place in the header: a line's problems in column order

    def __str__(self):
        if self.line and self.column:
            return _("line %(line)s, column %(column)s: %(message)s") % vars(self)
        if self.line:
            return _("line %(line)s: %(message)s") % vars(self)
        return self.message


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
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        refuse(_("This is an Excel workbook, not a CSV file: in Excel choose Save As, CSV UTF-8."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        refuse(_("This is not a CSV file: it holds binary data."))
    encoding = {"big5": "cp950"}.get(encoding, encoding)
    if encoding != "auto" and encoding not in ENCODINGS:
        refuse(_("Unknown encoding %(name)s; choose utf-8 or cp950.") % {"name": encoding})
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
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


def _quoting_problem(text: str, start: int, delimiter: str, header, error) -> Problem:
    """Find where the record that starts on line `start` breaks the quoting rules."""
    state, cell, opened = "start", 0, start
    for line, raw in enumerate(io.StringIO(text, newline="").readlines()[start - 1 :], start):
        for char in raw:
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
