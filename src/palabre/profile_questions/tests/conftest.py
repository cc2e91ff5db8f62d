import pytest

from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    OrganizationFactory,
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)
from palabre.profile_questions.models import ProfileOption, ProfileQuestion


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization)


@pytest.fixture
def participant(organization):
    return UserFactory(organization=organization, nickname="marie")


@pytest.fixture
def org_admin(admin_user):
    return with_two_factor(admin_user)


@pytest.fixture
def space_admin(space):
    person = with_two_factor(UserFactory(organization=space.organization))
    SpaceRoleFactory(space=space, user=person, role=SpaceRole.Role.ADMIN)
    return person


@pytest.fixture
def other_space_admin(organization):
    person = with_two_factor(UserFactory(organization=organization))
    SpaceRoleFactory(
        space=SpaceFactory(organization=organization), user=person, role=SpaceRole.Role.ADMIN
    )
    return person


@pytest.fixture
def other_org_admin(db):
    from palabre.core.models import OrganizationAdmin

    other = OrganizationFactory(host="other.example.org", name="Other")
    person = with_two_factor(UserFactory(organization=other))
    OrganizationAdmin.objects.create(organization=other, user=person)
    return person


@pytest.fixture
def age(organization):
    question = ProfileQuestion.objects.create(
        organization=organization, label={"fr": "Âge", "en": "Age"}, position=1
    )
    for position, (label, share) in enumerate([("16-29", 30), ("30-59", 45), ("60+", 25)], start=1):
        ProfileOption.objects.create(
            question=question, label={"fr": label}, reference_share=share, position=position
        )
    return question


@pytest.fixture
def district(organization):
    question = ProfileQuestion.objects.create(
        organization=organization, label={"fr": "Quartier", "en": "District"}, position=2
    )
    for position, label in enumerate(["Nord", "Sud"], start=1):
        ProfileOption.objects.create(question=question, label={"fr": label}, position=position)
    return question
