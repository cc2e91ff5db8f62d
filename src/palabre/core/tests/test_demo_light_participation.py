"""The demo's lighter participation: profile questions with reference figures in both
organizations, answered by participants, and anonymous proposals (private space included)."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from palabre.components.proposals.models import Proposal
from palabre.core.models import Organization, Space
from palabre.profile_questions.models import ProfileAnswer, ProfileQuestion
from palabre.profile_questions.selectors import space_representation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())


def test_both_organizations_ask_profile_questions_with_reference_figures():
    for organization in Organization.objects.all():
        questions = ProfileQuestion.objects.filter(organization=organization)
        assert questions.exists()
        for question in questions:
            shares = [option.reference_share for option in question.options.all()]
            assert shares and all(share is not None for share in shares)
            assert sum(shares) == 100


def test_the_market_square_participants_compare_with_the_census():
    space = Space.objects.get(slug="place-du-marche")
    total, figures = space_representation(space=space)
    assert total > 0
    assert ProfileAnswer.objects.filter(question__organization=space.organization).exists()
    assert any(row.count for question in figures for row in question.options)


@pytest.mark.parametrize("slug", ["place-du-marche", "plan-climat", "jeunes-ambassadeurs-climat"])
def test_one_anonymous_proposal_where_the_demo_takes_proposals(slug):
    proposal = Proposal.objects.get(component__space__slug=slug, anonymous=True)
    assert proposal.state == Proposal.State.PUBLISHED
    assert proposal.author_id is not None


def test_running_the_demo_again_adds_nothing():
    counts = (ProfileQuestion.objects.count(), Proposal.objects.filter(anonymous=True).count())
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())
    assert (
        ProfileQuestion.objects.count(),
        Proposal.objects.filter(anonymous=True).count(),
    ) == counts
