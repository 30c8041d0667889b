"""The change history is evidence: the admin shows it but cannot revert a row to it."""

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
