"""The lease rules, stated once in leases/querysets.py: ended, ending soon, end unknown."""

import datetime

import pytest

from leases.models import ENDING_SOON_DAYS, Batch

pytestmark = pytest.mark.django_db
D = datetime.date
END = D(2026, 11, 30)  # the 108 lease's end


def status_on(day, **batch):
    Batch.objects.create(code="T-1", name="test", **batch)
    return Batch.objects.with_lease_status(on=day).get(code="T-1").lease_status


@pytest.mark.parametrize(
    "day, status",
    [
        (D(2026, 12, 1), "ended"),  # the day after its end
        (D(2026, 11, 30), "ending_soon"),  # its last day: not ended yet
        (D(2026, 6, 3), "ending_soon"),  # 180 days before
        (D(2026, 6, 2), "active"),  # 181 days before
    ],
)
def test_lease_status_on_a_day(day, status):
    assert status_on(day, kind="lease", lease_end=END) == status


def test_ending_soon_means_within_180_days():
    assert ENDING_SOON_DAYS == 180
    assert (END - D(2026, 6, 3)).days == 180


def test_a_lease_without_an_end_and_a_batch_that_is_no_lease():
    assert status_on(D(2026, 1, 1), kind="lease") == "end_unknown"
    Batch.objects.filter(code="T-1").delete()
    assert status_on(D(2026, 1, 1), kind="self_built") == ""


def codes(batches):
    return sorted(batches.values_list("code", flat=True))


def test_the_plans_leases_on_the_day_the_108_lease_ends_and_after():
    assert codes(Batch.objects.leases_ended(on=END)) == [
        "LEASE-105", "LEASE-106", "LEASE-107", "LEASE-109",
    ]  # fmt: skip
    assert codes(Batch.objects.leases_ending(on=END)) == ["LEASE-108"]
    assert codes(Batch.objects.leases_ended(on=D(2026, 12, 1))) == [
        "LEASE-105", "LEASE-106", "LEASE-107", "LEASE-108", "LEASE-109",
    ]  # fmt: skip
    assert codes(Batch.objects.leases_ending(on=D(2026, 12, 1))) == []
    assert codes(Batch.objects.leases_ending(on=D(2026, 6, 2))) == []
    assert codes(Batch.objects.leases_without_end()) == ["LEASE-110", "LEASE-111"]


def test_days_left():
    lease = Batch(kind="lease", lease_end=END)
    assert lease.days_left(D(2026, 11, 29)) == 1
    assert lease.days_left(END) == 0
    assert lease.days_left(D(2026, 12, 1)) == -1
    assert Batch(kind="lease").days_left(END) is None
