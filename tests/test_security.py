"""Sign-in protection, sessions, headers and the admin's door, as issue 5 asks."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.middleware import REFRESH_SECONDS, REFRESHED_AT
from core.roles import ADMINISTRATOR, AUDITOR, EDITOR, VIEWER

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 7"


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_roles_exist_with_their_rights():
    assert {g.name for g in Group.objects.all()} >= {ADMINISTRATOR, EDITOR, AUDITOR, VIEWER}
    editor = set(Group.objects.get(name=EDITOR).permissions.values_list("codename", flat=True))
    assert {"add_camera", "change_camera", "import_cameras", "export_csv"} <= editor
    assert "delete_camera" not in editor
    auditor = set(Group.objects.get(name=AUDITOR).permissions.values_list("codename", flat=True))
    assert {"view_camera", "export_csv", "view_history"} <= auditor
    assert not {code for code in auditor if code.startswith(("add_", "change_", "delete_"))}
    viewer = set(Group.objects.get(name=VIEWER).permissions.values_list("codename", flat=True))
    assert viewer == {
        "view_camera", "view_site", "view_precinct", "view_station", "view_batch",
        "view_budgetline", "view_scenario",
    }  # fmt: skip
    assert {"add_scenario", "change_scenario"} <= editor
    assert "delete_scenario" not in editor


def test_failed_sign_ins_lock_out_that_user_from_that_address(client, django_user_model, settings):
    django_user_model.objects.create_user("clerk", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "clerk", "wrong").status_code == 200
    assert sign_in(client, "clerk", "wrong").status_code == 429  # the limit: locked out
    locked = sign_in(client, "clerk", PASSWORD)  # even with the right password
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode() or "登入失敗次數過多" in (
        locked.content.decode()
    )
    # the same user from another address, and another user from this one, still get in
    assert sign_in(client, "clerk", PASSWORD, address="10.0.0.2").status_code == 302
    client.logout()
    django_user_model.objects.create_user("other", password=PASSWORD)
    assert sign_in(client, "other", PASSWORD).status_code == 302


def test_a_good_sign_in_works(client, django_user_model):
    django_user_model.objects.create_user("clerk", password=PASSWORD)
    response = sign_in(client, "clerk", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"


def test_sessions_expire_after_inactivity(client, django_user_model, settings):
    """A signed-in session's expiry moves on while it is used, with one write a minute."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    user = django_user_model.objects.create_user("clerk", password=PASSWORD)
    user.groups.add(Group.objects.get(name=VIEWER))
    sign_in(client, "clerk", PASSWORD)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    def expiry_after_a_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sites/").status_code == 200
        writes = [q for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]
        return Session.objects.get(pk=key).expire_date, len(writes)

    expiry, _writes = expiry_after_a_page()
    assert expiry_after_a_page() == (expiry, 0)  # within the minute: no write
    session = Session.objects.get(pk=key)
    data = session.get_decoded()
    data[REFRESHED_AT] -= REFRESH_SECONDS  # a minute later
    Session.objects.filter(pk=key).update(
        session_data=SessionStore().encode(data), expire_date=timezone.now() + timedelta(minutes=10)
    )
    later, writes = expiry_after_a_page()
    assert writes == 1
    assert timedelta(minutes=29) < later - timezone.now() <= timedelta(minutes=30)
    # an idle session past its expiry signs the user out
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/sites/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_passwords_are_validated(django_user_model):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")
    validate_password(PASSWORD)


def test_pages_carry_a_content_security_policy(admin_client):
    response = admin_client.get("/cameras/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_is_for_administrators_only(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/cameras/camera/").status_code == 200


def test_a_short_idle_timeout_is_refreshed_in_time(client, django_user_model, settings):
    """With a 1-minute timeout, a user active every 20 seconds stays signed in."""
    import datetime

    import time_machine

    settings.SESSION_COOKIE_AGE = 60
    user = django_user_model.objects.create_user("clerk", password=PASSWORD)
    user.groups.add(Group.objects.get(name=VIEWER))
    start = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, "clerk", PASSWORD)
        for _step in range(9):  # three minutes of a page every 20 seconds
            clock.shift(20)
            assert client.get("/sites/").status_code == 200
        clock.shift(61)  # then a minute and a second idle: signed out
        assert client.get("/sites/").status_code == 302
