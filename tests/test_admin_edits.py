"""The change history is evidence: the admin shows it but cannot revert a row to it; the admin
refuses stale edits as the app does."""

import re

import pytest
from django.urls import reverse

from cameras.models import Site

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
