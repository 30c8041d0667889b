"""The Django admin shows what the app shows: its name, ROC dates and times, counts with grouped
thousands, an em dash for nothing, on its lists, its read-only pages and its history screens."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from cameras.models import Camera, Precinct, Site
from core.models import ExportRecord, ImportRecord
from tests.conftest import TAIPEI

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MOMENT = datetime.datetime(2026, 11, 26, 18, 2, tzinfo=TAIPEI)
MOMENT_HTML = '<time datetime="2026-11-26T18:02+08:00">115/11/26 18:02</time>'


def page(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_admin_carries_the_apps_name(admin_client):
    index = page(admin_client, reverse("admin:index"), **EN)
    assert '<div id="site-name"><a href="/admin/">Sky Net camera register</a></div>' in index
    assert "<title>Admin | Sky Net camera register</title>" in index
    assert "<h1>Admin</h1>" in index
    assert "Django" not in index
    zh = page(admin_client, reverse("admin:index"))
    assert '<a href="/admin/">天羅地網攝影機登錄系統</a>' in zh
    assert "<title>系統管理 | 天羅地網攝影機登錄系統</title>" in zh
    assert "Django" not in zh
    login = page(Client(), reverse("admin:login"))  # signed out
    assert "天羅地網攝影機登錄系統" in login
    assert "Django" not in login


def test_the_admin_loads_its_own_stylesheet_after_djangos(admin_client):
    html = page(admin_client, reverse("admin:leases_batch_changelist"))
    responsive = html.index("admin/css/responsive.css")
    assert html.index('href="/static/css/admin.css"') > responsive


def test_a_camera_lists_its_dates_in_the_roc_calendar(admin_client):
    camera = Camera.objects.get(asset_tag="SELF-104-107-000001")
    assert (camera.installed_on, camera.retired_on) == (
        datetime.date(2015, 10, 19),
        datetime.date(2022, 8, 16),
    )
    url = reverse("admin:cameras_camera_changelist") + "?q=SELF-104-107-000001"
    html = page(admin_client, url)
    assert (
        '<td class="field-installed_on"><time datetime="2015-10-19" title="2015-10-19">'
        "104/10/19</time></td>"
        '<td class="field-retired_on"><time datetime="2022-08-16" title="2022-08-16">'
        "111/08/16</time></td>"
    ) in html
    assert "2015年10月19日" not in html


def test_a_list_sorts_by_a_date_it_shows_the_roc_way(admin_client):
    url = reverse("admin:cameras_camera_changelist")
    html = page(admin_client, url + "?o=7")  # the seventh column: installed on
    assert 'class="sortable column-installed_on sorted ascending"' in html


def test_counts_have_grouped_thousands(admin_client):
    html = page(admin_client, reverse("admin:leases_batch_changelist") + "?as_of=2021-07-31")
    assert '<td class="field-contracted_count">3,750</td>' in html  # LEASE-109
    assert '<td class="field-cameras">3,314</td>' in html  # UNATTRIBUTED
    total = Camera.objects.count()
    assert total == 24_049
    cameras = page(admin_client, reverse("admin:cameras_camera_changelist"))
    assert "24,049 攝影機" in cameras  # the paginator
    assert "選取全部 24,049 筆攝影機" in cameras
    assert "已選取全部 24,049 筆" in cameras  # all of them selected
    en = page(admin_client, reverse("admin:cameras_camera_changelist"), **EN)
    assert "24,049 cameras" in en
    assert "Select all 24,049 cameras" in en
    assert "All 24,049 selected" in en
    search = page(admin_client, reverse("admin:cameras_camera_changelist") + "?q=LEASE-1", **EN)
    assert f"{Camera.objects.filter(asset_tag__icontains='LEASE-1').count():,} results" in search


def test_a_callable_count_and_an_amount_are_grouped(admin_client):
    site = Site.objects.with_camera_count().order_by("-camera_count").first()
    html = page(admin_client, reverse("admin:cameras_site_changelist") + f"?q={site.code}")
    assert f'<td class="field-camera_count">{site.camera_count:,}</td>' in html
    lines = page(admin_client, reverse("admin:leases_budgetline_changelist") + "?fiscal_year=111")
    assert '<td class="field-amount_thousand_ntd">83,250.000</td>' in lines  # LEASE-106


def test_nothing_is_an_em_dash(admin_client):
    html = page(admin_client, reverse("admin:leases_batch_changelist") + "?as_of=2021-07-31")
    unattributed = html[html.index(">UNATTRIBUTED<") :]
    assert unattributed.index('<td class="field-contracted_count">—</td>') < unattributed.index(
        "</tr>"
    )
    assert '<td class="field-lease_end_roc">—</td>' in html  # a self-built batch has no lease
    assert '<td class="field-contracted_count">-</td>' not in html


def test_records_list_and_show_their_times_the_roc_way(admin_client, admin_user, today_is):
    today_is(datetime.date(2026, 11, 26))  # started at 00:30
    record = ExportRecord.objects.create(user=admin_user, path="/cameras/export/",
                                         query="as_of=110/07/31", file_name="cameras.csv",
                                         row_count=22_049, finished_at=MOMENT)  # fmt: skip
    started = '<time datetime="2026-11-26T00:30+08:00">115/11/26 00:30</time>'
    html = page(admin_client, reverse("admin:core_exportrecord_changelist"))
    assert '<th class="field-started_at"><a href="' in html
    assert f"{started}</a></th>" in html
    assert (
        f'<td class="field-row_count">22,049</td><td class="field-finished_at">{MOMENT_HTML}</td>'
    ) in html
    shown = page(admin_client, reverse("admin:core_exportrecord_change", args=[record.pk]))
    assert f'<div class="readonly">{started}</div>' in shown  # not edited, shown all the same
    assert f'<div class="readonly">{MOMENT_HTML}</div>' in shown
    assert '<div class="readonly">22,049</div>' in shown
    assert "2026年11月26日" not in shown


def test_an_import_record_shows_its_counts_grouped(admin_client, admin_user):
    record = ImportRecord.objects.create(user=admin_user, file_name="cameras.csv", sha256="a" * 64,
                                         row_count=12_345, created_count=1_000,
                                         updated_count=11_345)  # fmt: skip
    html = page(admin_client, reverse("admin:core_importrecord_changelist"))
    assert (
        '<td class="field-row_count">12,345</td><td class="field-created_count">1,000</td>'
        '<td class="field-updated_count">11,345</td>'
    ) in html
    shown = page(admin_client, reverse("admin:core_importrecord_change", args=[record.pk]))
    assert '<div class="readonly">11,345</div>' in shown


def test_an_editable_date_keeps_its_widget(admin_client):
    camera = Camera.objects.get(asset_tag="SELF-104-107-000001")
    html = page(admin_client, reverse("admin:cameras_camera_change", args=[camera.pk]))
    assert 'name="installed_on" value="2015/10/19" class="vDateField"' in html


def test_the_history_of_a_row_is_in_roc_time_with_dashes_for_nobody(admin_client, today_is):
    site = Site.objects.filter(precinct__code="ZL").order_by("code")[4]
    today_is(datetime.date(2026, 11, 26))
    before, site.name = site.name, "歷史的名字"
    site.save()  # no request: nobody, no reason
    html = page(admin_client, reverse("admin:cameras_site_history", args=[site.pk]), **EN)
    assert '<div class="history-frame">' in html
    row = html[html.index('<time datetime="2026-11-26T00:30+08:00">115/11/26 00:30</time>') :]
    row = row[: row.index("</tr>")]
    assert "<td>Changed</td>" in row
    assert row.count("<td>—</td>") == 2  # nobody, no reason
    assert f"{before}&nbsp;&rarr;&nbsp;&nbsp;歷史的名字</li>" in row
    assert "None" not in html
    assert "2026年11月26日" not in html
    assert 'style="' not in html[html.index('<div id="content-main">') :]  # CSP: no inline style


def test_djangos_own_history_screen_is_in_roc_time(admin_client, admin_user):
    precinct = Precinct.objects.get(code="ZL")
    LogEntry.objects.create(action_time=MOMENT, user=admin_user, action_flag=CHANGE,
                            content_type=ContentType.objects.get_for_model(Precinct),
                            object_id=str(precinct.pk), object_repr=str(precinct),
                            change_message="[]")  # fmt: skip
    html = page(admin_client, reverse("admin:cameras_precinct_history", args=[precinct.pk]))
    assert f'<th scope="row">{MOMENT_HTML}</th>' in html
    assert "2026年11月26日" not in html


def test_the_sign_in_records_list_their_times_the_roc_way(admin_client, today_is):
    from axes.models import AccessAttempt, AccessLog

    today_is(datetime.date(2026, 11, 26))
    AccessAttempt.objects.create(username="clerk", ip_address="10.0.0.1", user_agent="x",
                                 http_accept="*/*", path_info="/accounts/login/",
                                 get_data="", post_data="", failures_since_start=2)  # fmt: skip
    AccessLog.objects.create(username="clerk", ip_address="10.0.0.1", user_agent="x",
                             http_accept="*/*", path_info="/accounts/login/")  # fmt: skip
    roc = '<time datetime="2026-11-26T00:30+08:00">115/11/26 00:30</time>'
    attempts = page(admin_client, reverse("admin:axes_accessattempt_changelist"), **EN)
    assert f"{roc}</a></th>" in attempts
    assert '<td class="field-status">3 attempts left</td>' in attempts
    assert '<nav class="toplinks">' not in attempts  # no date hierarchy: its years are Gregorian
    logs = page(admin_client, reverse("admin:axes_accesslog_changelist"), **EN)
    assert f'{roc}</a></th><td class="field-logout_time">—</td>' in logs


def test_every_admin_shows_the_register_way(admin_client):
    from django.contrib import admin

    from core.adminsite import RegisterDisplay

    assert admin.site._registry  # noqa: SLF001
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, RegisterDisplay), model


@pytest.mark.parametrize("records", [1, 30])
def test_the_records_list_in_the_same_queries_however_many(
    admin_client, admin_user, django_assert_num_queries, records
):
    ExportRecord.objects.bulk_create(
        ExportRecord(user=admin_user, path="/cameras/export/", file_name=f"{n}.csv", row_count=n)
        for n in range(records)
    )
    url = reverse("admin:core_exportrecord_changelist")
    admin_client.get(url)  # the session and the content types, read once
    with django_assert_num_queries(5):
        html = page(admin_client, url)
    assert html.count('<td class="field-row_count">') == records


def test_a_decimal_is_shown_as_stored_with_grouped_thousands():
    from core.templatetags.register import shown

    assert shown(Decimal("83250.000")) == "83,250.000"  # an amount keeps its three places
    assert shown(Decimal("24.918717")) == "24.918717"  # a latitude is not rounded to them


def test_a_change_in_the_history_list_keeps_a_related_rows_id_as_it_is(db):
    from cameras.models import Site
    from core.templatetags.register import delta

    site = Site.objects.first()
    site.name = "x"
    site.save()
    record = site.history.first()
    moved = {"field": "分局", "old": 12345, "new": None}  # by its label, as simple-history does
    assert delta(moved, record) == "12345&nbsp;&rarr;&nbsp;&nbsp;—"  # an id, not a count
    lat = {"field": "latitude", "old": Decimal("24.918717"), "new": Decimal("1234.5")}
    assert delta(lat, record) == "24.918717&nbsp;&rarr;&nbsp;&nbsp;1,234.5"
