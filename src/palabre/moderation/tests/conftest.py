import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from palabre.components.blogs.models import Post
from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
)
from palabre.moderation import hideable


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, slug="budget")


@pytest.fixture
def component(space):
    return ComponentFactory(space=space, manifest_name="blogs", name={"en": "News", "fr": "Actus"})


@pytest.fixture
def author(organization):
    return UserFactory(organization=organization)


@pytest.fixture
def post(component, author):
    return PostFactory(component=component, author=author, official=False)


@pytest.fixture
def hideable_posts():
    """Blog posts stand for any contribution: registered for these tests only."""
    hideable.register(Post, author_field="author")
    yield Post
    hideable.unregister(Post)


def with_two_factor(person):
    Authenticator.objects.create(
        user=person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return person


def person_with_role(space, role):
    return with_two_factor(SpaceRoleFactory(space=space, role=role).user)


@pytest.fixture
def moderator(space):
    return person_with_role(space, SpaceRole.Role.MODERATOR)


@pytest.fixture
def org_admin(admin_user):
    return with_two_factor(admin_user)


def signed_in(person) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(person)
    return client


@pytest.fixture
def participants(organization):
    def build(count):
        return UserFactory.create_batch(count, organization=organization)

    return build
