"""Cameras whose install day is not known (issue 14): counted from the day they were known in
service at latest, never before it, and shown as unknown, never as an invented day."""

import datetime

import pytest
from django.utils import translation

from cameras.exports import camera_csv
from cameras.imports import import_cameras
from cameras.models import Camera
from cameras.reports import coverage
from tests.pages import text

pytestmark = pytest.mark.django_db
D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SINCE = D(2020, 6, 30)  # 109/06/30
HEADER = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"


@pytest.fixture(autouse=True)
def in_english():
    """Figures' caveats and import problems are worded in the active language."""
    with translation.override("en"):
        yield


def rows(n: int, installed: str = "") -> bytes:
    """`n` lane cameras with LPR at site ZL-000001, installed on `installed` (empty: unknown)."""
    lines = [HEADER] + [
        f"OLD-{i:04d},ZL-000001,ZL,LEASE-108,true,true,{installed},,in_service" for i in range(n)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


@pytest.fixture
def unknown(admin_user):
    result = import_cameras(rows(3), in_service_on=SINCE, user=admin_user)
    assert result.ok and result.created == 3, result.problems
    return Camera.objects.filter(asset_tag__startswith="OLD-").order_by("asset_tag")


def test_cameras_without_install_days_count_from_the_day_given_and_say_so(unknown):
    assert [(c.installed_on, c.install_day_unknown) for c in unknown] == [(SINCE, True)] * 3
    before, on = coverage(on=SINCE - datetime.timedelta(1)), coverage(on=SINCE)
    assert on.total.cameras - before.total.cameras == 3 + _installed_on(SINCE)
    zl_before = next(r for r in before.by_precinct if r.code == "ZL")
    zl_on = next(r for r in on.by_precinct if r.code == "ZL")
    assert (zl_on.lane_lpr - zl_before.lane_lpr) >= 3
    assert before.caveats() == [
        "3 cameras with unknown install days are counted only from 109/06/30."
    ]
    assert on.caveats() == []
    one = Camera.objects.filter(pk=unknown[0].pk)
    one.update(installed_on=D(2020, 7, 1))  # a second day: one line each, in order
    later = coverage(on=D(2020, 6, 1)).caveats()
    assert later == [
        "2 cameras with unknown install days are counted only from 109/06/30.",
        "1 camera with an unknown install day is counted only from 109/07/01.",
    ]


def _installed_on(day) -> int:
    """Cameras of the demo register installed on `day` exactly (known days)."""
    return Camera.objects.filter(installed_on=day, install_day_unknown=False).count()


def test_the_export_shows_the_install_day_unknown_and_imports_back_unchanged(unknown, admin_user):
    exported = b"".join(camera_csv(unknown, bom=False))
    header, first = exported.split(b"\r\n")[:2]
    names = header.decode().split(",")
    cells = dict(zip(names, first.decode().split(","), strict=True))
    assert (cells["installed_on"], cells["installed_on_roc"]) == ("", "")
    assert names[-1] == "in_service_since_at_latest" and cells[names[-1]] == "2020-06-30"
    again = import_cameras(exported, user=admin_user)  # no --in-service-on: the column says it
    assert (again.ok, again.unchanged, again.updated, again.written) == (True, 3, 0, False)


def test_a_known_install_day_found_later_corrects_the_record(unknown, admin_user):
    found = rows(1, installed="2019-03-01")
    result = import_cameras(found, user=admin_user)
    assert (result.ok, result.updated) == (True, 1), result.problems
    camera = Camera.objects.get(asset_tag="OLD-0000")
    assert (camera.installed_on, camera.install_day_unknown) == (D(2019, 3, 1), False)
    record = camera.history.first()
    assert record.correction  # an install day is a fact: always a correction
    assert coverage(on=D(2020, 1, 1)).caveats() == [
        "2 cameras with unknown install days are counted only from 109/06/30."
    ]


def test_an_install_day_and_an_in_service_day_together_or_neither_are_refused(admin_user):
    both = (HEADER + ",in_service_since_at_latest\r\n"
            "OLD-1,ZL-000001,ZL,LEASE-108,true,true,2020-01-01,,in_service,2020-06-30\r\n"
            "OLD-2,ZL-000001,ZL,LEASE-108,true,true,,,in_service,\r\n").encode()  # fmt: skip
    result = import_cameras(both, user=admin_user)
    assert [(p.line, p.column, p.message) for p in result.problems] == [
        (2, "in_service_since_at_latest", "give the install day, or when it is unknown the day "
         "the camera was in service at latest: not both."),
        (3, "installed_on", "the install day is missing: give it, or when it is unknown the day "
         "the camera was in service at latest (in_service_since_at_latest, or --in-service-on)."),
    ]  # fmt: skip
    assert not Camera.objects.filter(asset_tag__startswith="OLD-").exists()


def test_a_rows_own_in_service_day_wins_over_the_imports(admin_user):
    data = (HEADER + ",in_service_since_at_latest\r\n"
            "OLD-1,ZL-000001,ZL,LEASE-108,true,true,,,in_service,108/01/01\r\n"
            "OLD-2,ZL-000001,ZL,LEASE-108,true,true,,,in_service,\r\n").encode()  # fmt: skip
    result = import_cameras(data, user=admin_user, in_service_on=SINCE)
    assert result.ok, result.problems
    days = Camera.objects.filter(asset_tag__startswith="OLD-").order_by("asset_tag")
    assert list(days.values_list("installed_on", flat=True)) == [D(2019, 1, 1), SINCE]


def test_pages_show_the_install_day_as_unknown_and_the_caveat_beside_the_figures(
    admin_client, unknown
):
    page = text(admin_client.get(f"/cameras/{unknown[0].pk}/", **EN))
    assert (
        "<dt>Installed on</dt><dd>unknown <small>(in service by 109/06/30 at latest)</small>"
        in page
    )
    listed = text(admin_client.get("/cameras/", {"q": "OLD-0000"}, **EN))
    assert (
        '<td><span class="gap">unknown</span> <small>in service by 109/06/30</small></td>' in listed
    )
    caveat = "3 cameras with unknown install days are counted only from 109/06/30."
    for url in ("/", "/reports/coverage/"):
        assert caveat in text(admin_client.get(url, {"as_of": "109/06/29"}, **EN)), url
        assert caveat not in text(admin_client.get(url, {"as_of": "109/06/30"}, **EN)), url


def test_the_coverage_file_says_what_it_leaves_out(admin_client, unknown):
    response = admin_client.get("/reports/coverage.csv", {"as_of": "109/06/29", "bom": "0"}, **EN)
    last = b"".join(response.streaming_content).split(b"\r\n")[-2]
    assert last == (
        b"uncounted,3 cameras with unknown install days are counted only from 109/06/30.,3,,,,,,,"
        b"2020-06-29,109/06/29,"
    )


def test_the_timeline_and_the_preview_never_call_the_day_an_install_day(admin_client, unknown):
    page = text(admin_client.get(f"/cameras/{unknown[0].pk}/", **EN))
    timeline = page[page.index('id="timeline"') :]
    assert "in service by this day (install day unknown)" in timeline
    assert "<td>installed<" not in timeline
    preview = import_cameras(rows(1).replace(b"OLD-0000", b"OLD-9999"), in_service_on=SINCE,
                             commit=False)  # fmt: skip
    (_line, _tag, action, fields) = preview.changes[0]
    assert action == "create"
    assert ("in_service_since_at_latest", "", "2020-06-30") in fields
    assert not [f for f in fields if f[0] == "installed_on"]
