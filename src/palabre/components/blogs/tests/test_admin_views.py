"""Backoffice views of the blog component, through the backoffice's own dispatcher."""

import datetime
import re

import pytest
from django.utils import timezone

from palabre.components.blogs.models import Post, PostState
from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceRoleFactory,
    png_upload,
    with_two_factor,
)

pytestmark = pytest.mark.django_db


def _valid(**extra) -> dict:
    return {
        "title_fr": "Le vote est ouvert",
        "title_en": "Voting is open",
        "body_fr": "<p>Votez<script>alert(1)</script></p>",
        "body_en": "",
        "official": "on",
        "published_at": "",
        **extra,
    }


@pytest.fixture
def people(organization, admin_user, participant, collaborator, space_admin):
    other_space_admin = SpaceRoleFactory(
        space__organization=organization, role=SpaceRole.Role.ADMIN
    ).user
    return {
        "participant": participant,
        "admin of another space": with_two_factor(other_space_admin),
        "collaborator": collaborator,
        "space admin": space_admin,
        "organization admin": with_two_factor(admin_user),
    }


@pytest.mark.parametrize(
    ("who", "index_status", "write_status"),
    [
        ("participant", 403, 403),
        ("admin of another space", 404, 404),
        ("collaborator", 200, 403),
        ("space admin", 200, 200),
        ("organization admin", 200, 200),
    ],
)
def test_who_may_see_and_write(signed_in, people, component, who, index_status, write_status):
    client = signed_in(people[who])
    draft = PostFactory(component=component, title={"fr": "Brouillon"}, published_at=None)
    index = client.get(component_admin_url(component))
    assert index.status_code == index_status
    if index_status == 200:
        assert "Brouillon" in index.content.decode()
        assert ("New post" in index.content.decode()) is (write_status == 200)
    assert client.get(component_admin_url(component, "post_new")).status_code == write_status
    publish = client.post(component_admin_url(component, "post_publish", pk=draft.pk))
    assert publish.status_code == (302 if write_status == 200 else write_status)
    draft.refresh_from_db()
    assert draft.is_published is (write_status == 200)


def test_index_shows_each_state(signed_in, space_admin, component):
    PostFactory(component=component, published_at=None)
    PostFactory(component=component, published_at=timezone.now() + datetime.timedelta(days=2))
    PostFactory(component=component)
    html = signed_in(space_admin).get(component_admin_url(component)).content.decode()
    for state in ("draft", "scheduled", "published"):
        assert f"status-{state}" in html
    assert html.index("status-draft") < html.index("status-scheduled")


def test_create_a_draft_signed_by_the_organization(signed_in, space_admin, component):
    response = signed_in(space_admin).post(
        component_admin_url(component, "post_new"), _valid(image=png_upload())
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.title == {"fr": "Le vote est ouvert", "en": "Voting is open"}
    assert post.body == {"fr": "<p>Votez</p>"}
    assert post.official and post.author is None and post.state == PostState.DRAFT
    assert post.image
    assert ActionLog.objects.filter(action="create", resource_type="post").exists()


def test_new_post_form_proposes_an_official_post(signed_in, space_admin, component):
    html = signed_in(space_admin).get(component_admin_url(component, "post_new")).content
    assert re.search(rb'<input type="checkbox" name="official"[^>]* checked>', html)


def test_create_a_scheduled_personal_post(signed_in, space_admin, component):
    data = _valid(published_at="2099-05-01T09:30")
    del data["official"]
    assert (
        signed_in(space_admin).post(component_admin_url(component, "post_new"), data).status_code
        == 302
    )
    post = Post.objects.get()
    assert post.author == space_admin and not post.official
    assert post.state == PostState.SCHEDULED
    assert timezone.localtime(post.published_at).hour == 9


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_valid(title_fr="", title_en="Only English"), "Title is required in"),
        (_valid(published_at="someday"), "Enter a valid date/time"),
    ],
)
def test_create_with_bad_inputs_saves_nothing(signed_in, space_admin, component, data, message):
    response = signed_in(space_admin).post(component_admin_url(component, "post_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Post.objects.exists()
    assert not ActionLog.objects.exists()


def test_edit(signed_in, space_admin, component):
    post = PostFactory(component=component, title={"fr": "Ancien"})
    url = component_admin_url(component, "post_edit", pk=post.pk)
    client = signed_in(space_admin)
    assert 'value="Ancien"' in client.get(url).content.decode()
    published_at = timezone.localtime(post.published_at).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, _valid(title_fr="Nouveau", published_at=published_at))
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == {"fr": "Nouveau", "en": "Voting is open"}
    assert post.is_published


def test_edit_with_a_missing_title_changes_nothing(signed_in, space_admin, component):
    post = PostFactory(component=component, title={"fr": "Ancien"})
    url = component_admin_url(component, "post_edit", pk=post.pk)
    response = signed_in(space_admin).post(url, _valid(title_fr=""))
    assert "Title is required in" in response.content.decode()
    post.refresh_from_db()
    assert post.title == {"fr": "Ancien"}


def test_unpublish_and_delete(signed_in, space_admin, component):
    post = PostFactory(component=component)
    client = signed_in(space_admin)
    assert (
        client.get(component_admin_url(component, "post_unpublish", pk=post.pk)).status_code == 405
    )
    client.post(component_admin_url(component, "post_unpublish", pk=post.pk))
    post.refresh_from_db()
    assert post.state == PostState.DRAFT
    delete_url = component_admin_url(component, "post_delete", pk=post.pk)
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    assert not Post.objects.exists()


def test_a_post_of_another_component_is_a_404(signed_in, space_admin, space, component):
    other = PostFactory(component=ComponentFactory(space=space, manifest_name="blogs"))
    client = signed_in(space_admin)
    assert client.get(component_admin_url(component, "post_edit", pk=other.pk)).status_code == 404
    assert (
        client.post(component_admin_url(component, "post_delete", pk=other.pk)).status_code == 404
    )
    assert Post.objects.filter(pk=other.pk).exists()


def test_index_queries_do_not_grow_with_posts(
    signed_in, space_admin, participant, component, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(space_admin)
    PostFactory(component=component, official=False, author=participant)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(component_admin_url(component)).status_code == 200
    PostFactory.create_batch(24, component=component, official=False, author=participant)
    with django_assert_max_num_queries(len(baseline)):
        client.get(component_admin_url(component))
