"""Votes arriving at once: a crowd on one comment, a person double-clicking. Run on
PostgreSQL (or a SQLite file); the in-memory SQLite test database is one connection."""

import pytest

from palabre.comments import services
from palabre.comments.models import CommentVote
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


def test_twenty_people_voting_at_once_are_all_counted(organization, participant, post):
    created = services.comment_create(author=participant, target=post, body="Vote for me")
    voters = UserFactory.create_batch(20, organization=organization)
    run_together(
        [
            (
                lambda v=v, i=i: services.comment_vote(
                    user=v, comment=created, value=1 if i % 4 else -1
                )
            )
            for i, v in enumerate(voters)
        ]
    )
    created.refresh_from_db()
    assert (created.up_votes, created.down_votes) == (15, 5)
    assert CommentVote.objects.filter(comment=created).count() == 20


def test_a_double_click_counts_once(organization, participant, other, post):
    created = services.comment_create(author=participant, target=post, body="Click me")
    run_together(
        [lambda: services.comment_vote(user=other, comment=created, value=1, toggle=False)] * 4
    )
    created.refresh_from_db()
    assert created.up_votes == 1
    assert CommentVote.objects.filter(comment=created).count() == 1
