"""Links of notification emails and digests: the organization's site, as it is served."""

import pytest
from django.core import mail
from django.db import transaction

from palabre.core.models import NotificationFrequency
from palabre.core.tests.email_links import assert_links_on_site
from palabre.notifications.services import digests_send, notify

ROOT = "http://testserver:8080"


@pytest.fixture(autouse=True)
def served_on_http_8080(settings):
    settings.PALABRE_URL_SCHEME = "http"
    settings.PALABRE_URL_PORT = 8080


def test_a_real_time_email_links_to_the_target_and_the_settings(
    make_user, page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(event="comments.reply", target=page, recipients=[make_user()], actor=make_user())
    (message,) = mail.outbox
    assert_links_on_site(message, ROOT, page.get_absolute_url(), "/account/notifications/")


def test_a_digest_links_to_each_target_the_list_and_the_settings(
    make_user, make_notifications, page, monkeypatch
):
    monkeypatch.setattr(
        "palabre.core.queue.transaction.on_commit", lambda callback, *a, **k: callback()
    )
    person = make_user(notification_frequency=NotificationFrequency.DAILY)
    make_notifications(person, 2)
    assert digests_send(frequency=NotificationFrequency.DAILY) == 1
    (message,) = mail.outbox
    assert_links_on_site(
        message, ROOT, page.get_absolute_url(), "/notifications/", "/account/notifications/"
    )
