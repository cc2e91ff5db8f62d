"""Registrations as organizers and participants see them: seats, reserved seats, the
waiting list and its order, codes, the door, guests, thresholds, reminders, refusals."""

import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from palabre.components.meetings import registrations as services
from palabre.components.meetings.models import (
    REGISTRATION_CODE_ALPHABET,
    Meeting,
    Registration,
    RegistrationThreshold,
)
from palabre.components.meetings.registration_selectors import waiting_rank
from palabre.components.meetings.tests.registrations.helpers import open_meeting
from palabre.core.models import User
from palabre.core.tests.factories import SpaceFactory, SpaceMemberFactory, UserFactory
from palabre.forms.models import ItemKind, Response
from palabre.forms.tests.factories import add_item, form_create
from palabre.notifications.models import Follow, Notification

pytestmark = pytest.mark.django_db
Status = Registration.Status


def register(meeting, person, **kwargs):
    return services.registration_create(meeting=meeting, user=person, **kwargs)


def statuses(meeting) -> list[tuple[int, str]]:
    return list(
        Registration.objects.filter(meeting=meeting)
        .order_by("position")
        .values_list("user_id", "status")
    )


# Seats and the waiting list --------------------------------------------------------------
def test_the_first_people_get_the_seats_and_the_others_wait_in_their_order(meeting, people):
    for person in people[:5]:
        register(meeting, person)
    assert statuses(meeting) == [
        (people[0].pk, Status.CONFIRMED),
        (people[1].pk, Status.CONFIRMED),
        (people[2].pk, Status.CONFIRMED),
        (people[3].pk, Status.WAITING),
        (people[4].pk, Status.WAITING),
    ]
    fifth = Registration.objects.get(user=people[4])
    assert waiting_rank(fifth) == 2


def test_a_meeting_without_a_limit_seats_everyone(component, people):
    meeting = open_meeting(component, capacity=0)
    for person in people:
        register(meeting, person)
    assert {status for _user, status in statuses(meeting)} == {Status.CONFIRMED}


def test_a_cancelled_seat_goes_to_the_first_person_waiting(meeting, people):
    for person in people[:5]:
        register(meeting, person)
    services.registration_cancel(
        user=people[1], registration=Registration.objects.get(user=people[1])
    )
    assert Registration.objects.get(user=people[3]).status == Status.CONFIRMED
    assert Registration.objects.get(user=people[4]).status == Status.WAITING
    assert waiting_rank(Registration.objects.get(user=people[4])) == 1
    assert Registration.objects.get(user=people[1]).status == Status.CANCELLED


def test_cancelling_twice_changes_nothing_more(meeting, people):
    for person in people[:5]:
        register(meeting, person)
    mine = Registration.objects.get(user=people[0])
    services.registration_cancel(user=people[0], registration=mine)
    services.registration_cancel(user=people[0], registration=mine)
    assert Registration.objects.filter(meeting=meeting, status=Status.CONFIRMED).count() == 3
    assert Registration.objects.get(user=people[4]).status == Status.WAITING


def test_nobody_cancels_someone_else_s_registration(meeting, people):
    register(meeting, people[0])
    with pytest.raises(PermissionDenied):
        services.registration_cancel(
            user=people[1], registration=Registration.objects.get(user=people[0])
        )
    assert Registration.objects.get(user=people[0]).status == Status.CONFIRMED


def test_registering_again_after_cancelling_keeps_the_code_and_queues_at_the_end(meeting, people):
    for person in people[:4]:
        register(meeting, person)
    first = Registration.objects.get(user=people[0])
    services.registration_cancel(user=people[0], registration=first)
    again = register(meeting, people[0])
    assert again.pk == first.pk and again.code == first.code
    assert again.status == Status.WAITING
    assert again.position > Registration.objects.get(user=people[3]).position


def test_one_registration_per_person(meeting, people):
    register(meeting, people[0])
    with pytest.raises(services.AlreadyRegistered):
        register(meeting, people[0])
    assert Registration.objects.filter(meeting=meeting).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(meeting=meeting, user=people[0], code="ABCDEFGH")


def test_the_registrant_follows_the_meeting(meeting, people):
    register(meeting, people[0])
    assert Follow.objects.filter(user=people[0], object_id=meeting.pk).count() == 1


# Reserved seats ----------------------------------------------------------------------------
def test_public_registrations_leave_the_reserved_seats_to_staff(component, people, space_admin):
    meeting = open_meeting(component, capacity=4, reserved_seats=2)
    for person in people[:4]:
        register(meeting, person)
    assert [s for _u, s in statuses(meeting)] == [Status.CONFIRMED] * 2 + [Status.WAITING] * 2
    third = Registration.objects.get(user=people[2])
    services.registration_seat_give(actor=space_admin, registration=third)
    third.refresh_from_db()
    assert third.status == Status.CONFIRMED and third.reserved
    services.registration_seat_give(
        actor=space_admin, registration=Registration.objects.get(user=people[3])
    )
    register(meeting, people[4])
    fifth = Registration.objects.get(user=people[4])
    with pytest.raises(ValidationError, match="Every seat is taken"):
        services.registration_seat_give(actor=space_admin, registration=fifth)
    fifth.refresh_from_db()
    assert fifth.status == Status.WAITING and not fifth.reserved


def test_a_reserved_seat_given_up_returns_to_the_reserved_seats(component, people, space_admin):
    meeting = open_meeting(component, capacity=2, reserved_seats=1)
    for person in people[:3]:
        register(meeting, person)
    second = Registration.objects.get(user=people[1])
    services.registration_seat_give(actor=space_admin, registration=second)
    services.registration_cancel(user=people[1], registration=second)
    # The public seat is still taken: the third person keeps waiting.
    assert Registration.objects.get(user=people[2]).status == Status.WAITING


def test_participants_cannot_give_seats(meeting, people):
    for person in people[:4]:
        register(meeting, person)
    with pytest.raises(PermissionDenied):
        services.registration_seat_give(
            actor=people[0], registration=Registration.objects.get(user=people[3])
        )


# Capacity -----------------------------------------------------------------------------------
def test_lowering_the_capacity_below_the_seats_taken_is_refused(meeting, people, space_admin):
    for person in people[:3]:
        register(meeting, person)
    with pytest.raises(ValidationError) as refused:
        services.registration_capacity_set(
            actor=space_admin, meeting=meeting, capacity=2, reserved_seats=0
        )
    assert "3 people already have a seat" in str(refused.value.message_dict["capacity"])
    meeting.refresh_from_db()
    assert meeting.capacity == 3
    assert Registration.objects.filter(status=Status.CONFIRMED).count() == 3


def test_reserved_seats_cannot_squeeze_the_seats_taken(meeting, people, space_admin):
    for person in people[:3]:
        register(meeting, person)
    with pytest.raises(ValidationError, match="at least 4 seats"):
        services.registration_capacity_set(
            actor=space_admin, meeting=meeting, capacity=3, reserved_seats=1
        )
    meeting.refresh_from_db()
    assert (meeting.capacity, meeting.reserved_seats) == (3, 0)


def test_raising_the_capacity_seats_the_people_waiting_in_their_order(meeting, people, space_admin):
    for person in people:
        register(meeting, person)
    services.registration_capacity_set(
        actor=space_admin, meeting=meeting, capacity=5, reserved_seats=0
    )
    assert [s for _u, s in statuses(meeting)] == [Status.CONFIRMED] * 5 + [Status.WAITING]
    assert Registration.objects.get(user=people[5]).status == Status.WAITING


def test_participants_cannot_change_the_capacity(meeting, people):
    with pytest.raises(PermissionDenied):
        services.registration_capacity_set(
            actor=people[0], meeting=meeting, capacity=10, reserved_seats=0
        )


# Codes and the door -------------------------------------------------------------------------
def test_codes_are_eight_unambiguous_characters_unique_in_the_meeting(component, people):
    meeting = open_meeting(component, capacity=0)
    codes = [register(meeting, person).code for person in people]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(REGISTRATION_CODE_ALPHABET)
    assert not set("O0I1L") & set(REGISTRATION_CODE_ALPHABET)


def test_a_code_already_used_in_the_meeting_is_drawn_again(meeting, people, monkeypatch):
    register(meeting, people[0])
    taken = Registration.objects.get(user=people[0]).code
    draws = iter(list(taken) + list("ABCDEFGH"))
    monkeypatch.setattr(services.secrets, "choice", lambda alphabet: next(draws))
    assert register(meeting, people[1]).code == "ABCDEFGH"


def test_a_code_is_validated_at_the_door_once(meeting, people, space_admin):
    registration = register(meeting, people[0])
    spaced = f" {registration.code[:4].lower()}-{registration.code[4:]} "
    validated = services.registration_attend(actor=space_admin, meeting=meeting, code=spaced)
    assert validated.attended_at is not None
    first_time = validated.attended_at
    with pytest.raises(ValidationError, match="already validated"):
        services.registration_attend(actor=space_admin, meeting=meeting, code=registration.code)
    registration.refresh_from_db()
    assert registration.attended_at == first_time


def test_a_code_of_another_meeting_is_refused(component, meeting, people, space_admin):
    other = open_meeting(component, capacity=10)
    registration = register(other, people[0])
    with pytest.raises(ValidationError, match="another meeting"):
        services.registration_attend(actor=space_admin, meeting=meeting, code=registration.code)
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_a_code_of_the_waiting_list_gives_no_seat(meeting, people, space_admin):
    for person in people[:4]:
        register(meeting, person)
    waiting = Registration.objects.get(user=people[3])
    with pytest.raises(ValidationError, match="does not give a seat"):
        services.registration_attend(actor=space_admin, meeting=meeting, code=waiting.code)
    waiting.refresh_from_db()
    assert waiting.attended_at is None


def test_an_unknown_or_malformed_code_is_refused(meeting, space_admin):
    with pytest.raises(ValidationError, match="No registration"):
        services.registration_attend(actor=space_admin, meeting=meeting, code="ABCDEFGH")
    with pytest.raises(ValidationError, match="8 characters"):
        services.registration_attend(actor=space_admin, meeting=meeting, code="ABC")


def test_participants_do_not_validate_codes(meeting, people):
    registration = register(meeting, people[0])
    with pytest.raises(PermissionDenied):
        services.registration_attend(actor=people[1], meeting=meeting, code=registration.code)


# Who may register (a table) -------------------------------------------------------------------
def _participant(organization):
    return UserFactory(organization=organization)


CASES = [
    # (case, meeting fields, who, allowed)
    ("a participant, open meeting", {}, "participant", True),
    ("a visitor, no guests", {}, "visitor", False),
    ("a visitor, guests allowed", {"guests_allowed": True}, "visitor", True),
    ("registrations closed", {"registrations_enabled": False}, "participant", False),
    (
        "registration elsewhere",
        {"registration_type": Meeting.RegistrationType.EXTERNAL},
        "participant",
        False,
    ),
    ("no registration", {"registration_type": Meeting.RegistrationType.NONE}, "participant", False),
    ("unpublished", {"published_at": None}, "participant", False),
    ("withdrawn", {"withdrawn_at": timezone.now()}, "participant", False),
    (
        "started",
        {
            "start_at": timezone.now() - datetime.timedelta(hours=1),
            "end_at": timezone.now() + datetime.timedelta(hours=1),
        },
        "participant",
        False,
    ),
    ("private, not invited", {"private": True}, "participant", False),
    ("private, guests", {"private": True, "guests_allowed": True}, "visitor", False),
]


@pytest.mark.parametrize(("case", "fields", "who", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_who_may_register(component, organization, case, fields, who, allowed):
    meeting = open_meeting(component, capacity=10, **fields)
    person = _participant(organization) if who == "participant" else AnonymousUser()
    assert services.register_check(person, meeting).allowed is allowed
    if who == "participant":
        if allowed:
            register(meeting, person)
        else:
            with pytest.raises(PermissionDenied):
                register(meeting, person)
            assert not Registration.objects.exists()


def test_an_invited_person_registers_for_a_private_meeting(component, organization):
    meeting = open_meeting(component, capacity=10, private=True)
    person = _participant(organization)
    meeting.invitees.add(person)
    assert register(meeting, person).status == Status.CONFIRMED


def test_only_members_register_in_a_private_space(organization):
    from palabre.components.meetings.tests.factories import MeetingsComponentFactory

    private = SpaceFactory(organization=organization, private=True)
    meeting = open_meeting(MeetingsComponentFactory(space=private), capacity=10)
    outsider = _participant(organization)
    with pytest.raises(PermissionDenied):
        register(meeting, outsider)
    member = SpaceMemberFactory(space=private).user
    assert register(meeting, member).status == Status.CONFIRMED


def test_registrations_closed_in_the_phase_are_refused(space, organization):
    from palabre.components.meetings.tests.factories import (
        MeetingsComponentFactory,
        meetings_settings,
    )

    closed = MeetingsComponentFactory(
        space=space, settings=meetings_settings(step={"registrations_enabled": False})
    )
    meeting = open_meeting(closed, capacity=10)
    with pytest.raises(PermissionDenied):
        register(meeting, _participant(organization))


# Terms and the registration form -------------------------------------------------------------
def test_the_terms_must_be_accepted(component, people):
    meeting = open_meeting(component, capacity=5, registration_terms={"fr": "<p>Photos</p>"})
    with pytest.raises(services.AnswersInvalid) as refused:
        register(meeting, people[0], data={})
    assert "terms" in refused.value.field_errors
    assert not Registration.objects.exists()
    assert register(meeting, people[0], data={"accept_terms": "1"}).status == Status.CONFIRMED


def _with_form(component, organization):
    form = form_create(organization, component)
    question = add_item(form, ItemKind.SHORT_ANSWER, "Dietary needs?", mandatory=True)
    meeting = open_meeting(component, capacity=5, registration_form=form)
    return meeting, question


def test_answers_to_the_registration_form_are_checked_and_kept(component, organization, people):
    meeting, question = _with_form(component, organization)
    with pytest.raises(services.AnswersInvalid) as refused:
        register(meeting, people[0], data={})
    assert question.pk in refused.value.submission.errors
    assert not Registration.objects.exists() and not Response.objects.exists()
    registration = register(meeting, people[0], data={question.name: "Vegetarian"})
    assert registration.response.answers.get().text == "Vegetarian"


# Guests ------------------------------------------------------------------------------------------
def _guest(meeting, email="camille@example.net", name="Camille", **kwargs):
    return services.guest_register(
        meeting=meeting, name=name, email=email, address="192.0.2.1", **kwargs
    )


def test_a_guest_confirms_by_the_emailed_link_and_gets_a_seat(component):
    meeting = open_meeting(component, capacity=1, guests_allowed=True)
    registration = _guest(meeting, email="Camille@Example.net")
    assert registration.status == Status.PENDING
    assert registration.guest_email == "camille@example.net"
    token = services.guest_token(registration, services.GUEST_CONFIRM_SALT)
    found = services.guest_registration_of(token, services.GUEST_CONFIRM_SALT)
    assert found.pk == registration.pk
    confirmed = services.guest_confirm(registration=found)
    assert confirmed.status == Status.CONFIRMED
    assert services.guest_confirm(registration=found).status == Status.CONFIRMED
    assert not User.objects.filter(email__iexact="camille@example.net").exists()


def test_a_guest_link_altered_or_of_the_other_kind_leads_nowhere(component):
    meeting = open_meeting(component, capacity=1, guests_allowed=True)
    registration = _guest(meeting)
    token = services.guest_token(registration, services.GUEST_CONFIRM_SALT)
    assert services.guest_registration_of(token + "x", services.GUEST_CONFIRM_SALT) is None
    assert services.guest_registration_of(token, services.GUEST_CANCEL_SALT) is None


def test_guests_queue_when_they_confirm_and_cancel_from_their_email(component, people):
    meeting = open_meeting(component, capacity=1, guests_allowed=True)
    first = _guest(meeting, email="a@example.net")
    second = _guest(meeting, email="b@example.net")
    services.guest_confirm(registration=second)
    services.guest_confirm(registration=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.status, first.status) == (Status.CONFIRMED, Status.WAITING)
    cancel = services.guest_registration_of(
        services.guest_token(second, services.GUEST_CANCEL_SALT), services.GUEST_CANCEL_SALT
    )
    services.guest_cancel(registration=cancel)
    first.refresh_from_db()
    assert first.status == Status.CONFIRMED


def test_registering_the_same_address_again_makes_no_second_registration(component):
    meeting = open_meeting(component, capacity=5, guests_allowed=True)
    first = _guest(meeting)
    services.guest_confirm(registration=first)
    again = _guest(meeting, email="CAMILLE@example.net", name="Someone else")
    assert again.pk == first.pk
    assert Registration.objects.filter(meeting=meeting).count() == 1
    first.refresh_from_db()
    assert first.guest_name == "Camille" and first.status == Status.CONFIRMED


def test_guests_give_a_name_and_a_valid_address(component):
    meeting = open_meeting(component, capacity=5, guests_allowed=True)
    with pytest.raises(services.AnswersInvalid) as refused:
        _guest(meeting, email="not-an-address", name=" ")
    assert set(refused.value.field_errors) == {"name", "email"}
    assert not Registration.objects.exists()


def test_guests_are_refused_where_the_meeting_does_not_allow_them(meeting):
    with pytest.raises(PermissionDenied):
        _guest(meeting)
    assert not Registration.objects.exists()


def test_guest_registrations_are_limited_per_connection_and_per_address(component):
    meeting = open_meeting(component, capacity=50, guests_allowed=True)
    for _attempt in range(services.GUEST_LIMIT_PER_EMAIL):
        _guest(meeting, email="same@example.net")
    with pytest.raises(ValidationError, match="Too many registrations"):
        _guest(meeting, email="same@example.net")
    for number in range(services.GUEST_LIMIT_PER_CONNECTION - services.GUEST_LIMIT_PER_EMAIL):
        _guest(meeting, email=f"guest{number}@example.net")
    with pytest.raises(ValidationError, match="Too many registrations"):
        _guest(meeting, email="fresh@example.net")
    assert not Registration.objects.filter(guest_email="fresh@example.net").exists()


def test_an_invitation_gives_a_guest_a_reserved_seat_without_confirming(component, people):
    meeting = open_meeting(component, capacity=2, reserved_seats=1)
    register(meeting, people[0])
    token = services.invitation_token(meeting, "mayor@example.net")
    registration = _guest(meeting, email="mayor@example.net", invitation=token)
    assert registration.status == Status.CONFIRMED and registration.reserved
    # The invitation is for that address only.
    with pytest.raises(PermissionDenied):
        _guest(meeting, email="someone@example.net", invitation=token)


def test_an_invitation_to_another_meeting_gives_nothing(component, meeting):
    other = open_meeting(component, capacity=2)
    token = services.invitation_token(other, "mayor@example.net")
    assert services.invitation_email_of(meeting, token) == ""
    assert services.invitation_email_of(other, token) == "mayor@example.net"


# Organizers told at 50, 80, 100 % -----------------------------------------------------------------
def test_organizers_are_told_of_each_threshold_once(component, people, space_admin):
    meeting = open_meeting(component, capacity=5)
    register(meeting, people[0])
    register(meeting, people[1])
    assert not RegistrationThreshold.objects.exists()
    register(meeting, people[2])  # 60 %
    assert set(RegistrationThreshold.objects.values_list("percent", flat=True)) == {50}
    services.registration_cancel(
        user=people[2], registration=Registration.objects.get(user=people[2])
    )
    register(meeting, people[2])  # 60 % again: told already
    register(meeting, people[3])  # 80 %
    register(meeting, people[4])  # 100 %
    register(meeting, people[5])  # waiting
    assert sorted(RegistrationThreshold.objects.values_list("percent", flat=True)) == [50, 80, 100]
    told = Notification.objects.filter(
        recipient=space_admin, event=services.THRESHOLD_EVENT, object_id=meeting.pk
    )
    assert sorted(n.data["percent"] for n in told) == [50, 80, 100]


# Reminders --------------------------------------------------------------------------------------
def test_people_with_a_seat_are_reminded_the_day_before_once(component, people):
    now = timezone.now()
    tomorrow = open_meeting(
        component,
        capacity=1,
        start_at=now + datetime.timedelta(hours=20),
        end_at=now + datetime.timedelta(hours=22),
    )
    later = open_meeting(component, capacity=5)
    register(tomorrow, people[0])
    register(tomorrow, people[1])  # waiting: not reminded
    register(later, people[2])
    assert services.registrations_remind(now=now) == 1
    assert services.registrations_remind(now=now) == 0
    assert list(
        Registration.objects.filter(reminded_at__isnull=False).values_list("user", flat=True)
    ) == [people[0].pk]


def test_the_reminder_command_and_its_emails(
    component, people, django_capture_on_commit_callbacks, mailoutbox
):
    from django.core.management import call_command

    now = timezone.now()
    tomorrow = open_meeting(
        component,
        capacity=5,
        start_at=now + datetime.timedelta(hours=10),
        end_at=now + datetime.timedelta(hours=12),
    )
    people[0].locale = "en"
    people[0].save(update_fields=["locale"])
    registration = register(tomorrow, people[0])
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("meetings_remind", stdout=out)
    assert "1 registrant(s) reminded" in out.getvalue()
    [email] = mailoutbox
    assert email.subject.endswith("Tomorrow: “Park workshop”")
    assert registration.code in email.body and email.attachments
    with django_capture_on_commit_callbacks(execute=True):
        call_command("meetings_remind", stdout=io.StringIO())
    assert len(mailoutbox) == 1


def test_a_meeting_edited_with_more_seats_seats_the_people_waiting(meeting, people):
    """What `meeting_update` asks before saving new seats, the meeting locked."""
    for person in people[:5]:
        register(meeting, person)
    with pytest.raises(ValidationError, match="3 people already have a seat"):
        services.check_capacity_change(meeting=meeting, capacity=2, reserved_seats=0)
    services.check_capacity_change(meeting=meeting, capacity=4, reserved_seats=0)
    assert [s for _u, s in statuses(meeting)] == [Status.CONFIRMED] * 4 + [Status.WAITING]
    assert Registration.objects.get(user=people[3]).status == Status.CONFIRMED


def test_a_deleted_account_gives_its_seat_to_the_first_person_waiting(meeting, people):
    from palabre.accounts.services import user_delete_account

    for person in people[:4]:
        register(meeting, person)
    user_delete_account(actor=people[0], user=people[0])
    assert Registration.objects.get(user=people[0]).status == Status.CANCELLED
    assert Registration.objects.get(user=people[3]).status == Status.CONFIRMED
