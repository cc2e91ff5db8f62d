"""Proposals with follows, notifications, moderation and comments."""

from palabre.comments.services import comment_create
from palabre.components.proposals import services
from palabre.components.proposals.tests.factories import ProposalFactory
from palabre.moderation.services import user_block
from palabre.notifications.models import Notification
from palabre.notifications.selectors import is_following
from palabre.notifications.services import follow_create


def test_publication_makes_the_author_follow_and_tells_the_space(component, author, user):
    follow_create(user=user, target=component.space)
    draft = services.proposal_create_draft(
        author=author,
        component=component,
        title="Des bancs dans le parc central",
        body="Pour se reposer à l'ombre.",
    )
    proposal = services.proposal_publish(actor=author, proposal=draft)
    assert is_following(author, proposal)
    assert Notification.objects.filter(recipient=user, event="proposals.published").count() == 1


def test_answers_notify_the_authors(component, admin_user):
    proposal = ProposalFactory(component=component)
    services.proposal_answer(actor=admin_user, proposal=proposal, state="evaluating")
    assert Notification.objects.filter(
        recipient=proposal.first_author, event="proposals.answered"
    ).exists()


def test_coauthor_invitation_notifies(component, user):
    proposal = ProposalFactory(component=component)
    services.proposal_invite_coauthor(actor=proposal.first_author, proposal=proposal, user=user)
    assert Notification.objects.filter(recipient=user, event="proposals.coauthor_invited").exists()


def test_comments_keep_the_counter(component, user):
    proposal = ProposalFactory(component=component)
    comment_create(author=user, target=proposal, body="Bonne idée")
    proposal.refresh_from_db()
    assert proposal.comments_count == 1


def test_page_shows_comments_follow_and_report(client, component, user):
    proposal = ProposalFactory(component=component)
    comment_create(author=user, target=proposal, body="Un commentaire visible")
    client.force_login(user)
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert "Un commentaire visible" in html
    assert "/moderation/report/" in html
    assert "/notifications/" in html


def test_blocked_author_with_content_hides_proposals(client, component, admin_user):
    proposal = ProposalFactory(component=component)
    user_block(
        actor=admin_user, user=proposal.first_author, justification="Spam", hide_content=True
    )
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client.get(component.get_absolute_url()).context["page"].paginator.count == 0


def test_hidden_proposals_leave_the_sitemap(component, admin_user):
    from palabre.components.proposals.component import manifest
    from palabre.moderation.services import resource_hide

    shown, hidden = ProposalFactory.create_batch(2, component=component)
    resource_hide(actor=admin_user, target=hidden, reason="spam")
    assert list(manifest.sitemap([component])) == [shown.get_absolute_url()]
