"""Fixtures of the accountability tests: a component in a published space, its statuses,
and administrators who may enter the backoffice (which requires two-factor authentication)."""

from decimal import Decimal

import pytest

from palabre.components.accountability.tests.factories import (
    AccountabilityComponentFactory,
    StatusFactory,
)
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import SpaceFactory, SpaceRoleFactory, with_two_factor


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, slug="suivi")


@pytest.fixture
def component(space):
    return AccountabilityComponentFactory(space=space)


@pytest.fixture
def space_admin(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user)


@pytest.fixture
def collaborator(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user)


@pytest.fixture
def statuses(component):
    return {
        key: StatusFactory(component=component, key=key, name={"fr": key, "en": name},
                           progress=None if progress is None else Decimal(progress))
        for key, name, progress in (
            ("not_started", "Not started", 0), ("started", "Started", 10),
            ("in_progress", "In progress", 50), ("done", "Done", 100),
            ("suspended", "Suspended", None),
        )
    }  # fmt: skip
