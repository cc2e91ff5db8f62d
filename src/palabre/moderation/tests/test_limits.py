"""The organization's limit on reports per person (palabre.limits)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.tests.factories import UserFactory
from palabre.limits.services import limits_save
from palabre.moderation import services
from palabre.moderation.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_reports_beyond_the_limit_are_refused_and_not_saved(
    admin_user, component, author, organization, django_capture_on_commit_callbacks
):
    limits_save(
        actor=admin_user, organization=organization, limits={"reports": {"hour": 1, "day": 0}}
    )
    reporter = UserFactory(organization=organization)
    first, second = (
        PostFactory(component=component, author=author),
        PostFactory(component=component, author=author),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.report_create(reporter=reporter, target=first, reason="spam")

    with pytest.raises(ValidationError) as refused:
        services.report_create(reporter=reporter, target=second, reason="spam")

    assert "limit of 1 reports per hour" in " ".join(refused.value.messages)
    assert Report.objects.count() == 1
