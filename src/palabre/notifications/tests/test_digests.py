import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from palabre.core.models import NotificationFrequency
from palabre.notifications.models import Notification
from palabre.notifications.services import digests_send
from palabre.notifications.tasks import send_digests

DAILY = NotificationFrequency.DAILY
WEEKLY = NotificationFrequency.WEEKLY


@pytest.fixture(autouse=True)
def emails_leave_on_commit(monkeypatch):
    """Tests run inside a transaction that never commits: run what waits for the commit
    at once, as the end of a real digest run would."""
    monkeypatch.setattr(
        "palabre.core.queue.transaction.on_commit", lambda callback, *a, **k: callback()
    )


def test_daily_digest_is_one_email_listing_what_is_new(make_user, make_notifications):
    person = make_user(notification_frequency=DAILY, locale="en")
    make_notifications(person, 3)
    make_notifications(person, 1, emailed_at=timezone.now())

    assert digests_send(frequency=DAILY) == 1

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Your day: 3 new notifications" in message.subject
    for n in range(3):
        assert f"commented on “Item {n}”" in message.body
    assert "https://testserver/notifications/" in message.body
    assert "https://testserver/account/notifications/" in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_running_the_digest_twice_sends_nothing_the_second_time(make_user, make_notifications):
    make_notifications(make_user(notification_frequency=DAILY), 2)
    call_command("send_digests", "daily")
    call_command("send_digests", "daily")
    assert len(mail.outbox) == 1


def test_digests_go_only_to_people_of_that_frequency(make_user, make_notifications):
    daily, weekly = (
        make_user(notification_frequency=DAILY),
        make_user(notification_frequency=WEEKLY),
    )
    never = make_user(notification_frequency=NotificationFrequency.NONE)
    real_time = make_user(notification_frequency=NotificationFrequency.REAL_TIME)
    for person in (daily, weekly, never, real_time):
        make_notifications(person, 1)

    send_digests.enqueue(frequency="weekly")
    assert [message.to for message in mail.outbox] == [[weekly.email]]
    assert "Your week: 1 new notification" in mail.outbox[0].subject

    send_digests.enqueue(frequency="daily")
    assert [message.to for message in mail.outbox][1:] == [[daily.email]]
    assert Notification.objects.get(recipient=never).emailed_at is None
    assert Notification.objects.get(recipient=real_time).emailed_at is None


def test_a_digest_with_nothing_in_it_is_never_sent(make_user, make_notifications):
    make_user(notification_frequency=DAILY)
    already = make_user(notification_frequency=DAILY)
    make_notifications(already, 2, emailed_at=timezone.now())
    assert digests_send(frequency=DAILY) == 0
    assert mail.outbox == []


def test_blocked_people_get_no_digest(make_user, make_notifications):
    make_notifications(make_user(notification_frequency=DAILY, blocked_at=timezone.now()), 1)
    assert digests_send(frequency=DAILY) == 0
    assert mail.outbox == []


def test_never_is_not_a_digest(make_user):
    with pytest.raises(ValueError):
        digests_send(frequency=NotificationFrequency.NONE)


def test_long_digests_say_how_many_more(make_user, make_notifications, settings):
    person = make_user(notification_frequency=WEEKLY)
    make_notifications(person, 52)
    digests_send(frequency=WEEKLY)
    assert "And 2 more notifications." in mail.outbox[0].body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_digest_queries_do_not_grow_with_notifications(
    make_user, make_notifications, django_assert_max_num_queries
):
    one = make_user(notification_frequency=DAILY)
    make_notifications(one, 1)
    with django_assert_max_num_queries(10) as few:
        digests_send(frequency=DAILY)
    many = make_user(notification_frequency=DAILY)
    make_notifications(many, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        digests_send(frequency=DAILY)


def test_digests_speak_each_person_s_language(make_user, make_notifications):
    person = make_user(notification_frequency=WEEKLY, locale="fr")
    make_notifications(person, 1)
    digests_send(frequency=WEEKLY)
    assert "Votre semaine" in mail.outbox[0].subject
