"""Reading an Excel workbook (.xlsx) as a table: a header row, then rows of text cells.

openpyxl's read-only mode streams the sheet row by row, and _Rows lets go of each row once
read: a workbook is never held whole, nor its rows. Each cell becomes the text the register's
cells read: a day as ISO, a whole number without ".0", TRUE/FALSE as true/false. Rows are
numbered as Excel numbers them, so a problem's row is the one staff see. A header with merged
cells is refused: read-only mode does not see merges, so the sheet's list of merges is read from
the file itself.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._reader import DATA_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.functions import iterparse

from .csvread import Problem, Refused, refuse

UNPACKED_LIMIT = 2 << 30  # a workbook that unpacks to more (2 GiB) is refused: a zip bomb
MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
CHUNK = 1 << 20  # the sheet's XML is scanned for merges a megabyte at a time


def is_workbook(data: bytes) -> bool:
    """An .xlsx file is a ZIP archive; a CSV file never starts like one."""
    return data.startswith(b"PK\x03\x04")


def _open(data: bytes):
    """Open a workbook read-only; refuse one that cannot be read or unpacks too large."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > UNPACKED_LIMIT:
            refuse(_("This workbook unpacks to more than 2 GiB: save it as CSV UTF-8 instead."))
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Refused:
        raise
    except Exception:  # noqa: BLE001 — openpyxl raises many kinds for a broken file
        refuse(_("This workbook cannot be read: save it again in Excel as .xlsx."))


def count_rows(data: bytes, sheet: str | None = None) -> int:
    """Return how many rows a sheet has (the first, or `sheet`), cheaply: its XML's row
    elements, counted as it streams (a sheet's stated size is often missing or wrong), less
    the header. 0 when unreadable: the import then says why.

    The sheet's part is found by openpyxl's reader of the workbook's index alone: opening the
    workbook would read all its shared strings first (3 s for 200,000 rows, on the upload's
    request, before the worker opens it again)."""
    try:
        reader = ExcelReader(io.BytesIO(data), read_only=True)
        reader.read_manifest()
        reader.read_workbook()
        parts = {found.name: rel.target for found, rel in reader.parser.find_sheets()}
        path = parts.get(sheet) or next(iter(parts.values()))
        rows, tail = 0, b""
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path.lstrip("/")) as xml:
            if sum(info.file_size for info in archive.infolist()) > UNPACKED_LIMIT:
                return 0  # the import refuses it, without unpacking it here
            while chunk := xml.read(CHUNK):
                text = tail + chunk
                rows += text.count(b"<row ") + text.count(b"<row>")
                tail = text[-4:]  # shorter than either: no row is counted twice
    except Exception:  # noqa: BLE001 — a count only: the import refuses the file with its reason
        return 0
    return max(0, rows - 1)


def read_sheet(data: bytes, sheet: str | None = None):
    """Return the sheet's name, its header's cells and its rows as (row number, cells), lazily.

    The first sheet unless `sheet` names another. Rows of empty cells are left out.
    """
    book = _open(data)
    if sheet is not None and sheet not in book.sheetnames:
        refuse(
            _("The workbook has no sheet %(sheet)s; its sheets: %(sheets)s.")
            % {"sheet": sheet, "sheets": "、".join(book.sheetnames)}
        )
    worksheet = book[sheet] if sheet is not None else book.worksheets[0]
    worksheet.reset_dimensions()  # read every row and cell, whatever size the file states
    name = worksheet.title
    rows = _rows(worksheet)
    first = next(rows, None)
    if first is None:
        refuse(_("The sheet %(sheet)s is empty.") % {"sheet": name})
    header_row, header = first
    if header_row != 1:
        refuse(_("the first row must be the header."), 1)
    _refuse_merged_header(data, worksheet, name)
    return name, header, rows


def _rows(worksheet) -> Iterator[tuple[int, list[str]]]:
    number = 0
    try:
        for number, values in _values(worksheet):
            cells = [_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                yield number, cells
    except Exception:  # noqa: BLE001 — broken XML met while streaming: the rows end here
        refuse(_("This workbook cannot be read past this row: save it again in Excel as .xlsx."),
               number + 1)  # fmt: skip


def _values(worksheet) -> Iterator[tuple[int, list]]:
    """Yield each row's number and values, as `iter_rows(values_only=True)` would, through
    _Rows: openpyxl's own parser of a read-only sheet, which its worksheet does not let one
    choose (hence its private parts: the sheet's part, the shared strings, the date formats)."""
    book = worksheet.parent
    with worksheet._get_source() as source:
        parser = _Rows(
            source, worksheet._shared_strings, data_only=True, epoch=book.epoch,
            date_formats=book._date_formats, timedelta_formats=book._timedelta_formats,
        )  # fmt: skip
        for number, cells in parser.parse():
            values = [None] * max((cell["column"] for cell in cells), default=0)
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield number, values


class _Rows(WorkSheetParser):
    """openpyxl's sheet parser, reading only the rows, and letting go of each once read.

    openpyxl clears a row's XML element but leaves it in the sheet's tree, which holds every
    row's (about 160 bytes each) until the sheet ends: memory that grew with the file
    (docs/benchmarks.md). Here each is taken out of the tree once read.
    """

    def parse(self):
        rows = None
        for event, element in iterparse(self.source, events=("start", "end")):
            if event == "start":
                if element.tag == DATA_TAG:
                    rows = element
            elif element.tag == ROW_TAG:
                yield self.parse_row(element)
                element.clear()
                if rows is not None:
                    rows.remove(element)  # its only child by now: found at once


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _refuse_merged_header(data: bytes, worksheet, name: str):
    """Refuse a header row with merged cells, naming each merge (B1:C1)."""
    path = getattr(worksheet, "_worksheet_path", None)  # openpyxl keeps no public name of it
    if path is None:
        return
    merged, tail = set(), b""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(path.lstrip("/")) as sheet:
        while chunk := sheet.read(CHUNK):
            text = tail + chunk
            for start, top, end, bottom in MERGE.findall(text):
                if top == b"1":  # the header is the first row
                    merged.add(
                        f"{start.decode()}1:{(end or start).decode()}{(bottom or top).decode()}"
                    )
            tail = text[-200:]  # a merge cut at the chunk's end is found whole in the next
    if merged:
        raise Refused(*[
            Problem(1, "", _(
                "the header has merged cells (%(cells)s): give each column its own header cell "
                "in one row, then import again."
            ) % {"cells": ref}, sheet=name)
            for ref in sorted(merged)
        ])  # fmt: skip
