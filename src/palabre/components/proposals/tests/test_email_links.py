"""Links of the proposals' emails: the organization's site, as it is served."""

import pytest
from django.core import mail

from palabre.components.proposals import services
from palabre.components.proposals.tests.factories import ProposalFactory
from palabre.core.tests.email_links import assert_links_on_site
from palabre.core.tests.factories import UserFactory

ROOT = "http://testserver:8080"


@pytest.fixture(autouse=True)
def served_on_http_8080(settings):
    settings.PALABRE_URL_SCHEME = "http"
    settings.PALABRE_URL_PORT = 8080


def test_the_publication_email_links_to_the_proposal(
    component, author, django_capture_on_commit_callbacks
):
    proposal = services.proposal_create_draft(
        author=author,
        component=component,
        title="Des bancs à l'ombre près du marché",
        body="Les personnes âgées n'ont nulle part où s'asseoir en été.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_publish(actor=author, proposal=proposal)
    (message,) = mail.outbox
    assert_links_on_site(message, ROOT, proposal.get_absolute_url())


def test_the_answer_email_links_to_the_proposal(
    component, author, admin_user, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(component=component, author=author)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(
            actor=admin_user, proposal=proposal, state="rejected", answer={"fr": "Hors compétence"}
        )
    (message,) = [m for m in mail.outbox if m.to == [author.email]]
    assert_links_on_site(message, ROOT, proposal.get_absolute_url())


def test_the_coauthor_invitation_links_to_the_proposal(
    component, author, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(component=component, author=author)
    invited = UserFactory(organization=component.space.organization)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_invite_coauthor(actor=author, proposal=proposal, user=invited)
    (message,) = mail.outbox
    assert message.to == [invited.email]
    assert_links_on_site(message, ROOT, proposal.get_absolute_url())
