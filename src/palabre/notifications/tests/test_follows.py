import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from palabre.core.models import SpaceMember
from palabre.core.resources import resource_ref
from palabre.notifications.models import Follow
from palabre.notifications.selectors import followers_of, is_following
from palabre.notifications.services import follow_create, follow_delete


def test_following_twice_keeps_one_follow(user, page):
    first = follow_create(user=user, target=page)
    second = follow_create(user=user, target=page)
    assert first.pk == second.pk
    assert Follow.objects.count() == 1
    assert is_following(user, page)
    assert list(followers_of(page)) == [user]


def test_a_space_can_be_followed(user, space, page):
    follow_create(user=user, target=space)
    assert is_following(user, space)
    assert not is_following(user, page)


def test_following_what_one_may_not_view_is_refused(user, private_page, private_space):
    with pytest.raises(PermissionDenied):
        follow_create(user=user, target=private_page)
    with pytest.raises(PermissionDenied):
        follow_create(user=user, target=private_space)
    assert not Follow.objects.exists()


def test_members_follow_a_private_space(user, private_page, private_space):
    SpaceMember.objects.create(space=private_space, user=user)
    follow_create(user=user, target=private_page)
    assert is_following(user, private_page)


def test_blocked_people_cannot_follow(make_user, page):
    blocked = make_user(blocked_at=timezone.now())
    with pytest.raises(PermissionDenied):
        follow_create(user=blocked, target=page)
    assert not Follow.objects.exists()


def test_unfollow(user, page):
    follow_create(user=user, target=page)
    follow_delete(user=user, target=page)
    follow_delete(user=user, target=page)
    assert not is_following(user, page)


def test_anonymous_visitors_follow_nothing(page):
    from django.contrib.auth.models import AnonymousUser

    assert not is_following(AnonymousUser(), page)
    with pytest.raises(PermissionDenied):
        follow_create(user=AnonymousUser(), target=page)


# Pages ------------------------------------------------------------------------------------
def test_follow_button_says_the_state_and_works_without_javascript(signed_in, user, page):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get(page.get_absolute_url())
    request.user = user
    template = Template("{% load notifications %}{% follow_button target %}")
    assert "Follow" in template.render(Context({"request": request, "target": page}))

    client = signed_in(user)
    url = f"/notifications/follow/{resource_ref(page).as_string()}/"
    response = client.post(url, {"follow": "1", "next": page.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == page.get_absolute_url()
    assert is_following(user, page)
    assert "Stop following" in template.render(Context({"request": request, "target": page}))

    client.post(url, {"follow": "0"})
    assert not is_following(user, page)


def test_follow_button_is_not_shown_to_visitors(page):
    from django.contrib.auth.models import AnonymousUser
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    template = Template("{% load notifications %}{% follow_button target %}")
    assert template.render(Context({"request": request, "target": page})).strip() == ""


def test_htmx_gets_the_button_back(signed_in, user, space):
    response = signed_in(user).post(
        f"/notifications/follow/{resource_ref(space).as_string()}/",
        {"follow": "1"},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    assert "Stop following" in response.content.decode()


def test_following_a_hidden_target_through_the_url_is_a_404(signed_in, user, private_page):
    response = signed_in(user).post(
        f"/notifications/follow/{resource_ref(private_page).as_string()}/", {"follow": "1"}
    )
    assert response.status_code == 404
    assert not Follow.objects.exists()


@pytest.mark.parametrize("ref", ["nonsense", "999999-1", "1-999999"])
def test_unknown_references_are_404(signed_in, user, ref):
    assert signed_in(user).post(f"/notifications/follow/{ref}/", {"follow": "1"}).status_code == 404


def test_next_to_another_site_is_ignored(signed_in, user, page):
    response = signed_in(user).post(
        f"/notifications/follow/{resource_ref(page).as_string()}/",
        {"follow": "1", "next": "https://evil.example/"},
    )
    assert response["Location"] == page.get_absolute_url()


def test_blocked_people_get_a_403_from_the_follow_form(signed_in, make_user, page):
    blocked = make_user(blocked_at=timezone.now())
    response = signed_in(blocked).post(
        f"/notifications/follow/{resource_ref(page).as_string()}/", {"follow": "1"}
    )
    assert response.status_code == 403
    assert not Follow.objects.exists()
