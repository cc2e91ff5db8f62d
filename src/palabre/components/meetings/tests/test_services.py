"""Services of meetings: every type's required fields, times in the organization's time
zone across a change of the clocks, the agenda's duration rule, participants' meetings,
withdrawal, publication, duplication, the CSV import; bad input changes nothing."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.components.meetings import services
from palabre.components.meetings.models import AgendaItem, Meeting, MeetingKind
from palabre.components.meetings.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    meetings_settings,
)
from palabre.core.models import ActionLog
from palabre.notifications.models import Follow

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def fields(**overrides):
    values = {
        "title": {"fr": "Atelier du quartier"},
        "description": {"fr": "<p>Venez</p>"},
        "type_of_meeting": "in_person",
        "address": "1 place du Ralliement, Angers",
        "start_at": datetime.datetime(2026, 12, 15, 18, 0),
        "end_at": datetime.datetime(2026, 12, 15, 20, 0),
    }
    values.update(overrides)
    return values


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# Required fields per type -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("meeting_type", "missing", "field", "message"),
    [
        ("in_person", {"address": ""}, "address", "A meeting in person needs an address."),
        ("hybrid", {"address": ""}, "address", "A meeting in person needs an address."),
        (
            "online",
            {"online_url": ""},
            "online_url",
            "An online meeting needs the address of its link.",
        ),
        (
            "hybrid",
            {"online_url": ""},
            "online_url",
            "An online meeting needs the address of its link.",
        ),
    ],
)
def test_each_type_requires_its_fields(
    component, space_admin, meeting_type, missing, field, message
):
    values = fields(type_of_meeting=meeting_type, online_url="https://visio.example.org/a")
    values.update(missing)
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(actor=space_admin, component=component, **values)
    assert message in errors_of(excinfo)[field]
    assert not Meeting.objects.exists()


def test_an_online_meeting_keeps_no_address_and_an_in_person_one_no_link(component, space_admin):
    online = services.meeting_create(
        actor=space_admin,
        component=component,
        **fields(type_of_meeting="online", online_url="https://visio.example.org/a"),
    )
    assert online.address == "" and online.online_url == "https://visio.example.org/a"
    in_person = services.meeting_create(
        actor=space_admin, component=component, **fields(online_url="https://visio.example.org/b")
    )
    assert in_person.online_url == ""


def test_end_before_start_is_refused_and_changes_nothing(component, space_admin, meeting):
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            actor=space_admin,
            component=component,
            **fields(end_at=datetime.datetime(2026, 12, 15, 17, 0)),
        )
    assert errors_of(excinfo)["end_at"] == ["The meeting must end after it starts."]
    before = (meeting.start_at, meeting.end_at, meeting.title)
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=space_admin,
            meeting=meeting,
            **fields(
                title={"fr": "Changé"},
                start_at=datetime.datetime(2026, 12, 15, 18, 0),
                end_at=datetime.datetime(2026, 12, 15, 18, 0),
            ),
        )
    meeting.refresh_from_db()
    assert (meeting.start_at, meeting.end_at, meeting.title) == before
    assert Meeting.objects.count() == 1


def test_bad_urls_and_coordinates_get_clear_messages(component, space_admin):
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            actor=space_admin,
            component=component,
            **fields(
                type_of_meeting="hybrid",
                online_url="javascript:alert(1)",
                latitude="91",
                longitude="2",
                reserved_seats=5,
                capacity=3,
            ),
        )
    errors = errors_of(excinfo)
    assert errors["online_url"] == ["Enter a full web address, starting with https://."]
    assert errors["latitude"] == ["Latitude: enter a number between -90 and 90."]
    assert errors["reserved_seats"] == ["There cannot be more reserved seats than seats (3)."]


# Time zone and daylight saving -----------------------------------------------------------
def test_times_typed_are_the_organizations_wall_clock(component, space_admin, organization):
    organization.time_zone = "America/Montreal"
    organization.save()
    meeting = services.meeting_create(actor=space_admin, component=component, **fields())
    assert meeting.start_at == datetime.datetime(
        2026, 12, 15, 18, 0, tzinfo=zoneinfo.ZoneInfo("America/Montreal")
    )
    assert meeting.start_at.astimezone(datetime.UTC).hour == 23


def test_a_meeting_across_the_last_sunday_of_october_lasts_what_the_clocks_say(
    component, space_admin
):
    # Saturday 24 October 2026, 22:00 to Sunday 25 October, 04:00 in Paris: the clocks go
    # back from 03:00 to 02:00, so the night lasts seven hours, not six.
    meeting = services.meeting_create(
        actor=space_admin,
        component=component,
        **fields(
            start_at=datetime.datetime(2026, 10, 24, 22, 0),
            end_at=datetime.datetime(2026, 10, 25, 4, 0),
        ),
    )
    assert meeting.start_at.astimezone(PARIS).utcoffset() == datetime.timedelta(hours=2)
    assert meeting.end_at.astimezone(PARIS).utcoffset() == datetime.timedelta(hours=1)
    assert services.meeting_duration_minutes(meeting) == 7 * 60
    meeting.refresh_from_db()
    assert services.meeting_duration_minutes(meeting) == 7 * 60
    # Seven hours of agenda fit; one minute more does not.
    services.agenda_save(
        actor=space_admin,
        meeting=meeting,
        items=[{"title": {"fr": "Veillée"}, "duration_minutes": 420}],
    )
    with pytest.raises(ValidationError) as excinfo:
        services.agenda_save(
            actor=space_admin,
            meeting=meeting,
            items=[{"title": {"fr": "Veillée"}, "duration_minutes": 421}],
        )
    assert "more than the meeting (420 minutes)" in excinfo.value.messages[0]


def test_a_time_the_clocks_skip_is_refused(component, space_admin):
    # Sunday 29 March 2026: 02:30 does not exist in Paris.
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            actor=space_admin,
            component=component,
            **fields(
                start_at=datetime.datetime(2026, 3, 29, 2, 30),
                end_at=datetime.datetime(2026, 3, 29, 5, 0),
            ),
        )
    assert "does not exist in the time zone Europe/Paris" in errors_of(excinfo)["start_at"][0]


# Agenda ------------------------------------------------------------------------------------
def test_agenda_items_and_sub_items_are_saved_in_order(meeting, space_admin):
    services.agenda_save(
        actor=space_admin,
        meeting=meeting,
        items=[
            {"title": {"fr": "Accueil"}, "duration_minutes": 15},
            {
                "title": {"fr": "Ateliers"},
                "duration_minutes": 90,
                "children": [
                    {"title": {"fr": "Mobilité"}, "duration_minutes": 45},
                    {"title": {"fr": "Espaces verts"}, "duration_minutes": 45},
                ],
            },
        ],
    )
    roots = list(AgendaItem.objects.filter(meeting=meeting, parent=None))
    assert [str(item) for item in roots] == ["Accueil", "Ateliers"]
    assert [str(child) for child in roots[1].children.all()] == ["Mobilité", "Espaces verts"]
    assert ActionLog.objects.filter(action="update_agenda").count() == 1


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (
            [{"title": {"fr": "Long"}, "duration_minutes": 121}],
            "The items last 121 minutes in all, more than the meeting (120 minutes).",
        ),
        (
            [
                {
                    "title": {"fr": "Parent"},
                    "duration_minutes": 30,
                    "children": [{"title": {"fr": "Enfant"}, "duration_minutes": 31}],
                }
            ],
            "Item 1: its sub-items last 31 minutes, more than the item itself (30 minutes).",
        ),
        ([{"title": {}, "duration_minutes": 10}], "Item 1: "),
        ([{"title": {"fr": "X"}, "duration_minutes": "dix"}], "Item 1: the duration is a number"),
    ],
)
def test_a_wrong_agenda_is_refused_and_the_old_one_stays(meeting, space_admin, items, message):
    AgendaItemFactory(meeting=meeting, title={"fr": "Ancien"})
    with pytest.raises(ValidationError) as excinfo:
        services.agenda_save(actor=space_admin, meeting=meeting, items=items)
    assert any(text.startswith(message) for text in excinfo.value.messages), excinfo.value.messages
    assert [str(item) for item in AgendaItem.objects.filter(meeting=meeting)] == ["Ancien"]


# Participants' meetings ----------------------------------------------------------------------
def test_a_participant_organizes_a_published_meeting_and_follows_it(component, participant):
    meeting = services.meeting_create(
        actor=participant, component=component, **fields(official=True, private=True)
    )
    assert meeting.author == participant and meeting.is_published
    # What only staff set is ignored.
    assert not meeting.official and not meeting.private
    assert meeting.reference == f"TEST-MEET-{meeting.created_at:%Y-%m}-{meeting.pk}"
    assert Follow.objects.filter(user=participant, object_id=meeting.pk).exists()
    assert not ActionLog.objects.exists()


def test_participants_cannot_organize_when_the_step_does_not_allow_it(component, participant):
    component.settings = meetings_settings(step={"creation_enabled": False})
    component.save()
    with pytest.raises(PermissionDenied):
        services.meeting_create(actor=participant, component=component, **fields())
    assert not Meeting.objects.exists()


def test_authors_edit_and_withdraw_their_own_meetings_only(component, participant, organization):
    from palabre.core.tests.factories import UserFactory

    meeting = services.meeting_create(actor=participant, component=component, **fields())
    other = UserFactory(organization=organization)
    with pytest.raises(PermissionDenied):
        services.meeting_update(actor=other, meeting=meeting, **fields(title={"fr": "Volé"}))
    with pytest.raises(PermissionDenied):
        services.meeting_withdraw(actor=other, meeting=meeting)
    services.meeting_update(actor=participant, meeting=meeting, **fields(title={"fr": "Mieux"}))
    services.meeting_withdraw(actor=participant, meeting=meeting)
    meeting.refresh_from_db()
    assert str(meeting) == "Mieux" and meeting.is_withdrawn
    # Once withdrawn, the author edits it no more.
    with pytest.raises(PermissionDenied):
        services.meeting_update(actor=participant, meeting=meeting, **fields())


# Staff ---------------------------------------------------------------------------------------
def test_staff_meetings_wait_for_publication_and_are_logged(component, space_admin):
    meeting = services.meeting_create(actor=space_admin, component=component, **fields())
    assert not meeting.is_published and meeting.author is None
    services.meeting_publish(actor=space_admin, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.is_published
    assert list(ActionLog.objects.order_by("id").values_list("action", flat=True)) == [
        "create",
        "publish",
    ]


def test_duplicate_copies_the_agenda_and_links_not_the_minutes(meeting, space_admin):
    parent = AgendaItemFactory(meeting=meeting, title={"fr": "Parent"}, duration_minutes=60)
    AgendaItemFactory(meeting=meeting, parent=parent, title={"fr": "Enfant"}, duration_minutes=20)
    meeting.minutes = {"fr": "<p>Compte rendu</p>"}
    meeting.closed_at = meeting.end_at
    meeting.save()
    copy = services.meeting_duplicate(actor=space_admin, meeting=meeting)
    assert copy.pk != meeting.pk and not copy.is_published and not copy.is_closed
    assert copy.minutes == {} and copy.reference.endswith(f"-{copy.pk}")
    assert str(copy).endswith("(copy)")
    child = AgendaItem.objects.get(meeting=copy, parent__isnull=False)
    assert str(child) == "Enfant" and str(child.parent) == "Parent"


def test_participants_cannot_publish_nor_duplicate(meeting, participant):
    with pytest.raises(PermissionDenied):
        services.meeting_publish(actor=participant, meeting=meeting, publish=False)
    with pytest.raises(PermissionDenied):
        services.meeting_duplicate(actor=participant, meeting=meeting)


def test_invitees_are_given_by_email(component, space_admin, participant):
    meeting = services.meeting_create(
        actor=space_admin,
        component=component,
        **fields(private=True, invitees=[participant.email.upper()]),
    )
    assert list(meeting.invitees.all()) == [participant]
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_update(
            actor=space_admin, meeting=meeting, **fields(invitees=["nobody@example.org"])
        )
    assert "nobody@example.org" in errors_of(excinfo)["invitees"][0]


# CSV import ----------------------------------------------------------------------------------
CSV_OK = (
    "title,type,start,end,address,online_url,kind,capacity\n"
    "Atelier,in_person,2026-11-02 18:00,2026-11-02 20:00,1 rue A,,Atelier,30\n"
    "Visio,online,2026-11-03 12:00,2026-11-03 13:00,,https://visio.example.org/x,,\n"
)


def test_csv_import_creates_unpublished_meetings(component, space_admin, organization):
    MeetingKind.objects.create(organization=organization, name={"fr": "Atelier"})
    made = services.meeting_import_csv(actor=space_admin, component=component, data=CSV_OK)
    assert [str(m) for m in made] == ["Atelier", "Visio"]
    first = made[0]
    assert str(first.kind) == "Atelier" and first.capacity == 30
    assert first.registration_type == "on_platform" and not first.is_published
    assert first.start_at == datetime.datetime(2026, 11, 2, 18, 0, tzinfo=PARIS)
    assert ActionLog.objects.filter(action="import_meetings", data__count=2).exists()


def test_a_malformed_csv_imports_nothing_and_names_each_line(component, space_admin):
    data = (
        "title,type,start,end,address,online_url,kind\n"
        "Bon,in_person,2026-11-02 18:00,2026-11-02 20:00,1 rue A,,\n"
        "Sans adresse,in_person,2026-11-02 18:00,2026-11-02 20:00,,,\n"
        "Mauvais,party,2026-11-02 18:00,2026-11-02 17:00,1 rue B,,Inconnu\n"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_import_csv(actor=space_admin, component=component, data=data)
    messages = excinfo.value.messages
    assert messages[0] == "Line 3: A meeting in person needs an address."
    assert messages[1].startswith("Line 4: the type must be in_person, online or hybrid; ")
    assert "unknown kind “Inconnu”" in messages[1]
    assert "The meeting must end after it starts." in messages[1]
    assert not Meeting.objects.exists()


def test_a_csv_without_its_columns_is_refused(component, space_admin):
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_import_csv(actor=space_admin, component=component, data="nom\nx\n")
    assert excinfo.value.messages == [
        "The first line must name the columns; missing: title, type, start, end."
    ]


# Kinds ---------------------------------------------------------------------------------------
def test_the_first_meetings_component_gives_the_usual_kinds(organization, space):
    from palabre.core.services import component_create

    assert not MeetingKind.objects.exists()
    admin = _org_admin(organization)
    component_create(actor=admin, space=space, manifest_name="meetings", name={"fr": "Réunions"})
    names = [kind.name["fr"] for kind in MeetingKind.objects.filter(organization=organization)]
    assert names[:4] == ["Atelier", "Réunion publique", "Permanence", "Visite de terrain"]
    MeetingKind.objects.filter(organization=organization).delete()
    component_create(actor=admin, space=space, manifest_name="meetings", name={"fr": "Autres"})
    assert MeetingKind.objects.count() == len(services.DEFAULT_KINDS)


def test_kinds_are_edited_by_organization_admins_only(organization, space_admin):
    with pytest.raises(PermissionDenied):
        services.meeting_kind_save(actor=space_admin, organization=organization, name={"fr": "X"})
    admin = _org_admin(organization)
    kind = services.meeting_kind_save(actor=admin, organization=organization, name={"fr": "Balade"})
    services.meeting_kind_save(
        actor=admin, organization=organization, name={"fr": "Balade urbaine"}, kind=kind
    )
    kind.refresh_from_db()
    assert str(kind) == "Balade urbaine"
    with pytest.raises(ValidationError):
        services.meeting_kind_save(
            actor=admin, organization=organization, name={"fr": ""}, kind=kind
        )
    services.meeting_kind_delete(actor=admin, kind=kind)
    assert not MeetingKind.objects.exists()


def _org_admin(organization):
    from palabre.core.models import OrganizationAdmin
    from palabre.core.tests.factories import UserFactory

    admin = UserFactory(organization=organization)
    OrganizationAdmin.objects.create(organization=organization, user=admin)
    return admin


def test_meeting_factory_is_coherent(meeting):
    assert meeting.end_at > meeting.start_at and MeetingFactory._meta.model is Meeting


def test_seats_cannot_go_below_the_registrations_made(meeting, space_admin, organization):
    from palabre.components.meetings.models import Registration
    from palabre.core.tests.factories import UserFactory

    meeting.registration_type = "on_platform"
    meeting.capacity = 3
    meeting.save()
    for index in range(2):
        Registration.objects.create(
            meeting=meeting, user=UserFactory(organization=organization), code=f"ABCDEFG{index + 2}"
        )
    values = fields(registration_type="on_platform", capacity=1, title={"fr": "Changé"})
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_update(actor=space_admin, meeting=meeting, **values)
    assert "capacity" in errors_of(excinfo)
    meeting.refresh_from_db()
    assert meeting.capacity == 3 and str(meeting) != "Changé"


def test_an_address_without_coordinates_is_placed_by_the_operators_geocoder(
    component, space_admin, settings
):
    from palabre.components.proposals.tests.fake_geocoder import fake_geocoder

    with fake_geocoder() as url:
        settings.PALABRE_GEOCODER_URL = url
        placed = services.meeting_create(
            actor=space_admin, component=component, **fields(address="1 place Bellecour, Lyon")
        )
        unknown = services.meeting_create(
            actor=space_admin, component=component, **fields(address="Salle des fêtes")
        )
        typed = services.meeting_create(
            actor=space_admin,
            component=component,
            **fields(address="1 place Bellecour, Lyon", latitude="47.1", longitude="-0.5"),
        )
    assert (placed.latitude, placed.longitude) == (45.7578, 4.8320)
    assert unknown.latitude is None and unknown.address == "Salle des fêtes"
    assert (typed.latitude, typed.longitude) == (47.1, -0.5)
