"""Import cameras from a CSV file in the camera export's own format: every row, or none.

Rows are matched by asset tag: a new tag creates a camera, a known one updates it. Every row is
checked first (checks.py), against the others and the register; if any is wrong, nothing is
written and every problem is listed as `line N, column X: what is wrong` in the user's language.
A good file is written in one transaction (writing.py). The columns are the camera export's
(columns.py); the upload page is views.py.
"""

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import replace

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from core.csvread import Problem, Refused, decode, read_rows
from core.models import ImportRecord
from core.xlsxread import is_workbook, read_sheet

from .. import editions
from . import checked
from .checks import Check, ImportResult
from .generations import generations
from .mapping import Mapped
from .writing import write

__all__ = ["ImportResult", "file_header", "import_cameras"]


def import_cameras(
    data: bytes,
    *,
    encoding: str = "auto",
    create_sites: bool = False,
    commit: bool = True,
    user=None,
    file_name: str = "",
    listed_from: int = 0,
    effective_on=None,
    correction: bool = False,
    reason: str = "",
    in_service_on=None,
    columns: dict[str, str] | None = None,
    batch: str | None = None,
    create_units: bool = False,
    sheet: str | None = None,
    progress=None,
) -> ImportResult:
    """Check the CSV file `data` and, if every row is good and `commit` is true, write it.

    `encoding` is "auto", "utf-8" or "cp950"; `create_sites` creates sites missing from the
    register (in the row's precinct) instead of refusing their rows. On PostgreSQL the camera
    table is locked against other writers while the file is checked and written. The result
    lists the cameras to create or update from the `listed_from`th on (a page of the preview).
    The rows' changes take effect on `effective_on` (today when None) unless a row gives its
    own `effective_on`; a `correction` (with its `reason`) rewrites the cameras' past instead,
    from that day or else from each camera's install day. A row without an install day takes
    `in_service_on` (unless it names its own in_service_since_at_latest): its install day is
    then unknown, and it counts from that day.

    `data` may be an Excel workbook (.xlsx): its first sheet, or `sheet`. `columns` maps a
    department's own list to the register's fields (mapping.py: {the file's header: field}),
    with `batch` (a batch code) for every row and `create_units` to create the precincts and
    stations it names that the register lacks. `progress(rows read, problems found, stage)` is
    told how far it has got (the background worker's page, jobs.py).
    """
    result = ImportResult(listed_from=listed_from)
    mapped, sheet_name = None, ""
    with collector_paused():
        try:
            sheet_name, header, records = _table(result, data, encoding, sheet)
            if columns is not None:
                mapped = Mapped(header, columns, batch=batch, create_units=create_units)
                header, records = mapped.header, mapped.rows(records)
            options = {"effective_on": effective_on, "correction": correction}
            checking = {**options, "in_service_on": in_service_on, "planned": mapped,
                        "progress": progress}  # fmt: skip
            split, order = generations(header, records)
            if split is not None and len(split) > 1:
                _import_generations(
                    result,
                    header,
                    split,
                    order,
                    create_sites,
                    commit,
                    record(data, user, file_name, reason, **options),
                    checking,
                    lambda: _told(result, mapped, sheet_name),
                )
                return result  # fmt: skip
            rows = records if split is None else split[0]
            check = Check(result, header, create_sites, **checking)
            if not commit:
                check.run(rows)
                _told(result, mapped, sheet_name)
                return result
            with transaction.atomic():
                _lock()
                plan = check.run(rows)
                _told(result, mapped, sheet_name)
                if result.ok and (plan.rows or plan.new_sites):  # a change set only for changes
                    if progress is not None:
                        progress(result.rows, 0, "writing")
                    change_set = record(data, user, file_name, reason, **options)(result)
                    write(plan, change_set)
                    result.written, result.change_set = True, change_set.change_set
        except Refused as refusal:  # broken quoting stops the reading where it is found
            result.problems += refusal.problems
            result.problems.sort(key=lambda p: (p.line, p.position))
            _told(result, mapped, sheet_name or result.sheet)
        except IntegrityError as error:  # a rule the checks do not know of; nothing was written
            result.written = False
            message = _("Nothing was written: %(error)s") % {"error": error}
            result.problems.append(Problem(0, "", message))
        finally:
            checked.drop()
    return result


def file_header(data: bytes, options: dict) -> list[str] | None:
    """Return the header of an uploaded file (its sheet's, a workbook's), or None when it
    cannot be read: the import then says why."""
    try:
        _sheet, header, _rows = _table(ImportResult(), data, options["encoding"],
                                       options.get("sheet"))  # fmt: skip
    except Refused:
        return None
    return header


def _table(result: ImportResult, data: bytes, encoding: str, sheet: str | None):
    """Return the file's sheet name ("" for CSV), its header and its rows, lazily."""
    if is_workbook(data):
        result.encoding = "xlsx"
        result.sheet, header, records = read_sheet(data, sheet)
        # openpyxl read the shared strings as an XML tree that only a collection frees, and
        # the collector is paused: one collection now, or the tree stays (85 B a string)
        gc.collect()
        return result.sheet, header, records
    text, result.encoding = decode(data, encoding)
    _delimiter, header, records = read_rows(text)
    # the records hold the text while they are read: freed once they are
    return "", header, records


def _told(result: ImportResult, mapped, sheet: str):
    """Tell the problems at the file's own columns (a mapped list's, with its own), and in a
    workbook at its sheet, rows and column letters."""
    if mapped is not None and result.planned is None:  # once
        result.problems = mapped.restore(result.problems)
        result.planned = mapped
    if sheet:
        result.problems = [replace(p, sheet=p.sheet or sheet) for p in result.problems]


def record(data: bytes, user, file_name: str, reason: str, *, effective_on, correction):
    """Return the function that records the import as a change set, with its result's counts."""

    def create(result: ImportResult) -> ImportRecord:
        return ImportRecord.objects.create(
            user=user, file_name=file_name[:255], sha256=hashlib.sha256(data).hexdigest(),
            row_count=result.rows, created_count=result.created, updated_count=result.updated,
            effective_on=effective_on, correction=correction, reason=reason[:200],
        )  # fmt: skip

    return create


def _lock():
    """Lock the camera table against other writers while a file is checked and written: after
    the figures' edition, whose lock every writer takes first (cameras/editions.py)."""
    editions.lock()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE cameras_camera IN SHARE ROW EXCLUSIVE MODE")


def _import_generations(result, header, split, order, create_sites, commit, create, options,
                        told):  # fmt: skip
    """Check and write a file that names cameras on several rows, a generation at a time
    (generations.py), in one transaction: each against the register the ones before it left.
    A preview, or any problem (a mapped list's own among them: `told()` adds them), rolls all
    of it back."""
    with transaction.atomic():
        _lock()
        change_set, new_sites = None, set()
        for number, rows in enumerate(split):
            # a camera's later rows come from the same file as its first: their versions are
            # those of the register before the file, and the earlier rows changed it
            check = Check(result, header, create_sites, later=number > 0, **options)
            plan = check.run(rows)
            new_sites.update(result.new_sites)
            planned = options.get("planned")
            if order or not result.ok or (planned is not None and planned.problems):
                break
            if plan.rows or plan.new_sites:
                change_set = change_set or create(result)
                write(plan, change_set)
        result.problems = sorted([*result.problems, *order], key=lambda p: (p.line, p.position))
        result.new_sites = sorted(new_sites)
        told()
        if not commit or not result.ok or change_set is None:
            transaction.set_rollback(True)
            return
        ImportRecord.objects.filter(pk=change_set.pk).update(
            row_count=result.rows, created_count=result.created, updated_count=result.updated
        )
        result.written, result.change_set = True, change_set.change_set


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a file is read, checked and written.

    Reading 100,000 rows makes millions of objects, and each burst of allocations sets off a
    collection that walks every live object again: about a tenth of an import's time.
    Reference counting still frees the objects as usual; the few in cycles wait for the next
    collection. The pause is process-wide, so other threads run without it meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
