"""Closing a meeting with its minutes: who may, what is checked, what is written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.attachments.models import Attachment
from palabre.attachments.services import Upload
from palabre.components.accountability.tests.factories import (
    AccountabilityComponentFactory,
    ResultFactory,
)
from palabre.components.meetings import minutes
from palabre.components.meetings.models import Meeting, Registration
from palabre.components.meetings.tests.factories import MeetingFactory, MeetingsComponentFactory
from palabre.components.proposals.models import Proposal
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import (
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    png_upload,
)
from palabre.notifications.models import Notification
from palabre.notifications.services import follow_create

pytestmark = pytest.mark.django_db

REPORT = {"fr": "<p>Quarante personnes ont parlé des arbres de la place.</p>"}


def _past(days: int = 1) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


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
    start = _past(2)
    return MeetingFactory(
        component=component,
        author=author,
        official=False,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
    )


@pytest.fixture
def space_admin(space):
    return SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user


def close(meeting, actor, **values):
    arguments = {"minutes": REPORT, "attendees_count": 40, "contributions_count": 12}
    arguments.update(values)
    return minutes.meeting_close(actor=actor, meeting=meeting, **arguments)


def _people(kind, *, organization, space, author, admin_user, space_admin):
    return {
        "organization admin": admin_user,
        "space admin": space_admin,
        "author": author,
        "collaborator": SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user,
        "other participant": UserFactory(organization=organization),
    }[kind]


@pytest.mark.parametrize(
    ("kind", "allowed"),
    [
        ("organization admin", True),
        ("space admin", True),
        ("author", True),
        ("collaborator", False),
        ("other participant", False),
    ],
)
def test_who_may_close_a_meeting(
    kind, allowed, organization, space, meeting, author, admin_user, space_admin
):
    person = _people(
        kind,
        organization=organization,
        space=space,
        author=author,
        admin_user=admin_user,
        space_admin=space_admin,
    )
    assert minutes.may_close(person, meeting) is allowed
    if allowed:
        closed = close(meeting, person)
        assert closed.is_closed
        assert closed.minutes == REPORT
        assert (closed.attendees_count, closed.contributions_count) == (40, 12)
    else:
        with pytest.raises(PermissionDenied):
            close(meeting, person)
        meeting.refresh_from_db()
        assert not meeting.is_closed


def test_a_visitor_may_not_close(meeting):
    from django.contrib.auth.models import AnonymousUser

    assert not minutes.may_close(AnonymousUser(), meeting)
    with pytest.raises(PermissionDenied):
        close(meeting, AnonymousUser())


def test_the_author_of_an_official_meeting_is_staff_only(meeting, author, space_admin):
    """A meeting of the organization has no participant organizer: only staff close it."""
    Meeting.objects.filter(pk=meeting.pk).update(author=None, official=True)
    meeting.refresh_from_db()
    with pytest.raises(PermissionDenied):
        close(meeting, author)
    assert close(meeting, space_admin).is_closed


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"minutes": {}}, "minutes"),
        ({"minutes": {"de": "<p>Hallo</p>"}}, "minutes"),
        ({"attendees_count": -1}, "attendees_count"),
        ({"attendees_count": "many"}, "attendees_count"),
        ({"contributions_count": 10_000_000}, "contributions_count"),
        ({"minutes_video_url": "javascript:alert(1)"}, "minutes_video_url"),
        ({"minutes_audio_url": "not an address"}, "minutes_audio_url"),
        ({"attending_organizations": "x" * 2001}, "attending_organizations"),
        ({"transcript": "x" * 200_001}, "transcript"),
        ({"proposal_ids": [999_999]}, "proposals"),
        ({"result_ids": [999_999]}, "results"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    meeting, space_admin, values, field
):
    with pytest.raises(ValidationError) as error:
        close(meeting, space_admin, **values)
    assert field in error.value.message_dict
    assert all(error.value.message_dict[field])
    meeting.refresh_from_db()
    assert not meeting.is_closed
    assert meeting.minutes == {}
    assert not ActionLog.objects.filter(action="close_meeting").exists()


def test_a_meeting_not_started_cannot_be_closed(component, space_admin):
    upcoming = MeetingFactory(component=component)
    with pytest.raises(ValidationError) as error:
        close(upcoming, space_admin)
    assert "once it has started" in str(error.value)
    upcoming.refresh_from_db()
    assert not upcoming.is_closed


def test_a_withdrawn_meeting_cannot_be_closed(meeting, author):
    Meeting.objects.filter(pk=meeting.pk).update(withdrawn_at=timezone.now())
    meeting.refresh_from_db()
    with pytest.raises((ValidationError, PermissionDenied)):
        close(meeting, author)
    meeting.refresh_from_db()
    assert not meeting.is_closed


def test_proposals_and_results_of_another_space_are_refused(
    meeting, space_admin, organization, proposals_component
):
    elsewhere = ProposalFactory(
        component=ProposalsComponentFactory(
            space=SpaceFactory(organization=organization), published_at=timezone.now()
        )
    )
    mine = ProposalFactory(component=proposals_component)
    with pytest.raises(ValidationError) as error:
        close(meeting, space_admin, proposal_ids=[mine.pk, elsewhere.pk])
    assert "proposals" in error.value.message_dict
    assert not meeting.linked_proposals.exists()
    other_result = ResultFactory(
        component=AccountabilityComponentFactory(
            space=SpaceFactory(organization=organization), published_at=timezone.now()
        )
    )
    with pytest.raises(ValidationError):
        close(meeting, space_admin, result_ids=[other_result.pk])


def test_drafts_and_withdrawn_proposals_cannot_be_linked(meeting, space_admin, proposals_component):
    draft = ProposalFactory(component=proposals_component, state=Proposal.State.DRAFT)
    withdrawn = ProposalFactory(component=proposals_component, state=Proposal.State.WITHDRAWN)
    for proposal in (draft, withdrawn):
        with pytest.raises(ValidationError):
            close(meeting, space_admin, proposal_ids=[proposal.pk])
    assert not meeting.linked_proposals.exists()


def test_closing_links_proposals_and_results_and_logs_it(
    meeting, space_admin, proposals_component, space
):
    chosen = ProposalFactory(component=proposals_component)
    result = ResultFactory(
        component=AccountabilityComponentFactory(space=space, published_at=timezone.now())
    )
    closed = close(
        meeting,
        space_admin,
        proposal_ids=[chosen.pk],
        result_ids=[result.pk],
        attending_organizations="Comité de quartier\nMaison des jeunes",
        minutes_video_url="https://video.example.org/atelier",
        minutes_public=True,
        transcript="Table 1 : plus d’ombre sur la place.",
    )
    assert list(closed.linked_proposals.all()) == [chosen]
    assert list(closed.linked_results.all()) == [result]
    assert closed.transcript.startswith("Table 1")
    entry = ActionLog.objects.get(action="close_meeting")
    assert entry.user == space_admin
    assert entry.data["proposals"] == [chosen.pk]


def test_official_proposals_are_written_from_the_meeting(meeting, space_admin, proposals_component):
    closed = close(
        meeting,
        space_admin,
        new_proposals=[
            minutes.NewProposal(
                title="Planter des tilleuls sur la place", body="Pour l’ombre en été."
            ),
            minutes.NewProposal(title="Des bancs à l’ombre des arbres"),
        ],
        proposals_component=proposals_component,
    )
    created = Proposal.objects.filter(component=proposals_component).order_by("id")
    assert [p.title["fr"] for p in created] == [
        "Planter des tilleuls sur la place",
        "Des bancs à l’ombre des arbres",
    ]
    for proposal in created:
        assert proposal.source == Proposal.Source.MEETING
        assert proposal.source_details == meeting.title["fr"]
        assert proposal.is_published and proposal.is_official
    assert set(closed.linked_proposals.all()) == set(created)
    assert ActionLog.objects.filter(action="create_official").count() == 2


def test_participants_cannot_write_official_proposals(meeting, author, proposals_component):
    with pytest.raises(ValidationError) as error:
        close(
            meeting,
            author,
            new_proposals=[minutes.NewProposal(title="Planter des tilleuls sur la place")],
            proposals_component=proposals_component,
        )
    assert "new_proposals" in error.value.message_dict
    assert not Proposal.objects.exists()
    meeting.refresh_from_db()
    assert not meeting.is_closed


def test_a_bad_official_proposal_leaves_everything_unchanged(
    meeting, space_admin, proposals_component
):
    with pytest.raises(ValidationError) as error:
        close(
            meeting,
            space_admin,
            new_proposals=[
                minutes.NewProposal(title="Planter des tilleuls sur la place"),
                minutes.NewProposal(title="", body="Un texte sans titre"),
            ],
            proposals_component=proposals_component,
        )
    assert "New proposal 2" in " ".join(error.value.message_dict["new_proposals"])
    assert not Proposal.objects.exists()
    meeting.refresh_from_db()
    assert not meeting.is_closed


def test_official_proposals_need_a_component_that_takes_them(
    meeting, space_admin, proposals_component
):
    proposals_component.settings = proposals_settings(official_proposals_enabled=False)
    proposals_component.save()
    with pytest.raises(ValidationError) as error:
        close(
            meeting,
            space_admin,
            new_proposals=[minutes.NewProposal(title="Planter des tilleuls sur la place")],
            proposals_component=proposals_component,
        )
    assert "new_proposals" in error.value.message_dict
    assert not Proposal.objects.exists()


def test_photos_are_attached_to_the_meeting_and_only_pictures(
    meeting, space_admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    closed = close(
        meeting,
        space_admin,
        photos=[Upload(file=png_upload("table.png"), title="Les tables", field="attachment_1")],
    )
    photo = Attachment.objects.get()
    assert photo.object_id == closed.pk and photo.kind == "image"
    text = Upload(file=_text_file("notes.txt", b"Compte rendu de la table 2"), field="attachment_1")
    with pytest.raises(ValidationError) as error:
        close(closed, space_admin, photos=[text])
    assert "not a picture" in " ".join(error.value.message_dict["attachment_1"])
    assert Attachment.objects.count() == 1


def _text_file(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_closing_again_edits_the_minutes_and_logs_what_changed(meeting, space_admin):
    first = close(meeting, space_admin)
    closed_at = first.closed_at
    second = close(first, space_admin, attendees_count=45)
    assert second.closed_at == closed_at
    assert second.attendees_count == 45
    entry = ActionLog.objects.get(action="update_minutes")
    assert entry.data["fields"] == ["attendees_count"]


def test_followers_hear_once_when_the_minutes_become_public(
    meeting, space_admin, organization, django_capture_on_commit_callbacks
):
    follower = UserFactory(organization=organization)
    follow_create(user=follower, target=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        close(meeting, space_admin, minutes_public=False)
    assert not Notification.objects.filter(event=minutes.MINUTES_EVENT).exists()
    with django_capture_on_commit_callbacks(execute=True):
        close(meeting, space_admin, minutes_public=True)
    with django_capture_on_commit_callbacks(execute=True):
        close(meeting, space_admin, minutes_public=True, attendees_count=41)
    notification = Notification.objects.get(event=minutes.MINUTES_EVENT)
    assert notification.recipient == follower


def test_the_attendance_validated_at_the_door_is_counted(meeting):
    assert minutes.attendance_count(meeting=meeting) is None
    Meeting.objects.filter(pk=meeting.pk).update(
        registration_type=Meeting.RegistrationType.ON_PLATFORM
    )
    meeting.refresh_from_db()
    assert minutes.attendance_count(meeting=meeting) == 0
    for number, attended in enumerate((True, True, False)):
        Registration.objects.create(
            meeting=meeting,
            user=UserFactory(organization=meeting.component.space.organization),
            code=f"ABCDEFG{number + 2}",
            position=number,
            attended_at=timezone.now() if attended else None,
        )
    assert minutes.attendance_count(meeting=meeting) == 2


@pytest.mark.parametrize(
    ("public", "kind", "reads"),
    [
        (True, "visitor", True),
        (True, "other participant", True),
        (False, "visitor", False),
        (False, "other participant", False),
        (False, "author", True),
        (False, "collaborator", True),
        (False, "space admin", True),
    ],
)
def test_who_reads_the_minutes(
    public, kind, reads, organization, space, meeting, author, admin_user, space_admin
):
    from django.contrib.auth.models import AnonymousUser

    closed = close(meeting, space_admin, minutes_public=public)
    person = (
        AnonymousUser()
        if kind == "visitor"
        else _people(
            kind,
            organization=organization,
            space=space,
            author=author,
            admin_user=admin_user,
            space_admin=space_admin,
        )
    )
    assert minutes.minutes_visible(person, closed) is reads
    assert (minutes.minutes_for_page(user=person, meeting=closed) is not None) is reads


def test_nobody_reads_minutes_of_a_meeting_not_closed(meeting, space_admin):
    assert not minutes.minutes_visible(space_admin, meeting)


def test_the_activity_log_says_what_was_done(meeting, space_admin, proposals_component):
    from palabre.core.action_log import sentence

    close(
        meeting,
        space_admin,
        new_proposals=[minutes.NewProposal(title="Planter des tilleuls sur la place")],
        proposals_component=proposals_component,
    )
    close(meeting, space_admin, attendees_count=45)
    closing = sentence(ActionLog.objects.get(action="close_meeting"))
    assert "closed the meeting" in closing and "with its minutes" in closing
    assert "1 official proposal written from it." in closing
    edit = sentence(ActionLog.objects.get(action="update_minutes"))
    assert "edited the minutes of the meeting" in edit
    assert "number of attendees" in edit
