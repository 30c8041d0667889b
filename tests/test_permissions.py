"""Every URL of the app × every role → the expected answer, checked on the server.

The URLs are read from the URL configuration: a new URL without a line in RULES fails here, so
nobody can add a page and forget who may open it.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cameras.models import Camera
from core.roles import ADMINISTRATOR, AUDITOR, EDITOR, VIEWER
from leases.models import Batch, Scenario

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no role", VIEWER, AUDITOR, EDITOR, ADMINISTRATOR]
READ = {VIEWER, AUDITOR, EDITOR, ADMINISTRATOR}
EXPORT = {AUDITOR, EDITOR, ADMINISTRATOR}
EDIT = {EDITOR, ADMINISTRATOR}
OPEN = "open"

# URL name → the roles that get 200 (everyone else signed in gets 403; anonymous goes to login).
RULES = {
    "core:healthz": OPEN,
    "login": OPEN,
    "set_language": OPEN,  # a GET just redirects back
    "logout": "signed in",  # POST only: a GET is 405 for whoever is signed in
    "password_change": "any role",  # every signed-in user changes their own password
    "password_change_done": "any role",
    "cameras:dashboard": READ,
    "cameras:camera_list": READ,
    "cameras:camera_detail": READ,
    "cameras:camera_create": EDIT,
    "cameras:camera_update": EDIT,
    "cameras:camera_replace": EDIT,
    "cameras:site_list": READ,
    "cameras:site_detail": READ,
    "cameras:site_create": EDIT,
    "cameras:site_update": EDIT,
    "cameras:replacement_planner": READ,
    "leases:batch_list": READ,
    "leases:batch_detail": READ,
    "leases:batch_create": EDIT,
    "leases:batch_update": EDIT,
    "leases:fiscal_year": READ,
    "leases:lease_years": READ,
    "leases:scenario_list": READ,
    "leases:scenario_detail": READ,
    "leases:scenario_compare": READ,
    "leases:scenario_create": EDIT,
    "leases:scenario_update": EDIT,
    "leases:scenario_approve": ("post only", EDIT),
    "cameras:coverage_report": READ,
    "cameras:camera_export": EXPORT,
    "cameras:site_export": EXPORT,
    "leases:batch_export": EXPORT,
    "leases:budget_line_export": EXPORT,
    "leases:fiscal_year_export": EXPORT,
    "leases:lease_years_export": EXPORT,
    "leases:scenario_export": EXPORT,
    "cameras:replacement_export": EXPORT,
    "cameras:coverage_export": EXPORT,
    "cameras:series_export": EXPORT,
    "core:history_export": {AUDITOR, EDITOR, ADMINISTRATOR},
    "core:audit": {AUDITOR, EDITOR, ADMINISTRATOR},
    "cameras:camera_import": EDIT,
    # a background import is its user's own: no one else's is found (404), with the right
    "cameras:import_job": ("own", EDIT),
    "cameras:camera_bulk_edit": ("post only", EDIT),  # GET: 405 for the roles that may
    "core:saved_view_create": "signed in",  # every user keeps views of their own
    "core:saved_view_delete": "signed in",
}
OPEN_STATUS = {"core:healthz": 200, "login": 200, "set_language": 302}


def app_url_names(patterns=None, namespace=""):
    """Yield every named URL of the app, the Django admin's aside (tested below)."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from app_url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_has_a_rule():
    assert set(app_url_names()) == set(RULES)


def scenario() -> int:
    found = Scenario.objects.filter(name="P").first() or Scenario.objects.create(
        name="P", camera_count=1, monthly_rate_ntd=1, start=datetime.date(2027, 1, 1),
        term_months=1,
    )  # fmt: skip
    return found.pk


SCENARIO_QUERY = {"leases:scenario_compare", "leases:scenario_export"}  # ?id=


def url_for(name):
    if name in SCENARIO_QUERY:
        return f"{reverse(name)}?id={scenario()}"
    args = {
        "leases:scenario_detail": lambda: [scenario()],
        "leases:scenario_update": lambda: [scenario()],
        "leases:scenario_approve": lambda: [scenario()],
        "cameras:camera_detail": lambda: [Camera.objects.get(asset_tag="LEASE-109-000001").pk],
        "cameras:camera_update": lambda: [Camera.objects.get(asset_tag="LEASE-109-000001").pk],
        "cameras:camera_replace": lambda: [Camera.objects.get(asset_tag="LEASE-109-000001").pk],
        "cameras:site_detail": lambda: [Camera.objects.get(asset_tag="LEASE-109-000001").site_id],
        "cameras:site_update": lambda: [Camera.objects.get(asset_tag="LEASE-109-000001").site_id],
        "leases:batch_detail": lambda: [Batch.objects.get(code="LEASE-109").pk],
        "leases:batch_update": lambda: [Batch.objects.get(code="LEASE-109").pk],
        "leases:fiscal_year": lambda: [111],
        "core:saved_view_delete": lambda: [1],
        "cameras:import_job": lambda: [999_999],
        "leases:fiscal_year_export": lambda: [111],
    }
    return reverse(name, args=args[name]() if name in args else [])


@pytest.fixture
def client_as(client, django_user_model):
    def sign_in(role):
        if role == "anonymous":
            return client
        user = django_user_model.objects.create_user(role.replace(" ", "_"), password="x" * 20)
        if role != "no role":
            user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return sign_in


def expected(name, role, url):
    rule = RULES[name]
    if rule == OPEN:
        return OPEN_STATUS[name], None
    if role == "anonymous":
        return 302, "/accounts/login/?next="
    if rule == "signed in":
        return 405, None
    if rule == "any role":
        return 200, None
    if isinstance(rule, tuple) and rule[0] == "own":
        return (404, None) if role in rule[1] else (403, None)
    if isinstance(rule, tuple):  # a form that only takes a POST
        return (405, None) if role in rule[1] else (403, None)
    return (200, None) if role in rule else (403, None)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client_as, role):
    client = client_as(role)
    wrong = []
    for name in sorted(RULES):
        url = url_for(name)
        status, location = expected(name, role, url)
        response = client.get(url)
        if response.status_code != status or (
            location and not response["Location"].startswith(location)
        ):
            wrong.append((name, url, status, response.status_code))
    assert wrong == []


ADMIN_PAGES = ["/admin/", "/admin/cameras/camera/", "/admin/auth/user/",
               "/admin/core/exportrecord/", "/admin/leases/budgetline/"]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_the_admin_matrix(client_as, role):
    client = client_as(role)
    for url in ADMIN_PAGES:
        response = client.get(url)
        if role == ADMINISTRATOR:
            assert response.status_code == 200, url
        else:  # a sign-in page (the app's or the admin's), never data
            assert response.status_code == 302, url
            assert response["Location"].startswith(("/admin/login/", "/accounts/login/")), url


def test_posts_are_checked_too(client_as):
    client = client_as(VIEWER)
    camera = Camera.objects.get(asset_tag="LEASE-109-000001")
    for name in ["cameras:camera_update", "cameras:camera_replace", "cameras:camera_import",
                 "cameras:camera_bulk_edit"]:  # fmt: skip
        own = name in ("cameras:camera_update", "cameras:camera_replace")
        url = reverse(name, args=[camera.pk] if own else [])
        assert client.post(url, {}).status_code == 403, name
    camera.refresh_from_db()
    assert camera.status == "in_service"


def test_refusals_and_missing_records_are_pages_of_the_app(client_as):
    client = client_as(VIEWER)
    refused = client.get(reverse("cameras:camera_create"), HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "<h1>Not allowed</h1>" in page and "Your role does not allow this page" in page
    assert 'href="/cameras/"' in page  # the app's navigation is there
    missing = client.get(reverse("cameras:camera_detail", args=[987654321]))
    assert missing.status_code == 404
    assert "找不到" in missing.content.decode()
