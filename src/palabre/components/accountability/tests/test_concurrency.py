"""Admins changing sub-results of one parent at the same instant. Run on PostgreSQL (or a
SQLite file); the in-memory SQLite test database cannot be shared between threads."""

from decimal import Decimal

import pytest

from palabre.components.accountability import services
from palabre.components.accountability.models import Result
from palabre.components.accountability.tests.factories import (
    AccountabilityComponentFactory,
    ResultFactory,
)
from palabre.core.models import OrganizationAdmin
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


def test_siblings_changed_at_once_leave_the_parent_average_right(organization):
    admin = UserFactory(organization=organization)
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    component = AccountabilityComponentFactory(space__organization=organization)
    root = ResultFactory(component=component)
    parent = ResultFactory(component=component, parent=root)
    children = [ResultFactory(component=component, parent=parent) for _n in range(6)]

    def update(child):
        return lambda: services.result_update(
            actor=UserFactory._meta.model.objects.get(pk=admin.pk), result=child,
            progress=Decimal(60),
        )  # fmt: skip

    run_together([update(child) for child in children])
    parent.refresh_from_db()
    root.refresh_from_db()
    assert parent.progress == Decimal(60)
    assert root.progress == Decimal(60)
    assert set(Result.objects.filter(parent=parent).values_list("progress", flat=True)) == {
        Decimal(60)
    }
