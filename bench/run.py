"""make bench: build the 100,000- and 1,000,000-camera data sets on PostgreSQL, measure, report.

Refuses SQLite. Uses DATABASE_URL's database for 1 M cameras (seed_demo --scale 45) and a sibling
database named <name>_100k for about 100,000 (--scale 5: 120,245); each is built once and reused.
"""

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
SIZES = [("100k", 5, 100_000), ("1M", 45, 1_000_000)]


def database_urls():
    url = os.environ.get("DATABASE_URL", "")
    config = dj_database_url.parse(url) if url else {}
    if "postgresql" not in config.get("ENGINE", ""):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name")
    base = url.rsplit("/", 1)[0]
    return config, {"1M": url, "100k": f"{base}/{config['NAME']}_100k"}


def ensure_database(url):
    config = dj_database_url.parse(url)
    admin = dict(host=config["HOST"] or None, port=config["PORT"] or None,
                 user=config["USER"] or None, password=config["PASSWORD"] or None,
                 dbname="postgres", autocommit=True)  # fmt: skip
    with psycopg.connect(**{k: v for k, v in admin.items() if v is not None}) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def manage(url, *args, capture=False):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True,
        capture_output=capture, text=True,
    )  # fmt: skip


def prepare(url, scale, minimum):
    ensure_database(url)
    manage(url, "migrate", "--no-input", "-v0")
    count = manage(url, "shell", "-c", "from cameras.models import Camera; "
                   "print(Camera.objects.count())", capture=True).stdout.split()[-1]  # fmt: skip
    if int(count) < minimum:
        manage(url, "seed_demo", "--scale", str(scale))
    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"],
        dbname=config["NAME"], autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute("VACUUM ANALYZE")
        return conn.execute("SHOW server_version").fetchone()[0]


# Pages are measured with the production settings (cached templates, hashed static files), as
# gunicorn would serve them; only the HTTPS redirect is off because the client speaks plain HTTP.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}


def measure(url):
    env = {**os.environ, "DATABASE_URL": url, **PRODUCTION}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env,
        check=True,
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, "bench/cases.py"], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def machine():
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return f"{os.cpu_count()} cores, {int(memory) / 1024 / 1024:.0f} GiB memory"


def report(results, pg_version):
    small, large = results["100k"], results["1M"]
    lines = [
        "# Benchmarks",
        "",
        f"Latest `make bench`: {datetime.date.today().isoformat()} · {machine()} · PostgreSQL "
        f"{pg_version} on the same host · Python {platform.python_version()}.",
        "",
        f"Data sets: {small['cameras']:,} and {large['cameras']:,} cameras (`seed_demo --scale 5` "
        "and `--scale 45`), after `VACUUM ANALYZE`. Server time of a request in Django (routing, "
        "queries, rendering) measured with the test client: 5 warm-up runs, then 30 runs; "
        "milliseconds. Two filters: precinct 中壢分局 and lane cameras. Deep page: page "
        f"{large['pages'][0]:,} (unfiltered) and {large['pages'][1]:,} (filtered) at 1M; "
        f"{small['pages'][0]:,} and {small['pages'][1]:,} (the last page) at 100k.",
        "",
        "| case | 100k median | 100k p95 | 1M median | 1M p95 | 1M / 100k (p95) "
        "| queries 100k / 1M |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, big in large["cases"].items():
        little = small["cases"][name]
        queries = f"{little.get('queries', '—')} / {big.get('queries', '—')}"
        lines.append(
            f"| {name} | {little['median_ms']:.1f} | {little['p95_ms']:.1f} | "
            f"{big['median_ms']:.1f} | {big['p95_ms']:.1f} | "
            f"{big['p95_ms'] / little['p95_ms']:.2f} | {queries} |"
        )
    lines += ["", "Ratios at 1M (p95):", ""]
    cases = large["cases"]
    for ours, admin in [
        ("camera list p1", "admin changelist p1"),
        ("camera list deep page", "admin changelist deep page"),
        ("camera list p1, 2 filters", "admin changelist p1, 2 filters"),
        ("camera list deep page, 2 filters", "admin changelist deep page, 2 filters"),
    ]:
        lines.append(
            f"- {ours}: {cases[ours]['p95_ms'] / cases[admin]['p95_ms']:.2f}× the Django admin"
        )
    dash = cases["dashboard 2021-07-31"]["p95_ms"] / cases["SELECT count(*)"]["p95_ms"]
    lines.append(f"- dashboard: {dash:.2f}× a bare `SELECT count(*)` of the camera table")
    return "\n".join(lines) + "\n"


def main():
    _config, urls = database_urls()
    results, version = {}, ""
    for label, scale, minimum in SIZES:
        print(f"bench: preparing {label} (seed_demo --scale {scale}) …", flush=True)
        version = prepare(urls[label], scale, minimum)
        print(f"bench: measuring {label} …", flush=True)
        results[label] = measure(urls[label])
    text = report(results, version)
    previous = REPORT.read_text() if REPORT.exists() else ""
    marker = "## Building the data set"
    kept = previous[previous.index(marker) :] if marker in previous else ""
    REPORT.write_text(text + ("\n" + kept if kept else ""))
    print(text)


if __name__ == "__main__":
    main()
