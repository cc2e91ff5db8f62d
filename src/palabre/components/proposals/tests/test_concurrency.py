"""Many supports at once: double clicks, several tabs, a crowd. Run on PostgreSQL (or a
SQLite file); the in-memory SQLite test database cannot be shared between threads."""

import pytest
from django.core.exceptions import ValidationError

from palabre.components.proposals import selectors, services
from palabre.components.proposals.models import Proposal, Support
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


def make(organization, count, **global_values):
    component = ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(**global_values)
    )
    return component, ProposalFactory.create_batch(count, component=component)


def assert_counters_match(component):
    recount = selectors.supports_recount(component=component)
    for proposal in Proposal.objects.filter(component=component):
        assert proposal.supports_count == recount.get(proposal.pk, 0)


def test_one_person_supporting_everything_at_once_stays_within_the_limit(organization):
    component, proposals = make(organization, 10, supports_limit=3)
    user = UserFactory(organization=organization)
    run_together(
        [(lambda p=p: services.proposal_support(user=user, proposal=p)) for p in proposals]
    )
    assert Support.objects.filter(user=user).count() == 3
    assert_counters_match(component)


def test_double_clicks_count_once(organization):
    component, (proposal,) = make(organization, 1)
    user = UserFactory(organization=organization)
    outcomes = run_together([lambda: services.proposal_support(user=user, proposal=proposal)] * 8)
    assert sum(not isinstance(o, ValidationError) for o in outcomes) == 1
    proposal.refresh_from_db()
    assert proposal.supports_count == 1
    assert_counters_match(component)


def test_a_crowd_supporting_one_proposal_loses_no_support(organization):
    component, (proposal,) = make(organization, 1)
    people = UserFactory.create_batch(12, organization=organization)
    run_together(
        [(lambda u=u: services.proposal_support(user=u, proposal=proposal)) for u in people]
    )
    proposal.refresh_from_db()
    assert proposal.supports_count == 12
    assert_counters_match(component)


def test_a_crowd_never_passes_the_threshold(organization):
    component, (proposal,) = make(organization, 1, threshold_per_proposal=5)
    people = UserFactory.create_batch(12, organization=organization)
    run_together(
        [(lambda u=u: services.proposal_support(user=u, proposal=proposal)) for u in people]
    )
    proposal.refresh_from_db()
    assert proposal.supports_count == 5
    assert_counters_match(component)


def test_minimum_reached_by_simultaneous_supports_counts_exactly(organization):
    component, proposals = make(organization, 6, minimum_supports_per_user=3)
    users = UserFactory.create_batch(3, organization=organization)
    calls = [
        (lambda u=u, p=p: services.proposal_support(user=u, proposal=p))
        for u in users
        for p in proposals[:4]
    ]
    calls += [
        (lambda u=u, p=p: services.proposal_unsupport(user=u, proposal=p))
        for u in users
        for p in proposals[:1]
    ]
    run_together(calls)
    assert_counters_match(component)
    for user in users:
        supports = Support.objects.filter(user=user)
        temporary = {support.temporary for support in supports}
        assert temporary == ({False} if supports.count() >= 3 else {True} if supports else set())
