"""The manifest: permission tables per step setting, settings checks, stats, sitemap, seed."""

import random

import pytest
from django.core.exceptions import ValidationError

from palabre.components.proposals.component import manifest
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.seeds import seed_proposals
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.permissions import can
from palabre.core.settings_schema import validate_settings
from palabre.core.tests.factories import StepFactory, UserFactory


def component_with(organization, step=None, **global_values):
    return ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(step=step, **global_values)
    )


@pytest.mark.parametrize(
    "step, allowed",
    [({"creation_enabled": True}, True), ({"creation_enabled": False}, False)],
)
def test_create_follows_the_step(organization, user, step, allowed):
    assert can(user, "create", component_with(organization, step=step)) is allowed


@pytest.mark.parametrize(
    "supports, allowed",
    [("enabled", True), ("hidden", True), ("blocked", False), ("disabled", False)],
)
def test_support_table(organization, user, supports, allowed):
    proposal = ProposalFactory(component=component_with(organization, step={"supports": supports}))
    assert can(user, "support", proposal) is allowed


@pytest.mark.parametrize(
    "endorsements, allowed", [("enabled", True), ("blocked", False), ("disabled", False)]
)
def test_endorse_table(organization, user, endorsements, allowed):
    proposal = ProposalFactory(
        component=component_with(organization, step={"endorsements": endorsements})
    )
    assert can(user, "endorse", proposal) is allowed


@pytest.mark.parametrize(
    "comments_enabled, comments_blocked, allowed",
    [(True, False, True), (True, True, False), (False, False, False)],
)
def test_comment_table(organization, user, comments_enabled, comments_blocked, allowed):
    component = component_with(
        organization,
        step={"comments_blocked": comments_blocked},
        comments_enabled=comments_enabled,
    )
    assert can(user, "comment", ProposalFactory(component=component)) is allowed


def test_nobody_acts_on_drafts_or_withdrawn_proposals(component, user):
    for state in (Proposal.State.DRAFT, Proposal.State.WITHDRAWN):
        proposal = ProposalFactory(component=component, state=state)
        for action in ("support", "endorse", "comment", "withdraw"):
            assert not can(user, action, proposal), (state, action)


def test_anonymous_and_blocked_people_act_on_nothing(component, user):
    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    proposal = ProposalFactory(component=component)
    user.blocked_at = timezone.now()
    for person in (AnonymousUser(), user):
        assert not can(person, "create", component)
        assert not can(person, "support", proposal)


def test_the_active_step_decides(organization, user):
    component = component_with(organization, step={"creation_enabled": False})
    step = StepFactory(space=component.space, active=True)
    component.settings["steps"] = {str(step.pk): {"creation_enabled": True}}
    component.save()
    assert can(user, "create", component)


def test_validate_settings_checks_across_fields(component):
    with pytest.raises(ValidationError) as error:
        validate_settings(
            manifest,
            {"global": {"can_accumulate_supports_beyond_threshold": True}},
            step_ids=[],
            languages=["fr", "en"],
        )
    assert "global.can_accumulate_supports_beyond_threshold" in error.value.message_dict


def test_stats_and_sitemap(component):
    published = ProposalFactory(component=component, answer_state="accepted")
    ProposalFactory(component=component, state="draft")
    assert manifest.stats([component]) == {
        "proposals": 1,
        "proposals_accepted": 0,
        "proposal_supports": 0,
    }
    assert list(manifest.sitemap([component])) == [published.get_absolute_url()]


def test_seed_gives_thirty_plausible_proposals(component):
    people = UserFactory.create_batch(4, organization=component.space.organization)
    seed_proposals(component, people, rng=random.Random(1))
    proposals = Proposal.objects.filter(component=component)
    assert proposals.count() == 30
    assert all(p.latitude and p.address and p.reference for p in proposals)
    assert proposals.filter(answer_published_at__isnull=False).exists()
    assert proposals.filter(supports_count__gt=0).exists()


def test_seed_shows_its_proposals_on_the_map(client, component):
    seed_proposals(component, [], rng=random.Random(1))
    component.refresh_from_db()
    assert component.settings["global"]["geocoding_enabled"] is True
    assert (
        f'href="{component.get_absolute_url()}map/"'
        in client.get(component.get_absolute_url()).content.decode()
    )
    places = client.get(f"{component.get_absolute_url()}map.json").json()["proposals"]
    assert len(places) == 30
    assert all(45.7 < place["lat"] < 45.8 and 4.7 < place["lon"] < 4.9 for place in places)
