"""Shared fixtures: the test database holds the demo register (the published plan) once per run."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

PLAN_DAY = datetime.date(2021, 7, 31)
AFTER_111 = datetime.date(2022, 12, 31)
TAIPEI = ZoneInfo("Asia/Taipei")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo register once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def admin_user(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "", "correct horse battery")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def today_is():
    """Pin "today" for a test: today_is(date) stops the clock half an hour into that day in
    Asia/Taipei (still the day before in UTC), so no test depends on when it runs."""
    travellers = []

    def pin(day: datetime.date):
        moment = datetime.datetime.combine(day, datetime.time(0, 30), TAIPEI)
        traveller = time_machine.travel(moment, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield pin
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def sign_in(client, django_user_model):
    """sign_in(name, role): the test client, signed in as a new user with that role."""

    def as_user(name: str, role: str):
        from django.contrib.auth.models import Group

        user = django_user_model.objects.create_user(name, password="x" * 20)
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return as_user


@pytest.fixture(autouse=True)
def pending_folder(tmp_path, monkeypatch):
    """Uploads waiting for confirmation go to the test's own folder, in every test (the live
    server's too): previews left in the shared one would fill it for the next user."""
    from cameras.imports import views as import_views

    monkeypatch.setattr(import_views, "_pending_folder", lambda: tmp_path)
    return tmp_path
