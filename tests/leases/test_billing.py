"""What a lease costs by the register: its terms applied to the cameras it had in service."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cameras.models import Camera, Site
from leases.billing import projection
from leases.models import Batch, add_months

pytestmark = pytest.mark.django_db
D = datetime.date
PLAN_111 = {
    "LEASE-105": "47160.000", "LEASE-106": "83250.000", "LEASE-107": "83250.000",
    "LEASE-108": "83250.000", "LEASE-109": "129924.342", "LEASE-110": "61380.000",
    "LEASE-111": "651.600",
}  # fmt: skip


def by_code(fiscal_year: int) -> dict:
    return {lease.batch.code: lease for lease in projection(fiscal_year)}


def camera(batch, tag: str, installed_on, retired_on=None) -> Camera:
    return Camera.objects.create(
        asset_tag=tag, site=Site.objects.get(code="ZL-000001"), batch=batch,
        installed_on=installed_on, retired_on=retired_on,
        status="retired" if retired_on else "in_service", data_source="manual",
    )  # fmt: skip


def test_fiscal_111_reproduces_every_lease_amount_of_the_plan():
    leases = by_code(111)
    assert {code: str(lease.amount_thousand_ntd) for code, lease in leases.items()} == PLAN_111
    assert {code: lease.difference for code, lease in leases.items()} == dict.fromkeys(
        PLAN_111, Decimal("0.000")
    )
    codes = ("LEASE-105", "LEASE-109", "LEASE-111")
    assert [str(leases[code].camera_months) for code in codes] == [
        "25152.000", "45000.000", "250.000",
    ]  # fmt: skip
    assert leases["LEASE-111"].months == 12


def test_a_lease_bills_until_the_month_it_ends():
    leases = by_code(112)
    lease = leases["LEASE-105"]  # ends 112/08/31
    assert (lease.months, lease.camera_months, lease.amount_thousand_ntd) == (
        8, Decimal("16768.000"), Decimal("31440.000"),
    )  # fmt: skip
    assert lease.budget is None and lease.difference is None
    assert by_code(113)["LEASE-106"].amount_thousand_ntd == Decimal("76312.500")  # to 113/11/30
    assert "LEASE-105" not in by_code(113)  # ended: it bills no part of the year
    Batch.objects.filter(code="LEASE-105").update(lease_end=D(2023, 8, 30))
    assert by_code(112)["LEASE-105"].months == 7  # not through August's last day


def test_a_lease_before_its_first_camera_bills_nothing():
    assert "LEASE-110" not in by_code(109)  # procured in 110: it runs from 110/01/01
    lease = by_code(110)["LEASE-110"]  # its cameras came from 2021-08-01
    assert lease.months == 12
    assert lease.camera_months < 1600 * 5


@pytest.mark.parametrize(
    ("retired_on", "months"),
    [(D(2023, 3, 15), 2), (D(2023, 3, 31), 2), (D(2023, 4, 1), 3), (D(2023, 1, 31), 0)],
)
def test_a_camera_is_billed_for_the_months_it_is_in_service_on_their_last_day(retired_on, months):
    batch = Batch.objects.create(
        code="LEASE-T", name="test", kind="lease", monthly_rate_ntd=Decimal("1000")
    )
    camera(batch, "T-1", D(2022, 5, 2), retired_on)
    camera(batch, "T-2", D(2023, 1, 31))  # billed for January: in service on its last day
    camera(batch, "T-3", D(2023, 2, 1))  # not for January
    lease = by_code(112)["LEASE-T"]
    assert lease.camera_months == months + 12 + 11
    assert lease.amount_thousand_ntd == Decimal(months + 23)


def test_a_lease_by_days_pro_rates_exactly():
    batch = Batch.objects.create(
        code="LEASE-D", name="by days", kind="lease", billing_rule="days",
        lease_start=D(2022, 1, 1), lease_end=D(2023, 6, 15), monthly_rate_ntd=Decimal("3100"),
    )  # fmt: skip
    # 15 of January's 31 days, February's 28, 10 of March's 31: 1,500 + 3,100 + 1,000
    camera(batch, "D-1", D(2023, 1, 17), D(2023, 3, 11))
    # January to May, then 15 of June's 30 days until the lease ends: 15,500 + 1,550
    camera(batch, "D-2", D(2022, 6, 1))
    lease = by_code(112)["LEASE-D"]
    assert lease.amount_thousand_ntd == Decimal("22.650")
    assert lease.camera_months == Decimal("7.306")  # 1 + 25/31 + 5.5
    assert lease.months == 6
    batch.lease_end = D(2023, 6, 1)  # one day of June: 3,100 / 30, to the dollar
    batch.save()
    assert by_code(112)["LEASE-D"].amount_thousand_ntd == Decimal("21.203")


@pytest.mark.parametrize(("lease_start", "months"), [(D(2023, 4, 30), 9), (D(2023, 5, 1), 8)])
def test_a_lease_bills_from_the_month_whose_last_day_it_runs_through(lease_start, months):
    batch = Batch.objects.create(
        code="LEASE-S", name="start", kind="lease", lease_start=lease_start,
        monthly_rate_ntd=Decimal("1000.5"),
    )  # fmt: skip
    camera(batch, "S-1", D(2022, 5, 2))
    lease = by_code(112)["LEASE-S"]
    assert (lease.months, lease.camera_months) == (months, months)
    # 1,000.5 NTD a month: 9,004.5 NTD, half a dollar, rounds up (once, on the year's amount)
    assert lease.amount_thousand_ntd == {9: Decimal("9.005"), 8: Decimal("8.004")}[months]


def test_a_lease_that_bills_from_each_install_day_bills_its_term():
    batch = Batch.objects.create(
        code="LEASE-I", name="from install", kind="lease", billing_start="install",
        lease_start=D(2022, 1, 1), term_months=3, monthly_rate_ntd=Decimal("1000"),
    )  # fmt: skip
    camera(batch, "I-1", D(2022, 11, 20))  # November, December, January
    camera(batch, "I-2", D(2022, 12, 31))  # December to February
    camera(batch, "I-3", D(2023, 1, 1))  # January to March
    assert by_code(111)["LEASE-I"].camera_months == 3
    assert by_code(112)["LEASE-I"].camera_months == 1 + 2 + 3


def test_a_lease_without_a_rate_is_projected_without_an_amount():
    Batch.objects.filter(code="LEASE-109").update(monthly_rate_ntd=None)
    lease = by_code(111)["LEASE-109"]
    assert (lease.camera_months, lease.amount_ntd, lease.difference) == (45000, None, None)


def test_a_lease_with_a_start_and_a_term_shows_its_computed_end(admin_client, today_is):
    today_is(D(2026, 12, 1))
    batch = Batch.objects.create(
        code="LEASE-C", name="computed", kind="lease", lease_start=D(2018, 9, 1), term_months=60
    )
    assert (batch.lease_end, batch.lease_end_computed, batch.end) == (
        None, D(2023, 8, 31), D(2023, 8, 31),
    )  # fmt: skip
    page = admin_client.get(batch.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2023-08-31" in page and "computed from its start and term" in page
    response = admin_client.get("/leases/export.csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").split("\r\n")
    assert next(line for line in lines if line.startswith("LEASE-C,")) == (
        "LEASE-C,computed,lease,,0,0,2018-09-01,107/09/01,,,2023-08-31,ended,,,,,,60,lease,months,,"
    )
    batch.lease_end = D(2023, 12, 31)  # a stated end wins
    batch.save()
    assert (batch.lease_end_computed, batch.end) == (None, D(2023, 12, 31))


def test_only_a_lease_has_a_rate_and_a_term():
    batch = Batch(code="SELF-X", name="self", kind="self_built", term_months=60)
    with pytest.raises(ValidationError) as raised:
        batch.full_clean()
    assert raised.value.messages == ["僅租賃的採購案有月租與租期。"]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(D(2024, 1, 31), 1, D(2024, 2, 29)), (D(2023, 1, 31), 1, D(2023, 2, 28)),
     (D(2020, 11, 15), 3, D(2021, 2, 15)), (D(2023, 3, 1), -2, D(2023, 1, 1)),
     (D(2018, 9, 1), 60, D(2023, 9, 1))],
)  # fmt: skip
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_a_lease_that_runs_a_day_of_the_year_is_listed_for_it():
    starts = Batch.objects.create(
        code="LEASE-DEC", name="last day", kind="lease", lease_start=D(2023, 12, 31),
        monthly_rate_ntd=Decimal("1000"),
    )  # fmt: skip
    camera(starts, "E-1", D(2023, 12, 31))
    Batch.objects.create(
        code="LEASE-JAN", name="first day", kind="lease", lease_end=D(2023, 1, 1),
        monthly_rate_ntd=Decimal("1000"),
    )  # fmt: skip
    leases = by_code(112)
    assert (leases["LEASE-DEC"].months, leases["LEASE-DEC"].camera_months) == (1, 1)
    # it ends before January's last day: nothing billable, still a row (0)
    assert (leases["LEASE-JAN"].months, leases["LEASE-JAN"].amount_thousand_ntd) == (0, 0)
    assert "LEASE-DEC" not in by_code(111) and "LEASE-JAN" not in by_code(113)
