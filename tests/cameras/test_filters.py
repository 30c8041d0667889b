"""The camera list's filters (cameras/filters.py): each narrows to its exact count."""

import datetime
import re

import pytest

from cameras.models import Camera, Precinct
from leases.models import Batch
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
        ({"status": "lost"}, "“lost” is not one of the choices: pick one from the list."),
        ({"precinct": "999999"}, "“999999” is not a precinct of the register: pick one from"),
        ({"precinct": "XX"}, "“XX” is not a precinct of the register: pick one from the list."),
        ({"precinct": "9" * 30}, f"“{'9' * 30}” is not a precinct of the register"),
        ({"batch": "LEASE-999"}, "“LEASE-999” is not a batch of the register: pick one from"),
        ({"in_service": "perhaps"}, "Choose yes (true) or no (false)."),
        ({"lease_ends_from": "115/13/01"}, "“115/13/01” is not a day of the calendar."),
        ({"sort": "password"}, "Sort by: “password” is not a column the list sorts by: click a"),
    ],
)
def test_bad_filter_values_get_400_and_a_message(admin_client, params, message):
    response = admin_client.get("/cameras/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in text(response)
    assert "No count: a filter above cannot be read; it says why." in text(response)
    assert "0 cameras match" not in text(response)  # it was said as if nothing matched


def zl_cameras(register, keep=lambda camera: True) -> int:
    sites = {s.index: s for s in register.sites}
    return sum(sites[c.site].precinct == "ZL" and keep(c) for c in register.cameras)


def test_a_bad_filter_is_said_beside_its_field_in_the_users_language(admin_client):
    page = text(admin_client.get("/cameras/", {"precinct": "XX", "status": "lost", "sort": "x"}))
    precinct = re.search(r'<div class="field invalid">\s*<label for="id_precinct">.*?</div>', page,
                         re.S).group(0)  # fmt: skip
    assert (
        '<p class="error" role="alert">登錄資料中沒有「XX」這個分局：請從清單中選擇。</p>'
        in precinct
    )
    assert "「lost」不在選項中：請從清單中選擇。" in page
    assert "排序方式：「x」不是可排序的欄位：請點選欄位標題排序。" in page


def test_precinct_and_batch_by_code_in_any_case_or_by_id(admin_client, register):
    zl = zl_cameras(register)
    precinct = Precinct.objects.get(code="ZL")
    assert count_for(admin_client, precinct="ZL") == zl
    assert count_for(admin_client, precinct="zl") == zl
    assert count_for(admin_client, precinct=precinct.pk) == zl  # links made before the codes
    batch = Batch.objects.get(code="LEASE-108")
    assert count_for(admin_client, batch="LEASE-108") == 3_700
    assert count_for(admin_client, batch=batch.pk) == 3_700
    lpr = zl_cameras(register, lambda c: c.batch == "LEASE-108" and c.has_lpr)
    assert count_for(admin_client, precinct="ZL", batch="LEASE-108", has_lpr="true") == lpr > 0


def test_the_filter_form_offers_codes(admin_client):
    page = text(admin_client.get("/cameras/", {"precinct": "ZL"}))
    assert '<option value="ZL" selected>' in page
    assert '<option value="LEASE-108">' in page


def test_search_finds_precincts_and_batches_by_name_and_code(admin_client, register):
    zl = zl_cameras(register)
    assert count_for(admin_client, q="中壢分局") == zl
    codes = {s.index for s in register.sites if getattr(s, "was", s.precinct) == "ZL"}
    named = sum(c.site in codes for c in register.cameras)  # site codes ZL-…, moved or not
    assert count_for(admin_client, q=" zl ") == named > zl
    assert count_for(admin_client, q="LEASE-108") == 3_700
    assert count_for(admin_client, q="108 年監視錄影系統租賃案") == 3_700


def test_lease_ends_between_takes_both_days(admin_client):
    # Leases end: 105 on 2023-08-31, 106 on 2024-11-30, 107 on 2025-09-30, 109 on 2025-12-31,
    # 108 on 2026-11-30; 110 and 111 have no end in the plan.
    assert count_for(admin_client, lease_ends_from="115/11/30") == 3_700
    assert count_for(admin_client, lease_ends_from="115/12/01") == 0
    assert count_for(admin_client, lease_ends_to="114/09/30") == 2_096 + 3_700 + 3_700
    assert count_for(admin_client, lease_ends_to="114/09/29") == 2_096 + 3_700
    both = {"lease_ends_from": "2025-10-01", "lease_ends_to": "2025-12-31"}
    assert count_for(admin_client, **both) == 3_750


def test_in_service_or_not_on_the_lists_day(admin_client, today_is):
    today_is(D(2021, 7, 31))
    everything = Camera.objects.count()
    assert count_for(admin_client) == everything
    assert count_for(admin_client, in_service="true") == 22_049
    assert count_for(admin_client, in_service="false") == everything - 22_049
    assert count_for(admin_client, in_service="true", in_service_on="2021-07-30") == count_for(
        admin_client, in_service_on="2021-07-30"
    )


def first_batch(client, **params) -> str:
    page = text(client.get("/cameras/", params))
    return re.search(r'<a href="/leases/\d+/">([\w-]+)</a>', page).group(1)


def test_sort_by_lease_end_puts_cameras_without_one_last_either_way(admin_client):
    assert first_batch(admin_client, sort="lease_end") == "LEASE-105"
    assert first_batch(admin_client, sort="-lease_end") == "LEASE-108"
    last = (Camera.objects.count() + 49) // 50
    no_end = {"SELF-104-107", "SELF-111", "UNATTRIBUTED", "LEASE-110", "LEASE-111"}
    assert first_batch(admin_client, sort="lease_end", page=last) in no_end
    assert first_batch(admin_client, sort="-lease_end", page=last) in no_end


@pytest.mark.parametrize("params, canonical", [
    ("precinct=zl&has_lpr=true", "precinct=ZL&has_lpr=true"),
    ("batch={batch}", "batch=LEASE-108"),
    ("precinct={precinct}&sort=lease_end", "precinct=ZL&sort=lease_end"),
])  # fmt: skip
def test_an_id_or_a_code_in_another_case_is_rewritten_as_the_code(admin_client, params, canonical):
    ids = {"batch": Batch.objects.get(code="LEASE-108").pk,
           "precinct": Precinct.objects.get(code="ZL").pk}  # fmt: skip
    response = admin_client.get("/cameras/?" + params.format(**ids))
    assert response.status_code == 302
    assert response["Location"] == "/cameras/?" + canonical
    assert admin_client.get(response["Location"]).status_code == 200  # no second redirect


def test_not_in_service_on_a_day_is_every_other_camera(admin_client):
    everything = Camera.objects.count()
    assert count_for(admin_client, as_of="110/07/31", in_service="false") == everything - 22_049
    assert count_for(admin_client, as_of="110/07/31", in_service="true") == 22_049


def test_every_empty_choice_says_any(admin_client):
    page = text(admin_client.get("/cameras/", HTTP_ACCEPT_LANGUAGE="en"))
    form = re.search(r'<form method="get" class="filters".*?</form>', page, re.S).group(0)
    assert "---------" not in form
    for name in ["precinct", "batch", "kind", "status", "is_lane", "in_service"]:
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form, re.S).group(1)
        assert re.match(r'\s*<option value=""[^>]*>Any</option>', select), name
