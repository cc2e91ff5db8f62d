"""Every rule of supports: limit per person, minimum with temporary supports, threshold with
and without accumulation, exact counters."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.components.proposals import selectors, services
from palabre.components.proposals.models import Support
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)


def make(organization, count=3, step=None, **global_values):
    component = ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(step=step, **global_values)
    )
    return component, ProposalFactory.create_batch(count, component=component)


def counts(proposals):
    for proposal in proposals:
        proposal.refresh_from_db()
    return [proposal.supports_count for proposal in proposals]


def assert_counters_match(component):
    recount = selectors.supports_recount(component=component)
    for proposal in component.proposals.all():
        assert proposal.supports_count == recount.get(proposal.pk, 0)


def test_support_once(organization, user):
    _component, (proposal, *_rest) = make(organization)
    services.proposal_support(user=user, proposal=proposal)
    with pytest.raises(ValidationError, match="already support"):
        services.proposal_support(user=user, proposal=proposal)
    assert counts([proposal]) == [1]
    services.proposal_unsupport(user=user, proposal=proposal)
    services.proposal_unsupport(user=user, proposal=proposal)
    assert counts([proposal]) == [0]


def test_supports_limit(organization, user):
    component, proposals = make(organization, supports_limit=2)
    services.proposal_support(user=user, proposal=proposals[0])
    services.proposal_support(user=user, proposal=proposals[1])
    with pytest.raises(ValidationError, match="all your 2 supports"):
        services.proposal_support(user=user, proposal=proposals[2])
    assert counts(proposals) == [1, 1, 0]
    services.proposal_unsupport(user=user, proposal=proposals[0])
    services.proposal_support(user=user, proposal=proposals[2])
    assert counts(proposals) == [0, 1, 1]
    assert_counters_match(component)


def test_minimum_makes_supports_temporary_until_reached(organization, user):
    component, proposals = make(organization, minimum_supports_per_user=3)
    services.proposal_support(user=user, proposal=proposals[0])
    services.proposal_support(user=user, proposal=proposals[1])
    assert counts(proposals) == [0, 0, 0]
    assert Support.objects.filter(user=user, temporary=True).count() == 2
    services.proposal_support(user=user, proposal=proposals[2])
    assert counts(proposals) == [1, 1, 1]
    assert not Support.objects.filter(temporary=True).exists()
    assert_counters_match(component)
    # Dropping below the minimum makes the remaining supports temporary again.
    services.proposal_unsupport(user=user, proposal=proposals[1])
    assert counts(proposals) == [0, 0, 0]
    assert Support.objects.filter(user=user, temporary=True).count() == 2
    assert_counters_match(component)


def test_threshold_without_accumulation_closes_supports(organization, user, author):
    _component, (proposal,) = make(organization, count=1, threshold_per_proposal=1)
    services.proposal_support(user=user, proposal=proposal)
    with pytest.raises(ValidationError, match="threshold"):
        services.proposal_support(user=author, proposal=proposal)
    assert counts([proposal]) == [1]


def test_threshold_with_accumulation_goes_on(organization, user, author):
    _component, (proposal,) = make(
        organization,
        count=1,
        threshold_per_proposal=1,
        can_accumulate_supports_beyond_threshold=True,
    )
    services.proposal_support(user=user, proposal=proposal)
    services.proposal_support(user=author, proposal=proposal)
    assert counts([proposal]) == [2]


@pytest.mark.parametrize(
    "supports, allowed",
    [("enabled", True), ("hidden", True), ("blocked", False), ("disabled", False)],
)
def test_supports_follow_the_step(organization, user, supports, allowed):
    _component, (proposal,) = make(organization, count=1, step={"supports": supports})
    if allowed:
        services.proposal_support(user=user, proposal=proposal)
        assert counts([proposal]) == [1]
    else:
        with pytest.raises(PermissionDenied):
            services.proposal_support(user=user, proposal=proposal)


def test_withdrawn_proposals_cannot_be_supported(organization, user):
    _component, (proposal,) = make(organization, count=1)
    services.proposal_withdraw(actor=proposal.first_author, proposal=proposal)
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.proposal_support(user=user, proposal=proposal)


def test_settings_check_accumulation_needs_a_threshold():
    from palabre.components.proposals.component import check_settings

    assert "global.can_accumulate_supports_beyond_threshold" in check_settings(
        {"can_accumulate_supports_beyond_threshold": True, "threshold_per_proposal": 0}
    )
    assert "global.minimum_supports_per_user" in check_settings(
        {"supports_limit": 2, "minimum_supports_per_user": 3}
    )
    assert check_settings({"supports_limit": 3, "minimum_supports_per_user": 3}) == {}
