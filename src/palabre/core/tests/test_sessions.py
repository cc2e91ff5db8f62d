"""Sessions read with one plain query (`palabre.core.sessions`)."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palabre.core.sessions import SessionStore


def test_a_signed_in_person_is_recognized_from_one_session_query(signed_in, user):
    browser = signed_in(user)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get("/account/")
    assert response.status_code == 200
    assert response.context["user"] == user
    session_reads = [q for q in queries if "django_session" in q["sql"]]
    assert len(session_reads) == 1
    assert session_reads[0]["sql"].startswith("SELECT session_data FROM")


def test_an_expired_session_is_not_read(signed_in, user):
    browser = signed_in(user)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = browser.get("/account/")
    assert response.status_code == 302  # asked to sign in again


def test_unknown_and_malformed_keys_give_an_empty_session(db):
    for key in ("x" * 32, "short", None):
        store = SessionStore(session_key=key)
        assert store.load() == {}
        assert store.session_key is None


def test_what_is_saved_is_read_back(db):
    store = SessionStore()
    store["choice"] = "vélo"
    store.save()
    again = SessionStore(session_key=store.session_key)
    assert again["choice"] == "vélo"
