"""Public figures of proposals (the home page, a space's page) count only what anyone may
read: proposals hidden by moderation, drafts and withdrawn ones are left out, with their
supports."""

import pytest
from django.utils import timezone

from palabre.components.proposals.component import manifest
from palabre.components.proposals.models import Proposal, Support
from palabre.components.proposals.tests.factories import ProposalFactory
from palabre.core.tests.factories import UserFactory
from palabre.moderation import services as moderation_services

pytestmark = pytest.mark.django_db


def accepted(component, **kwargs):
    return ProposalFactory(
        component=component,
        answer_state=Proposal.AnswerState.ACCEPTED,
        answer_published_at=timezone.now(),
        **kwargs,
    )


def supported(proposal, count: int = 1):
    for person in UserFactory.create_batch(
        count, organization=proposal.component.space.organization
    ):
        Support.objects.create(proposal=proposal, user=person)
    return proposal


@pytest.fixture
def proposals(component, admin_user):
    """Two public proposals (one accepted), and what the public does not see: a hidden one
    (accepted and supported), a draft and a withdrawn one."""
    supported(ProposalFactory(component=component))
    supported(accepted(component), 2)
    hidden = supported(accepted(component), 3)
    moderation_services.resource_hide(actor=admin_user, target=hidden, reason="Insults")
    ProposalFactory(component=component, state=Proposal.State.DRAFT)
    ProposalFactory(component=component, state=Proposal.State.WITHDRAWN)


def test_the_manifest_counts_only_public_proposals(component, proposals):
    assert manifest.stats([component]) == {
        "proposals": 2,
        "proposals_accepted": 1,
        "proposal_supports": 3,
    }


def test_the_home_page_and_the_space_page_count_only_public_proposals(client, component, proposals):
    home = dict(client.get("/").context["statistics"])
    space = dict(client.get(component.space.get_absolute_url()).context["statistics"])
    for statistics in (home, space):
        assert statistics["Proposals"] == 2
        assert statistics["Accepted proposals"] == 1
        assert statistics["Supports"] == 3
