"""The management commands `make run` uses: ensure_admin."""

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent.parent


def test_ensure_admin_prints_a_password_once_then_a_command_that_works(settings):
    settings.DEBUG = True  # as `make run` runs it
    first, again = io.StringIO(), io.StringIO()
    call_command("ensure_admin", "--username", "boss", stdout=first)
    assert re.search(r"password: \S{16}", first.getvalue())
    call_command("ensure_admin", "--username", "boss", stdout=again)
    command = re.search(r"To set a new one: (.+) changepassword boss$", again.getvalue()).group(1)
    assert command.startswith("DJANGO_DEBUG=1 ") and command.endswith(" manage.py")
    # The printed command runs as it is, from the project folder (here: `check`, not a prompt).
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    result = subprocess.run(f"{command} check", shell=True, cwd=ROOT, env=env,  # noqa: S602
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
