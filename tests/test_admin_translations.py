"""Every admin screen staff open is in Traditional Chinese: the sign-in records (django-axes
ships no zh_Hant catalogue) and the change history (django-simple-history ships only zh_Hans)
included, their messages carried by the project's catalogue (listed in core.package_messages)."""

import datetime
import re
from pathlib import Path

import axes
import pytest
import simple_history
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from django.urls import reverse
from django.utils import translation

from cameras.models import Camera, Precinct
from core import package_messages
from leases.models import Batch

pytestmark = pytest.mark.django_db
KEYWORDS = {**DEFAULT_KEYWORDS, "gettext_lazy": None, "ngettext_lazy": (1, 2)}
# {% trans "…" %}, {% translate '…' %}, {% blocktrans … %}…{% endblocktrans %}
TRANS = re.compile(r"""{%\s*trans(?:late)?\s+(["'])(.+?)\1""")
BLOCK = re.compile(r"{%\s*blocktrans(?:late)?\b[^%]*%}(.*?){%\s*endblocktrans(?:late)?\s*%}", re.S)


def package_messages_of_the_admin_screens() -> set[str]:
    """Return the messages django-axes and django-simple-history write on the admin's screens:
    their models and admin (not f-strings, which no catalogue can translate) and the templates."""
    found = set()
    for package, modules in ((axes, ("admin.py", "models.py")),
                             (simple_history, ("admin.py", "models.py"))):  # fmt: skip
        root = Path(package.__file__).parent
        for module in modules:
            for _line, message, _comments, _context in extract_from_file(
                "python", root / module, keywords=KEYWORDS
            ):
                found.add(message[0] if isinstance(message, tuple) else message)
    templates = Path(simple_history.__file__).parent / "templates" / "simple_history"
    for template in templates.glob("*.html"):
        text = template.read_text()
        found.update(message for _quote, message in TRANS.findall(text))
        for block in BLOCK.findall(text):
            singular = re.split(r"{%\s*plural\s*%}", block)[0]
            found.add(re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", singular))
    return found - {"column"}  # {% trans column %}: a variable, not a message


def untranslated(messages) -> list[str]:
    with translation.override("zh-hant"):
        return sorted(m for m in messages if translation.gettext(m) == m)


def test_the_packages_messages_on_the_admin_screens_are_found():
    found = package_messages_of_the_admin_screens()
    assert {"access attempts", "Attempt Time", "View history: %s", "Changed by",
            "Revert %(verbose_name)s"} <= found  # fmt: skip
    assert len(found) > 40


def test_every_message_of_the_packages_admin_screens_is_in_traditional_chinese():
    assert untranslated(package_messages_of_the_admin_screens()) == []


def test_every_message_marked_for_the_catalogue_is_translated():
    marked = {*package_messages.AXES, *package_messages.SIMPLE_HISTORY, *package_messages.DJANGO}
    assert untranslated(marked) == []


def test_the_packages_messages_are_all_marked_or_translated_by_django():
    marked = {*package_messages.AXES, *package_messages.SIMPLE_HISTORY}
    with translation.override("zh-hant"):
        # a message Django's own catalogues translate is not carried again
        by_django = {
            m for m in package_messages_of_the_admin_screens() - marked
            if translation.gettext(m) != m
        }  # fmt: skip
    assert package_messages_of_the_admin_screens() - marked - by_django == set()


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_sign_in_records_are_in_traditional_chinese(admin_client, today_is):
    today_is(datetime.date(2026, 11, 26))
    seen = {"username": "clerk", "ip_address": "10.0.0.1", "user_agent": "x",
            "http_accept": "*/*", "path_info": "/accounts/login/"}  # fmt: skip
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=2)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen, locked_out=False)
    index = html(admin_client, reverse("admin:index"))
    assert 'class="section" title="登入保護 應用程式中的模型">登入保護</a>' in index
    assert '<a href="/admin/axes/accessattempt/">登入嘗試</a>' in index
    assert '<a href="/admin/axes/accessfailurelog/">登入失敗</a>' in index
    assert '<a href="/admin/axes/accesslog/">登入紀錄</a>' in index
    assert ">Axes<" not in index
    attempts = html(admin_client, reverse("admin:axes_accessattempt_changelist"))
    assert "<h1>選擇 登入嘗試 來修改</h1>" in attempts
    for header in ("嘗試時間", "IP 位址", "瀏覽器（User-Agent）", "帳號", "路徑", "失敗次數"):
        assert f">{header}</a></div>" in attempts, header
    assert "<span>狀態</span>" in attempts  # not sortable
    assert '<td class="field-status">尚可嘗試 3 次</td>' in attempts
    assert re.search(r"<summary>\s*以 已鎖定\s*</summary>", attempts)  # the filter
    assert "清除已到期的登入嘗試" in attempts  # the action
    logs = html(admin_client, reverse("admin:axes_accesslog_changelist"))
    assert "<h1>選擇 登入紀錄 來修改</h1>" in logs
    assert ">登出時間</a></div>" in logs
    failures = html(admin_client, reverse("admin:axes_accessfailurelog_changelist"))
    assert "<h1>選擇 登入失敗 來修改</h1>" in failures
    assert ">已鎖定</a></div>" in failures


def test_the_change_history_is_in_traditional_chinese(admin_client, today_is):
    today_is(datetime.date(2026, 11, 26))
    batch = Batch.objects.get(code="LEASE-109")
    batch.vendor = "另一家廠商"
    batch.save()
    page = html(admin_client, reverse("admin:leases_batch_history", args=[batch.pk]))
    assert f"<h1>異動紀錄：{batch}</h1>" in page
    assert f"<title>異動紀錄：{batch} | 天羅地網攝影機登錄系統</title>" in page
    table = page[page.index('<table id="change-history"') :]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table[: table.index("</thead>")])
    assert headers == ["版本", "日期/時間", "異動", "人員", "原因", "異動內容"]
    assert "<td>修改</td>" in page
    assert "<td>新增</td>" in page  # the version the demo data loaded
    assert "None" not in page
    record = batch.history.latest()
    version = html(admin_client, reverse("admin:leases_batch_simple_history",
                                         args=[batch.pk, record.history_id]))  # fmt: skip
    assert f"<h1>查看 {batch}</h1>" in version  # Django's own "View %s"
    assert "查看 採購案" in version  # the breadcrumb, django-simple-history's


def test_djangos_history_screen_says_it_in_the_apps_words(admin_client):
    precinct = Precinct.objects.get(code="TY")
    page = html(admin_client, reverse("admin:cameras_precinct_history", args=[precinct.pk]))
    assert f"<h1>異動紀錄：{precinct}</h1>" in page


def test_a_search_says_how_many_it_found_with_grouped_thousands(admin_client):
    page = html(admin_client, reverse("admin:cameras_camera_changelist") + "?q=LEASE-1")
    found = Camera.objects.filter(asset_tag__icontains="LEASE-1").count()
    assert found > 1_000
    assert f"{found:,} 筆結果" in page
