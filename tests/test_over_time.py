"""A register true over time (issue 13): changes take effect on a day, past figures never move,
corrections say that they are ones. Made through the app's forms and the import."""

import csv
import datetime
import io
import re

import pytest
from django.utils import translation

from cameras.imports import import_cameras
from cameras.models import Camera, CameraState, Precinct, Site
from cameras.reports import PLAN_DAY, coverage
from cameras.states import on_day_q
from core.roc import format_roc
from tests.pages import match_count, text

pytestmark = pytest.mark.django_db
D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TODAY = D(2026, 12, 1)
RETROFIT = D(2023, 3, 1)  # 112/03/01
REDRAWN = D(2024, 1, 1)  # 113/01/01
MOVED = D(2025, 5, 1)  # 114/05/01


def figures(day):
    """Every figure of the coverage report on `day`: the total, each precinct, each batch."""
    report = coverage(on=day)
    return [(r.scope, r.code, r.cameras, r.lane, r.lpr, r.lane_lpr) for r in report.rows()]


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def camera_form(camera: Camera, **changes) -> dict:
    """The camera's edit form as the page fills it, with `changes`."""
    data = {
        "asset_tag": camera.asset_tag, "site": camera.site.code, "batch": camera.batch_id,
        "installed_on": format_roc(camera.installed_on), "status": camera.status,
        "retired_on": format_roc(camera.retired_on) if camera.retired_on else "",
        "resolution_mp": camera.resolution_mp or "", "version": camera.version,
        **{name: "on" for name in ("is_lane", "has_lpr", "has_vehicle_attributes",
                                   "has_trajectory", "has_target_alert")
           if getattr(camera, name)},
    }  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def site_form(site: Site, **changes) -> dict:
    data = {"code": site.code, "name": site.name, "address": site.address,
            "precinct": site.precinct_id, "kind": site.kind, "latitude": site.latitude or "",
            "longitude": site.longitude or "", "version": site.version}  # fmt: skip
    return {**data, **changes}


@pytest.fixture
def site_a():
    """A site of 中壢分局 with cameras in service on the plan's day and after 113/01/01."""
    zl = Precinct.objects.get(code="ZL")
    return (
        Site.objects.filter(
            precinct=zl, cameras__installed_on__lte=PLAN_DAY, cameras__retired_on__isnull=True
        )  # fmt: skip
        .exclude(precinct_periods__valid_from__gt=D(1, 1, 1))  # not one the story transfers
        .order_by("code")
        .first()
    )


def retrofit_file(client) -> bytes:
    """500 lane cameras without LPR on 112/03/01, from that day's export, with LPR."""
    params = {"as_of": "112/03/01", "is_lane": "true", "has_lpr": "false", "bom": "0"}
    rows = csv_rows(client.get("/cameras/export.csv", params))[:500]
    assert len(rows) == 500
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "has_lpr": "true"})
    return out.getvalue().encode()


def test_changes_on_their_days_leave_every_earlier_figure_as_it_was(
    admin_client, admin_user, site_a, today_is
):
    today_is(TODAY)
    admin_client.force_login(admin_user)
    plan, feb, dec = figures(PLAN_DAY), figures(D(2023, 2, 28)), figures(D(2023, 12, 31))
    march, jan = figures(RETROFIT), figures(REDRAWN)
    in_service_at_a = Camera.objects.in_service(on=REDRAWN).filter(site=site_a).count()
    assert in_service_at_a > 0

    # 1. site A passes from 中壢分局 to 平鎮分局 from 113/01/01 (the site form)
    pz = Precinct.objects.get(code="PZ")
    response = admin_client.post(
        f"/sites/{site_a.pk}/edit/",
        site_form(site_a, precinct=pz.pk, effective_on="113/01/01"),
    )
    assert response.status_code == 302, text(response)[-2000:]
    # 2. 500 lane cameras get LPR from 112/03/01 (the import)
    result = import_cameras(retrofit_file(admin_client), effective_on=RETROFIT, user=admin_user)
    assert result.ok, result.problems[:3]
    assert (result.updated, result.created) == (500, 0)
    # 3. one camera moves to another site from 114/05/01 (the camera form)
    mover = Camera.objects.in_service(on=TODAY).exclude(site=site_a).filter(
        precinct__code="TY").order_by("asset_tag").first()  # fmt: skip
    target = Site.objects.filter(precinct__code="DX").order_by("code").first()
    response = admin_client.post(
        f"/cameras/{mover.pk}/edit/", camera_form(mover, site=target.code, effective_on="114/05/01")
    )
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>(.*?)<', text(response))

    assert figures(PLAN_DAY) == plan
    total = coverage(on=PLAN_DAY).total
    assert (total.cameras, total.lane, total.lpr) == (22_049, 14_807, 12_978)
    assert (str(total.lpr_pct), str(total.lpr_of_lane_pct)) == ("58.86", "87.65")
    assert figures(D(2023, 2, 28)) == feb
    after = coverage(on=RETROFIT).total
    assert after.lpr == march[0][4] + 500 and after.lane_lpr == march[0][5] + 500
    assert after.cameras == march[0][2]
    # the precincts move only from 113/01/01
    by_precinct = [row[:4] for row in figures(D(2023, 12, 31)) if row[0] == "precinct"]
    assert by_precinct == [row[:4] for row in dec if row[0] == "precinct"]  # LPR moved in 112
    on_day = {row[1]: row[2] for row in figures(REDRAWN) if row[0] == "precinct"}
    was = {row[1]: row[2] for row in jan if row[0] == "precinct"}
    assert on_day["ZL"] == was["ZL"] - in_service_at_a
    assert on_day["PZ"] == was["PZ"] + in_service_at_a
    assert {k: v for k, v in on_day.items() if k not in ("ZL", "PZ")} == {
        k: v for k, v in was.items() if k not in ("ZL", "PZ")
    }
    # the moved camera hung at its old site until 114/04/30
    assert Camera.objects.get(pk=mover.pk).site_id == target.pk
    before_move = CameraState.objects.get(camera=mover, valid_to=MOVED)
    assert before_move.site_id == mover.site_id and before_move.precinct.code == "TY"


def test_the_list_of_a_past_day_shows_the_precinct_of_that_day(
    admin_client, admin_user, site_a, today_is
):
    today_is(TODAY)
    admin_client.force_login(admin_user)
    pz = Precinct.objects.get(code="PZ")
    admin_client.post(
        f"/sites/{site_a.pk}/edit/", site_form(site_a, precinct=pz.pk, effective_on="113/01/01")
    )
    for day, precinct, name, other in [
        ("110/07/31", "ZL", "中壢分局", "PZ"),
        ("113/06/30", "PZ", "平鎮分局", "ZL"),
    ]:
        params = {"as_of": day, "precinct": precinct, "site": site_a.code}
        page = text(admin_client.get("/cameras/", params))
        listed = match_count(page)
        rows = csv_rows(admin_client.get("/cameras/export.csv", params))
        assert listed == len(rows) > 0
        assert {row["precinct"] for row in rows} == {precinct}
        assert {row["precinct_name"] for row in rows} == {name}
        assert re.findall(r"<td>(\S+分局)</td>", page) == [name] * listed
        elsewhere = {**params, "precinct": other}
        assert match_count(text(admin_client.get("/cameras/", elsewhere))) == 0
        assert csv_rows(admin_client.get("/cameras/export.csv", elsewhere)) == []


def test_a_correction_rewrites_the_past_and_says_so(admin_client, admin_user, today_is):
    today_is(TODAY)
    admin_client.force_login(admin_user)
    camera = (
        Camera.objects.in_service(on=PLAN_DAY)
        .filter(has_lpr=True, retired_on__isnull=True, batch__code="LEASE-106")
        .order_by("asset_tag")
        .first()
    )
    before = coverage(on=PLAN_DAY).total.lpr
    data = camera_form(camera, has_lpr=None, correction="on", reason="never had LPR")
    data.pop("has_lpr", None)
    response = admin_client.post(f"/cameras/{camera.pk}/edit/", data)
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>(.*?)<', text(response))
    assert coverage(on=PLAN_DAY).total.lpr == before - 1
    assert set(camera.states.values_list("has_lpr", flat=True)) == {False}
    rows = csv_rows(admin_client.get("/history/export.csv", {"type": "camera", "bom": "0"}))
    mine = [r for r in rows if r["identifier"] == camera.asset_tag and r["field"] == "has_lpr"
            and r["action"] == "changed"]  # fmt: skip
    assert [(r["reason"], r["effective_on"], r["correction"], r["before"], r["after"])
            for r in mine] == [("never had LPR", "", "true", "true", "false")]  # fmt: skip
    page = text(admin_client.get("/history/", {"type": "camera"}, **EN))
    assert "never had LPR" in page and "correction" in page


def test_a_correction_needs_a_reason(admin_client, admin_user, today_is):
    today_is(TODAY)
    admin_client.force_login(admin_user)
    camera = Camera.objects.filter(has_lpr=True).order_by("asset_tag").first()
    data = camera_form(camera, correction="on")
    data.pop("has_lpr")
    response = admin_client.post(f"/cameras/{camera.pk}/edit/", data, **EN)
    assert response.status_code == 200
    assert "Say why the record was wrong: a correction needs it." in text(response)
    assert Camera.objects.get(pk=camera.pk).has_lpr is True


@pytest.mark.parametrize(
    "day, message",
    [
        ("115/12/02", "115/12/02 is after today (115/12/01): a change is recorded once it took "
                      "effect."),
        ("100/01/01", "100/01/01 is before the camera was installed ("),
    ],
)  # fmt: skip
def test_the_effective_day_lies_between_the_install_day_and_today(
    admin_client, admin_user, today_is, day, message
):
    today_is(TODAY)
    admin_client.force_login(admin_user)
    camera = Camera.objects.filter(has_lpr=True).order_by("asset_tag").first()
    data = camera_form(camera, effective_on=day)
    data.pop("has_lpr")
    response = admin_client.post(f"/cameras/{camera.pk}/edit/", data, **EN)
    assert response.status_code == 200
    assert message in text(response)
    assert Camera.objects.get(pk=camera.pk).version == camera.version


def test_the_install_day_and_today_are_effective_days(admin_client, admin_user, today_is):
    """The bounds themselves are taken: `<` and `>`, not `<=` and `>=`."""
    today_is(TODAY)
    admin_client.force_login(admin_user)
    camera = Camera.objects.filter(
        has_lpr=True, installed_on__gt=D(2020, 1, 1), retired_on__isnull=True,
        batch__code="LEASE-109",
    ).first()  # fmt: skip
    for day, lpr in ((camera.installed_on, False), (TODAY, True)):
        camera.refresh_from_db()
        data = camera_form(camera, effective_on=format_roc(day))
        if not lpr:
            data.pop("has_lpr")
        else:
            data["has_lpr"] = "on"
        response = admin_client.post(f"/cameras/{camera.pk}/edit/", data)
        assert response.status_code == 302, re.findall(r'class="error"[^>]*>(.*?)<', text(response))
    periods = list(camera.states.values_list("valid_from", "has_lpr"))
    assert (periods[0], periods[-1]) == ((camera.installed_on, False), (TODAY, True))
    assert {lpr for day, lpr in periods[:-1]} == {False}


def test_a_back_dated_change_leaves_a_later_change_of_the_field_standing(today_is):
    today_is(TODAY)
    camera = Camera.objects.filter(
        has_lpr=False, has_target_alert=False, is_lane=True, retired_on__isnull=True,
        batch__code="SELF-104-107", installed_on__lt=D(2020, 1, 1),
    ).order_by("asset_tag").first()  # fmt: skip
    camera.has_lpr, camera._effective_on = True, D(2024, 1, 1)
    camera.save()
    camera = Camera.objects.get(pk=camera.pk)
    camera.has_lpr = False  # a form opened on an old page: no change of LPR is recorded
    camera.has_target_alert, camera._effective_on = True, D(2022, 1, 1)
    camera.save()

    def on(day):
        return CameraState.objects.filter(camera=camera, valid_from__lte=day, valid_to__gt=day)

    assert list(on(D(2021, 1, 1)).values_list("has_lpr", "has_target_alert")) == [(False, False)]
    assert list(on(D(2022, 6, 1)).values_list("has_lpr", "has_target_alert")) == [(False, True)]
    assert list(on(D(2024, 6, 1)).values_list("has_lpr", "has_target_alert")) == [(True, True)]
    assert Camera.objects.get(pk=camera.pk).has_lpr is True  # what it is now


def test_the_export_of_a_day_imported_with_that_day_changes_nothing(admin_client, today_is):
    today_is(TODAY)
    params = {"as_of": "112/03/01", "precinct": "ZL", "bom": "0"}
    response = admin_client.get("/cameras/export.csv", params)
    body = b"".join(response.streaming_content)
    rows = csv_rows(admin_client.get("/cameras/export.csv", params))
    # the story changed some of these cameras after that day: the file is not today's register
    now = dict(Camera.objects.values_list("asset_tag", "has_lpr"))
    assert any(now[row["asset_tag"]] != (row["has_lpr"] == "true") for row in rows)
    result = import_cameras(body, effective_on=D(2023, 3, 1))
    assert result.ok, result.problems[:3]
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(rows))


def test_rows_taken_from_the_exports_of_two_days_with_their_days_change_nothing(
    admin_client, today_is
):
    """Each row is compared with its camera on its own day: one whose state changed between
    the two days is the earlier day's, not the later's."""
    today_is(TODAY)
    earlier, later = "112/03/01", "114/06/01"
    # one camera whose state on the later day began after the earlier day and has ended since
    camera = Camera.objects.filter(precinct__code="ZL", retired_on__isnull=True).order_by(
        "asset_tag"
    )[0]
    for day in (D(2024, 6, 1), D(2025, 9, 1)):
        camera.has_target_alert, camera._effective_on = not camera.has_target_alert, day
        camera.save()

    def export(day):
        params = {"as_of": day, "precinct": "ZL", "bom": "0"}
        return {
            row["asset_tag"]: row
            for row in csv_rows(admin_client.get("/cameras/export.csv", params))
        }

    then, after = export(earlier), export(later)
    changed = [
        tag for tag in then if tag in after and then[tag]["has_lpr"] != after[tag]["has_lpr"]
    ]
    changed = [tag for tag in changed if tag != camera.asset_tag]
    kept = list(dict.fromkeys([camera.asset_tag, *[t for t in after if t not in changed][:20]]))
    assert changed and kept
    out = io.StringIO()
    writer = csv.DictWriter(
        out, fieldnames=[*then[changed[0]], "effective_on"], lineterminator="\r\n"
    )
    writer.writeheader()
    for tag in changed:
        writer.writerow({**then[tag], "effective_on": earlier})
    for tag in kept:
        writer.writerow({**after[tag], "effective_on": later})
    result = import_cameras(out.getvalue().encode())
    assert result.ok, result.problems[:3]
    assert (result.updated, result.unchanged) == (0, len(changed) + len(kept))


def test_the_camera_page_shows_it_as_it_was_and_its_timeline(admin_client, site_a, today_is):
    today_is(TODAY)
    camera = site_a.cameras.filter(retired_on__isnull=True, installed_on__lte=PLAN_DAY).first()
    site_a.precinct = Precinct.objects.get(code="PZ")
    site_a._effective_on = REDRAWN
    site_a.save()
    old = text(admin_client.get(f"/cameras/{camera.pk}/", {"as_of": "110/07/31"}, **EN))
    new = text(admin_client.get(f"/cameras/{camera.pk}/", **EN))
    assert "<dt>Precinct</dt><dd>中壢分局</dd>" in old
    assert "<dt>Precinct</dt><dd>平鎮分局</dd>" in new
    timeline = re.search(r'id="timeline">(.*?)</section>', new, re.S).group(1)
    cells = [
        re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr><td>.*?</tr>", timeline)
    ]
    (at,) = [i for i, row in enumerate(cells) if row[0] == "113/01/01"]
    # its station was 中壢分局's: a site passed to another precinct without one has none there
    assert [cells[at - 1][1], cells[at - 1][4]] == ["112/12/31", "中壢分局 中壢一派出所"]
    assert [cells[at][4], cells[-1][1], cells[-1][4]] == ["平鎮分局", "now", "平鎮分局"]
    assert cells[at][2].startswith("precinct or station (the site was transferred)")
    assert cells[0][2] == "installed" and cells[0][0] == format_roc(camera.installed_on)


AS_OF_PAGES = [
    "/?as_of=110/07/31",
    "/?as_of=113/06/30&precinct=ZL",
    "/reports/coverage/?as_of=110/07/31&batch=LEASE-109",
    "/reports/series.csv",
    "/reports/series.csv?precinct=PZ",
    "/cameras/?as_of=110/07/31&precinct=ZL&has_lpr=true",
    "/cameras/?as_of=113/06/30&batch=LEASE-106&is_lane=true&sort=site",
    "/cameras/export.csv?as_of=113/06/30&precinct=PZ",
    "/replacements/?as_of=113/06/30",
    "/leases/?as_of=113/06/30",
]


def test_as_of_pages_and_the_series_cost_the_same_queries_for_more_cameras(admin_client):
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    camera = Camera.objects.get(asset_tag="SELF-111-000001")
    pages = [
        *AS_OF_PAGES, f"/cameras/{camera.pk}/?as_of=113/06/30",
        # what the leases cost by the register: sums over the roll-up, whatever the cameras
        "/leases/fiscal-years/112/", "/leases/fiscal-years/112/export.csv",
        "/leases/fiscal-years/", "/leases/fiscal-years/export.csv",
    ]  # fmt: skip

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = admin_client.get(url)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)
        return len(captured)

    before = {url: queries(url) for url in pages}
    assert max(before.values()) <= 18, before
    call_command("seed_demo", "--scale", "2", stdout=io.StringIO())
    assert Camera.objects.count() == 2 * 24_049
    assert {url: queries(url) for url in pages} == before


def test_the_monthly_series_is_the_coverage_of_each_month_end(admin_client, today_is):
    from cameras.series import monthly

    today_is(TODAY)
    months = monthly(today=TODAY)
    assert (months[0].roc, months[0].day, months[-1].roc, months[-1].day) == (
        "105/01", D(2016, 1, 31), "115/12", TODAY,
    )  # fmt: skip
    assert len(months) == 11 * 12
    july = next(m for m in months if m.roc == "110/07")
    assert (july.day, july.cameras, july.lane, july.lpr) == (PLAN_DAY, 22_049, 14_807, 12_978)
    assert (str(july.lpr_pct), str(july.lpr_of_lane_pct)) == ("58.86", "87.65")
    for month in months[::7]:
        total = coverage(on=month.day).total
        assert (month.cameras, month.lane, month.lpr, month.lane_lpr) == (
            total.cameras, total.lane, total.lpr, total.lane_lpr,
        ), month.roc  # fmt: skip
    zl = monthly(today=TODAY, precinct=Precinct.objects.get(code="ZL").pk)
    zl_plan = next(row for row in coverage(on=PLAN_DAY).by_precinct if row.code == "ZL")
    assert next(m for m in zl if m.roc == "110/07").cameras == zl_plan.cameras
    rows = csv_rows(admin_client.get("/reports/series.csv", {"precinct": "ZL", "bom": "0"}))
    assert rows[66] == {
        "month": "110/07", "day": "2021-07-31", "cameras": str(zl_plan.cameras),
        "lane": str(zl_plan.lane), "lpr": str(zl_plan.lpr), "lane_lpr": str(zl_plan.lane_lpr),
        "lpr_pct": str(zl_plan.lpr_pct), "lpr_of_lane_pct": str(zl_plan.lpr_of_lane_pct),
        "scope": "中壢分局",
    }  # fmt: skip


def test_the_series_moves_on_112_03_by_exactly_the_retrofit(admin_client, admin_user, today_is):
    from cameras.series import monthly

    today_is(TODAY)
    admin_client.force_login(admin_user)
    before = {m.roc: m for m in monthly(today=TODAY)}
    result = import_cameras(retrofit_file(admin_client), effective_on=RETROFIT)
    assert result.updated == 500
    after = {m.roc: m for m in monthly(today=TODAY)}
    assert [roc for roc in before if before[roc] != after[roc]][0] == "112/03"
    assert after["112/02"] == before["112/02"]
    assert after["112/03"].lpr == before["112/03"].lpr + 500
    assert after["112/03"].cameras == before["112/03"].cameras


def test_a_bad_series_scope_is_refused_with_its_message(admin_client):
    response = admin_client.get("/reports/coverage/", {"precinct": "XX"}, **EN)
    assert response.status_code == 400
    assert "“XX” is not a precinct of the register: pick one from the list." in text(response)
    response = admin_client.get("/reports/series.csv", {"precinct": "ZL", "batch": "LEASE-109"},
                                **EN)  # fmt: skip
    assert response.status_code == 400
    assert "Choose a precinct or a batch, not both." in text(response)


def test_the_chart_reads_without_colour(admin_client):
    page = text(admin_client.get("/reports/coverage/", **EN))
    charts = re.findall(r"<svg[^>]*class=\"chart\".*?</svg>", page, re.S)
    assert len(charts) == 2
    assert 'aria-label="Cameras, lane and LPR cameras by month, whole register"' in charts[0]
    dashes = re.findall(r'<polyline points="[^"]+" class="line"( stroke-dasharray="[^"]+")?/>',
                        charts[0])  # fmt: skip
    assert dashes == ["", ' stroke-dasharray="8 4"', ' stroke-dasharray="2 3"']
    assert re.search(r">cameras 22,921</text>", charts[0])
    assert re.search(r">LPR share of all 6\d\.\d\d %</text>", charts[1])
    assert 'id="series-table"' in page


def test_a_bulk_move_to_another_batch_takes_effect_on_its_day(sign_in, today_is):
    from core.roles import EDITOR
    from tests.cameras.test_bulk import preview_and_confirm, tags

    today_is(TODAY)
    editor = sign_in("editor1", EDITOR)
    cameras = tags("LEASE-109-0001", 20)
    before = {r.code: r.cameras for r in coverage(on=D(2024, 12, 31)).by_batch}
    preview, done = preview_and_confirm(
        editor, cameras, action="batch", batch="LEASE-110", effective_on="114/01/01",
        reason="contract novation",
    )  # fmt: skip
    assert done.status_code == 302, text(preview)[-2000:]
    assert {r.code: r.cameras for r in coverage(on=D(2024, 12, 31)).by_batch} == before
    after = {r.code: r.cameras for r in coverage(on=D(2025, 1, 1)).by_batch}
    assert after["LEASE-110"] == before["LEASE-110"] + 20
    records = Camera.history.filter(history_change_reason__contains="contract novation")
    assert set(records.values_list("effective_on", "correction")) == {(D(2025, 1, 1), False)}


def test_a_bulk_change_before_a_cameras_install_day_is_refused(sign_in, today_is):
    from core.roles import EDITOR
    from tests.cameras.test_bulk import post, tags

    today_is(TODAY)
    editor = sign_in("editor1", EDITOR)
    cameras = tags("LEASE-109-0001", 2)
    response = post(editor, cameras, step="preview", action="batch", batch="LEASE-110",
                    effective_on="100/01/01", reason="x")  # fmt: skip
    page = text(response)
    installed = format_roc(cameras[0].installed_on)
    assert f"{cameras[0].asset_tag} was installed on {installed}, after 100/01/01." in page
    response = post(editor, cameras, step="preview", action="batch", batch="LEASE-110",
                    effective_on="115/12/02", reason="x")  # fmt: skip
    assert response.status_code == 400
    assert "115/12/02 is after today (115/12/01)" in text(response)


def test_the_command_takes_an_effective_day_and_a_correction_with_its_reason(tmp_path, today_is):
    from django.core.management import CommandError, call_command

    today_is(TODAY)
    path = tmp_path / "cameras.csv"
    camera = Camera.objects.filter(has_lpr=True, batch__code="LEASE-107").order_by("asset_tag")[0]
    path.write_bytes(
        b"asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status\r\n"
        + f"{camera.asset_tag},{camera.site.code},{camera.precinct.code},LEASE-107,"
        f"{str(camera.is_lane).lower()},false,{camera.installed_on},,{camera.status}\r\n".encode()
    )
    with pytest.raises(CommandError, match="after today"):
        call_command("import_cameras", str(path), "--effective-on", "115/12/02")
    with pytest.raises(CommandError, match="--correction needs --reason"):
        call_command("import_cameras", str(path), "--correction")
    lpr = coverage(on=PLAN_DAY).total.lpr
    call_command("import_cameras", str(path), "--correction", "--reason", "no LPR ever",
                 stdout=io.StringIO())  # fmt: skip
    assert coverage(on=PLAN_DAY).total.lpr == lpr - (camera.installed_on <= PLAN_DAY)
    record = Camera.history.filter(id=camera.pk).latest("history_id")
    assert (record.correction, record.effective_on) == (True, None)  # from its install day
    assert record.history_change_reason.endswith("— no LPR ever")


def test_a_past_days_list_sorts_by_the_site_of_that_day(admin_client, today_is):
    today_is(TODAY)
    camera = Camera.objects.filter(retired_on__isnull=True, precinct__code="TY").order_by(
        "site__code").first()  # fmt: skip
    camera.site, camera._effective_on = Site.objects.get(code="ZL-000001"), D(2025, 5, 1)
    camera.save()
    params = {"as_of": "113/06/30", "precinct": "TY", "sort": "site", "bom": "0"}
    rows = csv_rows(admin_client.get("/cameras/export.csv", params))
    sites = [row["site"] for row in rows]
    # sorted by the site each camera hung at that day (now at ZL-000001 it would sort last)
    assert sites == sorted(sites) and rows[0]["asset_tag"] == camera.asset_tag
    page = text(admin_client.get("/cameras/", {**params, "sort": "-site"}))
    assert camera.asset_tag not in page  # last of 5,000: not on the first page
    for sort in ("precinct", "-batch", "lease_end", "-lease_end"):
        response = admin_client.get("/cameras/", {**params, "sort": sort})
        assert response.status_code == 200, sort


def history_file(camera, *rows) -> bytes:
    """A file of `camera`'s changes: (effective_on, has_lpr, batch) a row, oldest first."""
    lines = ["asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status,"
             "effective_on"]  # fmt: skip
    for day, lpr, batch in rows:
        lines.append(
            f"{camera.asset_tag},{camera.site.code},,{batch},{str(camera.is_lane).lower()},"
            f"{lpr},{camera.installed_on},,{camera.status},{day}"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def test_one_file_carries_years_of_a_cameras_changes_oldest_first(admin_user, today_is):
    today_is(TODAY)
    camera = Camera.objects.filter(
        has_lpr=False, is_lane=True, retired_on__isnull=True, batch__code="SELF-104-107",
        installed_on__lt=D(2020, 1, 1),
    ).order_by("asset_tag").first()  # fmt: skip
    data = history_file(
        camera, ("111/01/01", "true", "SELF-104-107"), ("112/06/01", "false", "SELF-104-107"),
        ("113/06/01", "true", "LEASE-110"),
    )  # fmt: skip
    preview = import_cameras(data, commit=False)
    assert preview.ok, preview.problems
    assert (preview.rows, preview.updated, preview.written) == (3, 3, False)
    assert not camera.states.filter(valid_from=D(2022, 1, 1)).exists()  # a preview writes nothing
    result = import_cameras(data, user=admin_user, file_name="history.csv")
    assert result.ok and result.written, result.problems
    assert (result.rows, result.created, result.updated) == (3, 0, 3)

    def on(day):
        state = CameraState.objects.get(on_day_q(day), camera=camera)
        return state.has_lpr, state.batch.code

    assert on(D(2021, 12, 31)) == (False, "SELF-104-107")
    assert on(D(2022, 1, 1)) == (True, "SELF-104-107")
    assert on(D(2023, 6, 1)) == (False, "SELF-104-107")
    assert on(D(2024, 6, 1)) == (True, "LEASE-110")
    assert Camera.objects.get(pk=camera.pk).batch.code == "LEASE-110"
    records = Camera.history.filter(id=camera.pk, change_set=result.change_set)
    assert sorted(records.values_list("effective_on", flat=True)) == [
        D(2022, 1, 1), D(2023, 6, 1), D(2024, 6, 1)
    ]  # fmt: skip
    assert import_cameras(data).unchanged == 3  # the same file again changes nothing


def test_a_cameras_rows_out_of_order_are_refused(today_is):
    today_is(TODAY)
    camera = Camera.objects.filter(retired_on__isnull=True).order_by("asset_tag").first()
    batch = camera.batch.code
    data = history_file(camera, ("113/01/01", "true", batch), ("112/01/01", "false", batch))
    with translation.override("en"):
        result = import_cameras(data)
        problems = [str(p) for p in result.problems]
    assert problems == [
        f"line 3, column effective_on: {camera.asset_tag} is on line 2 too: a camera's rows each "
        "need an effective_on, later than the row before (oldest first)."
    ]
    assert not result.written
    assert not CameraState.objects.filter(camera=camera, valid_from=D(2024, 1, 1)).exists()


def test_a_bad_row_of_a_later_generation_writes_nothing(today_is):
    today_is(TODAY)
    camera = Camera.objects.filter(retired_on__isnull=True).order_by("asset_tag").first()
    batch = camera.batch.code
    data = history_file(camera, ("112/01/01", "true", batch), ("113/01/01", "false", "NOPE"))
    with translation.override("en"):
        result = import_cameras(data)
        problems = [str(p) for p in result.problems]
    assert problems == ["line 3, column batch: no batch has the code NOPE."]
    assert not CameraState.objects.filter(camera=camera, valid_from=D(2023, 1, 1)).exists()
    assert not Camera.history.filter(id=camera.pk, effective_on=D(2023, 1, 1)).exists()


def test_an_imported_change_takes_effect_between_the_install_day_and_today(today_is):
    today_is(TODAY)
    camera = Camera.objects.filter(retired_on__isnull=True, has_lpr=True).order_by("asset_tag")[0]
    batch, before = camera.batch.code, camera.installed_on - datetime.timedelta(1)
    with translation.override("en"):
        early = import_cameras(history_file(camera, (before.isoformat(), "false", batch)))
        late = import_cameras(history_file(camera, ("2026-12-02", "false", batch)))
        problems = [str(p) for p in early.problems + late.problems]
    assert problems == [
        f"line 2, column effective_on: {format_roc(before)} is before the camera was installed "
        f"({format_roc(camera.installed_on)}).",
        "line 2, column effective_on: 115/12/02 is after today (115/12/01): a change is "
        "recorded once it took effect.",
    ]
    for day in (camera.installed_on, TODAY):  # the bounds themselves are days of effect
        result = import_cameras(history_file(camera, (day.isoformat(), "false", batch)))
        assert result.ok, result.problems


@pytest.mark.parametrize(
    "params",
    [
        {"as_of": "110/07/31", "precinct": "ZL", "has_lpr": "true"},
        {"as_of": "113/06/30", "batch": "LEASE-105", "is_lane": "true", "has_lpr": "false"},
        {"in_service_on": "113/01/01", "kind": "lease", "precinct": "PZ"},
        {"as_of": "112/12/31", "in_service": "true", "sort": "-site"},
    ],
)
def test_a_past_days_count_from_the_rollup_is_the_count_of_its_rows(admin_client, params):
    from django.http import QueryDict

    from cameras.filters import CameraFilterSet
    from cameras.views import CameraListView
    from core.generic import filtered

    cameras, filterset = filtered(CameraFilterSet, QueryDict(mutable=True) | params,
                                  CameraListView.queryset.all())  # fmt: skip
    assert filterset.rollup_count() == cameras.count() > 0
    assert match_count(text(admin_client.get("/cameras/", params))) == cameras.count()
    # a filter the roll-up does not hold: the rows are counted
    with_site = QueryDict(mutable=True) | {**params, "site": "ZL-000001"}
    _cameras, filterset = filtered(CameraFilterSet, with_site, CameraListView.queryset.all())
    assert filterset.rollup_count() is None
