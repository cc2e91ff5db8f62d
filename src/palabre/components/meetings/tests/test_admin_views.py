"""The backoffice of meetings: who may read and change what (a table), creating a meeting
with the organization's times, editing its agenda without JavaScript, publication, copies,
withdrawal, the CSV import, exports (never registrations), categories, scopes and the
organization's kinds of meeting; every change in the activity log."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.components.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingCategory,
    MeetingKind,
    Registration,
)
from palabre.components.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog, OrganizationAdmin, SpaceRole
from palabre.core.tests.factories import SpaceRoleFactory, UserFactory, with_two_factor

pytestmark = pytest.mark.django_db


def admin_url(component, name="index", **kwargs):
    return component_admin_url(component, name, **kwargs)


@pytest.fixture
def collaborator(space):
    return with_two_factor(SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user)


@pytest.fixture
def org_admin(organization):
    person = with_two_factor(UserFactory(organization=organization))
    OrganizationAdmin.objects.create(organization=organization, user=person)
    return person


PAGES = [
    ("get", "index", False),
    ("get", "meeting", True),
    ("get", "agenda", True),
    ("get", "meeting_new", False),
    ("get", "import", False),
    ("get", "categories", False),
    ("post", "duplicate", True),
    ("post", "publish", True),
    ("post", "withdraw", True),
]


@pytest.mark.parametrize(("method", "name", "with_pk"), PAGES)
@pytest.mark.parametrize(
    ("who", "reads", "writes"),
    [("space_admin", True, True), ("collaborator", True, False), ("participant", False, False)],
)
def test_who_may_read_and_change_the_meetings(
    request, signed_in, component, meeting, method, name, with_pk, who, reads, writes
):
    person = request.getfixturevalue(who)
    if who == "participant":
        person = with_two_factor(person)
    client = signed_in(person)
    url = admin_url(component, name, **({"pk": meeting.pk} if with_pk else {}))
    before = Meeting.objects.count(), ActionLog.objects.count()
    response = getattr(client, method)(url)
    if method == "get":
        # Forms that only make changes are for those who may change things.
        opens = writes if name in ("meeting_new", "import", "categories") else reads
        assert (response.status_code == 200) is opens
        assert response.status_code in (200, 403, 404)
        return
    if writes:
        assert response.status_code == 302
    else:
        assert response.status_code in (403, 404)
        assert (Meeting.objects.count(), ActionLog.objects.count()) == before


def _form_data(**overrides):
    data = {
        "title_fr": "Réunion publique",
        "title_en": "Public meeting",
        "description_fr": "<p>Bienvenue</p>",
        "type_of_meeting": "hybrid",
        "address": "Hôtel de ville",
        "online_url": "https://visio.example.org/room",
        "online_visibility": "registered",
        "online_link_minutes_before": "30",
        "start_at": "2026-10-24T22:00",
        "end_at": "2026-10-25T04:00",
        "registration_type": "on_platform",
        "capacity": "50",
        "reserved_seats": "5",
        "registrations_enabled": "on",
    }
    data.update(overrides)
    return data


def test_staff_create_a_meeting_in_the_organizations_time(component, space_admin, signed_in):
    client = signed_in(space_admin)
    response = client.post(admin_url(component, "meeting_new"), _form_data())
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == admin_url(component, "meeting", pk=meeting.pk)
    assert not meeting.is_published and meeting.capacity == 50 and meeting.reserved_seats == 5
    # 22:00 in Paris in summer time, 04:00 in winter time: seven hours.
    assert meeting.start_at.isoformat() == "2026-10-24T20:00:00+00:00"
    assert meeting.end_at.isoformat() == "2026-10-25T03:00:00+00:00"
    page = client.get(admin_url(component, "meeting", pk=meeting.pk)).content.decode()
    assert 'value="2026-10-24T22:00"' in page and 'value="2026-10-25T04:00"' in page
    # The ways to the registrations and the minutes of the meeting.
    assert admin_url(component, "registrations", pk=meeting.pk) in page
    assert admin_url(component, "meeting_close", pk=meeting.pk) in page
    assert ActionLog.objects.get().action == "create"


def test_a_bad_form_says_why_and_changes_nothing(component, meeting, space_admin, signed_in):
    client = signed_in(space_admin)
    response = client.post(
        admin_url(component, "meeting", pk=meeting.pk),
        _form_data(online_url="", end_at="2026-10-24T21:00"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "An online meeting needs the address of its link." in page
    assert "The meeting must end after it starts." in page
    before = meeting.title
    meeting.refresh_from_db()
    assert meeting.title == before and not ActionLog.objects.exists()


def test_the_agenda_is_edited_without_javascript(component, meeting, space_admin, signed_in):
    client = signed_in(space_admin)
    url = admin_url(component, "agenda", pk=meeting.pk)
    page = client.get(url).content.decode()
    assert 'name="item-0-title-fr"' in page and 'name="rows" value="3"' in page
    more = client.post(url, {"rows": "3", "item-0-title-fr": "Accueil", "more": "1"})
    assert 'name="rows" value="6"' in more.content.decode()
    assert 'value="Accueil"' in more.content.decode()
    response = client.post(
        url,
        {
            "rows": "4",
            "item-0-title-fr": "Accueil",
            "item-0-duration": "15",
            "item-1-title-fr": "Ateliers",
            "item-1-title-en": "Workshops",
            "item-1-duration": "90",
            "item-2-title-fr": "Mobilité",
            "item-2-duration": "45",
            "item-2-sub": "1",
        },
    )
    assert response.status_code == 302
    child = AgendaItem.objects.get(meeting=meeting, parent__isnull=False)
    assert child.title == {"fr": "Mobilité"} and child.parent.title["en"] == "Workshops"
    assert ActionLog.objects.filter(action="update_agenda").count() == 1
    refused = client.post(
        url,
        {
            "rows": "2",
            "item-0-title-fr": "Sous-point sans parent",
            "item-0-sub": "1",
        },
    )
    assert "Row 1 is a sub-item, but there is no item above it." in refused.content.decode()
    assert AgendaItem.objects.filter(meeting=meeting).count() == 3


def test_publish_duplicate_and_withdraw(component, space_admin, signed_in):
    meeting = MeetingFactory(component=component, published_at=None)
    AgendaItemFactory(meeting=meeting)
    client = signed_in(space_admin)
    client.post(admin_url(component, "publish", pk=meeting.pk), {"publish": "1"})
    meeting.refresh_from_db()
    assert meeting.is_published
    client.post(admin_url(component, "duplicate", pk=meeting.pk))
    copy = Meeting.objects.exclude(pk=meeting.pk).get()
    assert not copy.is_published and copy.agenda_items.count() == 1
    client.post(admin_url(component, "withdraw", pk=meeting.pk))
    meeting.refresh_from_db()
    assert meeting.is_withdrawn
    assert list(ActionLog.objects.order_by("id").values_list("action", flat=True)) == [
        "publish",
        "duplicate",
        "withdraw",
    ]
    log = client.get("/admin/logs/").content.decode()
    assert "withdrew the meeting" in log and "as a copy of the meeting" in log


def test_the_csv_import_names_each_wrong_line_and_imports_nothing(
    component, space_admin, signed_in
):
    client = signed_in(space_admin)
    bad = b"title,type,start,end,address\nA,in_person,2026-11-02 18:00,2026-11-02 20:00,\n"
    response = client.post(
        admin_url(component, "import"), {"file": SimpleUploadedFile("m.csv", bad)}
    )
    assert "Line 2: A meeting in person needs an address." in response.content.decode()
    assert not Meeting.objects.exists()
    good = b"title;type;start;end;address\nA;in_person;2026-11-02 18:00;2026-11-02 20:00;Mairie\n"
    response = client.post(
        admin_url(component, "import"), {"file": SimpleUploadedFile("m.csv", good)}
    )
    assert response.status_code == 302 and Meeting.objects.get().address == "Mairie"


def test_exports_hold_every_meeting_for_staff_and_never_registrations(
    component, space_admin, signed_in, organization
):
    meeting = MeetingFactory(component=component, title={"fr": "Publique"})
    MeetingFactory(component=component, title={"fr": "Secrète"}, private=True)
    guest = UserFactory(organization=organization, name="Inscrite Unique")
    Registration.objects.create(meeting=meeting, user=guest, code="QWERTYUP")
    client = signed_in(space_admin)
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get(admin_url(component, "export_csv")).streaming_content).decode()
            )
        )
    )
    assert sorted(row["title"] for row in rows) == ["Publique", "Secrète"]
    body = b"".join(client.get(admin_url(component, "export_json")).streaming_content).decode()
    assert len(json.loads(body)) == 2
    assert "Inscrite Unique" not in body and "QWERTYUP" not in body
    response = client.get(admin_url(component, "export_xlsx"))
    assert response.status_code == 200
    # The manifest's public export: published meetings that are not private, no links.
    from palabre.components.meetings.component import export_rows

    public = list(export_rows(component))
    assert [row["title"] for row in public] == ["Publique"] and "online_url" not in public[0]


def test_categories_and_scopes_of_the_component(component, space_admin, signed_in):
    client = signed_in(space_admin)
    client.post(admin_url(component, "categories"), {"name_fr": "Mobilité"})
    category = MeetingCategory.objects.get(component=component)
    assert category.name == {"fr": "Mobilité"}
    client.post(admin_url(component, "category_delete", pk=category.pk))
    assert not MeetingCategory.objects.exists()
    assert [entry.action for entry in ActionLog.objects.order_by("id")] == ["create", "delete"]


def test_kinds_of_meeting_are_the_organization_admins(
    organization, org_admin, space_admin, signed_in
):
    assert signed_in(space_admin).get("/admin/meetings/kinds/").status_code == 403
    client = signed_in(org_admin)
    assert client.get("/admin/meetings/kinds/").status_code == 200
    client.post("/admin/meetings/kinds/", {"name_fr": "Balade", "name_en": "Walk"})
    kind = MeetingKind.objects.get(organization=organization)
    client.post(f"/admin/meetings/kinds/{kind.pk}/", {"name_fr": "Balade urbaine"})
    kind.refresh_from_db()
    assert kind.name == {"fr": "Balade urbaine"}
    empty = client.post(f"/admin/meetings/kinds/{kind.pk}/", {"name_fr": ""})
    assert empty.status_code == 200
    kind.refresh_from_db()
    assert kind.name == {"fr": "Balade urbaine"}
    client.post(f"/admin/meetings/kinds/{kind.pk}/delete/")
    assert not MeetingKind.objects.exists()
    log = client.get("/admin/logs/").content.decode()
    assert "the kind of meeting" in log


def test_the_list_of_meetings_is_paginated_in_constant_queries(
    component, space_admin, signed_in, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(space_admin)
    MeetingFactory(component=component)
    client.get(admin_url(component))
    with CaptureQueriesContext(connection) as few:
        assert client.get(admin_url(component)).status_code == 200
    few_count = len(few)
    MeetingFactory.create_batch(60, component=component)
    client.get(admin_url(component))
    with django_assert_max_num_queries(few_count):
        response = client.get(admin_url(component))
    assert len(response.context["meetings"]) == 50
    assert len(client.get(admin_url(component), {"page": 2}).context["meetings"]) == 11
