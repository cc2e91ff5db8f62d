"""Double clicks and overlapping digest runs. Run on PostgreSQL (or a SQLite file); the
in-memory SQLite test database cannot be shared between threads."""

import threading

import pytest
from django.core import mail
from django.db import connection

from palabre.core.models import NotificationFrequency
from palabre.notifications.models import Follow, Notification
from palabre.notifications.services import digests_send, follow_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def shared_database():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.skip("in-memory SQLite is one connection; races need a file or PostgreSQL")


def run_together(calls) -> list:
    """Start every call at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        barrier.wait()
        try:
            outcomes[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


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
