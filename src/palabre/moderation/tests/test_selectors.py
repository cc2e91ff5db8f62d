import pytest

from palabre.components.blogs.models import Post
from palabre.components.blogs.tests.factories import PostFactory
from palabre.moderation import selectors, services

pytestmark = pytest.mark.django_db


def test_exclude_hidden_drops_hidden_rows_in_one_query(
    component, moderator, django_assert_num_queries
):
    posts = PostFactory.create_batch(4, component=component)
    services.resource_hide(actor=moderator, target=posts[1])
    services.resource_hide(actor=moderator, target=posts[3])
    services.resource_unhide(actor=moderator, target=posts[3])
    with django_assert_num_queries(1):
        visible = list(selectors.exclude_hidden(Post.objects.filter(component=component)))
    assert {post.pk for post in visible} == {posts[0].pk, posts[2].pk, posts[3].pk}


def test_reported_but_visible_rows_stay(component, user):
    post = PostFactory(component=component)
    services.report_create(reporter=user, target=post, reason="spam")
    assert list(selectors.exclude_hidden(Post.objects.filter(pk=post.pk))) == [post]


def test_hidden_flag_marks_each_row_in_the_same_query(
    component, moderator, django_assert_num_queries
):
    posts = PostFactory.create_batch(30, component=component)
    for post in posts[::10]:
        services.resource_hide(actor=moderator, target=post)
    services.resource_unhide(actor=moderator, target=posts[20])
    with django_assert_num_queries(1):
        rows = list(
            Post.objects.filter(component=component).annotate(hidden=selectors.hidden_flag(Post))
        )
    assert {post.pk for post in rows if post.hidden} == {posts[0].pk, posts[10].pk}
    assert len(rows) == 30


def test_is_hidden(post, moderator):
    assert not selectors.is_hidden(post)
    services.resource_hide(actor=moderator, target=post)
    assert selectors.is_hidden(post)
