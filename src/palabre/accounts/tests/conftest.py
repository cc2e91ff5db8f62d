import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and used TOTP codes live in the cache: each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def signed_in_client(client, user):
    """A client signed in through the real login form, as allauth's pages that ask for a
    recent sign-in (2FA set-up) expect.
    """
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    return client
