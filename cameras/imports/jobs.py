"""Long imports in the background: a file of more than BACKGROUND_ROWS rows is checked and
written by the worker (`manage.py db_worker`, Django's tasks framework through the django-tasks
backport and its database backend), while its page shows how far it has got.

The import is the same call as on the page, in one transaction: all or nothing. Its progress
(rows read, problems found, what it is doing) is a small file beside the uploaded one, written
as it goes and every few seconds by a heartbeat: the import's own transaction holds its
database writes until the end. A worker killed mid-way never commits, so the register is left
as it was; its heartbeat stops, and the page then marks the job failed.
"""

import datetime
import json
import os
import secrets
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from core.models import ImportRecord
from core.xlsxread import count_rows, is_workbook

from ..models import ImportJob, ImportJobStatus
from . import import_cameras

BACKGROUND_ROWS = 50_000  # a file with more rows is imported by the worker
BEAT = 5  # seconds between two heartbeats
STALE = 60  # seconds without a heartbeat after which a running job has failed
PROBLEMS_KEPT = 200


def import_options(pending: dict) -> dict:
    """Return import_cameras()'s options from what the upload form gave (kept as JSON)."""
    day, since = pending.get("effective_on"), pending.get("in_service_on")
    return {
        "encoding": pending["encoding"],
        "create_sites": pending["create_sites"],
        "effective_on": datetime.date.fromisoformat(day) if day else None,
        "correction": pending.get("correction", False),
        "reason": pending.get("reason", ""),
        "in_service_on": datetime.date.fromisoformat(since) if since else None,
        "sheet": pending.get("sheet"),
        "columns": pending.get("columns"),
        "batch": pending.get("batch"),
        "create_units": pending.get("create_units", False),
    }


def rows_in(data: bytes, sheet: str | None = None) -> int:
    """Return about how many rows a file has, cheaply: its line ends (a quoted cell may hold
    more), or a workbook sheet's rows (the first, or `sheet`)."""
    if is_workbook(data):
        return count_rows(data, sheet)
    return max(0, data.count(b"\n") - 1)


def start(data: bytes, *, folder: Path, user, file_name: str, options: dict) -> ImportJob:
    """Store the file and queue its import for the worker; return the job."""
    token = secrets.token_urlsafe(24)
    (folder / f"job-{token}.data").write_bytes(data)
    job = ImportJob.objects.create(
        user=user, file_name=file_name[:255], token=token, options=options,
        rows_expected=rows_in(data, options.get("sheet")),
    )  # fmt: skip
    run.enqueue(job.pk, str(folder))
    return job


@task()
def run(job_pk: int, folder: str):
    """The worker's task: import the job's file, noting its progress, then record the result."""
    job = ImportJob.objects.get(pk=job_pk)
    if job.status != ImportJobStatus.QUEUED:
        return
    data_path = Path(folder) / f"job-{job.token}.data"
    notes = Progress(Path(folder) / f"job-{job.token}.json")
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING)
    try:
        with notes.beating(), translation.override(job.options.get("language")):
            result = import_cameras(
                data_path.read_bytes(), user=job.user, file_name=job.file_name,
                progress=notes.note, **import_options(job.options),
            )  # fmt: skip
    except Exception as error:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJobStatus.FAILED, message=str(error)[:2000]
        )
        raise
    finally:
        data_path.unlink(missing_ok=True)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE if result.ok else ImportJobStatus.REFUSED,
        summary={"rows": result.rows, "created": result.created, "updated": result.updated,
                 "unchanged": result.unchanged, "sites": len(result.new_sites)},
        problems=[str(problem) for problem in result.problems[:PROBLEMS_KEPT]],
        problem_count=len(result.problems), change_set=result.change_set,
    )  # fmt: skip
    notes.path.unlink(missing_ok=True)


class Progress:
    """A job's progress note: rows read, problems found, stage, and the time of the last beat."""

    def __init__(self, path: Path):
        self.path, self.rows, self.problems, self.stage = path, 0, 0, "reading"
        self.lock = threading.Lock()

    def note(self, rows: int, problems: int, stage: str = "reading"):
        """Called by the import as it reads (checks.PROGRESS_EVERY rows) and as it writes."""
        self.rows, self.problems, self.stage = rows, problems, stage
        self.write()

    def write(self):
        with self.lock:  # the heartbeat writes from its own thread
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps({
                "rows": self.rows, "problems": self.problems, "stage": self.stage,
                "beat": time.time(),
            }))  # fmt: skip
            os.replace(temporary, self.path)  # a reader never sees half a note

    @contextmanager
    def beating(self):
        """Beat every BEAT seconds while the import runs, from a thread of its own."""
        stop = threading.Event()

        def beat():
            while not stop.wait(BEAT):
                self.write()

        self.write()
        thread = threading.Thread(target=beat, daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join()


def state(job: ImportJob, folder: Path) -> dict:
    """Return what the job's page shows: its status, rows read, problems found, percentage.

    A running job whose heartbeat stopped more than STALE seconds ago died with its worker:
    it is marked failed (its transaction never committed, so nothing was written).
    """
    note = {}
    with suppress(OSError, ValueError):
        note = json.loads((folder / f"job-{job.token}.json").read_text())
    if job.status == ImportJobStatus.RUNNING and time.time() - note.get("beat", 0) > STALE:
        # it may have died after its import committed, before it said so: the record tells
        written = ImportRecord.objects.filter(
            file_name=job.file_name, user=job.user, imported_at__gte=job.created_at
        ).first()
        if written is not None:
            kept = written.row_count - written.created_count - written.updated_count
            done = {"status": ImportJobStatus.DONE, "change_set": written.change_set,
                    "summary": {"rows": written.row_count, "created": written.created_count,
                                "updated": written.updated_count, "unchanged": kept,
                                "sites": None}}  # fmt: skip
        else:
            message = _("The worker stopped before the import ended; nothing was written.")
            done = {"status": ImportJobStatus.FAILED, "message": message}
        ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.RUNNING).update(**done)
        job.refresh_from_db()
    rows = job.summary.get("rows", note.get("rows", 0))
    expected = max(job.rows_expected, rows, 1)
    finished = job.status not in (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)
    return {
        "rows": rows,
        "problems": job.problem_count if finished else note.get("problems", 0),
        "writing": note.get("stage") == "writing" and not finished,
        "percent": 100 if finished else min(99, rows * 100 // expected),
        "finished": finished,
    }
