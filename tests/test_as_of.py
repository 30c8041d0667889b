"""One as-of day for every page, file and admin list: the same answer, the same refusal."""

import csv
import io
import re

import pytest
from django.urls import reverse

from leases.models import Batch

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
BAD = "“abc” is not a date; write it as 112/08/31, 1120831 or 2023-08-31."


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def match_count(response) -> int:
    assert response.status_code == 200
    found = re.search(r'id="match-count">\s*([\d,]+)', response.content.decode())
    return int(found.group(1).replace(",", ""))


@pytest.mark.parametrize(
    "extra, expected",
    [({}, 22_049), ({"precinct": "ZL"}, None), ({"precinct": "ZL", "has_lpr": "true"}, None)],
)
def test_the_camera_list_and_its_file_count_the_same_cameras(admin_client, extra, expected):
    params = {"as_of": "110/07/31", **extra}
    listed = match_count(admin_client.get("/cameras/", params))
    rows = csv_rows(admin_client.get("/cameras/export.csv", params))
    assert listed == len(rows)
    if expected is not None:
        assert listed == expected
    if "has_lpr" in params:
        assert {row["has_lpr"] for row in rows} == {"true"}
        assert 0 < listed < match_count(admin_client.get("/cameras/", {**params, "has_lpr": ""}))


def test_the_110_lease_had_no_camera_in_service_on_the_plans_day(admin_client):
    lease = Batch.objects.get(code="LEASE-110")
    page = admin_client.get(lease.get_absolute_url(), {"as_of": "110/07/31"}, **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'id="in-service"><a href="[^"]+">0</a>', html)
    assert re.search(r'id="registered"><a href="[^"]+">1,600</a>', html)
    rows = csv_rows(admin_client.get("/leases/export.csv", {"as_of": "110/07/31"}))
    row = next(row for row in rows if row["code"] == "LEASE-110")
    assert (row["in_service"], row["registered"]) == ("0", "1600")
    later = admin_client.get(lease.get_absolute_url(), {"as_of": "110/12/31"}, **EN)
    assert re.search(r'id="in-service"><a href="[^"]+">1,600</a>', later.content.decode())


def test_the_batch_list_counts_on_its_day(admin_client):
    html = admin_client.get("/leases/", {"as_of": "110/07/31"}, **EN).content.decode()
    row = re.search(r"LEASE-110</a>.*?</tr>", html, re.S).group(0)
    assert re.search(r'<td class="num"><a href="[^"]+">0</a></td>', row)
    assert "Status as of 110/07/31" in html


def pages():
    lease = Batch.objects.get(code="LEASE-110").pk
    return [
        "/",
        "/cameras/",
        "/reports/coverage/",
        "/replacements/",
        "/leases/",
        f"/leases/{lease}/",
    ]


FILES = ["/cameras/export.csv", "/reports/coverage.csv", "/replacements/export.csv",
         "/leases/export.csv"]  # fmt: skip


def test_a_bad_day_is_refused_everywhere_with_the_same_message(admin_client):
    for url in pages():
        response = admin_client.get(url, {"as_of": "abc"}, **EN)
        html = response.content.decode()
        assert response.status_code == 400, url
        assert BAD in html, url
        assert 'value="abc"' in html, url  # what was typed stays in the box
    for url in FILES:
        response = admin_client.get(url, {"as_of": "abc"}, **EN)
        assert response.status_code == 400, url
        assert response.content.decode() == f"As of: {BAD}", url


def test_a_bad_day_shows_no_figures(admin_client):
    dashboard = admin_client.get("/", {"as_of": "abc"}, **EN).content.decode()
    assert 'id="figure-cameras"' not in dashboard
    assert 'id="by-precinct"' not in dashboard
    good = admin_client.get("/", {"as_of": "110/07/31"}, **EN).content.decode()
    assert 'id="figure-cameras"' in good
    assert (
        "No camera matches these filters."
        in admin_client.get("/cameras/", {"as_of": "abc"}, **EN).content.decode()
    )
    batch = Batch.objects.get(code="LEASE-110")
    page = admin_client.get(batch.get_absolute_url(), {"as_of": "abc"}, **EN).content.decode()
    assert 'id="in-service"' not in page and 'id="by-precinct"' not in page
    planner = admin_client.get("/replacements/", {"as_of": "abc"}, **EN).content.decode()
    assert 'id="past_life"' not in planner


@pytest.mark.parametrize("model", ["cameras_precinct", "leases_batch"])
def test_the_admin_lists_refuse_a_bad_day_too(admin_client, model):
    url = reverse(f"admin:{model}_changelist")
    response = admin_client.get(url, {"as_of": "abc"}, **EN)
    assert response.status_code == 400
    html = response.content.decode()
    assert BAD in html
    assert "whole register" not in html  # no total
    assert '<td class="field-cameras">—</td>' in html  # and no figure beside a row
    good = admin_client.get(url, {"as_of": "2021-07-31"}, **EN).content.decode()
    assert "<strong>22,049</strong>" in good
