"""Bulk edit of 10,000 cameras through the page (cameras/bulk_views.py): the preview request and
the confirming request (version check, update, roll-up, history in one transaction), each
timed, the write rolled back. Run by bench/run.py against each database; prints JSON."""

import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skynet.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from cameras.models import Camera  # noqa: E402

COUNT = 10_000


def timed(work):
    started = time.perf_counter()
    value = work()
    return time.perf_counter() - started, value


def main():
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    serving = Camera.objects.filter(status="in_service").order_by("asset_tag")
    pks = ",".join(map(str, serving.values_list("pk", flat=True)[:COUNT]))
    form = {"pks": pks, "action": "status", "status": "faulty", "reason": "bench"}
    preview_seconds, preview = timed(
        lambda: client.post("/cameras/bulk/", {**form, "step": "preview"})
    )
    page = preview.content.decode()
    assert preview.status_code == 200 and f'id="count-changed">{COUNT:,}<' in page, page[-2000:]
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    with transaction.atomic():
        write_seconds, done = timed(lambda: client.post(
            "/cameras/bulk/", {**form, "step": "confirm", "token": token}
        ))  # fmt: skip
        assert done.status_code == 302, done.content.decode()[-2000:]
        assert Camera.objects.filter(status="faulty").count() >= COUNT
        transaction.set_rollback(True)
    print(json.dumps({
        "cameras": COUNT, "preview_seconds": round(preview_seconds, 3),
        "write_seconds": round(write_seconds, 3),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
