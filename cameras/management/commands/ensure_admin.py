"""Create the first administrator with a generated password, printed once."""

import os
import secrets
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the administrator account if it does not exist, with a random password."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Administrator “{username}” exists; its password was shown when it was created. "
                f"To set a new one: {manage_command()} changepassword {username}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            "\n".join(
                [
                    "",
                    "=" * 60,
                    "  Administrator account created — this password is shown only once:",
                    f"    username: {username}",
                    f"    password: {password}",
                    "=" * 60,
                    "",
                ]
            )
        )


def manage_command() -> str:
    """Return how to run manage.py as this process does: this interpreter (the virtualenv's)
    and, for the development settings, DJANGO_DEBUG=1 — a command that works as printed."""
    python = (
        os.path.relpath(sys.executable)
        if sys.executable.startswith(os.getcwd())
        else (sys.executable)
    )
    return f"{'DJANGO_DEBUG=1 ' if settings.DEBUG else ''}{python} manage.py"
