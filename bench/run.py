"""make bench: build the 100,000- and 1,000,000-camera data sets on PostgreSQL, measure, report.

Refuses SQLite. Uses DATABASE_URL's database for 1 M cameras (seed_demo --scale 45) and a sibling
database named <name>_100k for about 100,000 (--scale 5: 120,245); each is built once and reused
(rebuilt when it holds no more periods of state than cameras: seeded before issue 13's story).
"""

import datetime
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
SAVED = ROOT / "test-artifacts" / "bench-results.json"  # the measurements, for a report redone
SIZES = [("100k", 5, 100_000), ("1M", 45, 1_000_000)]


def database_urls():
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url) if url else {}
    if "postgresql" not in config.get("ENGINE", ""):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name")
    base = url.rsplit("/", 1)[0]
    return config, {"1M": url, "100k": f"{base}/{config['NAME']}_100k"}


def _connect(url, *, dbname=None):
    config = dj_database_url.parse(url)
    params = dict(host=config["HOST"] or None, port=config["PORT"] or None,
                  user=config["USER"] or None, password=config["PASSWORD"] or None,
                  dbname=dbname or config["NAME"], autocommit=True)  # fmt: skip
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None})


def ensure_database(url, *, fresh=False):
    """Create the database unless it exists; `fresh`: drop it first."""
    name = dj_database_url.parse(url)["NAME"]
    with _connect(url, dbname="postgres") as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(url, *args, capture=False):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=capture, text=True,
    )  # fmt: skip


def without_story(url) -> bool:
    """Whether the database holds cameras seeded before their states had a history (issue 13):
    the migration gave each camera one period and no more, where seed_demo's story gives about
    1.3 changes a camera. Such a data set measures none of the past-day reads: rebuild it."""
    with _connect(url) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE tablename IN "
            "('cameras_camera', 'cameras_camerastate')"
        ).fetchone()[0]
        if tables < 2:
            return False  # not migrated
        cameras = conn.execute("SELECT count(*) FROM cameras_camera").fetchone()[0]
        periods = conn.execute("SELECT count(*) FROM cameras_camerastate").fetchone()[0]
    return cameras > 0 and periods <= cameras


def prepare(url, scale, minimum):
    """Build the data set unless it is there (with the story); VACUUM ANALYZE it. Returns the
    server's version and the seed's wall time (None when the data set was reused)."""
    ensure_database(url)
    manage(url, "migrate", "--no-input", "-v0")  # an older data set gets its one period here
    if without_story(url):
        print("bench:   the data set predates the story of state changes: rebuilt", flush=True)
        ensure_database(url, fresh=True)
        manage(url, "migrate", "--no-input", "-v0")
    count = manage(url, "shell", "-c", "from cameras.models import Camera; "
                   "print(Camera.objects.count())", capture=True).stdout.split()[-1]  # fmt: skip
    seeded = None
    if int(count) < minimum:
        started = time.monotonic()
        manage(url, "seed_demo", "--scale", str(scale))
        seeded = round(time.monotonic() - started, 1)
    with _connect(url) as conn:
        conn.execute("VACUUM ANALYZE")
        return conn.execute("SHOW server_version").fetchone()[0], seeded


# Pages are measured with the production settings (cached templates, hashed static files), as
# gunicorn would serve them; only the HTTPS redirect is off because the client speaks plain HTTP.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}


def measure(url):
    """Run the page cases and the CSV cases in fresh processes against one database."""
    env = {**os.environ, "DATABASE_URL": url, **PRODUCTION}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env,
        check=True,
    )  # fmt: skip
    pages = _json(subprocess.run(
        [sys.executable, "bench/cases.py"], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout)  # fmt: skip
    print("bench:   bulk edit …", flush=True)
    pages["bulk"] = _json(subprocess.run(
        [sys.executable, "bench/bulk_case.py"], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout)  # fmt: skip
    print("bench:   CSV export and import …", flush=True)
    pages["csv"] = _json(subprocess.run(
        [sys.executable, "bench/csv_cases.py"], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout)  # fmt: skip
    return pages


def served(script: str, url: str) -> dict:
    """Run a bench script that serves the app with gunicorn (load.py, upload.py); its JSON."""
    env = {**os.environ, "DATABASE_URL": url, **PRODUCTION}
    return _json(subprocess.run(
        [sys.executable, script], cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout)  # fmt: skip


def through_worker(url: str) -> dict:
    """Run bench/worker_case.py on a scratch copy of the database (its imports add cameras)."""
    name = dj_database_url.parse(url)["NAME"]
    scratch = f"{url.rsplit('/', 1)[0]}/{name}_worker"
    with _connect(url, dbname="postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}_worker"')
        conn.execute(f'CREATE DATABASE "{name}_worker" TEMPLATE "{name}"')
    try:
        return served("bench/worker_case.py", scratch)
    finally:
        with _connect(url, dbname="postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}_worker"')


def _json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def machine():
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return f"{os.cpu_count()} cores, {int(memory) / 1024 / 1024:.0f} GiB memory"


def report(results, pg_version, load, upload, worker):
    small, large = results["100k"], results["1M"]
    cases = large["cases"]
    lines = [
        "# Benchmarks",
        "",
        f"Latest `make bench`: {datetime.date.today().isoformat()} · {machine()} · PostgreSQL "
        f"{pg_version} on the same host · Python {platform.python_version()}. The machine is "
        "shared: repeated runs differ by up to about 30 %.",
        "",
        f"Data sets: {small['cameras']:,} and {large['cameras']:,} cameras (`seed_demo --scale 5` "
        "and `--scale 45`, with the seed's story of state changes after the plan), after "
        f"`VACUUM ANALYZE`: {small['states']:,} and {large['states']:,} periods of camera state, "
        f"{small['rollup_rows']:,} and {large['rollup_rows']:,} coverage roll-up rows."
        + seeded(small, large),
        "",
        "## Pages",
        "",
        "Server time of a request in Django with the production settings (routing, queries, "
        "rendering), measured with the test client: 5 warm-up runs of each page, then 50 rounds "
        "that fetch every page once (so a busy spell slows all cases alike); milliseconds. "
        "Two filters: precinct 中壢分局 and lane cameras. Deep page: page "
        f"{large['pages'][0]:,} (unfiltered) and {large['pages'][1]:,} (filtered) at 1M; "
        f"{small['pages'][0]:,} and {small['pages'][1]:,} (the last page) at 100k. The admin "
        "shows 50 rows a page, as the camera list does. Past-day lists (`?as_of=`): each camera's "
        "period on that day, filtered on precinct 中壢分局 and LPR; the admin has no past day, so "
        "its list with the same two filters (as the cameras are now) is their baseline. "
        "`SELECT count(*)` (of the camera table) and `series.monthly()` (the whole month-end "
        "series, ROC 105/01 to today, called directly) are timed alone before the pages (5 "
        "warm-up runs, 50 in a row: the baselines of the targets, as in earlier runs), and again "
        "in the rounds with the pages (cooler caches); the series CSV is read to its last byte. "
        "The dashboard and the coverage report keep their figures until the roll-up, a batch or "
        "a precinct next changes (`cameras/editions.py`): their repeated views read them from "
        'the cache; the case "first view after a change", timed alone after the rounds, gives '
        "the figures a new edition before each view, which then works them out (and the "
        "series) again.",
        "",
        "| case | 100k median | 100k p95 | 1M median | 1M p95 | 1M / 100k (p95) "
        "| queries 100k / 1M |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, big in cases.items():
        little = small["cases"][name]
        queries = f"{little.get('queries', '—')} / {big.get('queries', '—')}"
        lines.append(
            f"| {name} | {little['median_ms']:.1f} | {little['p95_ms']:.1f} | "
            f"{big['median_ms']:.1f} | {big['p95_ms']:.1f} | "
            f"{big['p95_ms'] / little['p95_ms']:.2f} | {queries} |"
        )
    lines += csv_section(small["csv"], large["csv"])
    lines += bulk_section(small["bulk"], large["bulk"])
    lines += upload_section(upload)
    lines += worker_section(worker)
    lines += load_section(load)
    lines += targets(small, large, load, upload, worker)
    return "\n".join(lines) + "\n"


def seeded(small, large) -> str:
    """The seed's wall time, for the data sets this run built."""
    built = [f"{label} {data['seed_seconds']:.0f} s" for label, data in (("100k", small),
             ("1M", large)) if data.get("seed_seconds")]  # fmt: skip
    return f" Built in this run (`seed_demo`, wall time): {', '.join(built)}." if built else ""


def csv_section(small, large):
    rows = [
        "",
        "## CSV export and import",
        "",
        "Export: the app's `/cameras/export.csv` read to the last byte, against `COPY (the same "
        "SELECT) TO STDOUT WITH CSV` through psycopg, best of 3. Import: `import_cameras` of "
        "100,000 new cameras, validated and written (rolled back), against `COPY cameras_camera "
        "FROM STDIN` of the same rows. State changes with an effective day: the export of the "
        f"list on {large['import_100k']['effective_on']} (`?as_of=`, each camera's state "
        "then) for its first 100,000 cameras by asset tag, LPR flipped, imported with "
        "`effective_on` that day (rolled back), against the same COPY FROM (rows per second). "
        "An import of updates still running after "
        f"{large['import_100k']['budget_seconds']} s "
        'is cancelled (and rolled back): "> N s", its rate and ratio then upper bounds.',
        "",
        "| case | rows | app rows/s | COPY rows/s | ratio | first byte | first row "
        "| peak heap | peak RSS growth |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, data in [("100k register", small), ("1M register", large)]:
        for key in ("export_100k", "export_all"):
            e = data[key]
            rows.append(
                f"| export, {label}, {key.removeprefix('export_')} | {e['rows']:,} | "
                f"{e['app_rows_per_s']:,} | {e['copy_rows_per_s']:,} | {e['ratio']:.2f} | "
                f"{e['first_byte_ms']} ms | {e['first_row_ms']:.0f} ms | "
                f"{e['peak_heap_mib']} MiB | {e['peak_rss_growth_mib']} MiB |"
            )
    rows += [
        "",
        "| import of 100,000 rows | validate only | validate + write (create) "
        "| update 100,000 | COPY FROM | ratio (COPY / create) "
        "| changes with an effective day | ratio (to COPY rows/s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, data in [("100k register", small), ("1M register", large)]:
        i = data["import_100k"]
        over, under = ("> ", "< ") if i.get("effective_cancelled") else ("", "")
        update = f"{'> ' if i.get('update_cancelled') else ''}{i['update_seconds']} s"
        dated = (
            f"{over}{i['effective_seconds']} s ({i['effective_rows']:,} rows, "
            f"{under}{i['effective_rows_per_s']:,} rows/s)"
        )
        rows.append(
            f"| {label} | {i['check_only_seconds']} s | {i['create_seconds']} s "
            f"({i['create_rows_per_s']:,} rows/s) | {update} | "
            f"{i['copy_from_seconds']} s ({i['copy_from_rows_per_s']:,} rows/s) | "
            f"{i['copy_from_seconds'] / i['create_seconds']:.2f} | {dated} | "
            f"{under}{i['effective_vs_copy_from']:.2f} |"
        )
    return rows


def bulk_section(small, large):
    rows = [
        "",
        "## Bulk edit",
        "",
        f"A status set on {large['cameras']:,} cameras in service through the page "
        "(`bench/bulk_case.py`, the test client with the production settings): the preview "
        "request, then the confirming request that writes in one transaction (version check, "
        "update, roll-up, history), rolled back.",
        "",
        "| register | preview request | confirming request |",
        "| --- | ---: | ---: |",
    ]
    for label, case in (("100k", small), ("1M", large)):
        rows.append(f"| {label} | {case['preview_seconds']} s | {case['write_seconds']} s |")
    return rows


def upload_section(upload):
    if upload["status"] == 302:  # over jobs.BACKGROUND_ROWS: stored and queued for the worker
        what = (
            "posted to the import page of one gunicorn worker (`bench/upload.py`), which keeps "
            "it and hands it to the background worker (302 to the job's page: a file of more "
            "than `cameras/imports/jobs.py` BACKGROUND_ROWS rows is checked there, not in the "
            "request)"
        )
    else:
        created, updated = upload["counts"]
        what = (
            f"({updated:,} updates of the 100k register and {created:,} new cameras) posted to "
            "the import page of one gunicorn worker (`bench/upload.py`), which previews it"
        )
    return [
        "",
        "## Import upload memory",
        "",
        f"A {upload['file_mib']} MiB file of {upload['rows']:,} rows {what}; the web worker's RSS "
        "from /proc, the peak reset just before the upload.",
        "",
        "| answer | seconds | RSS before | peak RSS | RSS after |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| {upload['status']} | {upload['seconds']} | {upload['rss_before_mib']} MiB | "
        f"{upload['rss_peak_mib']} MiB | {upload['rss_after_mib']} MiB |",
    ]


def worker_section(worker):
    rows = [
        "",
        "## Workbooks through the background worker",
        "",
        "A department's list as an .xlsx workbook (編號, 所屬單位, 安裝地址, 攝影方向 through a "
        "column mapping; four cameras to a site, new precincts and stations, unknown install "
        "days), queued as the upload page queues it and imported by `manage.py db_worker "
        "--batch` in a process of its own, into a scratch copy of the 100k database "
        "(`bench/worker_case.py`). Wall time from queueing to the worker's exit; peak RSS "
        "(VmHWM) of the worker; the job's progress note, read twice a second as its page reads "
        "it, changed that many times.",
        "",
        "| rows | file | seconds | peak RSS | status | cameras created | sites | progress notes |",
        "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for w in worker["worker"]:
        rows.append(
            f"| {w['rows']:,} | {w['file_mib']} MiB | {w['seconds']} | {w['peak_rss_mib']} MiB | "
            f"{w['status']} | {w['created']:,} | {w['sites']:,} | {w['progress_notes_seen']} |"
        )
    return rows


def load_section(load):
    slow = load["slow_readers"]
    rows = [
        "",
        "## Load test",
        "",
        f"gunicorn (`{load['gunicorn']}`: {load['workers']} workers), on loopback against the 1M "
        f"database; {load['users']} signed-in users for {load['seconds']} s, each cycling "
        "through list pages, dashboards and a CSV export of one batch, while "
        f"{len(load['slow_readers'])} slow clients each read a CSV export of "
        f"{load['slow_readers'][0]['expected']:,} bytes at {load['slow_bytes_per_s'] // 1024} "
        "KB/s (`bench/load.py`).",
        "",
        "| kind | requests | median | p95 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, k in load["kinds"].items():
        rows.append(f"| {kind} | {k['requests']:,} | {k['median_ms']} ms | {k['p95_ms']} ms |")
    rows += [
        "",
        f"All: {load['requests']:,} requests, {load['throughput_rps']} per second, p95 "
        f"{load['p95_ms']} ms, **{load['errors']} errors**.",
        "",
        "Slow downloads: "
        + "; ".join(f"{r['bytes']:,} of {r['expected']:,} bytes in {r['seconds']} s" for r in slow)
        + ".",
    ]
    return rows


def targets(small, large, load, upload, worker):
    c, s = large["cases"], small["cases"]

    def p95(cases, name):
        return cases[name]["p95_ms"]

    checks = []
    for ours, admin in [
        ("camera list p1", "admin changelist p1"),
        ("camera list deep page", "admin changelist deep page"),
        ("camera list p1, 2 filters", "admin changelist p1, 2 filters"),
        ("camera list deep page, 2 filters", "admin changelist deep page, 2 filters"),
    ]:
        checks.append((f"{ours}: p95 ≤ 150 ms at 1M", f"{p95(c, ours):.1f} ms",
                       p95(c, ours) <= 150))  # fmt: skip
        ratio = p95(c, ours) / p95(c, admin)
        checks.append((f"{ours}: ≤ 0.5× the admin", f"{ratio:.2f}×", ratio <= 0.5))
        growth = p95(c, ours) / p95(s, ours)
        checks.append((f"{ours}: ≤ 2× its time at 100k", f"{growth:.2f}×", growth <= 2))
        same = c[ours]["queries"] == s[ours]["queries"]
        checks.append((f"{ours}: same query count at both sizes",
                       f"{s[ours]['queries']} / {c[ours]['queries']}", same))  # fmt: skip
    for ours in ("camera list 110/07/31, 2 filters", "camera list 113/06/30, 2 filters"):
        checks.append((f"{ours}: p95 ≤ 150 ms at 1M", f"{p95(c, ours):.1f} ms",
                       p95(c, ours) <= 150))  # fmt: skip
        ratio = p95(c, ours) / p95(c, "admin changelist p1, precinct + LPR")
        checks.append((f"{ours}: ≤ 0.5× the admin (same filters, now)", f"{ratio:.2f}×",
                       ratio <= 0.5))  # fmt: skip
    dash = p95(c, "dashboard 2021-07-31") / p95(c, "SELECT count(*)")
    checks.append(("dashboard 2021-07-31: p95 ≤ 2× `SELECT count(*)`", f"{dash:.2f}×", dash <= 2))
    dash = p95(c, "dashboard") / p95(c, "SELECT count(*)")
    checks.append(("dashboard `/`: p95 ≤ 1× `SELECT count(*)` at 1M", f"{dash:.2f}×", dash <= 1))
    whole = p95(c, "series.monthly()") / p95(c, "SELECT count(*)")
    checks.append(("monthly series (ROC 105 to today): p95 ≤ 2× `SELECT count(*)` at 1M",
                   f"{whole:.2f}×", whole <= 2))  # fmt: skip
    whole = p95(c, "series CSV") / p95(c, "SELECT count(*)")
    checks.append(("series CSV `/reports/series.csv` (the request): p95 ≤ 2× `SELECT count(*)` "
                   "at 1M", f"{whole:.2f}×", whole <= 2))  # fmt: skip
    whole = p95(c, "lease projection (next fiscal year)") / p95(c, "SELECT count(*)")
    checks.append(("lease projection for next fiscal year: p95 ≤ 2× `SELECT count(*)` at 1M",
                   f"{whole:.2f}×", whole <= 2))  # fmt: skip
    export = large["csv"]["export_all"]
    checks.append(("export: ≥ 0.5× COPY rows/s at 1M", f"{export['ratio']:.2f}×",
                   export["ratio"] >= 0.5))  # fmt: skip
    base = large["csv"].get("base_rss_mib")
    if base:
        big = base + export["peak_rss_growth_mib"]
        little = base + large["csv"]["export_100k"]["peak_rss_growth_mib"]
        checks.append(("export: peak RSS at 1M ≤ 1.1× at 100k", f"{big / little:.3f}×",
                       big / little <= 1.1))  # fmt: skip
    imp = large["csv"]["import_100k"]
    ratio = imp["copy_from_seconds"] / imp["create_seconds"]
    checks.append(("import of 100,000 rows: ≥ 0.5× COPY FROM", f"{ratio:.2f}×", ratio >= 0.5))
    dated, cancelled = imp["effective_vs_copy_from"], imp.get("effective_cancelled")
    checks.append((f"import of {imp['effective_rows']:,} state changes with an effective day: "
                   "≥ 0.4× COPY FROM rows/s at 1M",
                   f"{'< ' if cancelled else ''}{dated:.2f}×"
                   + (f" (cancelled after {imp['effective_seconds']:.0f} s)" if cancelled else ""),
                   dated >= 0.4 and not cancelled))  # fmt: skip
    edit = large["bulk"]
    checks.append((f"bulk edit of {edit['cameras']:,} cameras in one request: ≤ 5 s at 1M",
                   f"{edit['write_seconds']} s", edit["write_seconds"] <= 5))  # fmt: skip
    growth = (upload["rss_peak_mib"] - upload["rss_before_mib"]) / upload["file_mib"]
    checks.append(("import upload: peak RSS growth ≤ 8× the file", f"{growth:.1f}×",
                   upload["status"] in (200, 302) and growth <= 8))  # fmt: skip
    kept = (upload["rss_after_mib"] - upload["rss_before_mib"]) / upload["file_mib"]
    checks.append(("import upload: RSS kept after ≤ 2× the file", f"{kept:.1f}×", kept <= 2))
    small_job, big_job = worker["worker"]
    per_row = (big_job["peak_rss_mib"] - small_job["peak_rss_mib"]) / 100_000 * 2**20
    checks.append(
        (
            "workbook import: peak RSS from 100k to 200k rows ≤ 1 KiB a row more",
            f"{per_row:.0f} B a row",
            per_row <= 1024 and big_job["status"] == "done",
        )
    )
    checks.append(("load test: zero errors", str(load["errors"]), load["errors"] == 0))
    slow = load["slow_readers"]
    done = sum(r["bytes"] == r["expected"] for r in slow)
    checks.append(("slow downloads finish whole", f"{done} / {len(slow)}", done == len(slow)))
    rows = ["", "## Targets", "", "| target | measured | met |", "| --- | ---: | --- |"]
    rows += [f"| {name} | {value} | {'yes' if ok else '**no**'} |" for name, value, ok in checks]
    return rows


def main():
    _config, urls = database_urls()
    results, version = {}, ""
    for label, scale, minimum in SIZES:
        print(f"bench: preparing {label} (seed_demo --scale {scale}) …", flush=True)
        version, seeded = prepare(urls[label], scale, minimum)
        print(f"bench: measuring {label} …", flush=True)
        results[label] = measure(urls[label])
        results[label]["seed_seconds"] = seeded
    print("bench: import preview of a 49 MiB file …", flush=True)
    upload = served("bench/upload.py", urls["100k"])
    print("bench: workbooks of 100,000 and 200,000 rows through the worker …", flush=True)
    worker = through_worker(urls["100k"])
    print("bench: load test (60 s, slow readers about 150 s) …", flush=True)
    load = served("bench/load.py", urls["1M"])
    # kept before the report is written: an hour of measuring survives a fault in the report
    SAVED.parent.mkdir(exist_ok=True)
    SAVED.write_text(json.dumps({"results": results, "version": version, "load": load,
                                 "upload": upload, "worker": worker}, default=str))  # fmt: skip
    text = report(results, version, load, upload, worker)
    previous = REPORT.read_text() if REPORT.exists() else ""
    marker = "## Notes"
    kept = previous[previous.index(marker) :] if marker in previous else ""
    REPORT.write_text(text + ("\n" + kept if kept else ""))
    print(text)


if __name__ == "__main__":
    main()
