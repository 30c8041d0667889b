"""Replacements (汰換) and days, the same rules in forms, the admin and the import."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cameras.imports import import_cameras
from cameras.models import Camera

pytestmark = pytest.mark.django_db
D = datetime.date
H = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status,replaces"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def row(camera, **values) -> str:
    cells = {
        "asset_tag": camera.asset_tag, "site": camera.site.code, "precinct": "",
        "batch": camera.batch.code, "is_lane": str(camera.is_lane).lower(),
        "has_lpr": str(camera.has_lpr).lower(), "installed_on": camera.installed_on.isoformat(),
        "retired_on": camera.retired_on.isoformat() if camera.retired_on else "",
        "status": camera.status, "replaces": camera.replaces.asset_tag if camera.replaces else "",
        **values,
    }  # fmt: skip
    return ",".join(cells[name] for name in H.split(","))


def problems(*rows: str) -> list[str]:
    data = "\n".join([H, *rows, ""]).encode()
    return [str(p) for p in import_cameras(data, commit=False).problems]


@pytest.fixture
def pair():
    """SELF-111-000001 replaced SELF-104-107-000001 (the demo data's first 111 replacement)."""
    new = Camera.objects.select_related("replaces").get(asset_tag="SELF-111-000001")
    return new.replaces, new


def test_a_replaced_camera_cannot_be_put_back_in_service(pair):
    old, new = pair
    old.status, old.retired_on = "in_service", None
    with pytest.raises(ValidationError) as refused:
        old.full_clean()
    assert refused.value.message_dict["status"] == [
        f"{old.asset_tag} was replaced by {new.asset_tag}: a replaced camera stays retired."
    ]
    old.refresh_from_db()
    assert problems(row(old, status="in_service", retired_on="")) == [
        f"line 2, column status: {old.asset_tag} was replaced by {new.asset_tag}: a replaced "
        "camera stays retired."
    ]
    assert problems(row(old)) == []  # as it is, retired: fine


def test_a_loop_of_replacements_is_refused(pair):
    old, new = pair
    old.replaces = new  # the old one would replace the camera that replaced it
    with pytest.raises(ValidationError) as refused:
        old.full_clean()
    assert refused.value.message_dict["replaces"] == [
        f"the replacements would close in a loop: {old.asset_tag} → {new.asset_tag} → "
        f"{old.asset_tag}; a camera cannot replace one that replaces it."
    ]
    old.refresh_from_db()
    assert problems(row(old, replaces=new.asset_tag)) == [
        f"line 2, column installed_on: {old.installed_on} is before {new.asset_tag}, the camera "
        f"it replaces, was installed ({new.installed_on}).",
        f"line 2, column replaces: camera {new.asset_tag} is still in service, and a replaced "
        "camera is retired: retire it in this file, or first.",
        f"line 2, column replaces: the replacements would close in a loop: {old.asset_tag} → "
        f"{new.asset_tag} → {old.asset_tag}; a camera cannot replace one that replaces it.",
    ]


def test_a_loop_of_three_in_one_file_is_refused():
    base = "ZL-000001,,LEASE-110,false,false,2021-09-01"
    lines = [
        f"LOOP-A,{base},2021-09-02,retired,LOOP-C",
        f"LOOP-B,{base},2021-09-02,retired,LOOP-A",
        f"LOOP-C,{base},2021-09-02,retired,LOOP-B",
    ]
    found = problems(*lines)
    assert found == [
        f"line {n}, column replaces: the replacements would close in a loop: {chain}; a camera "
        "cannot replace one that replaces it."
        for n, chain in [(2, "LOOP-A → LOOP-C → LOOP-B → LOOP-A"),
                         (3, "LOOP-B → LOOP-A → LOOP-C → LOOP-B"),
                         (4, "LOOP-C → LOOP-B → LOOP-A → LOOP-C")]
    ]  # fmt: skip


def test_a_replacement_is_not_installed_before_the_camera_it_replaces(pair):
    old, new = pair
    new.installed_on = old.installed_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        new.full_clean()
    day, then = new.installed_on.isoformat(), old.installed_on.isoformat()
    message = f"{day} is before {old.asset_tag}, the camera it replaces, was installed ({then})."
    assert refused.value.message_dict["installed_on"] == [message]
    assert problems(row(new, installed_on=day)) == [f"line 2, column installed_on: {message}"]


def test_no_camera_is_installed_or_retired_after_today(today_is, pair):
    today_is(D(2026, 12, 1))
    old, new = pair
    camera = Camera.objects.filter(status="in_service").first()
    camera.installed_on = D(2026, 12, 2)
    with pytest.raises(ValidationError) as refused:
        camera.full_clean()
    after = "2026-12-02 is after today (2026-12-01): a camera is registered as it is."
    assert refused.value.message_dict["installed_on"] == [after]
    camera.installed_on = D(2026, 12, 1)  # today is fine
    camera.full_clean()
    camera.refresh_from_db()
    assert problems(row(camera, installed_on="2999-01-01")) == [
        "line 2, column installed_on: 2999-01-01 is after today (2026-12-01): a camera is "
        "registered as it is."
    ]
    assert problems(row(old, retired_on="115/12/02")) == [f"line 2, column retired_on: {after}"]


def test_the_replace_form_refuses_a_day_after_today(admin_client, admin_user, today_is):
    today_is(D(2026, 12, 1))
    old = Camera.objects.filter(batch__code="LEASE-109", status="in_service").first()
    data = {"asset_tag": "NEW-REPLACEMENT", "site": old.site.code, "batch": old.batch_id,
            "installed_on": "999/12/31"}  # fmt: skip
    admin_client.force_login(
        admin_client.session.get("_auth_user_id")
        and __import__("django.contrib.auth", fromlist=["get_user_model"])
        .get_user_model()
        .objects.get(username="root")
    )  # a new session at the pinned time
    response = admin_client.post(f"/cameras/{old.pk}/replace/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "2910-12-31 is after today (2026-12-01)" in response.content.decode()
    old.refresh_from_db()
    assert (old.status, old.retired_on) == ("in_service", None)
