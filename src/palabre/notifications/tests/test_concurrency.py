"""Double clicks and overlapping digest runs. Run on PostgreSQL (or a SQLite file); the
in-memory SQLite test database cannot be shared between threads."""

import pytest
from django.core import mail

from palabre.core.models import NotificationFrequency
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.notifications.models import Follow, Notification
from palabre.notifications.selectors import Channels, notification_preferences_of
from palabre.notifications.services import (
    digests_send,
    follow_create,
    notification_preferences_set,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


def test_double_clicks_on_follow_keep_one_follow(user, page):
    run_together([lambda: follow_create(user=user, target=page) for _ in range(4)])
    assert Follow.objects.filter(user=user).count() == 1


def test_overlapping_digest_runs_send_one_digest(make_user, make_notifications):
    person = make_user(notification_frequency=NotificationFrequency.DAILY)
    make_notifications(person, 3)
    outcomes = run_together(
        [lambda: digests_send(frequency=NotificationFrequency.DAILY) for _ in range(3)]
    )
    assert sum(outcomes) == 1
    assert len(mail.outbox) == 1
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_simultaneous_saves_of_choices_keep_one_of_them_whole(user):
    """Two tabs save different choices at once: the result is what one of them saved, never
    a mix of both."""
    off, on = Channels(in_app=False, email=False), Channels()
    first = {"comments.reply": off, "comments.mention": on}
    second = {"comments.reply": on, "comments.mention": off}
    saves = [first, second] * 3

    def save(preferences):
        return lambda: notification_preferences_set(actor=user, user=user, preferences=preferences)

    run_together([save(preferences) for preferences in saves])
    stored = notification_preferences_of(user=user)
    assert stored in ({"comments.reply": off}, {"comments.mention": off})
