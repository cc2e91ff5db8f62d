from datetime import timedelta

import pytest

from palabre.core.tests.factories import OrganizationFactory, UserFactory, with_two_factor
from palabre.verifications.models import OrganizationVerificationMethod
from palabre.verifications.registry import VerificationMethod, methods


@pytest.fixture
def test_method():
    """A throwaway direct method, valid 30 days, offered by the test organization."""
    method = methods.register(
        VerificationMethod(
            name="test_method",
            label="Test method",
            validity=timedelta(days=30),
            metadata_fields=("postal_code",),
        )
    )
    yield method
    methods.unregister("test_method")


@pytest.fixture
def enabled(organization, test_method):
    return OrganizationVerificationMethod.objects.create(
        organization=organization, method=test_method.name
    )


@pytest.fixture
def participant(organization):
    return UserFactory(organization=organization)


@pytest.fixture
def other_participant(organization):
    return UserFactory(organization=organization)


@pytest.fixture
def org_admin(admin_user):
    return with_two_factor(admin_user)


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(host="other.example.org", name="Autre ville")
