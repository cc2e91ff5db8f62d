"""The blog manifest honours the component contract: settings, permission, stats, sitemap,
seed."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from palabre.components.blogs.models import Post
from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.permissions import can
from palabre.core.registry import components
from palabre.core.settings_schema import validate_settings
from palabre.core.tests.factories import ComponentFactory, UserFactory

IN_A_WEEK = datetime.timedelta(days=7)


def test_manifest_is_registered_with_its_urls():
    manifest = components.get("blogs")
    assert manifest is not None
    assert manifest.public_urls == "palabre.components.blogs.urls"
    assert manifest.admin_urls == "palabre.components.blogs.admin_urls"
    assert set(manifest.stat_labels) == {"posts"}


def test_every_default_setting_is_valid():
    result = validate_settings(components["blogs"], {}, step_ids=[], languages=["fr", "en"])
    assert result["global"] == {"posts_per_page": 10}
    assert result["default_step"] == {"announcement": {}, "comments_blocked": False}


@pytest.mark.parametrize("value", [4, 51, "many"])
def test_posts_per_page_must_stay_between_5_and_50(value):
    with pytest.raises(ValidationError) as error:
        validate_settings(
            components["blogs"],
            {"global": {"posts_per_page": value}},
            step_ids=[],
            languages=["fr"],
        )
    assert "global.posts_per_page" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "who", "visible"),
    [
        ("published", "anonymous", True),
        ("published", "participant", True),
        ("draft", "anonymous", False),
        ("draft", "participant", False),
        ("draft", "collaborator", False),
        ("draft", "space admin", True),
        ("draft", "organization admin", True),
        ("scheduled", "participant", False),
        ("scheduled", "space admin", True),
    ],
)
def test_who_sees_a_post(state, who, visible, space, component, participant, admin_user):
    from palabre.core.models import SpaceRole
    from palabre.core.tests.factories import SpaceRoleFactory

    people = {
        "anonymous": AnonymousUser(),
        "participant": participant,
        "collaborator": SpaceRoleFactory(space=space, role=SpaceRole.Role.COLLABORATOR).user,
        "space admin": SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user,
        "organization admin": admin_user,
    }
    published_at = {
        "published": timezone.now() - IN_A_WEEK,
        "draft": None,
        "scheduled": timezone.now() + IN_A_WEEK,
    }[state]
    post = PostFactory(component=component, published_at=published_at)
    assert can(people[who], "view", post) is visible


@pytest.mark.django_db
def test_stats_count_published_posts_in_one_query(django_assert_num_queries, organization):
    first, second = (ComponentFactory(space__organization=organization) for _ in range(2))
    PostFactory.create_batch(2, component=first)
    PostFactory(component=second)
    PostFactory(component=first, published_at=None)
    PostFactory(component=first, published_at=timezone.now() + IN_A_WEEK)
    PostFactory(component=ComponentFactory(space__organization=organization))
    with django_assert_num_queries(1):
        assert components["blogs"].stats([first, second]) == {"posts": 3}


@pytest.mark.django_db
def test_sitemap_lists_published_posts_only(django_assert_num_queries, organization):
    component = ComponentFactory(
        space__organization=organization, space__slug="budget", manifest_name="blogs"
    )
    published = PostFactory(component=component)
    PostFactory(component=component, published_at=None)
    PostFactory(component=component, published_at=timezone.now() + IN_A_WEEK)
    with django_assert_num_queries(1):
        urls = list(components["blogs"].sitemap([component]))
    assert urls == [f"/processes/budget/f/{component.pk}/{published.pk}/"]


@pytest.mark.django_db
def test_seed_writes_bilingual_published_posts(organization):
    component = ComponentFactory(space__organization=organization, manifest_name="blogs")
    person = UserFactory(organization=organization)
    components["blogs"].seed(component, [person])
    posts = list(Post.objects.filter(component=component))
    assert 3 <= len(posts) <= 4
    assert all(post.is_published for post in posts)
    assert all(post.title["fr"] and post.title["en"] for post in posts)
    assert all(post.body["fr"] and post.body["en"] for post in posts)
    assert [p for p in posts if not p.official] == [p for p in posts if p.author == person]
    assert any(post.official for post in posts)


@pytest.mark.django_db
def test_seed_without_people_signs_every_post_as_the_organization(organization):
    component = ComponentFactory(space__organization=organization, manifest_name="blogs")
    components["blogs"].seed(component, [])
    assert all(post.official for post in Post.objects.filter(component=component))
