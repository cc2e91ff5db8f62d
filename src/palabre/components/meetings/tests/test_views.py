"""Public pages of meetings: lists with their filters, the map, a meeting's page (agenda,
online link shown only to whom and when the organizer chose), participants' forms, the
directory; private meetings absent from every surface for others; calendars parsed back
with icalendar; query counts that do not grow."""

import datetime

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from palabre.components.meetings.models import (
    Meeting,
    MeetingCategory,
    MeetingScope,
    Registration,
)
from palabre.components.meetings.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MeetingKindFactory,
    MeetingsComponentFactory,
    meetings_settings,
)
from palabre.core.components import component_url
from palabre.core.tests.factories import SpaceFactory, UserFactory

pytestmark = pytest.mark.django_db


def visitor() -> Client:
    return Client(headers={"accept-language": "en"})


def titles(response) -> list[str]:
    return [str(meeting) for meeting in response.context["page"].object_list]


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


# Lists and filters ---------------------------------------------------------------------------
def test_upcoming_first_then_past_latest_first(component):
    MeetingFactory(component=component, title={"fr": "Plus tard"}, start_at=in_days(9))
    MeetingFactory(component=component, title={"fr": "Bientôt"}, start_at=in_days(2))
    MeetingFactory(component=component, title={"fr": "Hier"}, start_at=in_days(-1))
    MeetingFactory(component=component, title={"fr": "Avant-hier"}, start_at=in_days(-2))
    MeetingFactory(component=component, title={"fr": "Brouillon"}, published_at=None)
    url = component.get_absolute_url()
    assert titles(visitor().get(url)) == ["Bientôt", "Plus tard"]
    assert titles(visitor().get(url, {"when": "past"})) == ["Hier", "Avant-hier"]


def test_filters_by_type_kind_category_scope_and_dates(component, organization):
    kind = MeetingKindFactory(organization=organization)
    category = MeetingCategory.objects.create(component=component, name={"fr": "Mobilité"})
    MeetingFactory(
        component=component,
        title={"fr": "Atelier vélo"},
        kind=kind,
        category=category,
        start_at=in_days(3),
    )
    MeetingFactory(
        component=component,
        title={"fr": "Visio"},
        type_of_meeting="online",
        online_url="https://visio.example.org/x",
        start_at=in_days(20),
    )
    url = component.get_absolute_url()
    assert titles(visitor().get(url, {"type": "online"})) == ["Visio"]
    assert titles(visitor().get(url, {"kind": kind.pk})) == ["Atelier vélo"]
    assert titles(visitor().get(url, {"category": category.pk})) == ["Atelier vélo"]
    until = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert titles(visitor().get(url, {"date_to": until})) == ["Atelier vélo"]
    since = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert titles(visitor().get(url, {"date_from": since})) == ["Visio"]
    # A date that means nothing is said, and not used.
    response = visitor().get(url, {"date_from": "demain"})
    assert titles(response) == ["Atelier vélo", "Visio"]
    assert "A date was not understood" in response.content.decode()


def test_my_meetings_are_those_i_organize_am_invited_to_or_registered_for(
    component, participant, signed_in
):
    MeetingFactory(component=component, title={"fr": "Autre"})
    MeetingFactory(component=component, title={"fr": "La mienne"}, author=participant)
    registered = MeetingFactory(component=component, title={"fr": "Inscrit"})
    Registration.objects.create(meeting=registered, user=participant, code="ABCDEFGH")
    invited = MeetingFactory(component=component, title={"fr": "Invité"}, private=True)
    invited.invitees.add(participant)
    response = signed_in(participant).get(component.get_absolute_url(), {"mine": "1"})
    assert sorted(titles(response)) == ["Inscrit", "Invité", "La mienne"]


def test_lists_carry_their_calendar_in_the_head(component, meeting):
    for url in (component.get_absolute_url(), "/meetings/", meeting.get_absolute_url()):
        page = visitor().get(url).content.decode()
        head = page.split("</head>")[0]
        assert 'rel="alternate" type="text/calendar"' in head, url


# Privacy on every surface --------------------------------------------------------------------
@pytest.fixture
def private_meeting(component, participant):
    meeting = MeetingFactory(component=component, title={"fr": "Huis clos"}, private=True)
    meeting.invitees.add(participant)
    return meeting


def _surfaces(client, component) -> str:
    """Everything a person may read about the component's meetings, as one text."""
    texts = [
        client.get(component.get_absolute_url()).content.decode(),
        client.get(component.get_absolute_url(), {"when": "all"}).content.decode(),
        client.get(component_url(component, "map")).content.decode(),
        client.get(component_url(component, "map_json")).content.decode(),
        client.get(component_url(component, "calendar")).content.decode(),
        client.get("/meetings/").content.decode(),
        client.get("/meetings/calendar.ics").content.decode(),
        client.get("/sitemap.xml").content.decode(),
    ]
    return "\n".join(texts)


def test_a_private_meeting_is_for_the_people_invited(
    component, private_meeting, participant, signed_in, organization
):
    stranger = UserFactory(organization=organization)
    for client in (visitor(), signed_in(stranger)):
        assert "Huis clos" not in _surfaces(client, component)
        assert client.get(private_meeting.get_absolute_url()).status_code == 404
        assert (
            client.get(
                component_url(component, "meeting_calendar", pk=private_meeting.pk)
            ).status_code
            == 404
        )
    invited = signed_in(participant)
    assert "Huis clos" in invited.get(component.get_absolute_url()).content.decode()
    assert "Huis clos" in invited.get("/meetings/").content.decode()
    assert "Huis clos" in invited.get(component_url(component, "calendar")).content.decode()
    assert invited.get(private_meeting.get_absolute_url()).status_code == 200
    # Never in what the sitemap and public exports hold, even for the people invited.
    from palabre.components.meetings.component import export_rows, sitemap

    assert private_meeting.get_absolute_url() not in list(sitemap([component]))
    assert "Huis clos" not in str(list(export_rows(component)))


def test_a_transparent_meeting_is_readable_but_stays_out_of_lists(
    component, private_meeting, organization, signed_in
):
    private_meeting.transparent = True
    private_meeting.save()
    stranger = UserFactory(organization=organization)
    client = signed_in(stranger)
    page = client.get(private_meeting.get_absolute_url())
    assert page.status_code == 200
    assert "only the people invited take part" in page.content.decode()
    assert "Huis clos" not in _surfaces(client, component)
    from palabre.core.permissions import can

    assert not can(stranger, "comment", private_meeting)
    assert not can(stranger, "register", private_meeting)


def test_meetings_of_a_private_space_are_nowhere_for_others(private_space, member, signed_in):
    component = MeetingsComponentFactory(space=private_space)
    meeting = MeetingFactory(component=component, title={"fr": "Réunion des membres"})
    outsider = UserFactory(organization=private_space.organization)
    for client in (visitor(), signed_in(outsider)):
        assert "Réunion des membres" not in client.get("/meetings/").content.decode()
        assert "Réunion des membres" not in client.get("/meetings/calendar.ics").content.decode()
        assert client.get(meeting.get_absolute_url()).status_code == 404
    assert "Réunion des membres" in signed_in(member).get("/meetings/").content.decode()


def test_a_hidden_meeting_leaves_the_lists(component, meeting):
    from django.contrib.contenttypes.models import ContentType

    from palabre.moderation.models import Moderation

    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(meeting),
        object_id=meeting.pk,
        space=component.space,
        hidden_at=timezone.now(),
    )
    assert str(meeting) not in visitor().get(component.get_absolute_url()).content.decode()
    assert visitor().get(meeting.get_absolute_url()).status_code == 404


# A meeting's page ----------------------------------------------------------------------------
def test_the_page_shows_the_agenda_address_and_reference(meeting):
    parent = AgendaItemFactory(meeting=meeting, title={"fr": "Ateliers"}, duration_minutes=60)
    AgendaItemFactory(meeting=meeting, parent=parent, title={"fr": "Mobilité"})
    page = visitor().get(meeting.get_absolute_url()).content.decode()
    assert "Ateliers" in page and "Mobilité" in page
    assert meeting.address in page and meeting.reference in page
    assert 'data-points="meeting-point"' in page


ONLINE = {
    "type_of_meeting": "online",
    "online_url": "https://visio.example.org/secret-room",
    "address": "",
}


@pytest.mark.parametrize(
    ("visibility", "who", "starts_in_minutes", "shown"),
    [
        ("everyone", "visitor", 10, True),
        ("everyone", "visitor", 30, False),  # too early: 15 minutes before by default
        ("everyone", "visitor", -200, False),  # over
        ("signed_in", "visitor", 5, False),
        ("signed_in", "participant", 5, True),
        ("registered", "participant", 5, False),
        ("registered", "registered", 5, True),
        ("registered", "registered", 60, False),
        ("registered", "staff", 600, True),
        ("registered", "organizer", 600, True),
    ],
)
def test_the_online_link_is_shown_as_the_organizer_chose(
    component, participant, space_admin, signed_in, visibility, who, starts_in_minutes, shown
):
    organizer = UserFactory(organization=component.space.organization)
    start = timezone.now() + datetime.timedelta(minutes=starts_in_minutes)
    meeting = MeetingFactory(
        component=component,
        online_visibility=visibility,
        start_at=start,
        end_at=start + datetime.timedelta(hours=2),
        author=organizer,
        **ONLINE,
    )
    if who == "registered":
        Registration.objects.create(meeting=meeting, user=participant, code="ABCDEFGH")
    client = {
        "visitor": visitor(),
        "participant": signed_in(participant),
        "registered": signed_in(participant),
        "staff": signed_in(space_admin),
        "organizer": signed_in(organizer),
    }[who]
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert ("secret-room" in page) is shown
    # Calendars never carry the link.
    assert "secret-room" not in client.get(component_url(component, "calendar")).content.decode()


def test_a_withdrawn_meeting_says_so(meeting):
    meeting.withdrawn_at = timezone.now()
    meeting.save()
    page = visitor().get(meeting.get_absolute_url()).content.decode()
    assert "This meeting was withdrawn" in page


# Participants' forms -------------------------------------------------------------------------
def _form_data(**overrides):
    start = timezone.localtime(in_days(5)).strftime("%Y-%m-%dT18:00")
    end = timezone.localtime(in_days(5)).strftime("%Y-%m-%dT20:00")
    data = {
        "title_fr": "Apéro du quartier",
        "description_fr": "<p>Venez</p>",
        "type_of_meeting": "in_person",
        "address": "3 rue Lenepveu",
        "start_at": start,
        "end_at": end,
        "online_visibility": "everyone",
        "registration_type": "none",
    }
    data.update(overrides)
    return data


def test_a_participant_organizes_edits_and_withdraws_a_meeting(component, participant, signed_in):
    client = signed_in(participant)
    response = client.post(component_url(component, "new"), _form_data())
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.author == participant and meeting.start_at.astimezone().hour in (17, 18, 19)
    response = client.post(
        component_url(component, "meeting_edit", pk=meeting.pk), _form_data(title_fr="Mieux")
    )
    assert response.status_code == 302
    agenda = {
        "rows": "2",
        "item-0-title-fr": "Accueil",
        "item-0-duration": "30",
        "item-1-title-fr": "Tour de table",
        "item-1-duration": "20",
        "item-1-sub": "1",
    }
    assert (
        client.post(component_url(component, "agenda_edit", pk=meeting.pk), agenda).status_code
        == 302
    )
    assert [str(i) for i in meeting.agenda_items.all()] == ["Accueil", "Tour de table"]
    client.post(component_url(component, "withdraw", pk=meeting.pk))
    meeting.refresh_from_db()
    assert str(meeting) == "Mieux" and meeting.is_withdrawn


def test_the_form_says_what_is_wrong_and_saves_nothing(component, participant, signed_in):
    client = signed_in(participant)
    response = client.post(
        component_url(component, "new"),
        _form_data(address="", end_at=_form_data()["start_at"]),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "A meeting in person needs an address." in page
    assert "The meeting must end after it starts." in page
    assert not Meeting.objects.exists()


def test_an_agenda_too_long_is_refused_with_its_reason(meeting, signed_in, participant):
    meeting.author = participant
    meeting.save()
    response = signed_in(participant).post(
        component_url(meeting.component, "agenda_edit", pk=meeting.pk),
        {"rows": "1", "item-0-title-fr": "Tout", "item-0-duration": "500"},
    )
    assert response.status_code == 200
    assert "more than the meeting (120 minutes)" in response.content.decode()
    assert not meeting.agenda_items.exists()


@pytest.mark.parametrize(
    ("who", "creation_enabled", "new", "edit", "withdraw"),
    [
        ("visitor", True, 302, 302, 302),
        ("participant", True, 200, 403, 403),
        ("participant", False, 403, 403, 403),
        ("author", True, 200, 200, 302),
        ("author", False, 403, 403, 302),
    ],
)
def test_who_may_organize_edit_and_withdraw(
    component, participant, signed_in, who, creation_enabled, new, edit, withdraw
):
    component.settings = meetings_settings(step={"creation_enabled": creation_enabled})
    component.save()
    author = UserFactory(organization=component.space.organization)
    meeting = MeetingFactory(component=component, author=author, official=False)
    client = {
        "visitor": visitor(),
        "participant": signed_in(participant),
        "author": signed_in(author),
    }[who]
    assert client.get(component_url(component, "new")).status_code == new
    assert client.get(component_url(component, "meeting_edit", pk=meeting.pk)).status_code == edit
    response = client.post(component_url(component, "withdraw", pk=meeting.pk))
    assert response.status_code == withdraw
    meeting.refresh_from_db()
    assert meeting.is_withdrawn is (who == "author")


# Calendars -----------------------------------------------------------------------------------
def test_a_meetings_ics_is_valid_and_carries_its_time_zone(component):
    meeting = MeetingFactory(
        component=component,
        title={"fr": "Nuit du changement d'heure"},
        start_at=datetime.datetime(2026, 10, 24, 20, 0, tzinfo=datetime.UTC),
        end_at=datetime.datetime(2026, 10, 25, 3, 0, tzinfo=datetime.UTC),
    )
    response = visitor().get(component_url(component, "meeting_calendar", pk=meeting.pk))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    zones = calendar.walk("VTIMEZONE")
    assert len(events) == 1 and [zone["TZID"] for zone in zones] == ["Europe/Paris"]
    event = events[0]
    assert str(event["SUMMARY"]) == "Nuit du changement d'heure"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, start.utcoffset()) == (22, datetime.timedelta(hours=2))
    assert (end.hour, end.utcoffset()) == (4, datetime.timedelta(hours=1))
    assert end - start != datetime.timedelta(hours=7) or True  # wall clocks; real span below
    assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(
        hours=7
    )
    assert event["UID"] == f"meeting-{meeting.pk}@testserver"
    assert meeting.address in str(event["LOCATION"])


def test_the_component_feed_holds_what_the_person_sees(component, meeting):
    MeetingFactory(component=component, title={"fr": "Pas publiée"}, published_at=None)
    MeetingFactory(component=component, title={"fr": "Très ancienne"}, start_at=in_days(-400))
    calendar = icalendar.Calendar.from_ical(
        visitor().get(component_url(component, "calendar")).content
    )
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [str(meeting)]


def test_meeting_ics_of_the_calendar_module(meeting):
    from palabre.components.meetings.calendar import meeting_ics

    body = meeting_ics(meeting)
    assert isinstance(body, bytes)
    assert icalendar.Calendar.from_ical(body).walk("VEVENT")[0]["UID"]


# The directory -------------------------------------------------------------------------------
def test_the_directory_lists_every_visible_space_with_the_filters(organization):
    first = MeetingsComponentFactory(space=SpaceFactory(organization=organization))
    second = MeetingsComponentFactory(space=SpaceFactory(organization=organization))
    MeetingFactory(component=first, title={"fr": "Dans le premier"}, start_at=in_days(1))
    MeetingFactory(
        component=second,
        title={"fr": "Dans le second"},
        start_at=in_days(2),
        type_of_meeting="online",
        online_url="https://visio.example.org/z",
    )
    unpublished = MeetingsComponentFactory(
        space=SpaceFactory(organization=organization), published_at=None
    )
    MeetingFactory(component=unpublished, title={"fr": "Composant caché"})
    response = visitor().get("/meetings/")
    assert titles(response) == ["Dans le premier", "Dans le second"]
    assert titles(visitor().get("/meetings/", {"type": "online"})) == ["Dans le second"]


def _many(organization, spaces: int, per_space: int):
    kind = MeetingKindFactory(organization=organization)
    for index in range(spaces):
        component = MeetingsComponentFactory(
            space=SpaceFactory(organization=organization, private=index % 3 == 0)
        )
        category = MeetingCategory.objects.create(component=component, name={"fr": "Thème"})
        scope = MeetingScope.objects.create(component=component, name={"fr": "Quartier"})
        for day in range(per_space):
            meeting = MeetingFactory(
                component=component,
                start_at=in_days(day + 1),
                kind=kind,
                category=category,
                scope=scope,
            )
            AgendaItemFactory(meeting=meeting)


def _queries(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_the_directory_answers_in_queries_that_do_not_grow(
    organization, django_assert_max_num_queries, django_assert_num_queries, signed_in
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    person = UserFactory(organization=organization)
    client = signed_in(person)
    _many(organization, spaces=3, per_space=2)
    client.get("/meetings/")
    with CaptureQueriesContext(connection) as few:
        client.get("/meetings/")
    few_sql = [query["sql"] for query in few]
    _many(organization, spaces=100, per_space=3)
    client.get("/meetings/")  # what each worker keeps is read again after the changes
    with CaptureQueriesContext(connection) as many:
        response = client.get("/meetings/")
    assert response.status_code == 200 and len(response.context["page"].object_list) == 20
    assert len(many) <= len(few_sql), "\n".join(
        [sql[:150] for sql in few_sql] + ["----"] + [q["sql"][:150] for q in many]
    )
    _queries(django_assert_max_num_queries, client, "/meetings/", 20)
    _queries(django_assert_max_num_queries, client, "/meetings/calendar.ics", 20)


def test_a_components_pages_answer_in_queries_that_do_not_grow(
    component, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    labels = {
        "kind": MeetingKindFactory(organization=component.space.organization),
        "category": MeetingCategory.objects.create(component=component, name={"fr": "Thème"}),
        "scope": MeetingScope.objects.create(component=component, name={"fr": "Quartier"}),
    }
    for day in range(3):
        meeting = MeetingFactory(component=component, start_at=in_days(day + 1), **labels)
        AgendaItemFactory(meeting=meeting)
    urls = [
        component.get_absolute_url(),
        component_url(component, "map"),
        component_url(component, "map_json"),
        component_url(component, "calendar"),
    ]
    client = visitor()
    for url in urls:
        client.get(url)
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries)
    for day in range(30):
        meeting = MeetingFactory(component=component, start_at=in_days(day + 5), **labels)
        for _ in range(3):
            AgendaItemFactory(meeting=meeting)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_a_meetings_page_answers_in_queries_that_do_not_grow(
    meeting, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    parent = AgendaItemFactory(meeting=meeting, duration_minutes=100)
    AgendaItemFactory(meeting=meeting, parent=parent)
    client = visitor()
    client.get(meeting.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(meeting.get_absolute_url())
    count = len(queries)
    for _ in range(10):
        parent = AgendaItemFactory(meeting=meeting, duration_minutes=1)
        AgendaItemFactory(meeting=meeting, parent=parent, duration_minutes=1)
    with django_assert_max_num_queries(count):
        client.get(meeting.get_absolute_url())


def test_times_are_shown_in_the_organizations_zone(component, organization):
    meeting = MeetingFactory(
        component=component,
        start_at=datetime.datetime(2026, 10, 24, 20, 0, tzinfo=datetime.UTC),
        end_at=datetime.datetime(2026, 10, 25, 3, 0, tzinfo=datetime.UTC),
    )
    page = visitor().get(meeting.get_absolute_url()).content.decode()
    # Paris: 22:00 in summer time, 04:00 once the clocks went back.
    assert 'datetime="2026-10-24T22:00:00+02:00"' in page
    assert 'datetime="2026-10-25T04:00:00+01:00"' in page
    assert "Europe/Paris" in page
    organization.time_zone = "America/Montreal"
    organization.save()
    page = visitor().get(meeting.get_absolute_url()).content.decode()
    assert 'datetime="2026-10-24T16:00:00-04:00"' in page and "America/Montreal" in page


def test_the_organizer_closes_their_meeting_once_it_has_started(component, participant, signed_in):
    coming = MeetingFactory(component=component, author=participant, official=False)
    started = MeetingFactory(
        component=component, author=participant, official=False, start_at=in_days(-0.05)
    )
    client = signed_in(participant)
    assert "Close with the minutes" not in client.get(coming.get_absolute_url()).content.decode()
    page = client.get(started.get_absolute_url()).content.decode()
    assert component_url(component, "meeting_close", pk=started.pk) in page
    assert (
        "Close with the minutes" not in visitor().get(started.get_absolute_url()).content.decode()
    )
