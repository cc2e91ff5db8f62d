"""Registration pages as people use them: registering with the form (signed in, as a
guest), the code and the `.ics` by email, one's registration, guests' links, the
backoffice list, the door, invitations and exports; privacy and query counts."""

import csv
import io
import re
import time

import icalendar
import pytest
from django.test import Client

from palabre.components.meetings import registrations as services
from palabre.components.meetings.models import Registration
from palabre.components.meetings.tests.factories import MeetingsComponentFactory
from palabre.components.meetings.tests.registrations.helpers import open_meeting
from palabre.core.components import component_admin_url, component_url
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import (
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)
from palabre.forms.models import ItemKind
from palabre.forms.tests.factories import add_item, form_create

pytestmark = pytest.mark.django_db
Status = Registration.Status


def url(meeting, name, **kwargs):
    return component_url(meeting.component, name, pk=meeting.pk, **kwargs)


def admin_url(meeting, name, **kwargs):
    return component_admin_url(meeting.component, name, pk=meeting.pk, **kwargs)


@pytest.fixture
def staff(space_admin, signed_in):
    return signed_in(space_admin)


# Registering ---------------------------------------------------------------------------------
def test_a_participant_registers_and_receives_the_code_and_the_ics(
    meeting, people, signed_in, django_capture_on_commit_callbacks, mailoutbox
):
    browser = signed_in(people[0])
    assert browser.get(url(meeting, "registration_new")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url(meeting, "registration_new"), {})
    assert response.status_code == 302 and response["Location"] == url(meeting, "registration_mine")
    registration = Registration.objects.get(user=people[0])
    page = browser.get(url(meeting, "registration_mine")).content.decode()
    assert registration.code in page and "You have a seat." in page
    [email] = mailoutbox
    assert registration.code in email.body and registration.code in email.subject
    [(name, content, mimetype)] = email.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    assert len(calendar.walk("VEVENT")) == 1
    # Registered already: the form leads to the registration.
    assert browser.get(url(meeting, "registration_new"))["Location"] == url(
        meeting, "registration_mine"
    )


def test_the_emails_are_in_the_person_s_language(
    meeting, organization, signed_in, django_capture_on_commit_callbacks, mailoutbox
):
    person = UserFactory(organization=organization, locale="fr")
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(person).post(url(meeting, "registration_new"), {})
    assert "Votre place" in mailoutbox[0].subject


def test_a_full_meeting_puts_people_on_the_waiting_list_and_says_so(
    meeting, people, signed_in, django_capture_on_commit_callbacks, mailoutbox
):
    for person in people[:3]:
        services.registration_create(meeting=meeting, user=person)
    browser = signed_in(people[3])
    page = browser.get(meeting.get_absolute_url())
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(url(meeting, "registration_new"), {})
    text = browser.get(url(meeting, "registration_mine")).content.decode()
    assert "waiting list: number 1" in text
    assert "waiting list" in mailoutbox[-1].subject
    assert not mailoutbox[-1].attachments


def test_cancelling_from_the_page_gives_the_seat_to_the_first_person_waiting(
    meeting, people, signed_in, django_capture_on_commit_callbacks, mailoutbox
):
    for person in people[:4]:
        services.registration_create(meeting=meeting, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(people[0]).post(url(meeting, "registration_cancel"))
    assert response.status_code == 302
    assert Registration.objects.get(user=people[3]).status == Status.CONFIRMED
    [email] = mailoutbox
    assert email.to == [people[3].email] and "freed up" in email.subject
    assert email.attachments


def test_wrong_answers_come_back_with_their_errors_and_nothing_saved(
    component, organization, people, signed_in
):
    form = form_create(organization, component)
    question = add_item(form, ItemKind.SHORT_ANSWER, "Dietary needs?", mandatory=True)
    meeting = open_meeting(
        component, capacity=5, registration_form=form, registration_terms={"en": "<p>Ok</p>"}
    )
    browser = signed_in(people[0])
    response = browser.post(url(meeting, "registration_new"), {})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nothing was saved" in text and "Dietary needs?" in text
    assert not Registration.objects.exists()
    response = browser.post(
        url(meeting, "registration_new"), {question.name: "None", "accept_terms": "1"}
    )
    assert response.status_code == 302
    assert Registration.objects.get().response.answers.get().text == "None"


def test_visitors_are_asked_to_sign_in_unless_guests_are_welcome(meeting, client):
    page = client.get(url(meeting, "registration_new")).content.decode()
    assert "Sign in to register" in page and 'name="email"' not in page
    assert client.post(url(meeting, "registration_new"), {}).status_code == 403
    assert not Registration.objects.exists()


# Guests ------------------------------------------------------------------------------------------
def _link(text: str, name: str) -> str:
    return re.search(rf"https?://testserver(/\S*/registrations/{name}/\S+/)", text).group(1)


def test_a_guest_registers_confirms_and_cancels_from_the_emails(
    component, client, django_capture_on_commit_callbacks, mailoutbox
):
    meeting = open_meeting(component, capacity=2, guests_allowed=True)
    page = client.get(url(meeting, "registration_new")).content.decode()
    assert 'name="email"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(meeting, "registration_new"), {"name": "Camille", "email": "camille@example.net"}
        )
    assert response.status_code == 200 and "Check your email" in response.content.decode()
    [confirm] = mailoutbox
    registration = Registration.objects.get()
    assert registration.status == Status.PENDING and registration.code not in confirm.body
    confirm_path = _link(confirm.body, "confirm")
    # Opening the link changes nothing: the button does.
    assert client.get(confirm_path).status_code == 200
    assert Registration.objects.get().status == Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(confirm_path).content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED and registration.code in page
    seat_email = mailoutbox[1]
    assert registration.code in seat_email.body and seat_email.attachments
    cancel_path = _link(seat_email.body, "cancel")
    client.post(cancel_path)
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED


def test_a_forged_guest_link_is_not_found(component, client):
    meeting = open_meeting(component, capacity=2, guests_allowed=True)
    services.guest_register(meeting=meeting, name="Camille", email="camille@example.net")
    path = component_url(meeting.component, "registration_guest_cancel", token="forged:token")
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert Registration.objects.get().status == Status.PENDING


def test_too_many_guest_registrations_from_one_connection_are_refused(component, client):
    meeting = open_meeting(component, capacity=50, guests_allowed=True)
    for number in range(services.GUEST_LIMIT_PER_CONNECTION):
        client.post(
            url(meeting, "registration_new"),
            {"name": "Robot", "email": f"robot{number}@example.net"},
        )
    response = client.post(
        url(meeting, "registration_new"), {"name": "Robot", "email": "late@example.net"}
    )
    assert response.status_code == 429
    assert not Registration.objects.filter(guest_email="late@example.net").exists()


# The participant's space ---------------------------------------------------------------------
def test_my_registrations_list_the_codes(meeting, people, signed_in):
    registration = services.registration_create(meeting=meeting, user=people[0])
    page = (
        signed_in(people[0])
        .get(component_url(meeting.component, "registrations_mine"))
        .content.decode()
    )
    assert registration.code in page
    assert (
        registration.code
        not in signed_in(people[1])
        .get(component_url(meeting.component, "registrations_mine"))
        .content.decode()
    )


# Backoffice -------------------------------------------------------------------------------------
def test_the_list_filters_by_status_in_a_constant_number_of_queries(
    component, organization, staff, django_assert_max_num_queries
):
    meeting = open_meeting(component, capacity=3)
    for person in UserFactory.create_batch(5, organization=organization):
        services.registration_create(meeting=meeting, user=person)
    services.guest_register(
        meeting=open_meeting(component, capacity=1, guests_allowed=True),
        name="Guest",
        email="g@example.net",
    )
    staff.get(admin_url(meeting, "registrations"))  # warms what each request loads once
    with django_assert_max_num_queries(30) as few:
        staff.get(admin_url(meeting, "registrations"))
    for person in UserFactory.create_batch(25, organization=organization):
        services.registration_create(meeting=meeting, user=person)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff.get(admin_url(meeting, "registrations"))
    assert response.status_code == 200
    waiting = staff.get(admin_url(meeting, "registrations") + "?status=waiting").content.decode()
    confirmed = Registration.objects.filter(meeting=meeting, status=Status.CONFIRMED).first()
    assert confirmed.code not in waiting
    assert (
        Registration.objects.filter(meeting=meeting, status=Status.WAITING).first().code in waiting
    )


def test_staff_give_a_seat_and_validate_codes_at_the_door(component, people, staff):
    meeting = open_meeting(component, capacity=2, reserved_seats=1)
    for person in people[:2]:
        services.registration_create(meeting=meeting, user=person)
    waiting = Registration.objects.get(user=people[1])
    staff.post(admin_url(meeting, "registration_seat_give", registration_pk=waiting.pk))
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED and waiting.reserved
    door = admin_url(meeting, "registrations_door")
    assert staff.get(door).status_code == 200
    response = staff.post(door, {"code": waiting.code.lower()})
    assert response.status_code == 200 and "validated" in response.content.decode()
    again = staff.post(door, {"code": waiting.code})
    assert again.status_code == 400 and "already validated" in again.content.decode()
    assert ActionLog.objects.filter(action="registration_attend").count() == 1


def test_the_door_refuses_a_code_of_another_meeting_clearly(component, people, staff):
    meeting = open_meeting(component, capacity=2)
    other = open_meeting(component, capacity=2)
    registration = services.registration_create(meeting=other, user=people[0])
    response = staff.post(admin_url(meeting, "registrations_door"), {"code": registration.code})
    assert response.status_code == 400
    assert "another meeting" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended_at is None


def test_lowering_the_seats_below_those_taken_says_why(component, people, staff):
    meeting = open_meeting(component, capacity=3)
    for person in people[:3]:
        services.registration_create(meeting=meeting, user=person)
    response = staff.post(
        admin_url(meeting, "registrations_capacity"),
        {"capacity": "2", "reserved_seats": "0"},
        follow=True,
    )
    assert "3 people already have a seat" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.capacity == 3


def test_invitations_are_emailed_with_their_link(
    meeting, staff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            admin_url(meeting, "registrations_invite"),
            {"emails": "mayor@example.net\nclerk@example.net"},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["clerk@example.net", "mayor@example.net"]
    assert "?invitation=" in mailoutbox[0].body
    wrong = staff.post(admin_url(meeting, "registrations_invite"), {"emails": "nope"})
    assert wrong.status_code == 400 and "not valid" in wrong.content.decode()


def test_the_export_has_the_form_answers_and_is_for_staff_only(
    component, organization, people, staff, signed_in
):
    form = form_create(organization, component)
    question = add_item(form, ItemKind.SHORT_ANSWER, "Dietary needs?")
    meeting = open_meeting(component, capacity=5, registration_form=form)
    registration = services.registration_create(
        meeting=meeting, user=people[0], data={question.name: "Vegan"}
    )
    response = staff.get(admin_url(meeting, "registrations_export_csv"))
    assert response.status_code == 200
    [row] = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert row["code"] == registration.code and row["1. Dietary needs?"] == "Vegan"
    assert row["email"] == people[0].email
    xlsx = staff.get(admin_url(meeting, "registrations_export_xlsx"))
    assert xlsx.status_code == 200
    assert ActionLog.objects.filter(action="registrations_export").count() == 2
    # Participants never reach it.
    assert signed_in(people[0]).get(admin_url(meeting, "registrations_export_csv")).status_code in (
        302,
        403,
        404,
    )


def test_collaborators_read_the_list_but_do_not_export(component, space, meeting, signed_in):
    collaborator = with_two_factor(
        SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user
    )
    browser = signed_in(collaborator)
    assert browser.get(admin_url(meeting, "registrations")).status_code == 200
    assert browser.get(admin_url(meeting, "registrations_export_csv")).status_code == 403


def test_an_export_asks_for_the_second_factor_again_when_it_is_old(meeting, space_admin):
    from palabre.accounts.tests.signing_in import (
        pass_second_factor,
        sign_in_without_second_factor,
    )

    browser = sign_in_without_second_factor(Client(headers={"accept-language": "en"}), space_admin)
    pass_second_factor(browser, space_admin, at=time.time() - 31 * 60)
    response = browser.get(admin_url(meeting, "registrations_export_csv"))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not ActionLog.objects.filter(action="registrations_export").exists()


# Privacy ------------------------------------------------------------------------------------------
def test_registrations_of_a_private_space_are_invisible_to_outsiders(
    organization, people, signed_in, client
):
    private = SpaceFactory(organization=organization, private=True)
    meeting = open_meeting(MeetingsComponentFactory(space=private), capacity=5)
    outsider = signed_in(people[1])
    for browser in (client, outsider):
        for name in ("registration_new", "registration_mine"):
            assert browser.get(url(meeting, name)).status_code in (302, 404)
    assert not Registration.objects.exists()


def test_a_private_meeting_s_registration_pages_are_not_found_for_people_not_invited(
    component, people, signed_in
):
    meeting = open_meeting(component, capacity=5, private=True)
    assert signed_in(people[0]).get(url(meeting, "registration_new")).status_code == 404


def test_answers_to_a_registration_form_are_for_staff_only(
    component, organization, people, space_admin
):
    from palabre.core.permissions import can

    form = form_create(organization, component)
    question = add_item(form, ItemKind.SHORT_ANSWER, "Dietary needs?")
    meeting = open_meeting(component, capacity=5, registration_form=form)
    registration = services.registration_create(
        meeting=meeting, user=people[0], data={question.name: "Vegan"}
    )
    answer = registration.response.answers.get()
    assert can(space_admin, "view", answer)
    assert not can(people[0], "view", answer)
    assert not can(people[1], "view", answer)


def test_my_registrations_in_every_space_on_one_page(space, organization, people, signed_in):
    first = open_meeting(MeetingsComponentFactory(space=space), capacity=5)
    other_space = SpaceFactory(organization=organization)
    second = open_meeting(MeetingsComponentFactory(space=other_space), capacity=5)
    codes = [
        services.registration_create(meeting=meeting, user=people[0]).code
        for meeting in (first, second)
    ]
    page = signed_in(people[0]).get("/meetings/registrations/").content.decode()
    assert all(code in page for code in codes)
    someone_else = signed_in(people[1]).get("/meetings/registrations/").content.decode()
    assert not any(code in someone_else for code in codes)
    assert Client().get("/meetings/registrations/").status_code == 302


def test_staff_give_a_meeting_the_questions_of_a_template(component, organization, people, staff):
    template = form_create(organization, None, is_template=True, title={"fr": "Repas"})
    add_item(template, ItemKind.SHORT_ANSWER, "Dietary needs?", mandatory=True)
    meeting = open_meeting(component, capacity=5)
    page = admin_url(meeting, "registrations_form")
    assert "Repas" in staff.get(page).content.decode()
    assert staff.post(page, {"source": template.pk}).status_code == 302
    meeting.refresh_from_db()
    [question] = meeting.registration_form.items.all()
    assert question.body["en"] == "Dietary needs?"
    services.registration_create(meeting=meeting, user=people[0], data={question.name: "No"})
    # Answered: the questions stay as they were asked.
    refused = staff.post(page, {"remove": "1"})
    assert refused.status_code == 400 and "answers" in refused.content.decode()
    refused = staff.post(page, {"source": template.pk})
    assert refused.status_code == 400
    meeting.refresh_from_db()
    assert meeting.registration_form.items.count() == 1


def test_an_unanswered_registration_form_can_be_removed(component, organization, staff):
    template = form_create(organization, None, is_template=True, title={"fr": "Repas"})
    add_item(template, ItemKind.SHORT_ANSWER, "Dietary needs?")
    meeting = open_meeting(component, capacity=5)
    staff.post(admin_url(meeting, "registrations_form"), {"source": template.pk})
    staff.post(admin_url(meeting, "registrations_form"), {"remove": "1"})
    meeting.refresh_from_db()
    assert meeting.registration_form is None
    assert ActionLog.objects.filter(action="registration_form_remove").count() == 1


def test_my_registrations_page_reads_a_constant_number_of_queries(
    component, people, signed_in, django_assert_max_num_queries
):
    browser = signed_in(people[0])

    def register_for(count):
        for _number in range(count):
            meeting = open_meeting(component, capacity=5, private=True)
            meeting.invitees.add(people[0])
            services.registration_create(meeting=meeting, user=people[0])

    pages = ["/meetings/registrations/", component_url(component, "registrations_mine")]
    register_for(2)
    counts = []
    for path in pages:
        browser.get(path)
        with django_assert_max_num_queries(40) as few:
            browser.get(path)
        counts.append(len(few.captured_queries))
    register_for(6)
    for path, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            page = browser.get(path)
        assert page.content.decode().count("<code>") == 8
