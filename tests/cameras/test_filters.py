"""The camera list's filters (cameras/filters.py): each narrows to its exact count."""

import datetime

import pytest

from cameras.models import Camera, Precinct
from tests.pages import count_for, text

pytestmark = pytest.mark.django_db
D = datetime.date


def in_service(camera, day):
    return camera.installed_on <= day and (camera.retired_on is None or camera.retired_on > day)


def test_filters_narrow_to_the_expected_counts(admin_client, register):
    cams = register.cameras
    plan = D(2021, 7, 31)
    assert count_for(admin_client, in_service_on="2021-07-31") == 22_049
    assert count_for(admin_client, in_service_on="110/07/31", is_lane="true") == 14_807
    assert count_for(admin_client, in_service_on="2021-07-31", has_lpr="true") == 12_978
    assert count_for(admin_client, status="retired") == 828 + 300
    assert count_for(admin_client, status="faulty") == sum(c.status == "faulty" for c in cams)
    assert count_for(admin_client, kind="lease") == 2_096 + 3 * 3_700 + 3_750 + 1_600 + 100
    assert count_for(admin_client, kind="self_built") == 1_789 + 300
    assert count_for(admin_client, kind="unattributed") == 3_314
    assert count_for(admin_client, installed_from="111/01/01") == 100 + 300
    before_2016 = sum(c.installed_on <= D(2015, 12, 31) for c in cams)
    assert count_for(admin_client, installed_to="2015-12-31") == before_2016 > 600
    assert count_for(admin_client, installed_from="2021-08-01", installed_to="2021-12-31") == 1_600
    past = [c for c in cams if c.batch == "SELF-104-107" and in_service(c, plan)
            and c.installed_on <= D(2016, 7, 31)]  # fmt: skip
    assert count_for(admin_client, past_life_on="2021-07-31") == len(past) == 810
    assert count_for(admin_client, lease_ended_on="2026-11-26") == 2_096 + 2 * 3_700 + 3_750


def test_filter_by_precinct_batch_and_site(admin_client, register):
    sites = {s.index: s for s in register.sites}
    precinct = Precinct.objects.get(code="ZL")
    expected = sum(sites[c.site].precinct == "ZL" for c in register.cameras)
    assert count_for(admin_client, precinct=precinct.pk) == expected
    lane = sum(sites[c.site].precinct == "ZL" and c.is_lane for c in register.cameras)
    assert count_for(admin_client, precinct=precinct.pk, is_lane="true") == lane
    batch = Camera.objects.filter(batch__code="LEASE-109").first().batch
    assert count_for(admin_client, batch=batch.pk) == 3_750
    assert count_for(admin_client, site="zl-000001") == sum(c.site == 0 for c in register.cameras)


def test_search_on_asset_tag_site_and_address(admin_client, register):
    assert count_for(admin_client, q="LEASE-109-00375") == 1
    address_hits = {s.index for s in register.sites if "中正路" in s.address or "中正路" in s.name}
    expected = sum(c.site in address_hits for c in register.cameras)
    assert count_for(admin_client, q="中正路") == expected > 0


@pytest.mark.parametrize(
    "params, message",
    [
        ({"in_service_on": "112/02/30"}, "“112/02/30” is not a day of the calendar."),
        ({"installed_from": "soon"}, "“soon” is not a date"),
        ({"is_lane": "maybe"}, "Choose yes (true) or no (false)."),
        ({"status": "lost"}, "Select a valid choice."),
        ({"precinct": "999999"}, "Select a valid choice."),
        ({"sort": "password"}, "Select a valid choice."),
    ],
)
def test_bad_filter_values_get_400_and_a_message(admin_client, params, message):
    response = admin_client.get("/cameras/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in text(response)
