"""The documented backup and restore (pg_dump / pg_restore) gives back every row."""

import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

TABLES = [
    "cameras_camera", "cameras_site", "cameras_precinct", "cameras_coveragerollup",
    "leases_batch", "leases_budgetline", "auth_group_permissions",
]  # fmt: skip


def counts(conn):
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_pg_dump_and_pg_restore_give_back_every_row(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL run of the suite tests the backup (.ci/run)")
    settings = connection.settings_dict
    source = settings["NAME"]
    restored = f"{source}_restored"
    auth = {"host": settings["HOST"] or "127.0.0.1", "port": str(settings["PORT"] or 5432),
            "user": settings["USER"] or "postgres"}  # fmt: skip
    url = f"postgresql://{auth['user']}@{auth['host']}:{auth['port']}"
    dump = tmp_path / "skynet.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", f"{url}/{source}"], check=True)
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={url}/{restored}", str(dump)], check=True
        )
        with (
            psycopg.connect(f"{url}/{source}") as original,
            psycopg.connect(f"{url}/{restored}") as copy,
        ):
            before, after = counts(original), counts(copy)
        assert after == before
        assert after["cameras_camera"] >= 24_049
    finally:
        with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
