"""A worker killed mid-way leaves the register unchanged and its job marked failed (issue 14):
a real `manage.py db_worker` process, killed with SIGKILL while it writes.

PostgreSQL only: the worker is another process and needs the test's database, which on
SQLite lives in the test process's memory. `.ci/run` runs the suite on PostgreSQL too.
"""

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from cameras.imports import jobs
from cameras.models import Camera, ImportJob, Precinct, Site, Station
from core.models import ImportRecord
from leases.models import Batch, BatchKind
from tests.cameras import department_lists as lists
from tests.cameras.test_background_imports import upload
from tests.pages import text

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares the database"),
]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROWS = 40_000  # long enough that the worker is still writing when it is killed
WAIT = 180  # seconds the test waits for the worker to start writing before it gives up


def database_url() -> str:
    """The test database, for the worker process."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def end_other_sessions():
    """End the killed worker's database session: its server process would otherwise go on
    with the statement it was running until it next writes to the closed socket."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def moment(seconds: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC)


def wait_for_writing(note: Path, worker: subprocess.Popen) -> dict:
    """Return the job's progress note once the worker says it is writing."""
    for _attempt in range(WAIT * 20):
        assert worker.poll() is None, "the worker stopped by itself"
        if note.exists():
            seen = json.loads(note.read_text())
            if seen["stage"] == "writing":
                return seen
        time.sleep(0.05)
    raise AssertionError("the worker never started writing")


def test_a_worker_killed_while_writing_leaves_the_register_unchanged_and_the_job_failed(
    client, admin_user, pending_folder, monkeypatch
):
    Batch.objects.get_or_create(
        code="LEASE-109", defaults={"name": "109 年租賃", "kind": BatchKind.LEASE}
    )
    client.force_login(admin_user)
    monkeypatch.setattr(jobs, "BACKGROUND_ROWS", 100)
    counts = [model.objects.count() for model in (Camera, Site, Precinct, Station)]
    data = lists.as_csv(lists.CITY_HEADER, lists.city_rows(ROWS))
    assert upload(client, data, name="list.csv").status_code == 302
    job = ImportJob.objects.get()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url(), "DJANGO_DEBUG": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        seen = wait_for_writing(pending_folder / f"job-{job.token}.json", worker)
        time.sleep(1)  # into its inserts
        assert worker.poll() is None, "the worker ended before it was killed"
        worker.send_signal(signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait()
        end_other_sessions()
    assert seen["rows"] == ROWS and worker.returncode == -signal.SIGKILL
    # its last heartbeat, made a whole second so that the page's bound is met exactly (a
    # moment the clock is set to keeps microseconds only)
    note = pending_folder / f"job-{job.token}.json"
    beat = int(json.loads(note.read_text())["beat"])
    note.write_text(json.dumps({**json.loads(note.read_text()), "beat": beat}))
    assert [model.objects.count() for model in (Camera, Site, Precinct, Station)] == counts
    assert not ImportRecord.objects.exists()
    job.refresh_from_db()
    assert job.status == "running"  # as the worker left it: nobody has looked yet
    with time_machine.travel(moment(beat + jobs.STALE), tick=False):
        page = text(client.get(job.get_absolute_url(), **EN))
    assert "refresh" in page and ImportJob.objects.get().status == "running"  # not yet stale
    with time_machine.travel(moment(beat + jobs.STALE + 1), tick=False):
        page = text(client.get(job.get_absolute_url(), **EN))
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message == "The worker stopped before the import ended; nothing was written."
    assert job.message in page and "refresh" not in page
    assert [model.objects.count() for model in (Camera, Site, Precinct, Station)] == counts
