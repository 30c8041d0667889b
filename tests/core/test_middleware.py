"""Rules every request keeps: no NUL in parameters, nothing private stored in a cache."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    "url",
    ["/history/export.csv?user=%00", "/cameras/?q=a%00b", "/cameras/export.csv?status=%00",
     "/admin/cameras/camera/?status__exact=%00", "/?as_of=%00", "/cameras/?%00=1"],
)  # fmt: skip
def test_a_nul_in_a_parameter_is_refused_before_any_byte(admin_client, url):
    response = admin_client.get(url, **EN)
    assert response.status_code == 400
    assert not response.streaming
    assert response.content.decode() == (
        "A parameter of this address holds a NUL character (%00); remove it."
    )


@pytest.mark.parametrize("url", ["/", "/cameras/", "/cameras/export.csv?q=ZZ", "/history/"])
def test_signed_in_pages_and_files_are_never_stored(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_sign_in_page_and_the_health_check_may_be_cached_as_usual(client):
    assert not client.get("/healthz").has_header("Cache-Control")
    assert reverse("login") == "/accounts/login/"
