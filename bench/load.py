"""Load test: gunicorn on loopback, 20 signed-in users for 60 seconds, a bounded mix of requests,
and 4 slow clients each reading a CSV export at 40 KB/s meanwhile.

Run by bench/run.py against the 1,000,000-camera database (DATABASE_URL set, production
settings in the environment), with the project's gunicorn.conf.py. Each user loops over list
pages, the dashboard and a CSV export until the time is up; only 127.0.0.1 is ever contacted,
and every loop is bounded in time. Prints one JSON object: requests, throughput, latency
percentiles per kind, errors, and whether the slow downloads finished.
"""

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skynet.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

PORT = 8765
USERS, WORKERS = 20, 4
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
SLOW_READERS, SLOW_BYTES_PER_S = 4, 40 * 1024
# The gunicorn settings: the project's file unless the bench is told otherwise (to compare).
GUNICORN = os.environ.get("BENCH_GUNICORN", "-c gunicorn.conf.py").split()


def session_cookie() -> str:
    """Sign the bench user in by creating a session, as the login page would."""
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def mix() -> list[tuple[str, str]]:
    """The requests each user cycles through: mostly lists, then dashboards, one export."""
    zl, lease = "ZL", "LEASE-105"  # filter URLs carry codes (an id redirects to the code)
    return [
        ("list", "/cameras/"),
        ("list", f"/cameras/?precinct={zl}&is_lane=true"),
        ("dashboard", "/?as_of=2021-07-31"),
        ("list", "/cameras/?page=2000"),
        ("list", f"/cameras/?precinct={zl}&is_lane=true&page=500"),
        ("dashboard", "/"),
        ("list", "/cameras/?q=LEASE-109-0037"),
        ("list", "/sites/"),
        ("dashboard", "/replacements/"),
        ("export", f"/cameras/export.csv?batch={lease}"),  # about 94,000 rows at 1M
    ]


def slow_export(batch: str, zl: str) -> str:
    """An export of 24,480 cameras at 1M (about 5.8 MB, the size of the demo register's whole
    file): more than the kernel's socket buffers hold, so the server must wait on the client."""
    return f"/cameras/export.csv?batch={batch}&precinct={zl}"


def start_server(port=PORT, workers=WORKERS):
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "skynet.wsgi", *GUNICORN, "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning",
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def user_loop(cookie, requests, deadline, offset, results, lock):
    index = offset
    while time.monotonic() < deadline:
        kind, path = requests[index % len(requests)]
        index += 1
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = connection.getresponse()
            while response.read(256 * 1024):
                pass
            ok = response.status == 200
            connection.close()
        except OSError:
            ok = False
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            results.append((kind, elapsed, ok))


def download(cookie, path, bytes_per_s=None) -> tuple[int, float]:
    """GET `path` over HTTP/1.0 (the body ends when the server closes), reading at most
    `bytes_per_s` through a small receive buffer, as a slow client far away would; return
    (body bytes, seconds)."""
    started = time.perf_counter()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
    sock.settimeout(60)
    sock.connect(("127.0.0.1", PORT))
    request = f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\r\n"
    sock.sendall(request.encode())
    received, head = b"", None
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk if head is None else b""
            if head is None and b"\r\n\r\n" in received:
                head, body = received.split(b"\r\n\r\n", 1)
                size = len(body)
            elif head is not None:
                size += len(chunk)
            if bytes_per_s and head is not None:
                ahead = size / bytes_per_s - (time.perf_counter() - started)
                if ahead > 0:
                    time.sleep(ahead)
    except OSError:
        pass
    finally:
        sock.close()
    ok = head is not None and head.startswith(b"HTTP/1.") and b" 200 " in head.split(b"\r\n")[0]
    return (size if ok else -1), time.perf_counter() - started


def slow_reader(cookie, path, expected, results, lock):
    size, seconds = download(cookie, path, SLOW_BYTES_PER_S)
    with lock:
        results.append({"bytes": size, "expected": expected, "seconds": round(seconds, 1)})


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))]


def main():
    cookie, requests = session_cookie(), mix()
    zl, lease = "ZL", "UNATTRIBUTED"
    server = start_server()
    results, slow, lock = [], [], threading.Lock()
    try:
        path = slow_export(lease, zl)
        expected, _seconds = download(cookie, path)  # at full speed, for the size
        started = time.monotonic()
        deadline = started + SECONDS
        threads = [
            threading.Thread(target=slow_reader, args=(cookie, path, expected, slow, lock))
            for _n in range(SLOW_READERS)
        ] + [
            threading.Thread(target=user_loop, args=(cookie, requests, deadline, n, results, lock))
            for n in range(USERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 180)
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    summary = {"users": USERS, "seconds": round(wall, 1), "workers": WORKERS, "kinds": {},
               "gunicorn": " ".join(GUNICORN), "slow_readers": slow,
               "slow_bytes_per_s": SLOW_BYTES_PER_S}  # fmt: skip
    for kind in sorted({k for k, _, _ in results}):
        times = [t for k, t, _ in results if k == kind]
        summary["kinds"][kind] = {
            "requests": len(times),
            "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 95), 1),
        }
    all_times = [t for _, t, _ in results]
    summary.update(
        requests=len(results),
        errors=sum(not ok for _, _, ok in results),
        throughput_rps=round(len(results) / wall, 1),
        p95_ms=round(percentile(all_times, 95), 1),
    )
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
