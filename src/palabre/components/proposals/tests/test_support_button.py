"""The Support button says beforehand when the rules would refuse a support: disabled, with
the reason, as the supports selector decides."""

import re

import pytest

from palabre.components.proposals import services
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)

pytestmark = pytest.mark.django_db

DISABLED = re.compile(r"<button[^>]*\bdisabled\b[^>]*>Support</button>")


def make(organization, count=3, **global_values):
    component = ProposalsComponentFactory(
        space__organization=organization, settings=proposals_settings(**global_values)
    )
    return ProposalFactory.create_batch(count, component=component)


def page(browser, proposal) -> str:
    response = browser.get(proposal.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_button_is_disabled_with_the_reason_once_every_support_is_used(
    organization, user, signed_in
):
    first, second, third = make(organization, supports_limit=2)
    browser = signed_in(user)
    assert not DISABLED.search(page(browser, third))
    services.proposal_support(user=user, proposal=first)
    services.proposal_support(user=user, proposal=second)

    html = page(browser, third)
    assert DISABLED.search(html)
    assert "You have used all your 2 supports." in html
    assert 'aria-describedby="support-refusal"' in html and 'id="support-refusal"' in html
    assert f"/{third.pk}/support/" not in html
    # Where they support, they may still withdraw, which gives a support back.
    html = page(browser, first)
    assert "Withdraw my support" in html and not DISABLED.search(html)
    services.proposal_unsupport(user=user, proposal=first)
    assert not DISABLED.search(page(browser, third))


def test_the_button_is_disabled_once_the_proposal_reached_its_threshold(
    organization, user, author, signed_in
):
    (proposal,) = make(organization, count=1, threshold_per_proposal=1)
    services.proposal_support(user=author, proposal=proposal)
    html = page(signed_in(user), proposal)
    assert DISABLED.search(html)
    assert "This proposal already reached its supports threshold." in html


def test_accumulating_beyond_the_threshold_keeps_the_button_active(
    organization, user, author, signed_in
):
    (proposal,) = make(
        organization,
        count=1,
        threshold_per_proposal=1,
        can_accumulate_supports_beyond_threshold=True,
    )
    services.proposal_support(user=author, proposal=proposal)
    html = page(signed_in(user), proposal)
    assert not DISABLED.search(html) and f"/{proposal.pk}/support/" in html
