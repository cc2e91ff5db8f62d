"""Background tasks of notifications (run by a `django.tasks` worker)."""

from django.tasks import task

from palabre.notifications.services import digests_send, notification_emails_send


@task
def send_notification_emails(*, notification_ids: list[int]) -> int:
    """Real-time emails for freshly created notifications."""
    return notification_emails_send(notification_ids=notification_ids)


@task
def send_digests(frequency: str) -> int:
    """Daily or weekly digests; schedule it once a day and once a week."""
    return digests_send(frequency=frequency)
