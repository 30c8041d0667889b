"""Each invariant of the register is a named database constraint that rejects bad rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cameras.models import Camera, Precinct, Site
from leases.models import Batch

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def site():
    precinct = Precinct.objects.create(code="T1", name="測試分局")
    return Site.objects.create(code="T1-1", name="中正路與民生路口", precinct=precinct)


@pytest.fixture
def batch():
    return Batch.objects.create(code="T-LEASE", name="測試租賃案", kind="lease")


def camera(site, batch, **values):
    fields = {"asset_tag": "T-0001", "site": site, "batch": batch, "installed_on": D(2020, 1, 1)}
    return Camera.objects.create(**{**fields, **values})


def rejected(name_in_message, create):
    """Assert the database refuses the row, naming the constraint (or column) it breaks."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        create()
    assert name_in_message in str(error.value)


def test_asset_tag_is_unique(site, batch):
    camera(site, batch)
    rejected("asset_tag", lambda: camera(site, batch))


def test_site_code_is_unique(site):
    rejected("code", lambda: Site.objects.create(code="T1-1", name="x", precinct=site.precinct))


def test_site_names_need_not_be_unique(site):
    Site.objects.create(code="T1-2", name=site.name, precinct=site.precinct)
    assert Site.objects.filter(name=site.name).count() >= 2


def test_retired_on_or_after_installed(site, batch):
    rejected(
        "camera_retired_on_or_after_installed",
        lambda: camera(site, batch, status="retired", retired_on=D(2019, 12, 31)),
    )


def test_retired_on_the_day_installed_is_allowed(site, batch):
    camera(site, batch, status="retired", retired_on=D(2020, 1, 1))


def test_retired_status_needs_a_date(site, batch):
    rejected("camera_retired_status_matches_date", lambda: camera(site, batch, status="retired"))


def test_a_date_needs_retired_status(site, batch):
    rejected(
        "camera_retired_status_matches_date",
        lambda: camera(site, batch, status="in_service", retired_on=D(2021, 1, 1)),
    )


def test_status_must_be_known(site, batch):
    rejected("camera_status_valid", lambda: camera(site, batch, status="lost"))


def test_resolution_not_negative(site, batch):
    rejected(
        "camera_resolution_not_negative",
        lambda: camera(site, batch, resolution_mp=Decimal("-1.0")),
    )


def test_an_old_camera_is_replaced_at_most_once(site, batch):
    old = camera(site, batch, asset_tag="OLD", status="retired", retired_on=D(2021, 1, 1))
    camera(site, batch, asset_tag="NEW-1", replaces=old)
    rejected("replaces_id", lambda: camera(site, batch, asset_tag="NEW-2", replaces=old))


def test_a_camera_does_not_replace_itself(site, batch):
    cam = camera(site, batch)
    cam.replaces_id = cam.pk
    rejected("camera_does_not_replace_itself", lambda: cam.save())


def test_latitude_in_range(site):
    rejected(
        "site_latitude_in_range",
        lambda: Site.objects.create(
            code="BAD", name="x", precinct=site.precinct, latitude=Decimal("91")
        ),
    )


def test_longitude_in_range(site):
    rejected(
        "site_longitude_in_range",
        lambda: Site.objects.create(
            code="BAD", name="x", precinct=site.precinct, longitude=Decimal("-181")
        ),
    )


def test_site_of_a_camera_cannot_be_deleted(site, batch):
    from django.db.models import ProtectedError

    camera(site, batch)
    with pytest.raises(ProtectedError):
        site.delete()
