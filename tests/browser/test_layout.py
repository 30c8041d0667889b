"""Layout (#12.16) and the set of screenshots staff look at: every page's title on the left with
its buttons together on the right, no empty band over a card's heading, Save apart from Cancel;
the main pages in both languages at desktop and phone width, none scrolling sideways."""

import pytest
from playwright.sync_api import expect

from cameras.models import Camera

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
HEADER = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("path", ["/cameras/", "/sites/", "/leases/", "/", "/replacements/",
                                  "/leases/fiscal-years/111/", "/leases/fiscal-years/",
                                  "/reports/coverage/"])  # fmt: skip
def test_the_buttons_sit_together_at_the_titles_right(signed_in, live_server, path):
    page = signed_in
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}{path}")
    title, heading = box(page, ".heading h1"), box(page, ".heading")
    buttons = page.locator(".heading a.button")
    assert buttons.count() >= 1
    right = [buttons.nth(i).bounding_box() for i in range(buttons.count())]
    assert title["x"] == heading["x"]  # the title on the left
    assert abs(right[-1]["x"] + right[-1]["width"] - (heading["x"] + heading["width"])) < 1
    for left, next_ in zip(right, right[1:], strict=False):  # side by side, .6rem apart
        assert round(next_["x"] - (left["x"] + left["width"])) == 10
    assert abs(right[0]["y"] + right[0]["height"] / 2 - (title["y"] + title["height"] / 2)) < 12


def test_a_cards_heading_starts_at_its_top_and_save_keeps_apart_from_cancel(signed_in, live_server):
    page = signed_in
    camera = Camera.objects.get(asset_tag="LEASE-109-000001")
    page.goto(f"{live_server.url}{camera.get_absolute_url()}")
    heading = box(page, ".card h2")
    card = page.locator(".card h2").first.evaluate("h => h.parentElement.getBoundingClientRect().y")
    assert round(heading["y"] - card) == 17  # the card's border and padding, no band
    page.goto(f"{live_server.url}{camera.get_absolute_url()}edit/")
    save, cancel = box(page, "form.edit .actions button"), box(page, "form.edit .actions a")
    assert round(cancel["x"] - (save["x"] + save["width"])) >= 12


PAGES = {
    "dashboard": "/?as_of=110/07/31",
    "camera-list": "/cameras/?precinct=ZL&has_lpr=true",
    "camera-form": "/cameras/new/",
    "audit": "/history/?type=camera",
    "admin-batches": "/admin/leases/batch/",
    "coverage-series": "/reports/coverage/?precinct=ZL",
    "camera-timeline": "LEASE-105-000001",  # a camera of the story: LPR, analysis, alerts
}


@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize("width", [1366, 390])
def test_the_main_pages_in_both_languages_and_widths(
    signed_in, live_server, shot, tmp_path, language, width
):
    page = signed_in
    page.context.add_cookies([{"name": "django_language", "value": language,
                               "url": live_server.url}])  # fmt: skip
    page.set_viewport_size({"width": width, "height": 900})
    camera = Camera.objects.first()
    camera.status = "faulty"
    camera.save()  # a change for the audit page
    for name, path in PAGES.items():
        if not path.startswith("/"):
            path = Camera.objects.get(asset_tag=path).get_absolute_url()
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        shot(page, f"set-{name}-{language}-{width}")
    data = tmp_path / "cameras.csv"
    data.write_text(f"{HEADER}\nNEW-0001,ZL-000001,ZL,LEASE-109,true,true,2021-07-31,,in_service\n")
    page.goto(f"{live_server.url}/cameras/import/")
    page.set_input_files("#id_file", str(data))
    page.click("form.edit button[type=submit]")
    expect(page.locator("#count-created")).to_have_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"set-import-preview-{language}-{width}")
