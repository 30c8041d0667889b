"""Uploads waiting for confirmation do not pile up, and a body too big is refused unread."""

import io

import pytest

from cameras.imports import views as import_views

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
H = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"


def upload(client, tag: str):
    row = f"{tag},ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service"
    file = io.BytesIO(f"{H}\n{row}\n".encode())
    file.name = "cameras.csv"
    return client.post("/cameras/import/", {"file": file, "encoding": "auto"}, **EN)


def test_a_new_upload_replaces_the_users_previous_preview(admin_client, pending_folder):
    assert upload(admin_client, "NEW-0001").status_code == 200
    first = admin_client.session[import_views.SESSION_KEY]["token"]
    assert upload(admin_client, "NEW-0002").status_code == 200
    second = admin_client.session[import_views.SESSION_KEY]["token"]
    assert sorted(p.name for p in pending_folder.glob("*.csv")) == [f"{second}.csv"]
    assert first != second


def test_no_more_than_twenty_previews_wait(admin_client, pending_folder, monkeypatch):
    for n in range(import_views.PENDING_FILES):
        (pending_folder / f"{'x' * 31}{n % 10}{n}.csv"[-36:]).write_bytes(b"waiting")
    assert len(list(pending_folder.glob("*.csv"))) == 20
    response = upload(admin_client, "NEW-0001")
    assert response.status_code == 503
    assert "Too many imports wait for confirmation just now" in response.content.decode()
    assert len(list(pending_folder.glob("*.csv"))) == 20


def test_a_body_over_the_limit_is_refused_from_its_length(admin_client, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = admin_client.post(
        "/cameras/import/", data=b"x" * 10, content_type="text/plain",
        CONTENT_LENGTH="5000000", **EN,
    )  # fmt: skip
    assert response.status_code == 413
    assert response.content.decode() == (
        "The request is 4.8\xa0MB; the most this register takes is 1000\xa0bytes."
    )
