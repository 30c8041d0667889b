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

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from core.csvread import Problem, Refused, decode, read_rows
from core.models import ImportRecord

from .. import editions
from .checks import Check, ImportResult
from .generations import generations
from .writing import write

__all__ = ["ImportResult", "import_cameras"]


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
) -> ImportResult:
    """Check the CSV file `data` and, if every row is good and `commit` is true, write it.

    `encoding` is "auto", "utf-8" or "cp950"; `create_sites` creates sites missing from the
    register (in the row's precinct) instead of refusing their rows. On PostgreSQL the camera
    table is locked against other writers while the file is checked and written. The result
    lists the cameras to create or update from the `listed_from`th on (a page of the preview).
    The rows' changes take effect on `effective_on` (today when None) unless a row gives its
    own `effective_on`; a `correction` (with its `reason`) rewrites the cameras' past instead,
    from that day or else from each camera's install day.
    """
    result = ImportResult(listed_from=listed_from)
    with collector_paused():
        try:
            text, result.encoding = decode(data, encoding)
            _delimiter, header, records = read_rows(text)
            del text  # the records hold it while they are read: freed once they are
            options = {"effective_on": effective_on, "correction": correction}
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
                    options,
                )
                return result  # fmt: skip
            rows = records if split is None else split[0]
            check = Check(result, header, create_sites, **options)
            if not commit:
                check.run(rows)
                return result
            with transaction.atomic():
                _lock()
                plan = check.run(rows)
                if result.ok and (plan.rows or plan.new_sites):  # a change set only for changes
                    change_set = record(data, user, file_name, reason, **options)(result)
                    write(plan, change_set)
                    result.written, result.change_set = True, change_set.change_set
        except Refused as refusal:  # broken quoting stops the reading where it is found
            result.problems += refusal.problems
            result.problems.sort(key=lambda p: (p.line, p.position))
        except IntegrityError as error:  # a rule the checks do not know of; nothing was written
            result.written = False
            message = _("Nothing was written: %(error)s") % {"error": error}
            result.problems.append(Problem(0, "", message))
    return result


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


def _import_generations(result, header, split, order, create_sites, commit, create, options):
    """Check and write a file that names cameras on several rows, a generation at a time
    (generations.py), in one transaction: each against the register the ones before it left.
    A preview, or any problem, rolls all of it back."""
    with transaction.atomic():
        _lock()
        change_set, new_sites = None, set()
        for number, rows in enumerate(split):
            # a camera's later rows come from the same file as its first: their versions are
            # those of the register before the file, and the earlier rows changed it
            check = Check(result, header, create_sites, later=number > 0, **options)
            plan = check.run(rows)
            new_sites.update(result.new_sites)
            if order or not result.ok:
                break
            if plan.rows or plan.new_sites:
                change_set = change_set or create(result)
                write(plan, change_set)
        result.problems = sorted([*result.problems, *order], key=lambda p: (p.line, p.position))
        result.new_sites = sorted(new_sites)
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
