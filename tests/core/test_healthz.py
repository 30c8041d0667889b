"""/healthz tells a load balancer the truth about the database; dropped connections heal."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Two requests through the WSGI application (as gunicorn calls it: the test client skips the
# per-request connection checks), with whatever happens to the database between them.
SCRIPT = """
import json, os, sys
from wsgiref.util import setup_testing_defaults
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skynet.settings")
from django.core.wsgi import get_wsgi_application
import psycopg
app = get_wsgi_application()

def get(path):
    environ = {"PATH_INFO": path, "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    status = []
    body = b"".join(app(environ, lambda s, h: status.append(int(s.split()[0]))))
    return [status[0], json.loads(body)]

first = get("/healthz")
if sys.argv[1] == "terminate":
    from django.db import connection
    pid = connection.connection.info.backend_pid
    with psycopg.connect(sys.argv[2], autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
print(json.dumps([first, get("/healthz")]))
"""


def run(database_url: str, *args) -> list:
    env = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": database_url}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=60, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    unreachable = [
        f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3",  # cannot be opened
        "postgres://postgres@127.0.0.1:1/skynet",  # nothing listens there
    ]
    for url in unreachable:
        down = [503, {"status": "database unavailable"}]
        assert run(url, "-") == [down, down], url


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_terminate_backend")
def test_a_dropped_connection_fails_no_request():
    params = connection.settings_dict
    url = (f"postgres://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}"
           f"/{params['NAME']}")  # fmt: skip
    ok = [200, {"status": "ok"}]
    assert run(url, "terminate", url) == [ok, ok]
