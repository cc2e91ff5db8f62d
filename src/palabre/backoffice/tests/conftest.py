"""Clients for the backoffice: a person signed in with two-factor authentication set up."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from palabre.core.models import SpaceRole
from palabre.core.tests.factories import SpaceFactory, SpaceRoleFactory, UserFactory


def enable_totp(person) -> None:
    """Give a person an active TOTP authenticator, as allauth's set-up page would.

    The backoffice checks that an authenticator exists; signing in through allauth then
    asks for its code, a step `force_login` stands for in these tests.
    """
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


def client_for(person) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(person)
    return client


@pytest.fixture
def admin_client(admin_user):
    enable_totp(admin_user)
    return client_for(admin_user)


@pytest.fixture
def process(organization):
    return SpaceFactory(organization=organization, kind="process", slug="budget")


@pytest.fixture
def space_admin(organization, process):
    person = UserFactory(organization=organization)
    SpaceRoleFactory(space=process, user=person, role=SpaceRole.Role.ADMIN)
    enable_totp(person)
    return person


@pytest.fixture
def collaborator(organization, process):
    person = UserFactory(organization=organization)
    SpaceRoleFactory(space=process, user=person, role=SpaceRole.Role.COLLABORATOR)
    enable_totp(person)
    return person
