"""The Content-Security-Policy holds on every page: Chromium reports no violation, no error."""

import pytest

from tests.test_permissions import RULES, url_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NOT_PAGES = {
    "core:healthz",
    "set_language",
    "logout",
    "login",  # forms that only take a POST:
    "cameras:camera_bulk_edit",
    "core:saved_view_create",
    "core:saved_view_delete",
    "leases:scenario_approve",
    "cameras:import_job",  # one's own job only: its pages are test_department_list.py's
}
ADMIN_PAGES = [
    "/admin/", "/admin/cameras/camera/", "/admin/cameras/camera/add/", "/admin/leases/batch/",
    "/admin/cameras/precinct/?coverage_on=2021-07-31", "/admin/auth/user/",
]  # fmt: skip


def test_no_page_breaks_the_policy(signed_in, live_server, shot):
    page = signed_in
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    pages = [url_for(n) for n in sorted(RULES) if n not in NOT_PAGES and "export" not in n]
    for path in [*pages, *ADMIN_PAGES]:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("load")
        assert problems == [], (path, problems)
    shot(page, "admin-precincts")
