"""The comment count of a resource is a public figure: it counts only the comments a reader
can see. Hiding a comment (by a moderator, by reports, by blocking its author with their
content) takes it out at once, showing it again puts it back, and a deletion never takes a
comment out twice. Proposals stand for any resource with a counter: their card, their page
and the "most commented" order show it."""

import re

import pytest
from django.test import Client

from palabre.comments.models import Comment
from palabre.comments.services import comment_create, comment_delete
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
)
from palabre.core.tests.factories import UserFactory
from palabre.moderation import services as moderation

pytestmark = pytest.mark.django_db


@pytest.fixture
def component(organization):
    return ProposalsComponentFactory(space__organization=organization)


@pytest.fixture
def people(organization):
    return UserFactory.create_batch(3, organization=organization)


@pytest.fixture
def proposal(component, people):
    proposal = ProposalFactory(component=component)
    for person in people[:2]:
        comment_create(author=person, target=proposal, body=f"Avis de {person.pk}")
    return proposal


def count(proposal) -> int:
    proposal.refresh_from_db(fields=["comments_count"])
    return proposal.comments_count


def card_count(component, proposal) -> str:
    html = Client(headers={"accept-language": "en"}).get(component.get_absolute_url())
    card = html.content.decode().split(f'id="proposal-{proposal.pk}-title"', 1)[1]
    return re.search(r"(\d+) comments?\b", card).group(0)


def page_count(proposal) -> str:
    html = Client(headers={"accept-language": "en"}).get(proposal.get_absolute_url())
    heading = re.search(r'<h2 id="comments-title">([^<]*)</h2>', html.content.decode())
    return heading.group(1)


def test_hiding_a_comment_takes_it_out_of_the_card_and_the_page_and_showing_it_puts_it_back(
    component, proposal, admin_user
):
    assert (card_count(component, proposal), page_count(proposal)) == ("2 comments",) * 2
    hidden = Comment.objects.filter(object_id=proposal.pk).first()
    moderation.resource_hide(actor=admin_user, target=hidden, reason="Insults")
    assert count(proposal) == 1
    assert (card_count(component, proposal), page_count(proposal)) == ("1 comment",) * 2
    moderation.resource_unhide(actor=admin_user, target=hidden)
    assert count(proposal) == 2
    assert (card_count(component, proposal), page_count(proposal)) == ("2 comments",) * 2


def test_the_most_commented_order_follows_moderation(component, proposal, people, admin_user):
    other = ProposalFactory(component=component)
    comment_create(author=people[2], target=other, body="Un seul avis")

    def most_commented():
        response = Client().get(component.get_absolute_url(), {"sort": "most_commented"})
        return [item.pk for item in response.context["page"].object_list]

    assert most_commented() == [proposal.pk, other.pk]
    for hidden in Comment.objects.filter(object_id=proposal.pk):
        moderation.resource_hide(actor=admin_user, target=hidden)
    assert most_commented() == [other.pk, proposal.pk]


def test_a_comment_hidden_by_reports_is_no_longer_counted(organization, proposal, people):
    organization.report_hide_threshold = 1
    organization.save()
    reported = Comment.objects.filter(object_id=proposal.pk, author=people[0]).get()
    moderation.report_create(reporter=people[2], target=reported, reason="spam")
    assert count(proposal) == 1


def test_a_hidden_comment_deleted_then_shown_again_is_taken_out_once(proposal, people, admin_user):
    hidden = Comment.objects.filter(object_id=proposal.pk, author=people[0]).get()
    moderation.resource_hide(actor=admin_user, target=hidden)
    comment_delete(actor=admin_user, comment=hidden)
    assert count(proposal) == 1
    moderation.resource_unhide(actor=admin_user, target=hidden)
    assert count(proposal) == 1


def test_a_deleted_comment_hidden_then_shown_again_changes_nothing(proposal, people, admin_user):
    deleted = Comment.objects.filter(object_id=proposal.pk, author=people[0]).get()
    comment_delete(actor=people[0], comment=deleted)
    assert count(proposal) == 1
    moderation.resource_hide(actor=admin_user, target=deleted)
    assert count(proposal) == 1
    moderation.resource_unhide(actor=admin_user, target=deleted)
    assert count(proposal) == 1


def test_blocking_an_author_with_their_content_takes_their_comments_out_of_every_count(
    component, proposal, people, admin_user
):
    other = ProposalFactory(component=component)
    comment_create(author=people[0], target=other, body="Encore moi")
    comment_create(author=people[0], target=other, body="Et encore moi")
    comment_create(author=people[1], target=other, body="Un autre avis")
    # Already hidden: not taken out a second time.
    moderation.resource_hide(
        actor=admin_user, target=Comment.objects.filter(object_id=other.pk).first()
    )
    assert (count(proposal), count(other)) == (2, 2)
    moderation.user_block(actor=admin_user, user=people[0], justification="Spam", hide_content=True)
    assert (count(proposal), count(other)) == (1, 1)


@pytest.mark.parametrize(
    ("migration", "factory"),
    [
        (
            "palabre.components.proposals.migrations.0010_comment_counts_without_hidden_comments",
            "proposal",
        ),
        (
            "palabre.components.accountability.migrations.0003_comment_counts_without_hidden_comments",
            "result",
        ),
    ],
)
def test_the_upgrade_takes_out_comments_hidden_before(organization, people, migration, factory):
    """Counts kept before they followed moderation still held the hidden comments."""
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from palabre.components.accountability.tests.factories import ResultFactory
    from palabre.moderation.models import Moderation

    def make():
        if factory == "proposal":
            return ProposalFactory(component__space__organization=organization)
        return ResultFactory(component__space__organization=organization)

    def hide_as_before(comment):
        Moderation.objects.create(
            content_type=ContentType.objects.get_for_model(comment),
            object_id=comment.pk,
            space=comment.space,
            hidden_at=timezone.now(),
        )

    stale, untouched = make(), make()
    for target in (stale, untouched):
        for person in people:
            comment_create(author=person, target=target, body="Un avis")
    hidden, deleted_then_hidden, _shown = Comment.objects.filter(object_id=stale.pk).filter(
        content_type=ContentType.objects.get_for_model(stale)
    )
    comment_delete(actor=people[1], comment=deleted_then_hidden)
    hide_as_before(hidden)
    hide_as_before(deleted_then_hidden)
    type(untouched).objects.filter(pk=untouched.pk).update(comments_count=7)
    assert count(stale) == 2

    import_module(migration).recount_with_hidden_comments(apps, None)
    assert (count(stale), count(untouched)) == (1, 7)
