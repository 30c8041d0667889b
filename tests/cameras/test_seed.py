"""seed_demo loads the plan once; running it again changes nothing; --scale multiplies."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cameras.models import Camera, Site
from cameras.reports import coverage
from tests.conftest import AFTER_111, PLAN_DAY

pytestmark = pytest.mark.django_db


def snapshot():
    """Return every row of the project's tables, so that any change at all shows."""
    tables = {}
    for model in apps.get_app_config("cameras").get_models():
        tables[model._meta.label] = list(model.objects.order_by("pk").values_list())
    for model in apps.get_app_config("leases").get_models():
        tables[model._meta.label] = list(model.objects.order_by("pk").values_list())
    return tables


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_second_run_adds_changes_and_deletes_nothing():
    before = snapshot()
    assert sum(len(rows) for rows in before.values()) > 24_000
    assert seed().startswith("seed_demo: 0 cameras added, 24,049 in the register")
    assert snapshot() == before


def test_camera_records_say_they_are_synthetic():
    assert set(Camera.objects.values_list("data_source", flat=True).distinct()) == {"synthetic"}


def test_sites_lie_inside_taoyuan_city():
    bounds = Site.objects.values_list("latitude", "longitude")
    for latitude, longitude in bounds.iterator():
        assert 24.60 < latitude < 25.13 and 120.98 < longitude < 121.47


def test_scale_two_doubles_every_figure_with_distinct_tags_and_sites():
    sites = Site.objects.count()
    output = seed("--scale", "2")
    assert output.startswith("seed_demo: 24,049 cameras added, 48,098 in the register")
    assert Site.objects.count() == 2 * sites
    plan = coverage(on=PLAN_DAY).total
    assert (plan.cameras, plan.lane, plan.lpr) == (44_098, 29_614, 25_956)
    assert str(plan.lpr_pct) == "58.86"
    assert coverage(on=AFTER_111).total.cameras == 45_842
    assert Camera.objects.filter(asset_tag="LEASE-105-100001").exists()
    # the copy's replacements point at the copy's own old cameras
    assert not Camera.objects.filter(
        asset_tag__startswith="SELF-111-1", replaces__asset_tag__lt="SELF-104-107-100000"
    ).exists()
    assert seed("--scale", "2").startswith("seed_demo: 0 cameras added")


def test_scale_must_be_sensible():
    with pytest.raises(CommandError, match="--scale must be between 1 and 999"):
        seed("--scale", "0")


def test_new_rows_after_seeding_get_fresh_ids():
    site = Site.objects.first()
    camera = Camera.objects.create(
        asset_tag="NEW-1",
        site=site,
        batch_id=Camera.objects.first().batch_id,
        installed_on=PLAN_DAY,
    )
    assert camera.pk > Camera.objects.exclude(pk=camera.pk).order_by("-pk").first().pk
