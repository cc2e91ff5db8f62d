"""Processes and assemblies are followed from their page, and their followers hear of what
happens in them: new proposals, answers, comments."""

import pytest

from palabre.comments.services import comment_create
from palabre.components.proposals import services as proposals
from palabre.components.proposals.tests.factories import ProposalsComponentFactory
from palabre.core.resources import resource_ref
from palabre.core.tests.factories import OrganizationFactory, SpaceFactory
from palabre.notifications.models import Notification
from palabre.notifications.selectors import is_following


@pytest.fixture
def proposals_component(space):
    return ProposalsComponentFactory(space=space)


@pytest.mark.parametrize("kind", ["process", "assembly"])
def test_a_space_page_offers_to_follow_it_without_javascript(
    signed_in, make_user, organization, kind
):
    space = SpaceFactory(organization=organization, kind=kind, slug=f"a-{kind}")
    person = make_user()
    browser = signed_in(person)
    html = browser.get(space.get_absolute_url()).content.decode()
    ref = resource_ref(space).as_string()
    assert f'action="/notifications/follow/{ref}/"' in html
    response = browser.post(
        f"/notifications/follow/{ref}/", {"follow": "1", "next": space.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == space.get_absolute_url()
    assert is_following(person, space)
    assert "Stop following" in browser.get(space.get_absolute_url()).content.decode()


def test_visitors_see_no_follow_button(client, space):
    assert "/notifications/follow/" not in client.get(space.get_absolute_url()).content.decode()


def test_another_organizations_space_cannot_be_followed_from_this_site(signed_in, make_user):
    elsewhere = SpaceFactory(organization=OrganizationFactory(host="elsewhere.example"))
    person = make_user()
    response = signed_in(person).post(
        f"/notifications/follow/{resource_ref(elsewhere).as_string()}/", {"follow": "1"}
    )
    assert response.status_code == 404
    assert not is_following(person, elsewhere)


def test_followers_of_a_space_hear_of_new_proposals_and_comments(
    signed_in, make_user, space, proposals_component, django_capture_on_commit_callbacks
):
    follower, author = make_user(), make_user()
    signed_in(follower).post(
        f"/notifications/follow/{resource_ref(space).as_string()}/", {"follow": "1"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposals.proposal_create_draft(
            author=author,
            component=proposals_component,
            title="Des bancs à l'ombre près du marché",
            body="Les personnes âgées n'ont nulle part où s'asseoir en été.",
        )
        proposal = proposals.proposal_publish(actor=author, proposal=proposal)
        comment_create(author=author, target=proposal, body="J'ajoute une précision.")
    events = set(Notification.objects.filter(recipient=follower).values_list("event", flat=True))
    assert events == {"proposals.published", "comments.created"}
    html = signed_in(follower).get("/notifications/").content.decode()
    assert "published a new proposal" in html
