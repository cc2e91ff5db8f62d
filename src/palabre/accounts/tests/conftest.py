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
def reauthenticated_client(client, user):
    """A client signed in who has just confirmed their password, as the 2FA settings ask."""
    client.force_login(user)
    response = client.post("/accounts/reauthenticate/", {"password": "correct-horse-battery"})
    assert response.status_code == 302
    return client
