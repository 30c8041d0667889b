"""Saved views (core/saved_views.py): a list's filters kept under a name, per user or shared."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.test.utils import override_script_prefix

from core.models import SavedView
from core.roles import ADMINISTRATOR, EDITOR, VIEWER
from tests.pages import match_count, text

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZL_LPR = "precinct=ZL&has_lpr=true&sort=-installed_on"


def save(client, name, query=ZL_LPR, path="/cameras/", **extra):
    data = {"name": name, "path": path, "query": query, **extra}
    return client.post("/views/", data, **EN)


def test_a_view_is_saved_and_found_again_on_its_list(sign_in):
    clerk = sign_in("clerk", VIEWER)
    response = save(clerk, "中壢 LPR", query=ZL_LPR + "&page=3")
    assert response.status_code == 302
    assert response["Location"] == "/cameras/?" + ZL_LPR  # the page is not kept
    page = text(clerk.get("/cameras/"))
    assert f'<a href="/cameras/?{ZL_LPR.replace("&", "&amp;")}">中壢 LPR</a>' in page
    assert "中壢 LPR" not in text(clerk.get("/sites/"))  # a view belongs to its list
    expected = match_count(text(clerk.get("/cameras/?" + ZL_LPR)))
    assert expected > 0


def another(django_user_model, name, role) -> Client:
    user = django_user_model.objects.create_user(name, password="x" * 20)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def test_views_are_per_user_unless_shared(sign_in, django_user_model):
    clerk = sign_in("clerk", VIEWER)
    save(clerk, "mine")
    other = another(django_user_model, "other", VIEWER)
    assert "mine" not in text(other.get("/cameras/"))
    admin = another(django_user_model, "boss", ADMINISTRATOR)
    assert save(admin, "for everyone", shared="on").status_code == 302
    assert "for everyone" in text(other.get("/cameras/"))
    assert "for everyone" in text(clerk.get("/cameras/"))


def test_only_administrators_share(sign_in):
    editor = sign_in("editor", EDITOR)
    response = save(editor, "everyone", shared="on")
    assert response.status_code == 302
    assert "Only an administrator shares a view with everyone." in text(editor.get("/cameras/"))
    assert not SavedView.objects.exists()


@pytest.mark.parametrize("fields, message", [
    ({"path": "/history/"}, "Only the filters of a list can be saved as a view."),
    ({"path": "/nowhere/"}, "Only the filters of a list can be saved as a view."),
    ({"query": "precinct=XX"}, "“XX” is not a precinct of the register"),
    ({"name": ""}, "This field is required."),
])  # fmt: skip
def test_a_view_that_cannot_be_kept_is_refused_with_a_message(sign_in, fields, message):
    clerk = sign_in("clerk", VIEWER)
    data = {"name": "x", "path": "/cameras/", "query": ZL_LPR, **fields}
    response = clerk.post("/views/", data, **EN, follow=True)
    assert message in text(response)
    assert not SavedView.objects.exists()


def test_a_name_is_used_once_per_list_and_user(sign_in):
    clerk = sign_in("clerk", VIEWER)
    save(clerk, "same")
    again = clerk.post("/views/", {"name": "same", "path": "/cameras/", "query": ""}, follow=True,
                       **EN)  # fmt: skip
    assert "You have a view of that name on this list already." in text(again)
    assert SavedView.objects.count() == 1
    assert save(clerk, "same", path="/sites/", query="").status_code == 302


def test_a_view_is_deleted_by_its_user_only(sign_in, django_user_model):
    clerk = sign_in("clerk", VIEWER)
    save(clerk, "mine")
    view = SavedView.objects.get()
    other = another(django_user_model, "other", VIEWER)
    assert other.post(f"/views/{view.pk}/delete/").status_code == 403
    assert clerk.post(f"/views/{view.pk}/delete/").status_code == 302
    assert not SavedView.objects.exists()


def test_saved_views_under_a_url_prefix(sign_in):
    """Served under /skynet/ (gunicorn's SCRIPT_NAME): views keep the list's own path."""
    clerk = sign_in("clerk", VIEWER)
    prefix = {"SCRIPT_NAME": "/skynet"}
    with override_script_prefix("/skynet/"):
        _the_prefix_holds(clerk, prefix)


def _the_prefix_holds(clerk, prefix):
    page = text(clerk.get("/cameras/", **prefix))
    assert '<input type="hidden" name="path" value="/cameras/">' in page
    response = clerk.post("/views/", {"name": "mine", "path": "/cameras/", "query": ZL_LPR},
                          **prefix)  # fmt: skip
    assert response["Location"] == "/skynet/cameras/?" + ZL_LPR
    assert f'href="/skynet/cameras/?{ZL_LPR.replace("&", "&amp;")}">mine</a>' in text(
        clerk.get("/cameras/", **prefix)
    )


def test_a_name_saved_twice_at_once_is_refused_not_a_500(sign_in, monkeypatch):
    clerk = sign_in("clerk", VIEWER)
    save(clerk, "same")
    # The second click passed its check before the first was saved.
    monkeypatch.setattr(SavedView.objects, "filter", lambda **kw: SavedView.objects.none())
    response = clerk.post("/views/", {"name": "same", "path": "/cameras/", "query": ""}, **EN)
    assert response.status_code == 302
    monkeypatch.undo()
    assert "You have a view of that name on this list already." in text(
        clerk.get(response["Location"], **EN)
    )
    assert SavedView.objects.count() == 1
