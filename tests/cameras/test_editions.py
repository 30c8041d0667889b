"""The figures' edition: pages keep their figures until the roll-up, a batch or a precinct next
changes, and never keep what a transaction worked out (cameras/editions.py)."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cameras import editions
from cameras.models import Camera, FigureEdition, Precinct
from leases.models import Batch
from tests.pages import figure, text

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PLAN_DAY = datetime.date(2021, 7, 31)


@pytest.fixture
def kept(monkeypatch):
    """Keep figures as a server outside a transaction does (a test runs inside one), in an
    empty cache, emptied again after the test: its rolled-back writes leave nothing behind."""
    monkeypatch.setattr(editions, "_kept", lambda: True)
    cache.clear()
    yield
    cache.clear()


def unmasked(page: str) -> str:
    """The page without its CSRF tokens, which are masked anew in every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def queries(client, url, **extra):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return text(response), len(captured)


def test_a_second_view_reads_its_figures_from_the_cache(admin_client, kept):
    first, worked_out = queries(admin_client, "/?as_of=2021-07-31", **EN)
    again, read = queries(admin_client, "/?as_of=2021-07-31", **EN)
    assert unmasked(again) == unmasked(first)
    assert figure(again, "figure-lpr-pct") == "58.86 %"
    # session, user, the edition twice (figures, series), the series' precincts and batches
    assert (worked_out, read) == (19, 6)  # worked out: the stations and the caveat too


def test_figures_change_with_the_first_view_after_a_camera_changes(admin_client, kept):
    url = "/?as_of=2021-07-31"
    assert figure(queries(admin_client, url, **EN)[0], "figure-lpr") == "12,978"
    camera = Camera.objects.filter(has_lpr=True, installed_on__lte=PLAN_DAY).order_by("pk")[0]
    camera.has_lpr = False
    camera._correction = True  # "it never had LPR": from its install day
    camera.save()
    page, _ = queries(admin_client, url, **EN)
    assert figure(page, "figure-lpr") == "12,977"


@pytest.mark.parametrize(
    ("model", "shown"),
    [(Batch, "<small>Renamed</small>"), (Precinct, '<th scope="row">Renamed</th>')],
)
def test_a_batch_or_a_precinct_renamed_is_shown_at_once(admin_client, kept, model, shown):
    url = "/?as_of=2021-07-31"
    queries(admin_client, url, **EN)
    row = model.objects.order_by("code").first()
    row.name = "Renamed"
    row.save()
    # in the figures' tables, not only in the series' lists (which are read anew each time)
    assert shown in queries(admin_client, url, **EN)[0]


def test_figures_are_kept_per_day_scope_and_language(admin_client, kept):
    plan = queries(admin_client, "/?as_of=2021-07-31", **EN)[0]
    later = queries(admin_client, "/?as_of=2022-12-31", **EN)[0]
    assert (figure(plan, "figure-cameras"), figure(later, "figure-cameras")) == ("22,049", "22,921")
    whole = queries(admin_client, "/?as_of=2021-07-31", **EN)[0]
    precinct = Precinct.objects.order_by("position", "code").first()
    scoped = queries(admin_client, f"/?as_of=2021-07-31&precinct={precinct.code}", **EN)[0]
    assert "whole register" in whole and "whole register" not in scoped
    chinese = queries(admin_client, "/?as_of=2021-07-31", HTTP_ACCEPT_LANGUAGE="zh-hant")[0]
    assert "全部登錄" in chinese and "whole register" not in chinese


def test_nothing_is_kept_inside_a_transaction(admin_client):
    cache.clear()
    page, _ = queries(admin_client, "/?as_of=2021-07-31", **EN)
    assert figure(page, "figure-cameras") == "22,049"
    assert not cache._cache  # LocMemCache's own store: nothing was kept


def test_every_write_of_the_roll_up_gives_a_new_edition():
    with transaction.atomic():
        before = FigureEdition.objects.get().token
        camera = Camera.objects.order_by("pk").first()
        camera.is_lane = not camera.is_lane
        camera.save()
        after = FigureEdition.objects.get().token
    assert before != after and len(after) == 32


def test_an_emptied_edition_table_gets_its_row_again():
    FigureEdition.objects.all().delete()
    editions.bump()
    assert FigureEdition.objects.count() == 1


@pytest.mark.parametrize("model", [Batch, Precinct])
def test_adding_or_deleting_a_batch_or_a_precinct_gives_a_new_edition(model):
    fields = {"code": "NEW", "name": "New"}
    if model is Batch:
        fields["kind"] = "self_built"
    tokens = [FigureEdition.objects.get().token]
    row = model.objects.create(**fields)
    tokens.append(FigureEdition.objects.get().token)
    row.delete()
    tokens.append(FigureEdition.objects.get().token)
    assert len(set(tokens)) == 3


def first(captured, *words: str) -> int:
    """The place of the first query that holds all `words`."""
    return next(i for i, q in enumerate(captured) if all(w in q["sql"] for w in words))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="locks are PostgreSQL's")
def test_an_import_and_a_bulk_edit_take_the_editions_lock_before_the_cameras(admin_user):
    """Every writer locks the edition row first, then cameras: two never wait on each other
    in opposite orders (a deadlock)."""
    from cameras.bulk import apply, plan
    from cameras.imports import import_cameras

    camera = Camera.objects.filter(retired_on__isnull=True, has_lpr=False).order_by("pk")[0]
    data = (
        "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status\r\n"
        f"{camera.asset_tag},{camera.site.code},,{camera.batch.code},"
        f"{str(camera.is_lane).lower()},true,{camera.installed_on},,in_service\r\n"
    ).encode()
    with CaptureQueriesContext(connection) as captured:
        assert import_cameras(data).written
    edition = first(captured, "cameras_figureedition", "UPDATE")
    assert edition < first(captured, "LOCK TABLE", "cameras_camera")
    other = Batch.objects.exclude(pk=camera.batch_id).order_by("pk")[0]
    today = datetime.date(2026, 12, 1)
    planned = plan(Camera.objects.filter(pk=camera.pk), "batch", other, today=today)
    assert not planned.problems, planned.problems
    with CaptureQueriesContext(connection) as captured:
        apply(planned, user=admin_user, reason="test", value_text=other.code)
    edition = first(captured, "cameras_figureedition", "UPDATE")
    assert edition < first(captured, "FOR UPDATE", "cameras_camera")
