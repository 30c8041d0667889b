"""A department's workbook through the background worker: 100,000 and 200,000 rows.

Run by bench/run.py against a scratch copy of the 100k database (it adds cameras). Each
workbook (the city list's shape: 編號, 所屬單位, 安裝地址, 攝影方向; four cameras to a site, new
precincts and stations) is queued as the upload page queues it, then `manage.py db_worker
--batch` imports it in a process of its own; its progress note is read twice a second, as the
job's page reads it, and its peak RSS (VmHWM) from /proc. Prints one JSON object.
"""

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skynet.settings")
django.setup()

from django_tasks_db.models import DBTaskResult  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from cameras.imports import jobs  # noqa: E402
from cameras.imports import views as import_views  # noqa: E402
from cameras.models import ImportJob  # noqa: E402

UNITS = ["大安分局 和平東路派出所", "大安分局 新生南路派出所", "中正第一分局 南昌街派出所",
         "萬華分局 西園路派出所", "萬華分局"]  # fmt: skip
POINTS = ["東", "西", "南", "北", "東北", "西北", "北北西"]
OPTIONS = {
    "encoding": "auto", "create_sites": True, "effective_on": None, "correction": False,
    "reason": "", "in_service_on": "2020-06-30", "sheet": None, "batch": "LEASE-109",
    "columns": {"編號": "asset_tag", "所屬單位": "unit", "安裝地址": "site_address",
                "攝影方向": "direction"},
    "create_units": True,
}  # fmt: skip


def workbook(rows: int, prefix: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("監視器清冊")
    sheet.append(["編號", "所屬單位", "安裝地址", "攝影方向"])
    for i in range(rows):
        site = i // 4
        sheet.append([f"{prefix}{site:06d}-{i % 4 + 1:02d}", UNITS[site % len(UNITS)],
                      f"{prefix}路{site + 1}號燈桿", POINTS[i % len(POINTS)]])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def vm(pid: int, key: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(rows: int, prefix: str) -> dict:
    data = workbook(rows, prefix)
    folder = import_views._pending_folder()
    job = jobs.start(data, folder=folder, user=None, file_name=f"{prefix}.xlsx", options=OPTIONS)
    note_path = folder / f"job-{job.token}.json"
    started = time.monotonic()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay",
         "--no-reload"], cwd=ROOT,
    )  # fmt: skip
    peak, notes, last = 0.0, 0, None
    while worker.poll() is None:
        peak = max(peak, vm(worker.pid, "VmHWM:"))
        try:
            note = json.loads(note_path.read_text())
        except (OSError, ValueError):
            note = None
        if note and note != last:
            notes, last = notes + 1, note
        time.sleep(0.5)
    seconds = time.monotonic() - started
    job.refresh_from_db()
    return {
        "rows": rows, "file_mib": round(len(data) / 2**20, 1), "seconds": round(seconds, 1),
        "peak_rss_mib": round(peak), "status": job.status, "created": job.summary.get("created"),
        "sites": job.summary.get("sites"), "progress_notes_seen": notes,
        "rows_expected": job.rows_expected,
    }  # fmt: skip


def main():
    # the scratch copy holds what the upload case queued (a 49 MiB file): not these cases' work
    DBTaskResult.objects.all().delete()
    ImportJob.objects.all().delete()
    results = [run(100_000, "WA"), run(200_000, "WB")]
    ImportJob.objects.all().delete()
    print(json.dumps({"worker": results}))


if __name__ == "__main__":
    main()
