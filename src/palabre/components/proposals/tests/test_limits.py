"""The organization's limit on proposals per person (palabre.limits)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from palabre.components.proposals import services
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.test_services import GOOD_BODY, GOOD_TITLE
from palabre.limits.services import limits_save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_proposals_beyond_the_limit_stay_drafts(
    admin_user, component, author, organization, django_capture_on_commit_callbacks
):
    limits_save(
        actor=admin_user, organization=organization, limits={"proposals": {"hour": 1, "day": 0}}
    )
    first, second = (
        services.proposal_create_draft(
            author=author, component=component, title=f"{GOOD_TITLE} {n}", body=GOOD_BODY
        )
        for n in ("one", "two")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_publish(actor=author, proposal=first)

    with pytest.raises(ValidationError) as refused:
        services.proposal_publish(actor=author, proposal=second)

    assert "limit of 1 proposals per hour" in " ".join(refused.value.messages)
    second.refresh_from_db()
    assert second.state == Proposal.State.DRAFT
