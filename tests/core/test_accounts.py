"""Signing out, changing one's password, and the page of a failure: for every user."""

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from core.roles import VIEWER

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
OLD, NEW = "a long enough passphrase 7", "another long passphrase 8"


@pytest.fixture
def viewer(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password=OLD)
    user.groups.add(Group.objects.get(name=VIEWER))
    assert (
        client.post("/accounts/login/", {"username": "viewer", "password": OLD}).status_code == 302
    )
    return user


def test_signing_out_returns_to_the_apps_sign_in_page(client, viewer):
    response = client.post("/accounts/logout/", follow=True, **EN)
    assert response.redirect_chain == [("/accounts/login/", 302)]
    page = response.content.decode()
    assert "You have signed out." in page
    assert 'action="/accounts/login/"' in page
    # and signing in again from there works for a viewer, who is no staff member
    again = client.post("/accounts/login/", {"username": "viewer", "password": OLD})
    assert (again.status_code, again["Location"]) == (302, "/")


def test_every_user_can_change_their_password(client, viewer):
    page = client.get("/accounts/password/", **EN).content.decode()
    assert "Change your password" in page and 'href="/accounts/password/"' in page
    wrong = client.post("/accounts/password/", {"old_password": "nope", "new_password1": NEW,
                                                "new_password2": NEW}, **EN)  # fmt: skip
    assert wrong.status_code == 200
    assert "Your old password was entered incorrectly." in wrong.content.decode()
    response = client.post("/accounts/password/", {"old_password": OLD, "new_password1": NEW,
                                                   "new_password2": NEW}, **EN)  # fmt: skip
    assert (response.status_code, response["Location"]) == (302, "/accounts/password/done/")
    viewer.refresh_from_db()
    assert viewer.check_password(NEW)
    assert client.get("/").status_code == 200  # still signed in


@pytest.mark.parametrize(
    "language, text",
    [("en", "The register could not answer this request."), ("zh-hant", "系統無法回應這個請求")],
)
def test_the_failure_page_says_what_happened_in_both_languages_and_no_more(language, text):
    with translation.override(language):
        response = server_error(RequestFactory().get("/cameras/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert text in page
    assert "Traceback" not in page and "/cameras/" not in page
