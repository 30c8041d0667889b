"""One way to write a code; no code that cannot be seen; no two that differ only in case."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cameras.imports import import_cameras
from cameras.models import Camera, Site
from core.codes import normalise_code, unseen_characters

pytestmark = pytest.mark.django_db
H = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"
REST = "ZL,LEASE-109,true,true,2021-07-31,,in_service"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_normalise_and_unseen():
    assert normalise_code(" ＬＥＡＳＥ-105-000001 ") == "LEASE-105-000001"
    assert unseen_characters("LEASE-105-000001\u200b") == ["U+200B"]
    assert unseen_characters("\u202eLEASE") == ["U+202E"]
    assert unseen_characters("A\tB") == ["U+0009"]
    assert unseen_characters("A\x7fB") == ["U+007F"]  # ASCII, and still a control
    assert unseen_characters("BD 000220") == []


def problems(*rows, **options) -> list[str]:
    data = "\n".join([H, *rows, ""]).encode()
    return [str(p) for p in import_cameras(data, commit=False, **options).problems]


@pytest.mark.parametrize(
    "tag, expected",
    [
        ("lease-105-000001", "line 2, column asset_tag: lease-105-000001 differs only in case "
         "from LEASE-105-000001 in the register; write it as the register does."),
        ("LEASE-105-000001\u200b", "line 2, column asset_tag: holds characters that cannot be "
         "seen (U+200B); type the code again."),
        ("\u202eLEASE-105-000001", "line 2, column asset_tag: holds characters that cannot be "
         "seen (U+202E); type the code again."),
    ],
)  # fmt: skip
def test_the_import_refuses_a_tag_that_only_looks_new(tag, expected):
    camera = Camera.objects.get(asset_tag="LEASE-105-000001")
    row = f"{tag},{camera.site.code},,LEASE-105,true,true,{camera.installed_on},,in_service"
    assert problems(row) == [expected]


def test_a_full_width_tag_is_the_same_camera():
    camera = Camera.objects.get(asset_tag="LEASE-105-000001")
    row = (f"ＬＥＡＳＥ-105-000001,{camera.site.code},,LEASE-105,{str(camera.is_lane).lower()},"
           f"{str(camera.has_lpr).lower()},{camera.installed_on},,{camera.status}")  # fmt: skip
    result = import_cameras(f"{H}\n{row}\n".encode(), commit=False)
    assert (result.problems, result.created) == ([], 0)


def test_two_rows_of_one_tag_in_two_cases():
    assert problems(f"NEW-0001,ZL-000001,{REST}", f"new-0001,ZL-000001,{REST}") == [
        "line 3, column asset_tag: new-0001 appears on line 2 too."
    ]


def test_a_site_code_in_another_case_is_refused_not_created():
    assert problems(f"NEW-0001,zl-000001,{REST}", create_sites=True) == [
        "line 2, column site: zl-000001 differs only in case from ZL-000001 in the register; "
        "write it as the register does."
    ]


def test_the_database_and_the_forms_refuse_a_tag_in_another_case():
    camera = Camera.objects.get(asset_tag="LEASE-105-000001")
    twin = Camera(asset_tag="lease-105-000001", site=camera.site, batch=camera.batch,
                  installed_on=camera.installed_on)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert refused.value.messages == [
        "A camera with this asset tag exists already (tags are compared without case)."
    ]
    site = Site(code=" ｚｌ-000001 ", name="x", precinct=camera.site.precinct)
    with pytest.raises(ValidationError):
        site.full_clean()
    assert site.code == "zl-000001"  # normalised on the way


def test_the_camera_form_finds_a_site_typed_in_another_case(admin_client):
    camera = Camera.objects.get(asset_tag="LEASE-105-000001")
    data = {"asset_tag": "NEW-CASE-1", "site": camera.site.code.lower(), "batch": camera.batch_id,
            "installed_on": "2021-07-31", "status": "in_service"}  # fmt: skip
    response = admin_client.post("/cameras/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Camera.objects.get(asset_tag="NEW-CASE-1").site == camera.site
