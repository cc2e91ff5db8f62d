"""Anonymous proposals: where the component allows it, the author appears publicly as "an
anonymous participant"; moderators and administrators still know who it is, and limits
apply as to anyone."""

import json
import re

import pytest
from django.core.exceptions import ValidationError

from palabre.components.proposals import services
from palabre.components.proposals.exports import proposal_rows
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.factories import ProposalFactory, proposals_settings
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import SpaceRoleFactory, UserFactory, with_two_factor
from palabre.notifications.models import Notification
from palabre.notifications.services import follow_create

pytestmark = pytest.mark.django_db

NAME = "Camille Discrète"


@pytest.fixture
def component(component):
    component.settings = proposals_settings(anonymous_proposals_enabled=True)
    component.save()
    return component


@pytest.fixture
def author(organization):
    return UserFactory(organization=organization, name=NAME, locale="en")


@pytest.fixture
def proposal(component, author):
    return ProposalFactory(component=component, author=author, anonymous=True)


def publish(component, author, *, anonymous=True, title="Des bancs le long du canal"):
    draft = services.proposal_create_draft(
        author=author,
        component=component,
        title=title,
        body="Des bancs pour se reposer le long du canal, tous les cent mètres.",
        anonymous=anonymous,
    )
    return services.proposal_publish(actor=author, proposal=draft)


def test_the_author_chooses_it_on_the_form(signed_in, component, author):
    browser = signed_in(author)
    form = browser.get(f"{component.get_absolute_url()}new/").content.decode()
    assert 'name="anonymous"' in form

    browser.post(
        f"{component.get_absolute_url()}new/",
        {
            "title": "Des bancs le long du canal",
            "body": "Des bancs pour se reposer le long du canal, tous les cent mètres.",
            "anonymous": "on",
        },
    )

    assert Proposal.objects.get().anonymous


def test_without_the_setting_the_choice_is_not_offered_nor_accepted(signed_in, component, author):
    component.settings = proposals_settings()
    component.save()
    assert 'name="anonymous"' not in (
        signed_in(author).get(f"{component.get_absolute_url()}new/").content.decode()
    )
    with pytest.raises(ValidationError):
        publish(component, author)
    assert not Proposal.objects.exists()


def test_a_draft_waits_when_the_setting_is_turned_off_before_publication(component, author):
    draft = services.proposal_create_draft(
        author=author,
        component=component,
        title="Des bancs le long du canal",
        body="Des bancs pour se reposer le long du canal, tous les cent mètres.",
        anonymous=True,
    )
    component.settings = proposals_settings()
    component.save()

    with pytest.raises(ValidationError):
        services.proposal_publish(actor=author, proposal=draft)

    draft.refresh_from_db()
    assert draft.state == Proposal.State.DRAFT


def test_hidden_on_the_list_and_the_page(client, signed_in, organization, component, proposal):
    for browser in (client, signed_in(UserFactory(organization=organization))):
        listing = browser.get(component.get_absolute_url()).content.decode()
        page = browser.get(proposal.get_absolute_url()).content.decode()
        assert NAME not in listing
        assert "Anonymous participant" in listing
        assert NAME not in page
        assert "By an anonymous participant" in page


def test_moderators_admins_and_the_author_see_who_it_is(
    signed_in, component, proposal, author, space_admin
):
    moderator = with_two_factor(
        SpaceRoleFactory(space=component.space, role=SpaceRole.Role.MODERATOR).user
    )
    for person in (moderator, space_admin, author):
        page = signed_in(person).get(proposal.get_absolute_url()).content.decode()
        assert "By an anonymous participant" in page
        assert NAME in page
    # The backoffice names the authors, with the public choice.
    page = signed_in(space_admin).get(
        f"/admin/spaces/{component.space_id}/components/{component.pk}/manage/{proposal.pk}/"
    )
    assert NAME in page.content.decode()
    assert "shown publicly as an anonymous participant" in page.content.decode()


def test_valuators_do_not_see_who_it_is(signed_in, component, proposal, valuator):
    from palabre.components.proposals.models import ValuatorAssignment

    ValuatorAssignment.objects.create(proposal=proposal, valuator=valuator)
    page = signed_in(valuator).get(
        f"/admin/spaces/{component.space_id}/components/{component.pk}/manage/{proposal.pk}/"
    )
    assert page.status_code == 200
    assert NAME not in page.content.decode()


def test_the_kept_card_follows_the_choice(client, component, author):
    visible = ProposalFactory(component=component, author=author)
    assert NAME in client.get(component.get_absolute_url()).content.decode()
    Proposal.objects.filter(pk=visible.pk).update(anonymous=True)
    assert NAME not in client.get(component.get_absolute_url()).content.decode()


def test_hidden_in_exports_and_in_the_json_export(component, proposal):
    rows = list(proposal_rows(component))
    assert rows
    assert NAME not in json.dumps(rows, default=str)
    assert str(proposal.author_id) not in {str(row.get("author", "")) for row in rows}


def test_followers_read_that_someone_published_it(component, author, organization):
    follower = UserFactory(organization=organization)
    follow_create(user=follower, target=component.space)
    follow_create(user=author, target=component.space)

    proposal = publish(component, author)

    (notification,) = Notification.objects.filter(object_id=proposal.pk)
    assert notification.recipient == follower
    assert notification.actor is None
    assert NAME not in notification.sentence
    assert notification.sentence.startswith("Someone published a new proposal")


def test_the_sitemap_lists_the_page_without_any_name(client, proposal):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert proposal.get_absolute_url() in sitemap
    assert NAME not in sitemap


def test_the_proposals_limit_counts_anonymous_proposals(component, author):
    component.settings = proposals_settings(anonymous_proposals_enabled=True, proposal_limit=1)
    component.save()
    publish(component, author)

    with pytest.raises(ValidationError, match="limit of 1 proposals"):
        publish(component, author, anonymous=False, title="Un autre banc près de la gare")
    assert Proposal.objects.filter(state=Proposal.State.PUBLISHED).count() == 1


def test_comments_on_it_do_not_name_its_author(client, organization, proposal):
    from palabre.comments.services import comment_create

    comment_create(author=UserFactory(organization=organization), target=proposal, body="Bravo")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert NAME not in page
    assert not re.search(r"author of the proposal", page, re.I)


def test_a_copy_to_another_component_stays_anonymous(component, proposal, space_admin):
    from palabre.components.proposals.tests.factories import ProposalsComponentFactory

    target = ProposalsComponentFactory(space=component.space)

    (copy,) = services.proposals_copy(
        actor=space_admin, component=component, proposal_ids=[proposal.pk], target=target
    )

    assert copy.anonymous


def test_the_moderation_queue_names_the_author_to_moderators(
    signed_in, organization, component, proposal
):
    from palabre.moderation.services import report_create

    moderator = with_two_factor(
        SpaceRoleFactory(space=component.space, role=SpaceRole.Role.MODERATOR).user
    )
    report_create(reporter=UserFactory(organization=organization), target=proposal, reason="spam")

    page = signed_in(moderator).get("/admin/moderation/").content.decode()

    assert NAME in page
    assert "shown publicly as an anonymous participant" in page


def test_verifications_required_to_submit_apply_to_anonymous_proposals(
    organization, component, author
):
    from datetime import timedelta

    from django.core.exceptions import PermissionDenied

    from palabre.verifications.action_permission_models import ActionPermission
    from palabre.verifications.models import OrganizationVerificationMethod
    from palabre.verifications.registry import VerificationMethod, methods

    methods.register(
        VerificationMethod(name="anonymity_test", label="Residence", validity=timedelta(days=1))
    )
    try:
        OrganizationVerificationMethod.objects.create(
            organization=organization, method="anonymity_test"
        )
        ActionPermission.objects.create(
            component=component,
            action="create",
            requirements=[{"method": "anonymity_test", "options": {}}],
        )

        with pytest.raises(PermissionDenied):
            publish(component, author)
    finally:
        methods.unregister("anonymity_test")
    assert not Proposal.objects.filter(state=Proposal.State.PUBLISHED).exists()


def test_the_search_finds_it_by_its_words_never_by_its_author(client, proposal):
    found = client.get("/search/", {"q": "proposition"}).content.decode()
    assert proposal.get_absolute_url() in found
    assert NAME not in found
    by_name = client.get("/search/", {"q": "Discrète"}).content.decode()
    assert proposal.get_absolute_url() not in by_name
