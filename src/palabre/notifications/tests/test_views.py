import pytest
from django.db import connection
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from palabre.notifications.context_processors import notifications as notifications_context
from palabre.notifications.models import Notification


def test_list_shows_newest_first_with_unread_highlighted(
    signed_in, user, make_notifications, django_capture_on_commit_callbacks
):
    make_notifications(user, 2)
    Notification.objects.filter(title="Item 0").update(read_at="2026-01-01T00:00:00Z")
    response = signed_in(user).get("/notifications/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Item 1") < body.index("Item 0")
    assert body.count('class="notification notification-unread"') == 1
    unread = Notification.objects.get(title="Item 1")
    assert f'href="/notifications/{unread.pk}/open/"' in body


def test_notifications_only_for_email_are_not_listed_nor_counted(
    signed_in, user, make_notifications
):
    make_notifications(user, 1, in_app=False)
    make_notifications(user, 1)
    Notification.objects.filter(in_app=True).update(title="On the site")
    body = signed_in(user).get("/notifications/").content.decode()
    assert body.count('<li class="notification') == 1
    assert "On the site" in body
    assert "Item 0" not in body
    assert '<span class="badge">1<span class="visually-hidden"> unread</span>' in body


def test_list_is_paginated_by_thirty(signed_in, user, make_notifications):
    make_notifications(user, 31)
    client = signed_in(user)
    first = client.get("/notifications/").content.decode()
    assert first.count('<li class="notification') == 30
    assert "Page 1 of 2" in first
    assert (
        client.get("/notifications/?page=2").content.decode().count('<li class="notification') == 1
    )


def test_list_queries_do_not_grow_with_notifications(
    signed_in, user, make_user, make_notifications
):
    def queries_for(person) -> int:
        client = signed_in(person)
        client.get("/notifications/")
        with CaptureQueriesContext(connection) as context:
            response = client.get("/notifications/")
        assert response.status_code == 200
        return len(context)

    make_notifications(user, 1)
    other = make_user()
    make_notifications(other, 30, actor=user)
    one = queries_for(user)
    assert one == queries_for(other)
    # The header's unread count is one of them.
    assert one <= 9


def test_list_needs_an_account(client, organization):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_mark_all_as_read_only_touches_ones_own(signed_in, user, make_user, make_notifications):
    other = make_user()
    make_notifications(user, 2)
    make_notifications(other, 1)
    client = signed_in(user)
    assert client.get("/notifications/read/").status_code == 405
    response = client.post("/notifications/read/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=other).read_at is None


def test_opening_marks_read_and_goes_to_the_target(signed_in, user, page, make_notifications):
    (notification,) = make_notifications(user, 1)
    response = signed_in(user).get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == page.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_others_cannot_open_a_notification(signed_in, client, user, make_user, make_notifications):
    (notification,) = make_notifications(user, 1)
    assert signed_in(make_user()).get(f"/notifications/{notification.pk}/open/").status_code == 404
    assert client.get(f"/notifications/{notification.pk}/open/").status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_a_notification_never_redirects_to_another_site(signed_in, user, make_notifications):
    (notification,) = make_notifications(user, 1)
    Notification.objects.filter(pk=notification.pk).update(url="https://evil.example/")
    response = signed_in(user).get(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/notifications/"


# Context processor ------------------------------------------------------------------------
def test_unread_count_is_one_query(user, make_notifications, django_assert_num_queries):
    make_notifications(user, 3)
    Notification.objects.filter(title="Item 0").update(read_at="2026-01-01T00:00:00Z")
    request = RequestFactory().get("/")
    request.user = user
    request.organization = user.organization
    with django_assert_num_queries(1):
        assert notifications_context(request) == {"unread_notifications_count": 2}


def test_unread_count_costs_visitors_nothing(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert notifications_context(request) == {"unread_notifications_count": 0}


@pytest.mark.parametrize("count", [0, 2])
def test_count_renders(user, make_notifications, count):
    make_notifications(user, count)
    request = RequestFactory().get("/")
    request.user = user
    request.organization = user.organization
    context = RequestContext(request, notifications_context(request))
    assert Template("{{ unread_notifications_count }}").render(context) == str(count)
