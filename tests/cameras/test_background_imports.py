"""Long imports run in the background worker (issue 14): the upload page hands a long file to
`db_worker` and shows its progress, which survives a reload; all or nothing, as every import."""

import datetime
import json
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from cameras.imports import import_cameras, jobs, writing
from cameras.imports import views as import_views
from cameras.imports.mapping import parse_columns
from cameras.models import Camera, ImportJob
from tests.cameras import department_lists as lists
from tests.pages import text

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = datetime.date(2026, 12, 1)
MAPPING = "編號=asset_tag,所屬單位=unit,安裝地址=site_address,攝影方向=direction"


@pytest.fixture
def long_file_is(monkeypatch):
    """Files of more rows than `n` go to the worker (50,000 in the app: too slow for a test)."""

    def set_limit(n: int):
        monkeypatch.setattr(jobs, "BACKGROUND_ROWS", n)

    return set_limit


def upload(client, data: bytes, name: str = "list.xlsx", **fields):
    form = {"file": SimpleUploadedFile(name, data), "encoding": "auto", "columns": MAPPING,
            "batch": "LEASE-109", "in_service_on": "109/06/30", "create_sites": "on",
            "create_units": "on", **fields}  # fmt: skip
    return client.post("/cameras/import/", form, **EN)


@pytest.fixture
def work(monkeypatch):
    """Run the worker, `manage.py db_worker --batch`, until the queue is empty. In the test's
    transaction: its check for stale connections would close the test's own (PostgreSQL)."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_a_long_workbook_is_imported_by_the_worker_with_its_progress_shown(
    admin_client, long_file_is, today_is, work
):
    today_is(TODAY)
    long_file_is(100)
    before = Camera.objects.count()
    response = upload(admin_client, lists.as_xlsx(lists.CITY_HEADER, lists.city_rows(400)))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cameras/import/jobs/{job.pk}/"
    page = text(admin_client.get(response["Location"], **EN))
    assert "Waiting for the worker" in page and '<meta http-equiv="refresh" content="3">' in page
    assert '<dd id="job-rows">0 / about 400</dd>' in page and 'value="0"' in page
    assert Camera.objects.count() == before  # nothing before the worker
    work()
    job.refresh_from_db()
    assert (job.status, job.summary["created"], job.problem_count) == ("done", 400, 0)
    page = text(admin_client.get(job.get_absolute_url(), **EN))
    assert '<dd id="job-percent">100 %</dd>' in page and "refresh" not in page
    assert "Cameras created: 400, updated: 0, unchanged: 0; new sites: 100." in page
    assert f"?change_set={job.change_set}" in page
    assert Camera.objects.count() == before + 400


def test_a_long_file_with_a_bad_row_is_refused_whole_by_the_worker(
    admin_client, long_file_is, today_is, work
):
    today_is(TODAY)
    long_file_is(10)
    rows = lists.city_rows(40)
    rows[30][3] = "上"
    before = Camera.objects.count()
    upload(admin_client, lists.as_csv(lists.CITY_HEADER, rows), name="list.csv")
    work()
    job = ImportJob.objects.get()
    assert (job.status, job.problem_count) == ("refused", 1)
    page = text(admin_client.get(job.get_absolute_url(), **EN))
    assert "1 problem: nothing was written." in page
    assert "line 32, column 攝影方向: “上” is not a compass point" in page
    assert Camera.objects.count() == before


def test_a_worker_that_fails_mid_way_leaves_the_register_as_it_was(
    admin_client, long_file_is, today_is, monkeypatch, work
):
    today_is(TODAY)
    long_file_is(10)

    def broken(plan, change_set):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(writing, "write", broken)
    monkeypatch.setattr("cameras.imports.write", broken)
    before = Camera.objects.count()
    upload(admin_client, lists.as_csv(lists.CITY_HEADER, lists.city_rows(40)), name="list.csv")
    work()
    job = ImportJob.objects.get()
    assert (job.status, job.message) == ("failed", "the disk is full")
    assert Camera.objects.count() == before
    assert "the disk is full" in text(admin_client.get(job.get_absolute_url(), **EN))


def test_a_killed_worker_is_told_by_its_silent_heartbeat(admin_client, admin_user):
    job = ImportJob.objects.create(user=admin_user, file_name="list.xlsx", token="t" * 32,
                                   status="running", rows_expected=200_000)  # fmt: skip
    note = import_views._pending_folder() / f"job-{job.token}.json"
    note.write_text(json.dumps({"rows": 84_000, "problems": 2, "stage": "reading",
                                "beat": time.time()}))  # fmt: skip
    page = text(admin_client.get(job.get_absolute_url(), **EN))
    assert '<dd id="job-rows">84,000 / about 200,000</dd>' in page
    assert '<dd id="job-percent">42 %</dd>' in page and '<dd id="job-problems">2</dd>' in page
    note.write_text(json.dumps({"rows": 84_000, "problems": 2, "stage": "reading",
                                "beat": time.time() - jobs.STALE - 1}))  # fmt: skip
    page = text(admin_client.get(job.get_absolute_url(), **EN))
    job.refresh_from_db()
    assert job.status == "failed"
    assert "The worker stopped before the import ended; nothing was written." in page


def test_the_import_tells_its_progress_as_it_reads_and_writes(admin_user, today_is):
    today_is(TODAY)
    told = []
    data = lists.as_csv(lists.CITY_HEADER, lists.city_rows(4_100))
    result = import_cameras(
        data, columns=jobs_mapping(), batch="LEASE-109", in_service_on=datetime.date(2020, 6, 30),
        create_sites=True, create_units=True, user=admin_user,
        progress=lambda *note: told.append(note),
    )  # fmt: skip
    assert result.ok
    assert told == [(2_000, 0), (4_000, 0), (4_100, 0, "writing")]


def jobs_mapping():
    return parse_columns(MAPPING)


def test_only_its_user_sees_a_background_import(client, django_user_model, admin_user):
    job = ImportJob.objects.create(user=admin_user, file_name="x.csv", token="u" * 32)
    other = django_user_model.objects.create_user("clerk", password="pw-123-long-enough")
    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 403  # no import right
    assert admin_client_get(client, admin_user, job) == 200


def admin_client_get(client, user, job) -> int:
    client.force_login(user)
    return client.get(job.get_absolute_url()).status_code


def test_a_job_with_more_problems_than_it_keeps_says_so(admin_client, admin_user):
    job = ImportJob.objects.create(
        user=admin_user, file_name="x.csv", token="v" * 32, status="refused",
        problems=[f"line {n}: wrong" for n in range(2, 202)], problem_count=1_234,
    )  # fmt: skip
    page = text(admin_client.get(job.get_absolute_url(), **EN))
    assert "The first 200 of 1,234 problems are listed." in page


def test_a_file_of_exactly_the_limit_is_previewed_on_the_page(admin_client, long_file_is):
    long_file_is(8)
    at_limit = lists.as_csv(lists.CITY_HEADER, lists.city_rows(8))
    response = upload(admin_client, at_limit, name="list.csv")
    assert response.status_code == 200 and not ImportJob.objects.exists()
    over = lists.as_csv(lists.CITY_HEADER, lists.city_rows(9))
    assert upload(admin_client, over, name="list.csv").status_code == 302
    assert ImportJob.objects.get().rows_expected == 9
