"""The register's rules in cameras/querysets.py, each at its boundaries."""

import datetime

import pytest

from cameras.models import Camera, CoverageRollup, Site
from cameras.querysets import in_service_q, past_service_life_q, service_lives
from cameras.states import on_day_q

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def camera():
    camera = Camera.objects.filter(batch__code="LEASE-109", status="in_service").first()
    camera.installed_on, camera.status, camera.retired_on = (
        D(2021, 1, 10),
        "retired",
        D(2021, 2, 10),
    )
    camera.save()
    return camera


@pytest.mark.parametrize(
    "day, counted",
    [(D(2021, 1, 9), False), (D(2021, 1, 10), True), (D(2021, 2, 9), True),
     (D(2021, 2, 10), False)],
)  # fmt: skip
def test_a_camera_counts_from_its_install_day_until_the_day_before_it_retires(camera, day, counted):
    assert Camera.objects.in_service(on=day).filter(pk=camera.pk).exists() is counted
    assert Camera.objects.filter(in_service_q(day), pk=camera.pk).exists() is counted


def test_a_camera_still_in_service_counts_on_any_later_day():
    camera = Camera.objects.filter(status="in_service").first()
    assert Camera.objects.in_service(on=D(2999, 12, 31)).filter(pk=camera.pk).exists()


def test_the_rollup_counts_by_the_same_rule(camera):
    for day in [D(2021, 1, 9), D(2021, 1, 10), D(2021, 2, 9), D(2021, 2, 10)]:
        rows = CoverageRollup.objects.filter(on_day_q(day))
        assert sum(rows.values_list("camera_count", flat=True)) == (
            Camera.objects.in_service(on=day).count()
        )


def test_past_service_life_from_the_day_the_life_is_over():
    # the self-built batch has a 5-year life: installed on 2016-07-31 is past it on 2021-07-31
    camera = Camera.objects.filter(batch__code="SELF-104-107", status="in_service").first()
    camera.installed_on = D(2016, 7, 31)
    camera.save()
    past = Camera.objects.filter(past_service_life_q(D(2021, 7, 31), service_lives()))
    assert past.filter(pk=camera.pk).exists()
    past = Camera.objects.filter(past_service_life_q(D(2021, 7, 30), service_lives()))
    assert not past.filter(pk=camera.pk).exists()


def test_a_sites_cameras_are_counted_per_site():
    site = Site.objects.with_camera_count().get(code="ZL-000001")
    assert site.camera_count == Camera.objects.filter(site=site).count() > 0
