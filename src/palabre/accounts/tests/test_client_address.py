"""Sign-in rate limits count client addresses: REMOTE_ADDR unless proxies are trusted."""

import pytest
from django.test import RequestFactory

from palabre.core.security import client_ip

TOO_MANY = "Too many failed login attempts"


def fail_login(client, n: int, *, forwarded_for: str):
    return client.post(
        "/accounts/login/",
        {"login": f"nobody{n}@example.org", "password": "not-the-password"},
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def rate_limited(response) -> bool:
    return response.status_code == 429 or TOO_MANY in response.content.decode()


def test_without_trusted_proxies_forwarded_for_is_ignored(client, organization):
    """Everyone behind one address shares its limit, whatever X-Forwarded-For claims: a
    visitor cannot escape the limit by writing another address in it."""
    for n in range(10):
        assert not rate_limited(fail_login(client, n, forwarded_for="203.0.113.1"))
    assert rate_limited(fail_login(client, 10, forwarded_for="203.0.113.1"))
    assert rate_limited(fail_login(client, 11, forwarded_for="198.51.100.7"))


def test_behind_a_trusted_proxy_each_visitor_has_a_limit(client, organization, settings):
    settings.PALABRE_TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        assert not rate_limited(fail_login(client, n, forwarded_for="10.0.0.9, 203.0.113.1"))
    assert rate_limited(fail_login(client, 10, forwarded_for="203.0.113.1"))
    # Another visitor behind the same proxy is not refused because of the first one.
    assert not rate_limited(fail_login(client, 11, forwarded_for="198.51.100.7"))


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "", "192.0.2.10"),
        (0, "203.0.113.1", "192.0.2.10"),
        (1, "203.0.113.1", "203.0.113.1"),
        (1, "spoofed, 203.0.113.1", "203.0.113.1"),
        (2, "203.0.113.1, 10.0.0.2", "203.0.113.1"),
        (2, "10.0.0.2", "10.0.0.2"),
        (1, "not-an-address", "192.0.2.10"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "203.0.113.1:5678", "203.0.113.1"),
    ],
)
def test_client_address(settings, count, forwarded, expected):
    settings.PALABRE_TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_client_address_from_a_proxy_header(settings):
    settings.PALABRE_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="192.0.2.10", HTTP_X_REAL_IP="203.0.113.5", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert client_ip(request) == "203.0.113.5"


@pytest.mark.parametrize("header", [None, "", "not-an-address"])
def test_without_the_proxy_header_the_connecting_address_counts(settings, header):
    """A request the proxy did not mark (a health check, a direct connection) is counted
    under the address it came from, as with a count of proxies, instead of having none (which
    refused the sign-in to it with a server-side message)."""
    settings.PALABRE_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    extra = {} if header is None else {"HTTP_X_REAL_IP": header}
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", **extra)
    assert client_ip(request) == "192.0.2.10"


def test_sign_in_works_for_a_request_without_the_proxy_header(client, organization, settings):
    settings.PALABRE_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    response = fail_login(client, 0, forwarded_for="")
    assert response.status_code == 200
    assert not rate_limited(response)
