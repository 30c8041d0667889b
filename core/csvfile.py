"""The rules of the CSV files auditors open in Excel, written once (reading: core/csvread.py).

- UTF-8 with a byte-order mark (so Excel in Taiwan shows Chinese when the file is
  double-clicked), or without one for tools (`?bom=0`);
- comma separated, CRLF line ends, a cell quoted only when it holds a comma, a quote or a line
  break (the quoting PostgreSQL's COPY … WITH (FORMAT csv) uses, so both paths give equal bytes);
- `true` / `false`, ISO dates (2023-08-31) beside ROC ones (112/08/31), decimals exactly as
  stored (never float), an empty cell for no value;
- a text cell that begins with = + - @, a tab or a carriage return gets a leading ' so that
  Excel never runs it as a formula (OWASP "CSV Injection"); numbers stay numbers.

Each rule exists twice: in Python (`text_cell`, …) for the portable path, and in SQL (`SqlText`,
…) for the PostgreSQL COPY path; core/cells.py pairs them, and tests/cameras/test_exports.py
checks that both give the same bytes.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from decimal import Decimal

from django.db.models import Func, TextField
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from .roc import ROC_OFFSET, format_roc

BOM = "\ufeff"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# A text that begins with the neutralising quote gets one more, so that reading a cell back
# (unneutralise) is the exact inverse of writing it: every text survives a round trip.
NEUTRALISED = (*FORMULA_TRIGGERS, "'")
CHUNK_BYTES = 64 * 1024  # what one write to the client carries; memory stays at about this

# --- cells, in Python -----------------------------------------------------------------------


def text_cell(value: str | None) -> str:
    """Return a text cell, neutralised when Excel would read it as a formula."""
    if not value:
        return ""
    return "'" + value if value.startswith(NEUTRALISED) else value


def unneutralise(value: str) -> str:
    """Undo `text_cell`: drop one leading ', so that an exported file imports as it was."""
    return value[1:] if value.startswith("'") else value


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
    """`text_cell` in SQL: ascii() is the first character's code (9 tab, 13 CR, 39 ', 43 +, 45 -,
    61 =, 64 @); an empty text becomes NULL, which COPY writes as an empty cell."""

    template = (
        "CASE WHEN ascii(%(expressions)s) IN (9, 13, 39, 43, 45, 61, 64) "
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


def recorded(chunks: Iterable[bytes], record) -> Iterator[bytes]:
    """Pass the file through, counting its records; note the count when the file is complete.

    A record ends at a line break outside quotes (a quoted cell may hold one). A download cut
    short keeps no count, which is itself worth seeing. `record` has `row_count` and
    `finished_at` (core.models.ExportRecord).
    """
    lines, quoted = 0, False
    for chunk in chunks:
        if b'"' not in chunk and not quoted:
            lines += chunk.count(b"\n")
        else:
            parts = chunk.split(b'"')
            lines += sum(parts[i].count(b"\n") for i in range(1 if quoted else 0, len(parts), 2))
            quoted ^= len(parts) % 2 == 0
        yield chunk
    record.row_count = max(lines - 1, 0)  # less the header
    record.finished_at = timezone.now()
    record.save(update_fields=["row_count", "finished_at"])


def value_rows(
    queryset, lookups: Sequence[str], writers: Sequence[Callable], *, chunk_size: int = 2000
) -> Iterator[list[str]]:
    """Yield a queryset's `lookups` as cells, each value written by its writer, streamed."""
    for row in queryset.values_list(*lookups).iterator(chunk_size=chunk_size):
        yield [write(value) for write, value in zip(writers, row, strict=True)]
