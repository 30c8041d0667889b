"""Measure the CSV export and import against PostgreSQL's own COPY; return the numbers.

`csv_cases()` runs in a configured Django process against a PostgreSQL register of any size
(bench/cases.py can call it, or run `python bench/csv_cases.py` with DATABASE_URL set). It leaves
the data as it found it: every import runs in a transaction that is rolled back.

- export: the app's /cameras/export.csv view (request to last byte, consumed as a client would)
  against `COPY (the same SELECT) TO STDOUT WITH CSV` read through psycopg, for the whole
  register and for about 100,000 rows (cameras installed up to a day); rows per second, the
  ratio, the time to the first byte and to the first row, and the peak memory (Python heap by
  tracemalloc, and the growth of the process's peak RSS);
- import: import_cameras() of 100,000 new cameras (and of 100,000 updates) against
  `COPY cameras_camera (…) FROM STDIN` of the same rows with their ids resolved;
- import of state changes with an effective day: 100,000 cameras in service on 2024-06-01 as
  the list's export for that day gives them (?as_of=), their LPR flipped, imported with
  `effective_on` that day (each camera's period then is cut, the change written until the
  field's next recorded change), against the same COPY FROM.
"""

import contextlib
import csv
import datetime
import io
import json
import os
import sys
import threading
import time
import tracemalloc
from pathlib import Path

EXPORT_RUNS = 3  # best of: the machine is shared
EFFECTIVE_ON = datetime.date(2024, 6, 1)  # ROC 113/06/01: a day inside the seed's story
IMPORT_BUDGET = 180  # seconds: an import of updates still running then is cancelled, reported


def csv_cases() -> dict:
    """Return the export and import measurements for the database Django is connected to."""
    from django.db import connection

    from cameras.models import Camera

    assert connection.vendor == "postgresql", "the CSV benchmarks run on PostgreSQL only"
    cameras = Camera.objects.count()
    hundred_k = _day_of_install(min(100_000, cameras))
    _reset_peak_rss()
    return {
        "cameras": cameras,
        "base_rss_mib": round(_peak_rss() / 2**20, 1),  # the process before any export
        "export_all": _export_case({}),
        "export_100k": _export_case({"installed_to": hundred_k.isoformat()}),
        "import_100k": _import_case(min(100_000, cameras)),
    }


def _day_of_install(nth: int):
    from cameras.models import Camera

    days = Camera.objects.order_by("installed_on", "pk").values_list("installed_on", flat=True)
    return days[nth - 1]


# --- export ---------------------------------------------------------------------------------


def _export_case(params: dict) -> dict:
    from django.db import connection
    from django.http import QueryDict

    from cameras.exports import CameraExportView, camera_select
    from cameras.filters import CameraFilterSet
    from cameras.views import CameraListView

    query = QueryDict(mutable=True)
    query.update(params)
    cameras, _filterset = CameraExportView.filtered(
        CameraFilterSet, query, CameraListView.queryset.all()
    )
    select, values = camera_select(cameras)
    sql = f"COPY ({select}) TO STDOUT WITH CSV"

    def copy_baseline():
        rows = size = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql, values) as copy:
            for block in copy:
                rows += 1
                size += len(block)
        return rows, size

    copy_runs, app_runs = [], []
    for _ in range(EXPORT_RUNS):
        copy_runs.append(_timed(copy_baseline))
        app_runs.append(_timed(lambda: _download(query)))
    (copy_seconds, (rows, copy_bytes)) = min(copy_runs, key=lambda run: run[0])
    (app_seconds, app) = min(app_runs, key=lambda run: run[0])
    assert app["rows"] == rows, (app["rows"], rows)
    heap, rss = _peak_memory(lambda: _download(query))
    return {
        "rows": rows,
        "app_rows_per_s": round(rows / app_seconds),
        "copy_rows_per_s": round(rows / copy_seconds),
        "ratio": round(copy_seconds / app_seconds, 3),
        "app_seconds": round(app_seconds, 3),
        "copy_seconds": round(copy_seconds, 3),
        "app_bytes": app["bytes"],
        "copy_bytes": copy_bytes,
        "first_byte_ms": round(app["first_byte"] * 1000, 1),
        "first_row_ms": round(app["first_row"] * 1000, 1),
        "peak_heap_mib": round(heap / 2**20, 2),
        "peak_rss_growth_mib": round(rss / 2**20, 1),
    }


def _download(query) -> dict:
    """Request the camera export through its view and read every chunk, as a client would."""
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from cameras.exports import CameraExportView

    user, _created = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    started = time.perf_counter()
    request = RequestFactory().get("/cameras/export.csv", query)
    request.user = user  # the view checks the export permission and records the download
    response = CameraExportView.as_view()(request)
    assert response.status_code == 200, response.content
    size = records = 0
    first_byte = first_row = None
    for chunk in response.streaming_content:
        now = time.perf_counter() - started
        if first_byte is None:
            first_byte = now
        elif first_row is None:
            first_row = now
        size += len(chunk)
        records += chunk.count(b"\r\n")  # the demo's cells hold no line breaks
    response.close()
    return {"bytes": size, "rows": records - 1, "first_byte": first_byte, "first_row": first_row}


# --- import ---------------------------------------------------------------------------------


def _import_case(count: int) -> dict:
    from django.db import connection, transaction

    from cameras.exports import camera_csv
    from cameras.imports import import_cameras
    from cameras.models import Camera

    first = Camera.objects.order_by("asset_tag", "pk")[:count]
    exported = b"".join(camera_csv(first))
    new_file = _rewrite(exported, tag=lambda tag: f"BENCH-{tag}", replaces="")
    updated_file = _rewrite(exported, flip="has_vehicle_attributes")
    columns = [
        f.column for f in Camera._meta.concrete_fields if not f.primary_key and f.name != "replaces"
    ]
    select = ", ".join("'BENCH-' || asset_tag" if c == "asset_tag" else c for c in columns)
    id_rows = io.BytesIO()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY (SELECT {select} FROM cameras_camera ORDER BY asset_tag, id LIMIT {count}) "
            "TO STDOUT WITH CSV"
        ) as copy,
    ):
        for block in copy:
            id_rows.write(block)
    id_rows = id_rows.getvalue()

    def rolled_back(work):
        with transaction.atomic():
            seconds, value = _timed(work)
            transaction.set_rollback(True)
        return seconds, value

    def copy_from():
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY cameras_camera ({', '.join(columns)}) FROM STDIN WITH CSV"
            ) as copy,
        ):
            copy.write(id_rows)

    copy_seconds, _ = rolled_back(copy_from)
    check_seconds, checked = _timed(lambda: import_cameras(new_file, commit=False))
    create_seconds, created = rolled_back(lambda: import_cameras(new_file))
    update_seconds, updated = rolled_back(
        lambda: _within_budget(lambda: import_cameras(updated_file))
    )
    dated_file, dated_count = _as_of_export(count, EFFECTIVE_ON)
    dated_file = _rewrite(dated_file, flip="has_lpr")
    dated_seconds, dated = rolled_back(
        lambda: _within_budget(lambda: import_cameras(dated_file, effective_on=EFFECTIVE_ON))
    )
    assert created.written and created.created == count, created.problems[:3]
    assert updated is None or (updated.written and updated.updated == count), updated.problems[:3]
    assert dated is None or (dated.written and dated.updated == dated_count), dated.problems[:3]
    assert checked.ok
    heap, rss = _peak_memory(lambda: import_cameras(new_file, commit=False))
    # A case cancelled at the budget ran for at least the budget: its rate is an upper bound.
    dated_rate = dated_count / dated_seconds
    return {
        "rows": count,
        "file_mib": round(len(new_file) / 2**20, 1),
        "budget_seconds": IMPORT_BUDGET,
        "copy_from_seconds": round(copy_seconds, 3),
        "check_only_seconds": round(check_seconds, 3),
        "create_seconds": round(create_seconds, 3),
        "update_seconds": round(update_seconds, 3),
        "update_cancelled": updated is None,
        "effective_rows": dated_count,
        "effective_on": EFFECTIVE_ON.isoformat(),
        "effective_seconds": round(dated_seconds, 3),
        "effective_cancelled": dated is None,
        "effective_rows_per_s": round(dated_rate),
        "effective_vs_copy_from": round(dated_rate / (count / copy_seconds), 3),
        "create_vs_copy_from": round(create_seconds / copy_seconds, 1),
        "create_rows_per_s": round(count / create_seconds),
        "copy_from_rows_per_s": round(count / copy_seconds),
        "check_peak_heap_mib": round(heap / 2**20, 1),
        "check_peak_rss_growth_mib": round(rss / 2**20, 1),
    }


def _within_budget(work, budget: float = IMPORT_BUDGET):
    """Return work()'s value, or None when it ran past `budget` seconds: then its statement
    is cancelled (again each second, until work() gives up) and the transaction is broken;
    the caller's rolled-back block drops it."""
    from django.db import OperationalError, connection

    connection.ensure_connection()
    raw = connection.connection  # Django's connection is per thread: the watchdog takes this one
    done, fired = threading.Event(), threading.Event()

    def watchdog():
        if done.wait(budget):
            return
        fired.set()
        while not done.is_set():
            raw.cancel()  # psycopg: safe from another thread
            done.wait(1)

    thread = threading.Thread(target=watchdog, daemon=True)
    thread.start()
    try:
        return work()
    except OperationalError:
        if not fired.is_set():
            raise
        return None
    finally:
        done.set()
        thread.join()


def _as_of_export(count: int, day: datetime.date) -> tuple[bytes, int]:
    """Return the camera export of the list on `day` (?as_of=: each camera's state then), its
    first `count` cameras by asset tag, and how many rows it holds."""
    from django.http import QueryDict

    from cameras.exports import CameraExportView, camera_csv
    from cameras.filters import CameraFilterSet
    from cameras.views import CameraListView

    query = QueryDict(mutable=True)
    query["as_of"] = day.isoformat()
    cameras, _filterset = CameraExportView.filtered(
        CameraFilterSet, query, CameraListView.queryset.all()
    )
    first = cameras.order_by("asset_tag", "pk")[:count]
    data = b"".join(camera_csv(first, dated=True))
    return data, data.count(b"\r\n") - 1


def _rewrite(data: bytes, *, tag=None, replaces=None, flip=None) -> bytes:
    """Return an exported file with its asset tags renamed, replaces set or a flag flipped."""
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    index = {name: i for i, name in enumerate(header)}
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in reader:
        if tag:
            row[index["asset_tag"]] = tag(row[index["asset_tag"]])
        if replaces is not None:
            row[index["replaces"]] = replaces
        if flip:
            row[index[flip]] = "false" if row[index[flip]] == "true" else "true"
        writer.writerow(row)
    return out.getvalue().encode()


# --- measuring ------------------------------------------------------------------------------


def _timed(work):
    started = time.perf_counter()
    value = work()
    return time.perf_counter() - started, value


def _peak_memory(work) -> tuple[int, int]:
    """Return the peak Python heap during `work` and how much it raised the peak RSS."""
    _reset_peak_rss()
    rss_before = _peak_rss()
    tracemalloc.start()
    try:
        work()
        _current, heap = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return heap, max(0, _peak_rss() - rss_before)


def _reset_peak_rss():
    with contextlib.suppress(OSError):  # Linux only: VmHWM := the current RSS
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skynet.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()
    print(json.dumps(csv_cases()))
