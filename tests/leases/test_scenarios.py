"""Replacement scenarios: what replacing cameras with a new lease costs, saved, compared, exported
and turned into a lease batch."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cameras.models import Camera, Precinct
from leases.models import Batch, Scenario

pytestmark = pytest.mark.django_db
D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PLAN_2026 = {  # the 2026 replacement: 4,809 systems at about 2,606 NTD for 60 months
    "name": "116 年汰換", "camera_count": "4809", "monthly_rate_ntd": "2606",
    "start": "116/01/01", "term_months": "60",
}  # fmt: skip


@pytest.fixture(autouse=True)
def day(today_is):
    today_is(D(2026, 12, 1))


def csv_lines(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode("utf-8-sig").split("\r\n")[:-1]


def test_a_scenario_of_4809_cameras_costs_the_budgeted_five_years(admin_client):
    response = admin_client.post("/leases/scenarios/new/", PLAN_2026)
    assert response.status_code == 302, response.content.decode()
    scenario = Scenario.objects.get(name="116 年汰換")
    assert (scenario.start, scenario.last_month) == (D(2027, 1, 1), D(2031, 12, 1))
    page = admin_client.get(scenario.get_absolute_url(), **EN).content.decode()
    years = re.search(r'<table class="data" id="scenario-years">.*?</table>', page, re.S)
    assert re.findall(r'<th scope="row">(\d+)</th><td class="num">([^<]+)</td>', years[0]) == [
        (str(year), "12 · 150,387.048") for year in range(116, 121)
    ]
    assert '<dd class="total">751,935.240 thousand NTD</dd>' in page
    lines = csv_lines(admin_client, f"/leases/scenarios/export.csv?id={scenario.pk}")
    assert lines[0] == (
        "scenario,name,scope,fiscal_year,months,precinct,cameras,camera_months,monthly_rate_ntd,"
        "amount_thousand_ntd"
    )
    pk = scenario.pk
    assert lines[1:] == [
        f"{pk},116 年汰換,stated,,,,4809,,,",
        *(f"{pk},116 年汰換,year,{y},12,,4809,57708,2606.0000,150387.048" for y in range(116, 121)),
        f"{pk},116 年汰換,total,,60,,4809,288540,2606.0000,751935.240",
    ]


def test_a_scenario_counts_the_cameras_it_replaces_from_the_register(admin_client):
    ended = Batch.objects.get(code="LEASE-105")
    scenario = Scenario.objects.create(
        name="105 汰換", monthly_rate_ntd=Decimal("2600"), start=D(2027, 7, 1), term_months=60
    )
    scenario.batches.set([ended])
    scenario.precincts.set([Precinct.objects.get(code="ZL")])
    in_zl = Camera.objects.filter(batch=ended, precinct__code="ZL", retired_on__isnull=True)
    lines = csv_lines(admin_client, f"/leases/scenarios/export.csv?id={scenario.pk}")
    assert lines[1] == f"{scenario.pk},105 汰換,cameras,,,ZL,{in_zl.count()},,,"
    assert in_zl.count() == 324  # 336 on 112/08/31: 12 passed to 平鎮分局 on 113/01/01
    # a part year first: 116/07 to 121/06
    years = [line.split(",")[3:5] for line in lines if ",year," in line]
    assert years == [["116", "6"], ["117", "12"], ["118", "12"], ["119", "12"], ["120", "12"],
                     ["121", "6"]]  # fmt: skip
    assert lines[-1].endswith(f",total,,60,,324,{60 * 324},2600.0000,50544.000")


def test_two_scenarios_side_by_side(admin_client):
    admin_client.post("/leases/scenarios/new/", PLAN_2026)
    admin_client.post("/leases/scenarios/new/", {**PLAN_2026, "name": "三年", "term_months": "36",
                                                  "monthly_rate_ntd": "2900"})  # fmt: skip
    a, b = Scenario.objects.get(name="116 年汰換").pk, Scenario.objects.get(name="三年").pk
    page = admin_client.get(f"/leases/scenarios/compare/?id={a}&id={b}", **EN).content.decode()
    years = re.search(r'<table class="data" id="scenario-years">.*?</table>', page, re.S)[0]
    assert re.findall(r'<tr><th scope="row">119</th>(.*?)</tr>', years) == [
        '<td class="num">12 · 150,387.048</td><td class="num">—</td>'
    ]
    assert [line.split(",")[0] for line in csv_lines(
        admin_client, f"/leases/scenarios/export.csv?id={b}&id={a}")[1:]] == (
        [str(b)] * 5 + [str(a)] * 7
    )  # fmt: skip


@pytest.mark.parametrize(
    ("query", "message"),
    [("", "Choose the scenarios by their numbers (?id=1&amp;id=2)."),
     ("?id=x", "Choose the scenarios by their numbers (?id=1&amp;id=2)."),
     ("?id=99999", "No scenario has the number 99999.")],
)  # fmt: skip
def test_a_scenario_that_is_not_there_is_refused(admin_client, query, message):
    response = admin_client.get(f"/leases/scenarios/compare/{query}", **EN)
    assert response.status_code == 400
    assert message in response.content.decode()
    response = admin_client.get(f"/leases/scenarios/export.csv{query}", **EN)
    assert response.status_code == 400
    assert admin_client.get("/leases/scenarios/99999/").status_code == 404


def test_a_scenario_starts_on_a_month_and_names_its_cameras(admin_client):
    response = admin_client.post("/leases/scenarios/new/", {**PLAN_2026, "start": "116/01/15"})
    assert response.status_code == 200
    assert "情境須自某月 1 日開始。" in response.content.decode()
    response = admin_client.post("/leases/scenarios/new/", {**PLAN_2026, "camera_count": ""})
    assert "請選擇所汰換的採購案，或填寫攝影機數。" in response.content.decode()
    assert not Scenario.objects.exists()


def test_an_approved_scenario_becomes_a_lease_batch_once(admin_client):
    admin_client.post("/leases/scenarios/new/", PLAN_2026)
    scenario = Scenario.objects.get()
    url = f"/leases/scenarios/{scenario.pk}/approve/"
    assert admin_client.post(url, {"code": "lease-105"}).status_code == 400  # taken, any case
    response = admin_client.post(url, {"code": "LEASE-116"})
    batch = Batch.objects.get(code="LEASE-116")
    assert response.status_code == 302 and response["Location"] == batch.get_absolute_url()
    assert (batch.kind, batch.contracted_count, batch.monthly_rate_ntd, batch.term_months) == (
        "lease", 4809, Decimal("2606"), 60,
    )  # fmt: skip
    assert (batch.lease_start, batch.lease_end, batch.end) == (
        D(2027, 1, 1), None, D(2031, 12, 31),
    )  # fmt: skip
    scenario.refresh_from_db()
    assert (scenario.approved_batch, scenario.version) == (batch, 2)
    again = admin_client.post(url, {"code": "LEASE-116B"}, **EN)
    assert again.status_code == 409
    assert again.content.decode() == "This scenario was approved already, as LEASE-116."
    assert not Batch.objects.filter(code="LEASE-116B").exists()
    edit = f"/leases/scenarios/{scenario.pk}/edit/"
    assert admin_client.get(edit).status_code == 409  # its batch holds the terms now
    assert admin_client.post(edit, {**PLAN_2026, "version": 2}).status_code == 409


def test_scenario_pages_cost_the_same_queries_for_more_scenarios(admin_client):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
            assert response.status_code == 200
            if response.streaming:
                b"".join(response.streaming_content)
        return len(captured)

    batches = list(Batch.objects.filter(code__in=["LEASE-105", "LEASE-106"]))

    def add(n):
        scenario = Scenario.objects.create(
            name=f"s{n}", monthly_rate_ntd=1, start=D(2027, 1, 1), term_months=12
        )
        scenario.batches.set(batches)
        return scenario.pk

    first = [add(1)]

    def urls(ids):
        query = "&".join(f"id={i}" for i in ids)
        return ["/leases/scenarios/", f"/leases/scenarios/compare/?{query}",
                f"/leases/scenarios/export.csv?{query}"]  # fmt: skip

    before = [queries(url) for url in urls(first)]
    more = first + [add(n) for n in range(2, 12)]
    assert [queries(url) for url in urls(more)] == before
