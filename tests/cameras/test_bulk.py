"""Bulk edit (cameras/bulk.py, cameras/bulk_views.py): preview, one change set, all or nothing."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cameras import bulk, rollup
from cameras.models import BulkEdit, Camera, CoverageRollup
from core.roles import EDITOR, VIEWER
from leases.models import Batch
from tests.pages import text

pytestmark = pytest.mark.django_db
D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def editor(sign_in):
    return sign_in("editor1", EDITOR)


def tags(prefix: str, n: int) -> list[Camera]:
    """The first `n` cameras in service whose asset tags start with `prefix`."""
    cameras = Camera.objects.filter(asset_tag__startswith=prefix, status="in_service")
    return list(cameras.order_by("asset_tag")[:n])


def post(client, cameras, **fields):
    data = {"pks": ",".join(str(c.pk) for c in cameras), **fields}
    return client.post("/cameras/bulk/", data, **EN)


def preview_and_confirm(client, cameras, **fields):
    preview = post(client, cameras, step="preview", **fields)
    assert preview.status_code == 200, text(preview)[-3000:]
    token = re.search(r'name="token" value="([^"]+)"', text(preview)).group(1)
    return preview, post(client, cameras, step="confirm", token=token, **fields)


def rollup_state():
    return sorted(CoverageRollup.objects.values_list(*rollup.KEY, "camera_count"))


def test_a_status_for_fifty_cameras_in_one_change_set(editor, today_is):
    today_is(D(2026, 12, 1))
    cameras = tags("LEASE-109-0001", 50)
    preview, done = preview_and_confirm(
        editor, cameras, action="status", status="faulty", reason="typhoon damage"
    )
    page = text(preview)
    assert '<td class="num" id="count-changed">50</td>' in page
    assert re.search(r"LEASE-109-000100</th><td><code>status</code></td><td>In service</td>"
                     r"<td>Faulty</td>", page)  # fmt: skip
    assert done.status_code == 302
    change = BulkEdit.objects.get()
    assert (change.action, change.value, change.reason, change.camera_count) == (
        "status", "faulty", "typhoon damage", 50,
    )  # fmt: skip
    assert set(Camera.objects.filter(pk__in=[c.pk for c in cameras]).values_list(
        "status", "version")) == {("faulty", 2)}  # fmt: skip
    records = Camera.history.filter(history_change_reason=f"bulk edit #{change.pk}: typhoon damage")
    assert records.count() == 50 and {r.history_user.username for r in records} == {"editor1"}
    before = Camera.history.filter(id=cameras[0].pk).order_by("history_date", "history_id")
    assert [(r.history_type, r.status) for r in before] == [("+", "in_service"), ("~", "faulty")]


def test_one_stale_camera_refuses_the_change_as_a_whole(editor, client, today_is):
    today_is(D(2026, 12, 1))
    cameras = tags("LEASE-109-0002", 50)
    fields = {"action": "batch", "batch": "LEASE-110", "reason": "contract moved"}
    preview = post(editor, cameras, step="preview", **fields)
    token = re.search(r'name="token" value="([^"]+)"', text(preview)).group(1)
    stale = cameras[7]
    stale.resolution_mp = "5.0"
    stale.save()  # a colleague's edit after the preview
    state = rollup_state()
    refused = post(editor, cameras, step="confirm", token=token, **fields)
    assert refused.status_code == 409
    assert f"{stale.asset_tag} was changed after the preview, by an import or the system on" in (
        text(refused)
    )
    assert "Nothing was changed." in text(refused)
    assert set(Camera.objects.filter(pk__in=[c.pk for c in cameras]).values_list(
        "batch__code", flat=True)) == {"LEASE-109"}  # fmt: skip
    assert not BulkEdit.objects.exists() and rollup_state() == state


def test_retire_refuses_each_camera_that_cannot_take_the_day(editor, today_is):
    today_is(D(2026, 12, 1))
    young = Camera.objects.filter(installed_on__gt=D(2022, 1, 1), retired_on__isnull=True).first()
    retired = Camera.objects.filter(status="retired").first()
    fine = tags("LEASE-105-0000", 3)
    response = post(editor, [young, retired, *fine], step="preview", action="retire",
                    day="111/01/01", reason="end of lease")  # fmt: skip
    assert response.status_code == 400
    page = text(response)
    assert "The change is refused: 2 cameras cannot take it. Nothing was changed." in page
    assert (f"{young.asset_tag} was installed on {young.installed_on.year - 1911}/"
            f"{young.installed_on:%m/%d}, after 111/01/01.") in page  # fmt: skip
    assert f"{retired.asset_tag} is retired (on " in page
    assert 'value="confirm"' not in page
    after = post(editor, fine, step="preview", action="retire", day="115/12/02", reason="x")
    assert "115/12/02 is after today; a camera is retired on a day that came." in text(after)


def test_retiring_keeps_the_roll_up_exact(editor, today_is):
    today_is(D(2026, 12, 1))
    cameras = tags("LEASE-106-0003", 20)
    _preview, done = preview_and_confirm(
        editor,
        cameras,
        action="retire",
        day="115/12/01",
        reason="lease ended",  # today
    )
    assert done.status_code == 302
    counted = rollup_state()
    rollup.rebuild()
    assert rollup_state() == counted
    assert Camera.objects.in_service(on=D(2026, 12, 1)).filter(
        pk__in=[c.pk for c in cameras]).count() == 0  # fmt: skip
    assert Camera.objects.in_service(on=D(2026, 11, 30)).filter(
        pk__in=[c.pk for c in cameras]).count() == 20  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "moves"),
    [
        ({"action": "status", "status": "faulty"}, False),  # no part of the roll-up's key
        ({"action": "batch", "batch": "LEASE-111", "effective_on": "113/01/01"}, True),
    ],
)
def test_the_roll_up_follows_a_bulk_batch_and_is_left_alone_by_a_status(
    editor, today_is, fields, moves
):
    today_is(D(2026, 12, 1))
    before = rollup_state()
    _preview, done = preview_and_confirm(editor, tags("LEASE-106-0003", 20), reason="r", **fields)
    assert done.status_code == 302
    counted = rollup_state()
    rollup.rebuild()
    assert rollup_state() == counted
    assert (counted != before) is moves


def test_a_camera_may_retire_on_its_install_day(editor, today_is):
    today_is(D(2026, 12, 1))
    camera = tags("LEASE-105-0001", 1)[0]
    day = f"{camera.installed_on.year - 1911}/{camera.installed_on:%m/%d}"
    _preview, done = preview_and_confirm(editor, [camera], action="retire", day=day, reason="x")
    assert done.status_code == 302
    camera.refresh_from_db()
    assert (camera.status, camera.retired_on) == ("retired", camera.installed_on)


def test_a_change_holds_at_most_max_cameras(editor, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_CAMERAS", 5)
    five, six = tags("LEASE-107-0002", 5), tags("LEASE-107-0002", 6)
    assert post(editor, five, step="preview", action="status", status="faulty",
                reason="x").status_code == 200  # fmt: skip
    query = "q=LEASE-107-0002&status=in_service"  # more than 5
    fields = {"action": "status", "status": "faulty", "reason": "x", "step": "preview"}
    response = editor.post("/cameras/bulk/", {"all": "1", "query": query, **fields}, **EN)
    assert response.status_code == 400
    assert "A bulk edit changes at most 5 cameras at once; narrow the filters." in text(response)
    refused = post(editor, six, step="preview", action="status", status="faulty", reason="x")
    assert refused.status_code == 400


def test_all_matching_cameras_and_unchanged_ones(editor, today_is):
    today_is(D(2026, 12, 1))
    zl = Camera.objects.filter(precinct__code="ZL", batch__code="LEASE-108", has_lpr=True)
    already = zl.first()
    already.status = "faulty"
    already.save()
    query = "precinct=ZL&batch=LEASE-108&has_lpr=true"
    data = {"all": "1", "query": query, "action": "status", "status": "faulty", "reason": "x"}
    preview = editor.post("/cameras/bulk/", {**data, "step": "preview"}, **EN)
    page = text(preview)
    assert zl.filter(status="retired").count() == 0
    faulty = zl.filter(status="faulty").count()
    assert f'<td class="num" id="count-changed">{zl.count() - faulty:,}</td>' in page
    assert f'<td class="num" id="count-unchanged">{faulty}</td>' in page
    assert faulty >= 1


@pytest.mark.parametrize("fields, message", [
    ({"pks": ""}, "Select the cameras to change on the list first."),
    ({"pks": "1,x"}, "The selection cannot be read; select the cameras on the list again."),
    ({"pks": "999999999"}, "A selected camera no longer exists; select the cameras again."),
    ({"all": "1", "query": "precinct=XX"}, "“XX” is not a precinct of the register"),
])  # fmt: skip
def test_a_selection_that_cannot_be_read_is_a_400(editor, fields, message):
    response = editor.post("/cameras/bulk/", {"step": "preview", **fields}, **EN)
    assert response.status_code == 400
    assert message in text(response)


def test_the_change_needs_its_value_and_a_reason(editor):
    cameras = tags("LEASE-107-0000", 2)
    response = post(editor, cameras, step="preview", action="batch", batch="")
    assert response.status_code == 400
    page = text(response)
    assert "Say what to set: this change needs it." in page
    assert "This field is required." in page  # the reason


def test_an_expired_preview_is_refused(editor):
    cameras = tags("LEASE-107-0001", 2)
    response = post(editor, cameras, step="confirm", token="nope", action="status",
                    status="faulty", reason="x")  # fmt: skip
    assert response.status_code == 409
    assert "That preview has expired; preview the change again." in text(response)
    assert not BulkEdit.objects.exists()


def test_viewers_cannot_bulk_edit_nor_see_the_boxes(sign_in):
    client = sign_in("viewer", VIEWER)
    camera = Camera.objects.first()
    assert client.post("/cameras/bulk/", {"pks": camera.pk}).status_code == 403
    assert 'name="pk"' not in text(client.get("/cameras/"))


def test_the_list_offers_boxes_to_editors(editor):
    page = text(editor.get("/cameras/?precinct=ZL"))
    assert re.search(r'<input type="checkbox" name="pk" value="\d+" form="bulk"', page)
    assert '<input type="hidden" name="query" value="precinct=ZL">' in page


def queries(client, cameras, **fields) -> int:
    with CaptureQueriesContext(connection) as captured:
        preview_and_confirm(client, cameras, **fields)
    return len(captured)


def test_bulk_edit_queries_do_not_grow_with_cameras(editor, today_is):
    today_is(D(2026, 12, 1))
    fields = {"action": "batch", "batch": "LEASE-111", "reason": "x"}
    ten = queries(editor, tags("LEASE-109-0003", 10), **fields)
    thousand = queries(editor, tags("LEASE-106-00", 1000), **fields)
    assert ten == thousand
    assert Batch.objects.get(code="LEASE-111").cameras.count() == 100 + 1010


def test_the_confirmation_writes_only_what_was_previewed(editor, today_is):
    today_is(D(2026, 12, 1))
    cameras = tags("LEASE-109-0004", 5)
    fields = {"action": "batch", "batch": "LEASE-110", "reason": "x"}
    preview = post(editor, cameras, step="preview", **fields)
    token = re.search(r'name="token" value="([^"]+)"', text(preview)).group(1)
    other = {**fields, "action": "status", "status": "faulty", "batch": ""}
    response = post(editor, cameras, step="confirm", token=token, **other)
    assert response.status_code == 409
    assert "The change is not the one previewed; preview it again." in text(response)
    assert "The change was not made:" in text(response)
    preview = post(editor, cameras, step="preview", **fields)
    token = re.search(r'name="token" value="([^"]+)"', text(preview)).group(1)
    fewer = post(editor, cameras[:4], step="confirm", token=token, **fields)
    assert fewer.status_code == 409
    assert not BulkEdit.objects.exists()
    assert set(Camera.objects.filter(pk__in=[c.pk for c in cameras]).values_list(
        "batch__code", flat=True)) == {"LEASE-109"}  # fmt: skip


def test_one_camera_is_said_in_the_singular(editor, today_is):
    today_is(D(2026, 12, 1))
    preview = post(editor, tags("LEASE-109-0005", 1), step="preview", action="status",
                   status="faulty", reason="x")  # fmt: skip
    assert ">Change 1 camera</button>" in text(preview)
