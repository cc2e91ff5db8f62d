"""The pages of the minutes: the organizer's, the backoffice's, and the minutes on the
meeting's page."""

import datetime

import pytest
from django.utils import timezone

from palabre.components.meetings import minutes
from palabre.components.meetings.models import Meeting, Registration
from palabre.components.meetings.tests.factories import MeetingFactory, MeetingsComponentFactory
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
)
from palabre.core.components import component_admin_url, component_url
from palabre.core.models import SpaceRole
from palabre.core.tests.factories import (
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)

pytestmark = pytest.mark.django_db

REPORT = "<p>Quarante personnes ont parlé des arbres de la place.</p>"


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization)


@pytest.fixture
def component(space):
    return MeetingsComponentFactory(space=space, published_at=timezone.now())


@pytest.fixture
def proposals_component(space):
    return ProposalsComponentFactory(space=space, published_at=timezone.now())


@pytest.fixture
def author(organization):
    return UserFactory(organization=organization)


@pytest.fixture
def meeting(component, author):
    start = timezone.now() - datetime.timedelta(days=2)
    return MeetingFactory(
        component=component,
        author=author,
        official=False,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
    )


@pytest.fixture
def space_admin(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user)


@pytest.fixture
def collaborator(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user)


def public_url(meeting) -> str:
    return component_url(meeting.component, "meeting_close", pk=meeting.pk)


def admin_url(meeting) -> str:
    return component_admin_url(meeting.component, "meeting_close", pk=meeting.pk)


def form_data(**values) -> dict:
    data = {
        "minutes_fr": REPORT,
        "attendees_count": "40",
        "contributions_count": "12",
        "attending_organizations": "Comité de quartier",
        "minutes_video_url": "",
        "minutes_audio_url": "",
        "transcript": "Table 1 : plus d’ombre.",
        "minutes_public": "on",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def test_the_organizer_closes_their_meeting_from_its_page(
    meeting, author, signed_in, proposals_component
):
    proposal = ProposalFactory(component=proposals_component)
    client = signed_in(author)
    page = client.get(meeting.get_absolute_url())
    assert public_url(meeting) in page.content.decode()
    form = client.get(public_url(meeting))
    assert form.status_code == 200
    body = form.content.decode()
    assert "Report of the meeting" in body and "Number of attendees" in body
    # Official proposals are for staff: the organizer links existing ones.
    assert "new_title_1" not in body
    response = client.post(public_url(meeting), form_data(proposals=[str(proposal.pk)]))
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.is_closed and meeting.attendees_count == 40
    assert list(meeting.linked_proposals.all()) == [proposal]
    shown = client.get(meeting.get_absolute_url()).content.decode()
    assert "Quarante personnes" in shown
    assert "Edit the minutes" in shown


@pytest.mark.parametrize("kind", ["visitor", "other participant", "collaborator"])
def test_others_may_not_open_the_organizers_page(
    kind, meeting, organization, client, signed_in, collaborator
):
    if kind == "other participant":
        client = signed_in(UserFactory(organization=organization))
    elif kind == "collaborator":
        client = signed_in(collaborator)
    response = client.get(public_url(meeting))
    assert response.status_code in (302, 403)
    response = client.post(public_url(meeting), form_data())
    assert response.status_code in (302, 403)
    meeting.refresh_from_db()
    assert not meeting.is_closed


def test_bad_input_shows_the_errors_and_changes_nothing(meeting, author, signed_in):
    client = signed_in(author)
    response = client.post(
        public_url(meeting),
        form_data(minutes_fr="", attendees_count="-3", minutes_video_url="javascript:alert(1)"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert "Enter a web address starting with https:// or http://." in body
    meeting.refresh_from_db()
    assert not meeting.is_closed


def test_staff_close_from_the_backoffice_with_official_proposals(
    meeting, space_admin, signed_in, proposals_component
):
    Registration.objects.create(
        meeting=meeting,
        user=UserFactory(organization=meeting.component.space.organization),
        code="ABCDEFGH",
        attended_at=timezone.now(),
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        registration_type=Meeting.RegistrationType.ON_PLATFORM
    )
    client = signed_in(space_admin)
    page = client.get(admin_url(meeting))
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 registrant was validated at the door." in body
    assert 'name="attendees_count" value="1"' in body
    response = client.post(
        admin_url(meeting),
        form_data(
            proposals_component=str(proposals_component.pk),
            new_title_1="Planter des tilleuls sur la place",
            new_body_1="Pour l’ombre en été.",
        ),
    )
    assert response.status_code == 302
    created = Proposal.objects.get(component=proposals_component)
    assert created.source == Proposal.Source.MEETING
    meeting.refresh_from_db()
    assert list(meeting.linked_proposals.all()) == [created]
    # The proposal says which meeting it comes from.
    assert (
        meeting.title["fr"]
        in signed_in(space_admin).get(created.get_absolute_url()).content.decode()
    )


def test_collaborators_may_not_close_from_the_backoffice(meeting, collaborator, signed_in):
    client = signed_in(collaborator)
    assert client.get(admin_url(meeting)).status_code == 403
    assert client.post(admin_url(meeting), form_data()).status_code == 403
    meeting.refresh_from_db()
    assert not meeting.is_closed


def test_a_meeting_of_another_component_is_not_found(meeting, space_admin, signed_in, space):
    other = MeetingsComponentFactory(space=space, published_at=timezone.now())
    url = component_admin_url(other, "meeting_close", pk=meeting.pk)
    assert signed_in(space_admin).get(url).status_code == 404


@pytest.mark.parametrize(("public", "shown"), [(True, True), (False, False)])
def test_visitors_read_public_minutes_only(meeting, space_admin, client, public, shown):
    minutes.meeting_close(
        actor=space_admin, meeting=meeting, minutes={"fr": REPORT}, minutes_public=public
    )
    body = client.get(meeting.get_absolute_url()).content.decode()
    assert ("Quarante personnes" in body) is shown


def test_minutes_of_a_private_meeting_stay_with_its_guests(
    meeting, space_admin, client, signed_in, organization
):
    minutes.meeting_close(
        actor=space_admin, meeting=meeting, minutes={"fr": REPORT}, minutes_public=True
    )
    Meeting.objects.filter(pk=meeting.pk).update(private=True)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    outsider = signed_in(UserFactory(organization=organization))
    assert outsider.get(meeting.get_absolute_url()).status_code == 404
    assert (
        "Quarante personnes"
        in signed_in(space_admin).get(meeting.get_absolute_url()).content.decode()
    )


def test_the_pages_read_a_fixed_number_of_queries(
    meeting, space_admin, signed_in, proposals_component, django_assert_max_num_queries
):
    proposals = [ProposalFactory(component=proposals_component) for _ in range(3)]
    minutes.meeting_close(
        actor=space_admin,
        meeting=meeting,
        minutes={"fr": REPORT},
        minutes_public=True,
        proposal_ids=[p.pk for p in proposals],
    )
    client = signed_in(space_admin)
    client.get(admin_url(meeting))
    client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(40) as few:
        client.get(admin_url(meeting))
    with django_assert_max_num_queries(60) as few_page:
        client.get(meeting.get_absolute_url())
    more = [ProposalFactory(component=proposals_component) for _ in range(20)]
    minutes.meeting_close(
        actor=space_admin,
        meeting=meeting,
        minutes={"fr": REPORT},
        minutes_public=True,
        proposal_ids=[p.pk for p in proposals + more],
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(admin_url(meeting))
    with django_assert_max_num_queries(len(few_page.captured_queries)):
        client.get(meeting.get_absolute_url())
