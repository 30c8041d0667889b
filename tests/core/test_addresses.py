"""Sign-in lockouts count the client's real address, behind a trusted proxy or without one."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from core.addresses import client_address

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 7"
PROXY = "127.0.0.1"  # nginx on the same host: REMOTE_ADDR of every request


def sign_in(client, password, forwarded=None):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": "clerk", "password": password}, **extra)


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk", password=PASSWORD)


def test_behind_one_proxy_each_client_has_its_own_counter(client, clerk, settings):
    settings.TRUSTED_PROXIES = 1
    # five clients, each sending a made-up address first, as nginx passes them on
    for i in range(1, 6):
        assert sign_in(client, "wrong", f"10.1.1.1, 198.51.100.{i}").status_code == 200
    addresses = sorted(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == [f"198.51.100.{i}" for i in range(1, 6)]
    assert sign_in(client, PASSWORD, "10.1.1.1, 198.51.100.9").status_code == 302  # not locked


def test_behind_one_proxy_one_client_is_locked_out(client, clerk, settings):
    settings.TRUSTED_PROXIES = 1
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong", f"203.0.113.{i}, 198.51.100.7").status_code == 200
    assert sign_in(client, "wrong", "198.51.100.7").status_code == 429
    assert sign_in(client, PASSWORD, "198.51.100.7").status_code == 429
    assert sign_in(client, PASSWORD, "198.51.100.8").status_code == 302  # another client


def test_without_a_proxy_a_forwarded_header_is_ignored(client, clerk, settings):
    settings.TRUSTED_PROXIES = 0
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong", f"198.51.100.{i}").status_code == 200
    assert sign_in(client, "wrong", "198.51.100.99").status_code == 429  # spoofing did not help
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


@pytest.mark.parametrize(
    "trusted, forwarded, expected",
    [
        (0, "198.51.100.1", "127.0.0.1"),
        (1, "", "127.0.0.1"),
        (1, "198.51.100.1", "198.51.100.1"),
        (1, " 10.1.1.1 ,198.51.100.1 ", "198.51.100.1"),
        (1, "10.1.1.1, not-an-address", "127.0.0.1"),
        (2, "10.1.1.1, 198.51.100.1, 192.0.2.10", "198.51.100.1"),  # the outer proxy's entry
        (2, "198.51.100.1", "127.0.0.1"),  # fewer entries than proxies: not through them all
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(rf, settings, trusted, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
