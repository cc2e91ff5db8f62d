"""Sessions end after a time without activity (shorter for staff, set per organization) and
some days after signing in whatever the activity; a person can end every other session."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from palabre.core.security import LAST_ACTIVITY_KEY, SIGNED_IN_AT_KEY, STAFF_SESSION_KEY
from palabre.core.tests.factories import DEMO_PASSWORD

PROFILE = "/account/"


def english_client() -> Client:
    return Client(headers={"accept-language": "en"})


def signed_in(person) -> Client:
    client = english_client()
    client.force_login(person)
    return client


def age_session(client: Client, *, idle_minutes: float = 0, signed_in_minutes: float = 0):
    now = time.time()
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(now - idle_minutes * 60)
    session[SIGNED_IN_AT_KEY] = int(now - max(signed_in_minutes, idle_minutes) * 60)
    session.save()


def is_signed_in(client: Client) -> bool:
    return client.get(PROFILE).status_code == 200


def test_a_participant_stays_signed_in_for_days_of_inactivity(user):
    client = signed_in(user)
    age_session(client, idle_minutes=6 * 24 * 60)
    assert is_signed_in(client)


def test_a_participant_is_signed_out_after_a_week_without_activity(user):
    client = signed_in(user)
    age_session(client, idle_minutes=7 * 24 * 60 + 1)
    response = client.get(PROFILE, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "You were signed out after a time without activity." in response.content.decode()
    assert not is_signed_in(client)


def test_staff_are_signed_out_after_thirty_minutes_without_activity(admin_user):
    client = signed_in(admin_user)
    assert client.session[STAFF_SESSION_KEY] is True
    age_session(client, idle_minutes=29)
    assert is_signed_in(client)
    age_session(client, idle_minutes=31)
    assert not is_signed_in(client)


def test_the_idle_limits_are_the_organizations(organization, user, admin_user):
    organization.staff_idle_minutes = 10
    organization.participant_idle_minutes = 60
    organization.save()
    staff, participant = signed_in(admin_user), signed_in(user)
    age_session(staff, idle_minutes=11)
    age_session(participant, idle_minutes=59)
    assert not is_signed_in(staff)
    assert is_signed_in(participant)
    age_session(participant, idle_minutes=61)
    assert not is_signed_in(participant)


def test_every_session_ends_some_days_after_signing_in(user, settings):
    client = signed_in(user)
    age_session(client, signed_in_minutes=settings.SESSION_COOKIE_AGE / 60 + 1)
    age_session(client, idle_minutes=1, signed_in_minutes=settings.SESSION_COOKIE_AGE / 60 + 1)
    assert not is_signed_in(client)


def test_signing_in_through_the_site_stamps_the_session(client, admin_user):
    client.post("/accounts/login/", {"login": admin_user.email, "password": DEMO_PASSWORD})
    session = client.session
    assert session["_auth_user_id"] == str(admin_user.pk)
    assert session[STAFF_SESSION_KEY] is True
    assert abs(session[LAST_ACTIVITY_KEY] - time.time()) < 5


def test_a_participant_session_is_not_a_staff_one(client, user):
    client.post("/accounts/login/", {"login": user.email, "password": DEMO_PASSWORD})
    assert client.session[STAFF_SESSION_KEY] is False


def _session_row(client: Client) -> tuple:
    row = Session.objects.get(session_key=client.cookies["sessionid"].value)
    return row.session_data, row.expire_date


def test_pages_read_within_a_minute_write_no_session(user):
    client = signed_in(user)
    age_session(client, idle_minutes=0.5)
    before = _session_row(client)
    client.get(PROFILE)
    client.get("/processes/")
    assert _session_row(client) == before


def test_the_first_page_of_a_new_minute_writes_the_activity(user):
    client = signed_in(user)
    age_session(client, idle_minutes=2)
    client.get("/processes/")
    assert abs(client.session[LAST_ACTIVITY_KEY] - time.time()) < 5


# Signing out everywhere ----------------------------------------------------------------
def test_sign_out_everywhere_ends_every_other_session(user):
    laptop, phone = signed_in(user), signed_in(user)
    response = laptop.post("/account/sign-out-everywhere/", follow=True)
    assert "You are now signed out everywhere else." in response.content.decode()
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    # A new sign-in works as before.
    user.refresh_from_db()
    assert is_signed_in(signed_in(user))


def test_sign_out_everywhere_is_a_form_on_the_profile(user):
    html = signed_in(user).get(PROFILE).content.decode()
    assert 'action="/account/sign-out-everywhere/"' in html
    assert signed_in(user).get("/account/sign-out-everywhere/").status_code == 405


@pytest.mark.parametrize("anonymous_path", ["/account/sign-out-everywhere/"])
def test_sign_out_everywhere_needs_a_signed_in_person(client, organization, anonymous_path):
    response = client.post(anonymous_path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
