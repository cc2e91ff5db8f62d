"""A comment deleted by its author while a moderator hides it leaves the count of its
resource once, whichever comes first. Run on PostgreSQL (or a SQLite file); the in-memory
SQLite test database is one connection."""

import pytest

from palabre.comments.services import comment_create, comment_delete
from palabre.components.proposals.tests.factories import ProposalFactory
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import UserFactory
from palabre.moderation import services as moderation

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


def test_deleting_and_hiding_at_once_take_a_comment_out_once(organization, admin_user):
    proposal = ProposalFactory(component__space__organization=organization)
    authors = UserFactory.create_batch(8, organization=organization)
    comments = [
        comment_create(author=author, target=proposal, body=f"Avis {number}")
        for number, author in enumerate(authors)
    ]
    comment_create(author=admin_user, target=proposal, body="Stays")
    calls = []
    for comment in comments:
        calls.append(lambda c=comment: comment_delete(actor=c.author, comment=c))
        calls.append(lambda c=comment: moderation.resource_hide(actor=admin_user, target=c))
    run_together(calls)
    proposal.refresh_from_db()
    assert proposal.comments_count == 1
