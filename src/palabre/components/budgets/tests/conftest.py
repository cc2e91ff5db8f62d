"""Fixtures of the budgets tests: English messages, files in a temporary media folder, and
an administrator who may enter the backoffice (which requires two-factor authentication)."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, the source language, whatever gets translated."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin_user(admin_user):
    """The organization administrator, with the authenticator the backoffice asks for;
    signing in through allauth would ask its code, which `force_login` stands for."""
    Authenticator.objects.create(
        user=admin_user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return admin_user
