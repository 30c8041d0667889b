"""Production settings: safe by default, and no start without a secret key or allowed hosts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "PATH": os.environ["PATH"],
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "skynet.example.gov.tw",
    "DATABASE_URL": "sqlite:////tmp/skynet-settings-test.sqlite3",
}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {**PRODUCTION}
    del env[missing]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_debug_flag_values():
    from skynet.settings import env_flag

    for value, expected in [("1", True), ("true", True), ("TRUE", True), ("0", False), ("", False)]:
        os.environ["SKYNET_TEST_FLAG"] = value
        assert env_flag("SKYNET_TEST_FLAG") is expected
    del os.environ["SKYNET_TEST_FLAG"]
    assert env_flag("SKYNET_TEST_FLAG") is False


@pytest.mark.parametrize("key", ["short-secret", "a" * 60])
def test_production_refuses_a_weak_secret_key(key):
    result = manage("check", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


def test_production_cookies_are_all_secure():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**PRODUCTION, "DJANGO_SETTINGS_MODULE": "skynet.settings"},
    )  # fmt: skip
    assert result.stdout.split() == ["True", "True", "True"], result.stderr


WRITE_DURING_A_READ = """
from django.conf import settings
from django.db import connection
from django.db.utils import ConnectionHandler

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE rows (n integer)")
    cursor.executemany("INSERT INTO rows VALUES (%s)", [(n,) for n in range(5000)])
reading = connection.cursor()  # a download streaming its rows: the statement stays open
reading.execute("SELECT n FROM rows")
reading.fetchmany(10)
other = ConnectionHandler({"default": dict(settings.DATABASES["default"])})["default"]
with other.cursor() as cursor:  # someone saves meanwhile
    cursor.execute("INSERT INTO rows VALUES (-1)")
print("saved", len(reading.fetchall()))
"""


def test_the_embedded_database_takes_a_save_while_a_download_streams(tmp_path):
    """`make run`'s SQLite: two exports at once made the second a 500 ("database is locked")."""
    result = manage(
        "shell", "--no-imports", "-c", WRITE_DURING_A_READ,
        DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["saved", "4990"]
