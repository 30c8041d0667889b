"""Imports are change sets, downloads are recorded, and auditors can take the whole history."""

import csv as csvmodule
import datetime
import hashlib
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import translation

from cameras.imports import import_cameras
from cameras.models import Camera
from core.models import ExportRecord, ImportRecord
from core.roles import AUDITOR, VIEWER
from tests.cameras.test_forms import camera_data
from tests.pages import text

pytestmark = pytest.mark.django_db
HEADER = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def file(*rows):
    return "".join(f"{line}\r\n" for line in (HEADER, *rows)).encode()


def test_an_import_is_one_change_set_in_the_history(admin_user):
    data = file(
        "NEW-0001,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service",
        "LEASE-109-000020,"
        + ",".join(
            str(v)
            for v in Camera.objects.filter(asset_tag="LEASE-109-000020").values_list(
                "site__code", "precinct__code", "batch__code"
            )[0]
        )
        + ",true,true,2020-03-01,,faulty",
    )
    result = import_cameras(data, user=admin_user, file_name="vendor.csv")
    assert result.written and (result.created, result.updated) == (1, 1)
    change_set = ImportRecord.objects.get()
    assert (change_set.file_name, change_set.row_count) == ("vendor.csv", 2)
    assert change_set.sha256 == hashlib.sha256(data).hexdigest()
    assert (change_set.created_count, change_set.updated_count, change_set.user) == (
        1, 1, admin_user,
    )  # fmt: skip
    reason = f"import #{change_set.pk}: vendor.csv"
    created = Camera.objects.get(asset_tag="NEW-0001").history.get()
    assert (created.history_type, created.history_change_reason) == ("+", reason)
    assert created.history_user == admin_user
    updated = Camera.objects.get(asset_tag="LEASE-109-000020")
    records = list(updated.history.order_by("history_id"))
    assert [(r.history_type, r.status) for r in records] == [("+", "in_service"), ("~", "faulty")]
    assert records[1].history_change_reason == reason
    assert records[0].history_change_reason.startswith("state before the first recorded change")
    # the one camera created, the one updated and its state before: no other camera's baseline
    assert Camera.history.count() == 3


def test_a_camera_with_history_gets_no_second_state_before(admin_user):
    camera = Camera.objects.get(asset_tag="LEASE-109-000020")
    camera.status = "faulty"
    camera.save()  # its first recorded change: the state before it, then the change
    place = Camera.objects.filter(pk=camera.pk).values_list(
        "site__code", "precinct__code", "batch__code"
    )[0]
    data = file(f"LEASE-109-000020,{','.join(place)},true,true,2020-03-01,,in_service")
    assert import_cameras(data, user=admin_user, file_name="vendor.csv").written
    kinds = list(camera.history.order_by("history_id").values_list("history_type", flat=True))
    assert kinds == ["+", "~", "~"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite ids never go back")
def test_an_import_refuses_ids_below_the_highest_rather_than_lose_their_history():
    gap = Camera.objects.filter(replaced_by__isnull=True).order_by("pk").first()
    gap_id = gap.pk
    gap.delete()
    with connection.cursor() as cursor:  # an id sequence set back by hand, into the gap
        cursor.execute("SELECT pg_get_serial_sequence('cameras_camera', 'id')")
        (name,) = cursor.fetchone()
        cursor.execute(f"SELECT last_value, is_called FROM {name}")
        saved = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s, false)", [name, gap_id])
        try:
            result = import_cameras(file("NEW-0001,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,"
                                         "in_service"))  # fmt: skip
        finally:  # sequences are outside transactions: the next test needs it back
            cursor.execute("SELECT setval(%s, %s, %s)", [name, *saved])
    assert not result.written
    assert [str(p) for p in result.problems] == [
        "Nothing was written: the new cameras' ids are not all above the highest id before the "
        "import; reset the camera id sequence"
    ]
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()
    assert not ImportRecord.objects.exists()


def test_a_refused_import_records_nothing():
    result = import_cameras(file("NEW-0001,NOPE,ZL,LEASE-109,true,true,2021-07-31,,in_service"))
    assert not result.ok
    assert not ImportRecord.objects.exists()
    assert not Camera.history.filter(asset_tag="NEW-0001").exists()


def test_a_download_is_recorded_with_its_filters_and_rows(admin_client, admin_user):
    response = admin_client.get("/cameras/export.csv?batch=&status=retired&bom=0")
    body = b"".join(response.streaming_content)
    record = ExportRecord.objects.get()
    assert record.user == admin_user
    assert record.path == "/cameras/export.csv"
    assert record.query == "batch=&status=retired&bom=0"
    assert record.file_name.startswith("cameras_") and record.file_name.endswith(".csv")
    assert record.row_count == body.count(b"\r\n") - 1 == 828 + 300
    assert record.finished_at is not None


@pytest.fixture
def auditor(sign_in):
    return sign_in("auditor", AUDITOR)


def test_the_history_export(auditor, admin_client, today_is):
    today_is(datetime.date(2026, 12, 1))
    camera = Camera.objects.get(asset_tag="LEASE-109-000030")
    camera.status = "faulty"
    camera.save()
    response = auditor.get("/history/export.csv?type=camera&bom=0")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="history_')
    rows = list(csvmodule.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["changed_at", "user", "object_type", "object_id", "identifier",
                       "action", "reason", "effective_on", "correction", "field", "before",
                       "after"]  # fmt: skip
    change = [r for r in rows[1:] if r[5] == "changed"]
    assert [(r[2], r[4], r[9], r[10], r[11]) for r in change] == [
        ("camera", "LEASE-109-000030", "status", "in_service", "faulty")
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", change[0][0])  # as Excel reads it
    assert change[0][7:9] == ["2026-12-01", "false"]  # took effect the day it was recorded
    assert auditor.get("/history/export.csv?type=lamp").status_code == 400
    assert auditor.get("/history/export.csv?since=115/02/30").status_code == 400


def history_changes(client, **params) -> list[tuple[str, str]]:
    response = client.get("/history/export.csv", {"type": "camera", "bom": "0", **params})
    rows = list(csvmodule.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    return [(r[4], r[11]) for r in rows[1:] if r[5] == "changed" and r[9] == "status"]


def test_the_history_file_holds_its_first_and_last_day(auditor, today_is, django_user_model):
    """since= and until= are days in Asia/Taipei, both included."""
    camera = Camera.objects.get(asset_tag="LEASE-109-000030")
    for day, status in [(datetime.date(2026, 11, 30), "faulty"), (datetime.date(2026, 12, 1),
                        "in_service"), (datetime.date(2026, 12, 2), "faulty")]:  # fmt: skip
        today_is(day)  # 00:30 in Taipei: the day before in UTC
        camera.status = status
        camera.save()
    auditor.force_login(django_user_model.objects.get(username="auditor"))  # a new session
    tag = camera.asset_tag
    assert history_changes(auditor, since="115/12/01", until="115/12/01") == [(tag, "in_service")]
    assert history_changes(auditor, since="115/12/01") == [(tag, "in_service"), (tag, "faulty")]
    assert history_changes(auditor, until="115/11/30") == [(tag, "faulty")]
    assert history_changes(auditor, since="115/12/03") == []


def test_viewers_cannot_download(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x" * 20)
    user.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(user)
    assert client.get("/cameras/export.csv").status_code == 403
    assert client.get("/history/export.csv").status_code == 403
    assert not ExportRecord.objects.exists()


def test_the_audit_page_lists_imports_and_downloads(auditor, admin_user):
    import_cameras(file("NEW-0002,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service"),
                   user=admin_user, file_name="vendor.csv")  # fmt: skip
    b"".join(auditor.get("/sites/export.csv").streaming_content)
    b"".join(auditor.get("/reports/coverage.csv?as_of=110/07/31&bom=0").streaming_content)
    page = auditor.get("/history/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "vendor.csv" in page and "sites_" in page
    assert "<code>as_of=110/07/31 · bom=0</code>" in page  # the filters as people write them
    assert auditor.get("/history/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200


def test_the_audit_form_checks_its_filters_before_the_download(auditor):
    bad = auditor.get("/history/", {"since": "abc", "user": "boss", "download": "1"},
                      HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "since: “abc” is not a date" in page
    assert 'name="user" value="boss"' in page  # what was typed stays
    good = auditor.get("/history/", {"since": "115/01/01", "user": "", "type": "camera",
                                     "download": "1"})  # fmt: skip
    assert good.status_code == 302
    assert good["Location"] == "/history/export.csv?since=115%2F01%2F01&type=camera"
    assert auditor.get(good["Location"]).status_code == 200


def test_a_head_request_is_no_download(admin_client):
    response = admin_client.head("/cameras/export.csv", {"q": "LEASE-105"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert ExportRecord.objects.count() == 0
    assert admin_client.head("/cameras/export.csv", {"as_of": "abc"}).status_code == 400


def test_an_import_that_changes_nothing_records_no_change_set(admin_client):
    body = b"".join(
        admin_client.get("/cameras/export.csv", {"q": "LEASE-105-00001"}).streaming_content
    )
    result = import_cameras(body, file_name="same.csv")
    assert (result.ok, result.unchanged, result.written) == (True, 10, False)
    assert ImportRecord.objects.count() == 0


def test_the_history_names_related_rows_by_code_and_a_replacement_says_why(
    auditor, admin_client, today_is
):
    today_is(datetime.date(2026, 12, 1))
    old = Camera.objects.get(asset_tag="LEASE-109-000031")
    form = camera_data(asset_tag="NEW-000031", site="ZL-000001", batch=old.batch_id,
                       installed_on="115/11/30")  # fmt: skip
    response = admin_client.post(f"/cameras/{old.pk}/replace/", form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>(.*?)<', text(response))
    response = auditor.get("/history/export.csv?type=camera&bom=0")
    rows = list(csvmodule.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    retired = [(r[6], r[9], r[10], r[11]) for r in rows[1:]
               if r[4] == "LEASE-109-000031" and r[5] == "changed"]  # fmt: skip
    assert ("replaced by NEW-000031", "status", "in_service", "retired") in retired
    created = {r[9]: (r[6], r[11]) for r in rows[1:] if r[4] == "NEW-000031"}
    assert created["site"] == ("replaces LEASE-109-000031", "ZL-000001")
    assert created["replaces"] == ("replaces LEASE-109-000031", "LEASE-109-000031")
    assert created["batch"][1] == "LEASE-109" and created["precinct"][1] == "ZL"
    assert not any(r[9].endswith("_id") for r in rows[1:])
