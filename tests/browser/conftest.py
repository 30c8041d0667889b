"""Browser tests: Playwright drives Debian's Chromium against the live server.

Never `playwright install`: the browser is the system's /usr/bin/chromium (`apt-get install
chromium fonts-noto-cjk`); without it these tests are skipped with that advice.
"""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "browser test passphrase 42"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip(
            "Chromium not found: install Debian's browser and CJK fonts with "
            "`sudo apt-get install chromium fonts-noto-cjk` to run the browser tests."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
        ],
    }  # fmt: skip


@pytest.fixture
def browser_context_args(browser_context_args):
    # Staff use Traditional Chinese; the browser asks for it first.
    return {**browser_context_args, "locale": "zh-TW", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo(transactional_db):
    """The demo register: live-server tests flush the database after each test, so seed again."""
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def staff_user(demo, django_user_model):
    return django_user_model.objects.create_superuser("staff", "", PASSWORD)


@pytest.fixture
def shot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def signed_in(page, live_server, staff_user):
    """Sign in through the login form, as a person would."""
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{live_server.url}/")
    return page
