"""Create, edit and replace in the app: ROC dates, messages in the user's language, permissions."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cameras.models import Camera, Site
from leases.models import Batch

pytestmark = pytest.mark.django_db
D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def camera_data(**values):
    batch = Batch.objects.get(code="LEASE-111")
    return {
        "asset_tag": "NEW-0001",
        "site": "ZL-000001",
        "batch": batch.pk,
        "is_lane": "on",
        "has_lpr": "on",
        "resolution_mp": "4.0",
        "installed_on": "115/11/20",
        "status": "in_service",
        **values,
    }


def test_create_a_camera_with_an_roc_date(admin_client):
    response = admin_client.post(reverse("cameras:camera_create"), camera_data())
    camera = Camera.objects.get(asset_tag="NEW-0001")
    assert response.status_code == 302
    assert response["Location"] == camera.get_absolute_url()
    assert camera.installed_on == D(2026, 11, 20)
    assert camera.site.code == "ZL-000001"
    assert camera.data_source == "manual"
    assert camera.has_lpr and camera.is_lane


def test_unknown_site_code_is_named(admin_client):
    response = admin_client.post(reverse("cameras:camera_create"), camera_data(site="NOPE-1"), **EN)
    assert response.status_code == 200
    assert "No such code: NOPE-1." in response.content.decode()
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()


def test_retired_before_installed_is_refused_in_english_and_chinese(admin_client):
    data = camera_data(status="retired", retired_on="115/11/01")
    response = admin_client.post(reverse("cameras:camera_create"), data, **EN)
    assert "A camera cannot be retired before it was installed." in response.content.decode()
    response = admin_client.post(
        reverse("cameras:camera_create"), data, HTTP_ACCEPT_LANGUAGE="zh-TW"
    )
    assert "攝影機之汰除日期不得早於裝設日期。" in response.content.decode()
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()


def test_duplicate_asset_tag_is_refused(admin_client):
    response = admin_client.post(
        reverse("cameras:camera_create"), camera_data(asset_tag="LEASE-105-000001"), **EN
    )
    assert "Camera with this Asset tag already exists." in response.content.decode()


def test_bad_date_gets_a_clear_message(admin_client):
    response = admin_client.post(
        reverse("cameras:camera_create"), camera_data(installed_on="115/02/30"), **EN
    )
    assert "“115/02/30” is not a day of the calendar." in response.content.decode()


def test_edit_a_camera(admin_client):
    camera = Camera.objects.get(asset_tag="LEASE-111-000001")
    url = reverse("cameras:camera_update", args=[camera.pk])
    form = admin_client.get(url).content.decode()
    assert f'value="{camera.site.code}"' in form  # the site is shown by its code
    data = camera_data(
        asset_tag=camera.asset_tag, site=camera.site.code, installed_on="2022-05-01",
        status="faulty", version=camera.version,
    )  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    camera.refresh_from_db()
    assert (camera.status, camera.installed_on) == ("faulty", D(2022, 5, 1))


def test_replace_a_camera_retires_the_old_one_the_same_day(admin_client):
    old = Camera.objects.get(asset_tag="LEASE-105-000001")
    url = reverse("cameras:camera_replace", args=[old.pk])
    assert admin_client.get(url).status_code == 200
    data = camera_data(asset_tag="REPL-0001", site=old.site.code, installed_on="115/11/25")
    response = admin_client.post(url, data)
    new = Camera.objects.get(asset_tag="REPL-0001")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    old.refresh_from_db()
    assert new.replaces == old
    assert (old.status, old.retired_on) == ("retired", D(2026, 11, 25))
    assert new.installed_on == old.retired_on


def test_a_new_camera_may_name_only_a_retired_camera_as_the_one_it_replaces(admin_client):
    in_service = Camera.objects.get(asset_tag="LEASE-105-000001")
    url = reverse("cameras:camera_create")
    response = admin_client.post(url, camera_data(replaces=in_service.asset_tag), **EN)
    assert response.status_code == 200
    assert (
        "LEASE-105-000001 is still in service, and a replaced camera is retired: use Replace on "
        "its page, which retires it, or retire it first."
    ) in response.content.decode()
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()
    retired = in_service
    retired.status, retired.retired_on = "retired", D(2026, 11, 1)
    retired.save()
    assert admin_client.post(url, camera_data(replaces=retired.asset_tag)).status_code == 302
    assert Camera.objects.get(asset_tag="NEW-0001").replaces == retired


def test_a_retired_camera_cannot_be_replaced(admin_client):
    old = Camera.objects.filter(status="retired").first()
    url = reverse("cameras:camera_replace", args=[old.pk])
    response = admin_client.post(url, camera_data(asset_tag="REPL-0002"), **EN)
    assert response.status_code == 200
    assert f"Camera {old.asset_tag} is retired already." in response.content.decode()
    assert not Camera.objects.filter(asset_tag="REPL-0002").exists()


def test_replacement_day_before_the_old_install_is_refused(admin_client):
    old = Camera.objects.get(asset_tag="LEASE-109-000001")
    url = reverse("cameras:camera_replace", args=[old.pk])
    data = camera_data(asset_tag="REPL-0003", installed_on="2001-01-01")
    response = admin_client.post(url, data, **EN)
    assert "cannot be before the old camera was installed" in response.content.decode()
    old.refresh_from_db()
    assert old.status != "retired"


def test_a_failed_replacement_changes_nothing(admin_client):
    old = Camera.objects.get(asset_tag="LEASE-109-000002")
    url = reverse("cameras:camera_replace", args=[old.pk])
    # the new asset tag exists already: the new camera is refused and the old one stays
    data = camera_data(asset_tag="LEASE-109-000003", site=old.site.code)
    assert admin_client.post(url, data).status_code == 200
    old.refresh_from_db()
    assert (old.status, old.retired_on) != ("retired",) and old.retired_on is None


def test_create_site_and_batch(admin_client):
    precinct = Site.objects.first().precinct
    data = {"code": "ZL-NEW", "name": "新路口", "precinct": precinct.pk, "kind": "intersection",
            "latitude": "24.95", "longitude": "121.22", "address": ""}  # fmt: skip
    assert admin_client.post(reverse("cameras:site_create"), data).status_code == 302
    assert Site.objects.get(code="ZL-NEW").name == "新路口"
    data = {"code": "LEASE-116", "name": "116 年租賃案", "kind": "lease",
            "lease_start": "116/01/01", "lease_end": "120/12/31",
            "contracted_count": "10"}  # fmt: skip
    assert admin_client.post(reverse("leases:batch_create"), data).status_code == 302
    assert Batch.objects.get(code="LEASE-116").lease_end == D(2031, 12, 31)


def test_batch_rules_are_explained(admin_client):
    data = {"code": "X-1", "name": "x", "kind": "self_built", "lease_end": "120/12/31"}
    page = admin_client.post(reverse("leases:batch_create"), data, **EN).content.decode()
    assert "Only a lease has lease dates." in page
    data = {"code": "X-1", "name": "x", "kind": "lease", "lease_start": "120/01/01",
            "lease_end": "119/12/31"}  # fmt: skip
    page = admin_client.post(reverse("leases:batch_create"), data, **EN).content.decode()
    assert "A lease must end after it starts." in page
    assert not Batch.objects.filter(code="X-1").exists()


def test_site_latitude_out_of_range(admin_client):
    precinct = Site.objects.first().precinct
    data = {"code": "BAD", "name": "x", "precinct": precinct.pk, "kind": "intersection",
            "latitude": "95"}  # fmt: skip
    page = admin_client.post(reverse("cameras:site_create"), data, **EN).content.decode()
    assert "Ensure this value is less than or equal to 90." in page


@pytest.fixture
def reader(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="a long passphrase 1")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name, needs_pk",
    [("cameras:camera_create", False), ("cameras:camera_update", True),
     ("cameras:camera_replace", True), ("cameras:site_create", False),
     ("cameras:site_update", True), ("leases:batch_create", False),
     ("leases:batch_update", True)],
)  # fmt: skip
def test_editing_needs_the_permission(reader, name, needs_pk):
    url = reverse(name, args=[1] if needs_pk else [])
    assert reader.get(url).status_code == 403
    assert reader.post(url, {}).status_code == 403


def test_a_reader_sees_no_edit_buttons(reader):
    camera = Camera.objects.get(asset_tag="LEASE-109-000001")
    page = reader.get(camera.get_absolute_url()).content.decode()
    assert reverse("cameras:camera_update", args=[camera.pk]) not in page
    assert reverse("cameras:camera_replace", args=[camera.pk]) not in page


def test_permission_is_enough_without_superuser(reader, django_user_model):
    user = django_user_model.objects.get(username="reader")
    user.user_permissions.add(Permission.objects.get(codename="change_camera"))
    camera = Camera.objects.get(asset_tag="LEASE-109-000001")
    assert reader.get(reverse("cameras:camera_update", args=[camera.pk])).status_code == 200


@pytest.mark.parametrize("path", ["/cameras/new/", "/sites/new/", "/leases/new/"])
def test_an_empty_choice_says_choose_not_dashes(admin_client, path):
    page = admin_client.get(path).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>請選擇</option>' in page


def test_a_cameras_direction_is_chosen_from_the_compass_or_not_known(admin_client):
    page = admin_client.get("/cameras/new/").content.decode()
    assert '<option value="" selected>不明</option>' in page
    assert '<option value="NE">東北</option>' in page
    admin_client.post(reverse("cameras:camera_create"), camera_data(direction="NNW"))
    camera = Camera.objects.get(asset_tag="NEW-0001")
    assert camera.direction == "NNW"
    page = admin_client.get(camera.get_absolute_url()).content.decode()
    assert "<dt>攝影方向</dt><dd>北北西<small>（NNW）</small></dd>" in page
    page = admin_client.get(camera.get_absolute_url(), headers={"accept-language": "en"})
    english = "<dt>Direction</dt><dd>north-northwest<small> (NNW)</small></dd>"
    assert english in page.content.decode()


def test_a_direction_that_is_no_point_is_refused(admin_client):
    response = admin_client.post(reverse("cameras:camera_create"), camera_data(direction="UP"))
    assert response.status_code == 200
    assert not Camera.objects.filter(asset_tag="NEW-0001").exists()
    assert "請選擇有效的選項, UP 不是一個可用的選項。" in response.content.decode()
