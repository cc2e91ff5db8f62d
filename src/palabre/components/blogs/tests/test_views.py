"""Public pages of the blog component, through the full site (middleware, dispatcher)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.tests.factories import ComponentFactory, SpaceMemberFactory

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 id="post-\d+-title"><a href="[^"]+">([^<]+)</a></h2>', html)


def test_list_shows_published_posts_newest_first(client, component, participant):
    PostFactory(component=component, title={"fr": "Ancienne"}, published_at=_days_ago(5))
    PostFactory(
        component=component,
        title={"fr": "Récente"},
        body={"fr": "<p>Le <strong>vote</strong> commence lundi.</p>"},
        published_at=_days_ago(1),
        official=False,
        author=participant,
    )
    PostFactory(component=component, title={"fr": "Brouillon"}, published_at=None)
    PostFactory(component=component, title={"fr": "Programmée"}, published_at=_days_ago(-3))
    response = client.get(component.get_absolute_url())
    html = response.content.decode()
    assert _titles(html) == ["Récente", "Ancienne"]
    assert "Le vote commence lundi." in html  # the excerpt is plain text
    assert participant.display_name in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', html)


def test_official_posts_are_signed_by_the_organization(client, component, organization):
    PostFactory(component=component, official=True)
    html = client.get(component.get_absolute_url()).content.decode()
    assert f'<span class="author">{organization.name}</span>' in html


def test_empty_blog(client, component):
    assert "No news yet" in client.get(component.get_absolute_url()).content.decode()


def test_announcement(client, component):
    component.settings = {"default_step": {"announcement": {"fr": "<p>Réunion jeudi</p>"}}}
    component.save()
    html = client.get(component.get_absolute_url()).content.decode()
    assert '<div class="announcement" role="note"><p>Réunion jeudi</p></div>' in html


@pytest.mark.parametrize(
    ("query", "expected_titles"),
    [
        ("", [f"N{n}" for n in range(10)]),
        ("?page=2", ["N10", "N11"]),
        ("?page=not-a-number", [f"N{n}" for n in range(10)]),
        ("?page=99", ["N10", "N11"]),
    ],
)
def test_pagination_shows_ten_posts_a_page(client, component, query, expected_titles):
    for n in range(12):
        PostFactory(component=component, title={"fr": f"N{n}"}, published_at=_days_ago(n + 1))
    html = client.get(component.get_absolute_url() + query).content.decode()
    assert _titles(html) == expected_titles
    assert "Page " in html and " of 2" in html


def test_posts_per_page_setting_is_honoured(client, component):
    component.settings = {"global": {"posts_per_page": 5}}
    component.save()
    for n in range(7):
        PostFactory(component=component, title={"fr": f"N{n}"}, published_at=_days_ago(n + 1))
    html = client.get(component.get_absolute_url()).content.decode()
    assert _titles(html) == [f"N{n}" for n in range(5)]
    assert 'href="?page=2" rel="next"' in html


def test_post_detail(client, component):
    post = PostFactory(component=component, title={"fr": "Résultats"}, body={"fr": "<p>Bravo</p>"})
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<h1>Résultats</h1>" in html and "<p>Bravo</p>" in html
    assert 'aria-label="Breadcrumb"' in html


@pytest.mark.parametrize("published_at", [None, timezone.now() + datetime.timedelta(days=3)])
def test_drafts_and_scheduled_posts_are_404_except_for_admins(
    client, signed_in, component, participant, space_admin, published_at
):
    post = PostFactory(component=component, published_at=published_at)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert signed_in(participant).get(post.get_absolute_url()).status_code == 404
    response = signed_in(space_admin).get(post.get_absolute_url())
    assert response.status_code == 200
    assert "Only administrators see this post" in response.content.decode()


def test_unknown_post_and_post_of_another_component_are_404(client, component, space):
    other = PostFactory(component=ComponentFactory(space=space, manifest_name="blogs"))
    assert client.get(f"{component.get_absolute_url()}999999/").status_code == 404
    assert client.get(f"{component.get_absolute_url()}{other.pk}/").status_code == 404


def test_unpublished_component_is_hidden_except_from_space_admins(
    client, signed_in, component, space_admin, participant
):
    component.published_at = None
    component.save()
    post = PostFactory(component=component)
    for url in (component.get_absolute_url(), post.get_absolute_url()):
        assert client.get(url).status_code == 404
        assert signed_in(participant).get(url).status_code == 404
        assert signed_in(space_admin).get(url).status_code == 200


def test_private_space_is_a_404_except_for_members(
    client, signed_in, component, space, participant
):
    space.private = True
    space.save()
    post = PostFactory(component=component)
    assert client.get(component.get_absolute_url()).status_code == 404
    assert client.get(post.get_absolute_url()).status_code == 404
    SpaceMemberFactory(space=space, user=participant)
    assert signed_in(participant).get(post.get_absolute_url()).status_code == 200


def test_list_queries_do_not_grow_with_posts(
    client, component, participant, django_assert_max_num_queries
):
    # Both kinds of signature, so that authors are known to be loaded with the posts.
    PostFactory(component=component, official=False, author=participant)
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(component.get_absolute_url()).status_code == 200
    PostFactory.create_batch(12, component=component)
    PostFactory.create_batch(12, component=component, official=False, author=participant)
    with django_assert_max_num_queries(len(baseline)):
        client.get(component.get_absolute_url())
    with django_assert_max_num_queries(len(baseline)):
        client.get(component.get_absolute_url() + "?page=2")
