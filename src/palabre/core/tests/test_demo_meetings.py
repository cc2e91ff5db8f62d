"""The demo's meetings: something to register for at once, a full one with its waiting
list, and meetings already held with their minutes, in both organizations and in the
private space."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone, translation

from palabre.core.demo import meetings as demo_meetings
from palabre.core.models import Space, User
from palabre.core.permissions import can
from palabre.core.tests.test_french_typography import typography_errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())


def _meetings(slug: str):
    from palabre.components.meetings.models import Meeting

    space = Space.objects.get(slug=slug)
    return Meeting.objects.filter(component__space=space).select_related("kind")


@pytest.mark.parametrize("slug", ["place-du-marche", "plan-climat", "jeunes-ambassadeurs-climat"])
def test_each_space_has_meetings_to_come_and_meetings_reported(slug):
    meetings = _meetings(slug)
    now = timezone.now()
    upcoming = [m for m in meetings if m.start_at > now]
    assert any(m.registrations_enabled and m.registration_type == "on_platform" for m in upcoming)
    closed = [m for m in meetings if m.is_closed]
    assert closed
    for meeting in closed:
        assert meeting.minutes_public and meeting.minutes["fr"] and meeting.minutes["en"]
        assert meeting.attendees_count > 0
        created = meeting.linked_proposals.filter(source="meeting")
        assert created.exists()
        assert all(p.source_details == meeting.title["fr"] for p in created)
        assert all(p.title.get("en") for p in created)


def test_the_city_shows_every_type_of_meeting_a_full_one_and_a_registration_form():
    from palabre.attachments.selectors import attachments_of

    meetings = list(_meetings("place-du-marche"))
    assert {m.type_of_meeting for m in meetings} == {"in_person", "online", "hybrid"}
    assert all(m.latitude and m.longitude for m in meetings if m.is_in_person)
    assert {m.kind.name["en"] for m in meetings} >= {"Workshop", "Office hours", "Site visit"}
    full = next(m for m in meetings if m.capacity == 12)
    confirmed = full.registrations.filter(status="confirmed", reserved=False).count()
    assert confirmed == full.available_seats
    waiting = list(full.registrations.filter(status="waiting").order_by("position"))
    assert len(waiting) == 3
    assert any(m.registration_form_id for m in meetings)
    held = next(m for m in meetings if m.is_closed)
    assert len([a for a in attachments_of(held) if a.is_image]) == 3
    assert held.transcript


def test_a_newcomer_can_register_at_once():
    from palabre.components.meetings.models import Meeting

    newcomer = User.objects.create_user(
        email="new@palabre.test", password="x", nickname="new", name="New Comer"
    )
    now = timezone.now()
    open_ones = [
        m
        for m in Meeting.objects.filter(component__space__slug="place-du-marche", start_at__gt=now)
        if m.registration_type == "on_platform"
    ]
    assert any(can(newcomer, "register", m) for m in open_ones)


def test_the_private_space_meetings_stay_inside():
    meeting = _meetings("jeunes-ambassadeurs-climat").filter(closed_at__isnull=False).first()
    bob = User.objects.get(email="bob@palabre.test")
    alice = User.objects.get(email="alice@palabre.test")
    assert can(alice, "view", meeting)
    assert not can(bob, "view", meeting)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(bob)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_the_demo_texts_follow_french_typography():
    texts = []
    for data in (
        demo_meetings.MARKET_SQUARE + demo_meetings.CLIMATE_PLAN + demo_meetings.AMBASSADORS
    ):
        texts += [data["title"]["fr"], data["description"]["fr"]]
        if "minutes" in data:
            texts += [data["minutes"]["report"]["fr"], data["minutes"]["transcript"]]
            texts += [title["fr"] for title in data["minutes"]["new_proposals"]]
    errors = [error for text in texts for error in typography_errors(text)]
    assert errors == []
