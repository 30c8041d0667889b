"""The change history is evidence: the admin shows it but cannot revert a row to it; the admin
refuses stale edits as the app does."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cameras.models import Site
from leases.models import Batch

pytestmark = pytest.mark.django_db


def test_history_cannot_be_reverted_from_the_admin(admin_client):
    site = Site.objects.filter(precinct__code="ZL").order_by("code")[1]
    site.name = "改過"
    site.save()
    record = site.history.earliest()
    url = reverse("admin:cameras_site_simple_history", args=[site.pk, record.history_id])
    assert admin_client.get(url).status_code == 200  # it may be read
    assert admin_client.post(url, {"name": "舊名", "code": site.code}).status_code == 403
    site.refresh_from_db()
    assert site.name == "改過"
    assert (
        admin_client.get(reverse("admin:cameras_site_history", args=[site.pk])).status_code == 200
    )


def test_a_stale_admin_edit_is_refused_and_loses_nothing(admin_client, admin_user):
    site = Site.objects.filter(precinct__code="ZL").order_by("code")[2]
    url = reverse("admin:cameras_site_change", args=[site.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    opened = re.search(r'name="opened_version" value="(\d+)"', page).group(1)
    data = {"code": site.code, "name": "管理介面的名字", "address": site.address,
            "precinct": site.precinct_id, "kind": site.kind, "opened_version": opened}  # fmt: skip
    site.name = "別人先改了"
    site.save()  # someone else's save while the admin page was open
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "was changed by someone else after you opened it; nothing was saved." in (
        response.content.decode()
    )
    site.refresh_from_db()
    assert site.name == "別人先改了"
    # opened again, the edit goes through
    page = admin_client.get(url).content.decode()
    data["opened_version"] = re.search(r'name="opened_version" value="(\d+)"', page).group(1)
    assert admin_client.post(url, data).status_code == 302
    site.refresh_from_db()
    assert (site.name, site.history.latest().history_user) == ("管理介面的名字", admin_user)


def inline_form(page: str) -> dict:
    """Return the batch admin page's form as the browser would post it."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = body.strip()
    data.pop("csrfmiddlewaretoken", None)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def test_a_stale_budget_line_edited_inline_is_refused(admin_client):
    batch = Batch.objects.get(code="LEASE-106")
    line = batch.budget_lines.get()
    url = reverse("admin:leases_batch_change", args=[batch.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    data = inline_form(page)
    prefix = next(k for k in data if k.endswith("-amount_thousand_ntd")).removesuffix(
        "-amount_thousand_ntd"
    )
    assert data[f"{prefix}-opened_version"] == str(line.version)
    line.amount_thousand_ntd = Decimal("99999.000")
    line.save()  # a colleague's save while the page was open
    data[f"{prefix}-amount_thousand_ntd"] = "83250.000"
    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "was changed by someone else after you opened it; nothing was saved." in (
        response.content.decode()
    )
    line.refresh_from_db()
    assert line.amount_thousand_ntd == Decimal("99999.000")


def test_an_edit_without_its_version_is_refused(admin_client):
    site = Site.objects.filter(precinct__code="ZL").order_by("code")[3]
    data = {"code": site.code, "name": "沒有版本", "address": site.address,
            "precinct": site.precinct_id, "kind": site.kind}  # fmt: skip
    for url in (f"/sites/{site.pk}/edit/", reverse("admin:cameras_site_change", args=[site.pk])):
        response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, url
        assert "This form came without the version of the record it edits" in (
            response.content.decode()
        ), url
    site.refresh_from_db()
    assert site.name != "沒有版本"
