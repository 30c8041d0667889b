"""The Audit page: the latest changes with the history file's filters, and the change sets
(imports, bulk edits) linked to the cameras they changed."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cameras.imports import import_cameras
from cameras.models import BulkEdit, Camera, Site
from core.models import ImportRecord
from core.roles import AUDITOR, EDITOR
from leases.models import Batch, BudgetLine
from tests.cameras.test_bulk import preview_and_confirm, tags
from tests.cameras.test_history import edit_camera
from tests.pages import text

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
HEADER = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"


@pytest.fixture
def auditor(sign_in):
    return sign_in("auditor", AUDITOR)


def edit(tag: str, status: str) -> Camera:
    camera = Camera.objects.get(asset_tag=tag)
    camera.status = status
    camera.save()
    return camera


def rows(page: str) -> list[str]:
    """The latest-changes table's rows, as text with cells joined by |."""
    table = re.search(r'<table class="data" id="latest">(.*?)</table>', page, re.S).group(1)
    cells = r"<t[dh][^>]*>(.*?)</t[dh]>"
    found = [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(cells, row)]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]
    return ["|".join(row) for row in found if len(row) != 3]  # a change's first row: 7 cells


# The seed's budget lines have a history written when the test database was made (wall clock):
# the tests name the kinds of rows they change.
MINE = {"type": "camera,site"}


def test_the_latest_changes_say_who_when_what_before_and_after(auditor, admin_user, today_is):
    today_is(datetime.date(2026, 12, 1))
    camera = edit("LEASE-109-000030", "faulty")
    today_is(datetime.date(2026, 12, 2))
    site = Site.objects.get(code="ZL-000001")
    site.name = "中壢新站"
    with translation.override("zh-hant"):  # the baseline's reason is written in the writer's
        site.save()  # language; an earlier test's English request may still be active here
    page = text(auditor.get("/history/", MINE, **EN))
    latest = rows(page)
    assert latest[0].startswith("115/12/02 00:30|—|site ZL-000001|changed|name|")
    assert latest[0].endswith("|中壢新站")
    # before the first edit, the baseline: the state the bulk load left, every field
    assert latest[1].startswith("115/12/02 00:30|—|site ZL-000001|created 首筆異動紀錄前的狀態")
    assert latest[2] == "115/12/01 00:30|—|camera LEASE-109-000030|changed|status|In service|Faulty"
    assert latest[3].startswith("115/12/01 00:30|—|camera LEASE-109-000030|created")
    assert latest[3].endswith("|asset tag|—|LEASE-109-000030")
    assert f'<a href="/cameras/{camera.pk}/">camera LEASE-109-000030</a>' in page
    assert f'<a href="/sites/{site.pk}/">site ZL-000001</a>' in page


def test_the_latest_changes_take_the_files_filters(auditor, today_is, sign_in):
    today_is(datetime.date(2026, 11, 30))
    edit("LEASE-109-000030", "faulty")
    today_is(datetime.date(2026, 12, 1))
    edit("LEASE-109-000031", "faulty")
    day = rows(text(auditor.get("/history/", {"since": "115/12/01", "type": "camera"}, **EN)))
    assert [r.split("|")[2] for r in day] == ["camera LEASE-109-000031"] * 2
    assert rows(text(auditor.get("/history/", {"type": "site"}, **EN))) == [
        "No change matches these filters."
    ]
    assert rows(text(auditor.get("/history/", {"user": "nobody"}, **EN))) == [
        "No change matches these filters."
    ]


def test_a_deleted_row_is_named_without_a_link(auditor, admin_client):
    site = Site.objects.create(code="ZZ-9", name="temporary", precinct_id=1)
    pk = site.pk
    site.delete()
    page = text(auditor.get("/history/", {"type": "site"}, **EN))
    assert rows(page)[0].startswith(f"{rows(page)[0].split('|')[0]}|—|site ZZ-9|deleted|")
    assert f'href="/sites/{pk}/"' not in page


def test_bad_filters_are_said_beside_an_empty_table(auditor):
    response = auditor.get("/history/", {"change_set": "import-x"}, **EN)
    assert response.status_code == 400
    page = text(response)
    assert "change_set: Give a change set as the Audit page names it: import-5 or bulk-3." in page
    assert rows(page) == ["Fix the filters above to see the changes."]
    assert 'name="change_set" value="import-x"' in page


def test_the_latest_changes_cost_the_same_queries_however_many(auditor, django_assert_num_queries):
    for n in range(1, 4):
        edit(f"LEASE-109-00003{n}", "faulty")
    with django_assert_num_queries(QUERIES):
        auditor.get("/history/", MINE)
    for n in range(4, 10):
        edit(f"LEASE-109-00003{n}", "faulty")
    edit("LEASE-108-000030", "faulty")  # another batch, another site, another precinct
    with django_assert_num_queries(QUERIES):
        auditor.get("/history/", MINE)
    site = Site.objects.get(code="ZL-000001")
    site.name = "x"
    site.save()
    with django_assert_num_queries(QUERIES + SITE_QUERIES):
        auditor.get("/history/", MINE)


# session, user, 2 × permissions; camera and site records; the cameras' earlier records, their
# sites', batches', precincts' and stations' names, which still exist; the auditor's role;
# imports, bulk edits and downloads
QUERIES = 16
SITE_QUERIES = 4  # a second kind of row listed: its earlier records, its precinct, station


def importing(admin_user) -> ImportRecord:
    lines = [HEADER, "NEW-0002,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service",
             "NEW-0003,ZL-000001,ZL,LEASE-109,true,false,2021-07-31,,in_service"]  # fmt: skip
    result = import_cameras("\r\n".join(lines).encode(), user=admin_user, file_name="vendor.csv")
    assert result.written and result.change_set == f"import-{ImportRecord.objects.get().pk}"
    return ImportRecord.objects.get()


def test_an_import_links_to_its_cameras_and_its_changes(auditor, admin_user, admin_client):
    record = importing(admin_user)
    page = text(auditor.get("/history/", MINE, **EN))
    key = f"import-{record.pk}"
    assert f'<a href="?change_set={key}">{key}</a>' in page
    assert f'<a href="/cameras/?change_set={key}">Show them</a>' in page
    listed = admin_client.get("/cameras/", {"change_set": key}, **EN).context["object_list"]
    assert [c.asset_tag for c in listed] == ["NEW-0002", "NEW-0003"]
    mine = rows(text(auditor.get("/history/", {"change_set": key}, **EN)))
    assert {r.split("|")[2] for r in mine if "|" in r} == {"camera NEW-0002", "camera NEW-0003"}
    with translation.override("en"):
        assert all(f"import #{record.pk}: vendor.csv" in r for r in mine if "|" in r.split()[0])


def test_a_bulk_edit_links_to_its_cameras(sign_in, auditor, today_is, client, django_user_model):
    today_is(datetime.date(2026, 12, 1))
    editor = sign_in("editor1", EDITOR)
    cameras = tags("LEASE-109-0001", 3)
    preview_and_confirm(editor, cameras, action="status", status="faulty", reason="typhoon")
    change = BulkEdit.objects.get()
    client.force_login(django_user_model.objects.get(username="auditor"))
    page = text(client.get("/history/", **EN))
    key = f"bulk-{change.pk}"
    assert re.search(
        rf'<th scope="row"><a href="\?change_set={key}">{key}</a></th>'
        r'<td><time datetime="2026-12-01T00:30\+08:00">115/12/01 00:30</time></td>'
        r"<td>editor1</td><td>Set the status</td><td>Faulty</td><td>typhoon</td>"
        rf'<td class="num"><a href="/cameras/\?change_set={key}">3</a></td>', page)  # fmt: skip
    listed = client.get("/cameras/", {"change_set": key}, **EN).context["object_list"]
    assert [c.pk for c in listed] == [c.pk for c in cameras]
    csv = b"".join(client.get("/history/export.csv", {"change_set": key, "bom": "0"})
                   .streaming_content).decode()  # fmt: skip
    changed = [line.split(",")[4] for line in csv.splitlines()[1:]]
    assert changed == [c.asset_tag for c in cameras]  # one status row each, nothing else


def test_a_bulk_edit_shows_its_value_as_staff_read_it():
    assert BulkEdit(action="status", value="faulty").value_display() == "故障"
    assert BulkEdit(action="retire", value="2026-12-01").value_display() == "115/12/01"
    assert BulkEdit(action="retire", value="soon").value_display() == "soon"
    assert BulkEdit(action="batch", value="LEASE-109").value_display() == "LEASE-109"


def test_the_camera_list_refuses_a_change_set_it_cannot_read(admin_client):
    response = admin_client.get("/cameras/", {"change_set": "bulk-0"}, **EN)
    assert response.status_code == 400
    assert "Give a change set as the Audit page names it: import-5 or bulk-3." in text(response)
    assert admin_client.get("/cameras/", {"change_set": "bulk-99"}).status_code == 200


def test_numbers_in_the_history_have_separators(sign_in, today_is):
    today_is(datetime.date(2099, 1, 1))  # after the seed's records
    auditor = sign_in("auditor", AUDITOR)
    batch = Batch.objects.get(code="LEASE-109")
    before = batch.contracted_count
    batch.contracted_count = 12345
    batch.save()
    line = BudgetLine.objects.order_by("pk").first()
    old_amount = line.amount_thousand_ntd
    line.amount_thousand_ntd = Decimal("1234567.891")
    line.save()
    latest = rows(
        text(auditor.get("/history/", {"type": "batch,budget_line", "since": "188/01/01"}, **EN))
    )
    changed = {row.split("|", 4)[2]: row.split("|", 4)[4] for row in latest if "|changed|" in row}
    assert changed["batch LEASE-109"] == f"contracted cameras|{before:,}|12,345"
    assert changed[f"budget line {line.pk}"].endswith(f"|{intcomma(old_amount)}|1,234,567.891")


def test_the_change_set_index_holds_only_the_rows_of_change_sets():
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "cameras_historicalcamera")
    indexes = {name: c["columns"] for name, c in found.items() if "change_set" in c["columns"]}
    assert indexes == {"cameras_historicalcamera_change_set": ["change_set"]}  # one, partial
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                           ["cameras_historicalcamera_change_set"])  # fmt: skip
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s",
                           ["cameras_historicalcamera_change_set"])  # fmt: skip
        (definition,) = cursor.fetchone()
    assert definition.endswith("WHERE (change_set IS NOT NULL)") or definition.endswith(
        "WHERE change_set IS NOT NULL"
    )


def test_the_file_and_the_page_take_a_user_and_skip_rows_of_nobody(sign_in, auditor, today_is):
    today_is(datetime.date(2026, 12, 1))
    editor = sign_in("editor1", EDITOR)
    camera = Camera.objects.get(asset_tag="LEASE-109-000030")
    assert edit_camera(editor, camera, status="faulty").status_code == 302
    client = sign_in("auditor2", AUDITOR)
    csv = b"".join(client.get("/history/export.csv", {"user": "editor1", "bom": "0"})
                   .streaming_content).decode()  # fmt: skip
    found = [line.split(",") for line in csv.splitlines()[1:]]
    # the edit only: not the baseline before it, which nobody wrote (its user is empty)
    assert [(r[1], r[4], r[5], r[9], r[10], r[11]) for r in found] == [
        ("editor1", "LEASE-109-000030", "changed", "status", "in_service", "faulty")
    ]
    page = text(client.get("/history/", {"user": "editor1"}, **EN))
    assert rows(page) == ["115/12/01 00:30|editor1|camera LEASE-109-000030|changed|"
                                  "status|In service|Faulty"]  # fmt: skip


def test_a_change_set_of_another_kind_of_row_is_refused(auditor):
    for url in ("/history/", "/history/export.csv"):
        response = auditor.get(url, {"type": "batch", "change_set": "import-1"}, **EN)
        assert response.status_code == 400
        assert "change_set: a change set holds cameras and sites; choose camera or site." in (
            text(response)
        )


def test_a_change_sets_cameras_cost_the_same_queries_however_many(admin_user, admin_client):
    def queries_for(tags) -> int:
        lines = [HEADER, *(f"{tag},ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service"
                           for tag in tags)]  # fmt: skip
        result = import_cameras("\r\n".join(lines).encode(), user=admin_user, file_name="f.csv")
        with CaptureQueriesContext(connection) as done:
            listed = admin_client.get("/cameras/", {"change_set": result.change_set})
        assert len(listed.context["object_list"]) == min(len(tags), 50)  # a page of 50
        return len(done)

    assert queries_for(["NEW-0101"]) == queries_for([f"NEW-02{n:02d}" for n in range(60)])
