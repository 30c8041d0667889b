"""Bulk edit of 10,000 cameras (cameras/bulk.py): the plan (the preview's work) and the write,
each timed, the write rolled back. Run by bench/run.py against each database; prints JSON."""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skynet.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from cameras import bulk  # noqa: E402
from cameras.models import Camera  # noqa: E402
from core.generic import today  # noqa: E402

COUNT = 10_000


def main():
    user, _ = get_user_model().objects.get_or_create(username="bench")
    serving = Camera.objects.filter(status="in_service").order_by("asset_tag")
    pks = list(serving.values_list("pk", flat=True)[:COUNT])
    cameras = Camera.objects.filter(pk__in=pks)
    started = time.perf_counter()
    planned = bulk.plan(cameras, "status", "faulty", today=today())
    plan_seconds = time.perf_counter() - started
    assert planned.changed == COUNT and not planned.problems, planned.problems[:3]
    with transaction.atomic():
        started = time.perf_counter()
        bulk.apply(planned, user=user, reason="bench", value_text="faulty")
        write_seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    print(json.dumps({
        "cameras": COUNT, "plan_seconds": round(plan_seconds, 3),
        "write_seconds": round(write_seconds, 3),
        "total_seconds": round(plan_seconds + write_seconds, 3),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
