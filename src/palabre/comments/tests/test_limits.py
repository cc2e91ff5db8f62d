"""The organization's limit on comments per person (palabre.limits)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from palabre.comments import services
from palabre.comments.models import Comment
from palabre.limits.services import limits_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_comments_beyond_the_limit_are_refused_and_not_saved(
    admin_user, participant, post, organization, django_capture_on_commit_callbacks
):
    limits_save(
        actor=admin_user, organization=organization, limits={"comments": {"hour": 2, "day": 0}}
    )
    for number in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.comment_create(author=participant, target=post, body=f"Comment {number}")

    with pytest.raises(ValidationError) as refused:
        services.comment_create(author=participant, target=post, body="One too many")

    assert "limit of 2 comments per hour" in " ".join(refused.value.messages)
    assert Comment.objects.count() == 2
