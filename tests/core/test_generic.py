"""The base views' rules: one order for a list and its file, one as-of day, one bom switch."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import translation

from cameras.models import Camera, Site
from core.generic import BadParameter, as_of_param, bom_wanted, date_param, ordered

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def order_of(queryset) -> tuple:
    return tuple(ordered(queryset).query.order_by)


def test_a_unique_key_is_a_total_order_already():
    assert order_of(Camera.objects.all()) == ("asset_tag",)  # Meta.ordering, unique
    assert order_of(Camera.objects.order_by("-asset_tag")) == ("-asset_tag",)
    assert order_of(Site.objects.order_by("code", "name")) == ("code", "name")


def test_the_pk_breaks_ties_of_any_other_order():
    assert order_of(Camera.objects.order_by("-installed_on")) == ("-installed_on", "pk")
    assert order_of(Camera.objects.order_by("site__code")) == ("site__code", "pk")
    assert order_of(Camera.objects.order_by("status", "installed_on")) == (
        "status", "installed_on", "pk",
    )  # fmt: skip


def test_ties_come_out_in_pk_order_whatever_the_tables_layout():
    """On PostgreSQL an updated row is written anew, often after the others: without the pk,
    a sort by a column with ties lists them in whatever order the scan meets them."""
    day = D(2021, 3, 3)
    cameras = list(Camera.objects.filter(batch__code="LEASE-109").order_by("pk")[:6])
    for camera in cameras:
        camera.installed_on = day
    Camera.objects.bulk_update(cameras, ["installed_on"])
    Camera.objects.filter(pk__in=[c.pk for c in cameras[:3]]).update(has_target_alert=True)
    tied = Camera.objects.filter(installed_on=day, batch__code="LEASE-109").order_by("installed_on")
    assert list(ordered(tied).values_list("pk", flat=True)) == [c.pk for c in cameras]


def test_the_as_of_day_of_a_file():
    assert as_of_param(QueryDict("as_of=110/07/31")) == D(2021, 7, 31)
    with pytest.raises(BadParameter, match="is not a date"):
        as_of_param(QueryDict("as_of=abc"))


def test_a_date_parameter():
    assert date_param(QueryDict("since=1150101"), "since") == D(2026, 1, 1)
    assert date_param(QueryDict(""), "since") is None
    with pytest.raises(BadParameter, match="^since: "):
        date_param(QueryDict("since=115/02/30"), "since")


@pytest.mark.parametrize(
    "query, wanted", [("", True), ("bom=1", True), ("bom=yes", True), ("bom=0", False),
                      ("bom=false", False), ("bom=否", False)],
)  # fmt: skip
def test_bom(query, wanted):
    assert bom_wanted(QueryDict(query)) is wanted


def test_a_bad_bom_is_refused():
    with pytest.raises(BadParameter, match="^bom: "):
        bom_wanted(QueryDict("bom=maybe"))
