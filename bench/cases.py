"""Measure the app's pages in-process against one PostgreSQL database; print JSON.

Run by bench/run.py once per data-set size. Server time is the time Django takes to answer a
request (routing, queries, rendering), measured with the test client after a warm-up.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skynet.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from cameras import editions, series  # noqa: E402
from cameras.models import Camera, CameraState, CoverageRollup, Precinct  # noqa: E402
from core.generic import today  # noqa: E402
from core.roc import ROC_OFFSET  # noqa: E402
from leases import billing  # noqa: E402

WARM_UP, RUNS = 5, 50


def percentile(values, pct):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(samples):
    return {"median_ms": statistics.median(samples), "p95_ms": percentile(samples, 95)}


def timed(fn, runs=RUNS):
    """Time `fn` alone: warm-up runs, then `runs` in a row."""
    for _ in range(WARM_UP):
        fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return summary(samples)


def page_cases(client, urls: dict) -> dict[str, dict]:
    """Time every page in rounds, each page once a round: a busy spell on the shared machine
    then slows every case alike instead of whichever case it fell on. A case is a URL, or a
    function (a query the pages are compared with), timed in the same rounds."""

    def fetch(url):
        if callable(url):
            url()
            return
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:  # a CSV file: read to its last byte, as a client would
            for _chunk in response.streaming_content:
                pass
            response.close()

    for url in urls.values():
        for _ in range(WARM_UP):
            fetch(url)
    samples = {name: [] for name in urls}
    for _ in range(RUNS):
        for name, url in urls.items():
            started = time.perf_counter()
            fetch(url)
            samples[name].append((time.perf_counter() - started) * 1000)
    results = {name: summary(values) for name, values in samples.items()}
    settings.DEBUG = True
    for name, url in urls.items():
        if not callable(url):
            reset_queries()
            fetch(url)
            results[name]["queries"] = len(connection.queries)
    settings.DEBUG = False
    return results


def count_star():
    """The bare count of the camera table: what the dashboard and the series are held to."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cameras_camera")
        cursor.fetchone()


def monthly_series():
    """The whole month-end series (ROC 105/01 to today) of the register, called directly."""
    series.monthly(today=today())


def next_fiscal_year() -> int:
    return today().year - ROC_OFFSET + 1


def lease_projection():
    """What every lease costs next fiscal year by the register, called directly."""
    billing.projection(next_fiscal_year())


def after_a_change(client, url):
    """A case that views `url` just after the figures changed: a new edition of the figures
    (cameras/editions.py) first, as any write of the roll-up gives, then the page works its
    figures out again instead of reading them from the cache."""

    def view():
        with transaction.atomic():
            editions.bump()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return view


def main():
    assert connection.vendor == "postgresql", "benchmarks run on PostgreSQL only"
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    precinct = Precinct.objects.get(code="ZL").pk
    two = "precinct=ZL&is_lane=true"  # filter URLs carry codes (an id redirects to the code)
    admin_two = f"precinct__id__exact={precinct}&is_lane__exact=1"
    # Page 2,000, or the last page where the filtered set is shorter (the admin counts from 0).
    deep = min(2000, -(-Camera.objects.count() // 50))
    deep_two = min(
        2000, -(-Camera.objects.filter(site__precinct=precinct, is_lane=True).count() // 50)
    )
    lpr = f"precinct__id__exact={precinct}&has_lpr__exact=1"  # the admin has no past day
    cases = {
        "SELECT count(*), in the rounds": count_star,
        "series.monthly(), in the rounds": monthly_series,
        "dashboard": "/",
        "dashboard 2021-07-31": "/?as_of=2021-07-31",
        "coverage report": "/reports/coverage/",
        "series CSV": "/reports/series.csv",
        "lease projection (next fiscal year), in the rounds": lease_projection,
        "fiscal-year page (next year)": f"/leases/fiscal-years/{next_fiscal_year()}/",
        "lease cost by fiscal year (105 to 5 years ahead)": "/leases/fiscal-years/",
        "camera list p1": "/cameras/",
        "camera list deep page": f"/cameras/?page={deep}",
        "camera list p1, 2 filters": f"/cameras/?{two}",
        "camera list deep page, 2 filters": f"/cameras/?{two}&page={deep_two}",
        "camera list 110/07/31, 2 filters": "/cameras/?as_of=110/07/31&precinct=ZL&has_lpr=true",
        "camera list 113/06/30, 2 filters": "/cameras/?as_of=113/06/30&precinct=ZL&has_lpr=true",
        "admin changelist p1": "/admin/cameras/camera/",
        "admin changelist deep page": f"/admin/cameras/camera/?p={deep - 1}",
        "admin changelist p1, 2 filters": f"/admin/cameras/camera/?{admin_two}",
        "admin changelist deep page, 2 filters": (
            f"/admin/cameras/camera/?{admin_two}&p={deep_two - 1}"
        ),
        "admin changelist p1, precinct + LPR": f"/admin/cameras/camera/?{lpr}",
    }
    results = {"cameras": Camera.objects.count(), "pages": [deep, deep_two], "cases": {}}
    results["states"] = CameraState.objects.count()
    results["rollup_rows"] = CoverageRollup.objects.count()
    # The baselines alone, as every run has timed count(*): before the pages, in a row.
    results["cases"]["SELECT count(*)"] = timed(count_star)
    results["cases"]["series.monthly()"] = timed(monthly_series)
    results["cases"]["lease projection (next fiscal year)"] = timed(lease_projection)
    results["cases"].update(page_cases(client, cases))
    # Alone, after the rounds: in them its new editions would send every other page of figures
    # back to working them out.
    results["cases"]["dashboard, first view after a change"] = timed(after_a_change(client, "/"))
    print(json.dumps(results))


if __name__ == "__main__":
    main()
