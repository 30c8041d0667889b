"""The Django admin serves every model and shows the coverage figures, in bounded queries."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_precinct_changelist_shows_the_plans_figures(admin_client):
    url = reverse("admin:cameras_precinct_changelist") + "?as_of=2021-07-31"
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>22,049</strong>" in page
    assert "<strong>14,807</strong>" in page
    assert "<strong>12,978</strong>" in page
    assert "<strong>58.86 %</strong>" in page
    assert "<strong>87.65 %</strong>" in page
    assert "110/07/31" in page
    assert "桃園分局" in page


def test_batch_changelist_shows_counts_per_batch(admin_client):
    url = reverse("admin:leases_batch_changelist") + "?as_of=2021-07-31"
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<td class="field-contracted_count">3,750</td><td class="field-registered">3,750</td>'
        '<td class="field-registered_minus_contracted">+0</td><td class="field-cameras">3,750</td>'
        '<td class="field-lane">2,900</td><td class="field-lpr">2,900</td>'
        '<td class="field-lpr_pct">77.33 %</td><td class="field-lpr_of_lane_pct">100.00 %</td>'
    ) in page
    assert "112/08/31" in page  # LEASE-105 ends in ROC 112
    assert "UNATTRIBUTED" in page


def test_batch_changelist_on_2022_12_31(admin_client):
    url = reverse("admin:leases_batch_changelist") + "?as_of=2022-12-31"
    page = admin_client.get(url).content.decode()
    assert "<strong>22,921</strong>" in page


@pytest.mark.parametrize(
    "name",
    [
        "cameras_precinct",
        "cameras_site",
        "cameras_camera",
        "leases_batch",
        "leases_budgetline",
    ],
)
def test_changelists_run_in_bounded_queries(admin_client, django_assert_max_num_queries, name):
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200


def test_camera_changelist_search(admin_client):
    url = reverse("admin:cameras_camera_changelist") + "?q=LEASE-109-003750"
    page = admin_client.get(url).content.decode()
    assert "LEASE-109-003750" in page
    assert "LEASE-109-003749" not in page


def test_camera_change_page(admin_client):
    from cameras.models import Camera

    camera = Camera.objects.get(asset_tag="SELF-111-000001")
    response = admin_client.get(reverse("admin:cameras_camera_change", args=[camera.pk]))
    assert response.status_code == 200
    assert camera.replaces.asset_tag in response.content.decode()


def test_admin_needs_a_login(client):
    response = client.get(reverse("admin:cameras_camera_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")
