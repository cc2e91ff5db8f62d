import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from PIL import Image

from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
)


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
def space(organization):
    return SpaceFactory(organization=organization, slug="budget")


@pytest.fixture
def component(space):
    return ComponentFactory(
        space=space, manifest_name="blogs", name={"fr": "Actualités", "en": "News"}
    )


@pytest.fixture
def space_admin(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user)


@pytest.fixture
def collaborator(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user)


@pytest.fixture
def participant(organization):
    return UserFactory(organization=organization)


def png_upload(name="picture.png", size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def with_two_factor(person):
    """Give a person an authenticator, as the backoffice requires of everyone entering it."""
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return person


@pytest.fixture
def signed_in():
    """A client signed in as `person` (two-factor is checked on entry, not on each view)."""

    def build(person) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(person)
        return client

    return build
