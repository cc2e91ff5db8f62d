"""Comments on a blog post, through the full site: rendering, forms, fragments, queries."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palabre.comments import services
from palabre.comments.models import Comment
from palabre.components.blogs.tests.factories import PostFactory
from palabre.core import structure
from palabre.core.resources import resource_ref
from palabre.core.tests.factories import ComponentFactory, SpaceFactory, UserFactory
from palabre.moderation.models import Moderation

pytestmark = pytest.mark.django_db


def comment(author, target, body="Hello", **kwargs) -> Comment:
    return services.comment_create(author=author, target=target, body=body, **kwargs)


def thread_ids(html: str) -> list[int]:
    """Root comments in page order (replies are nested in `comment-replies` lists)."""
    return [int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', html)]


def many_threads(post, author, threads: int, replies_per_thread: int = 0) -> list[Comment]:
    """Comments written straight to the database: the page is what is measured here."""
    content_type = ContentType.objects.get_for_model(post)
    common = {
        "content_type": content_type,
        "object_id": post.pk,
        "space": post.component.space,
        "component": post.component,
        "author": author,
        "body": {"en": "Text"},
    }
    roots = Comment.objects.bulk_create(
        Comment(**common, thread_comments_count=1 + replies_per_thread) for _ in range(threads)
    )
    Comment.objects.bulk_create(
        Comment(**common, parent=root, root=root, depth=2)
        for root in roots
        for _ in range(replies_per_thread)
    )
    return roots


def test_anonymous_people_read_and_are_invited_to_sign_in(client, participant, post):
    comment(participant, post, body="First <b>line</b>\nsecond line @paul", alignment=1)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "1 comment" in html
    assert "First &lt;b&gt;line&lt;/b&gt;<br>second line" in html
    assert '<strong class="mention">@paul</strong>' in html
    assert "In favour" in html and "comment-alignment-+1" in html
    assert "Sign in to comment" in html
    assert 'name="body"' not in html


def test_signing_in_shows_the_form_and_posting_redirects_to_the_comment(
    signed_in, participant, post
):
    browser = signed_in(participant)
    html = browser.get(post.get_absolute_url()).content.decode()
    assert '<label for="id_body">Your comment</label>' in html
    ref = resource_ref(post).as_string()
    response = browser.post(f"/comments/{ref}/new/", {"body": "Nice", "alignment": "-1"})
    created = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{created.pk}"
    assert created.alignment == -1


def test_a_bad_comment_shows_the_error_and_keeps_the_text(signed_in, participant, post):
    ref = resource_ref(post).as_string()
    response = signed_in(participant).post(f"/comments/{ref}/new/", {"body": "x" * 2001})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert not Comment.objects.exists()


def test_replying_too_deep_is_refused_with_a_message(signed_in, participant, other, post):
    root = comment(participant, post)
    second = comment(other, post, parent=root)
    third = comment(participant, post, parent=second)
    ref = resource_ref(post).as_string()
    response = signed_in(other).post(
        f"/comments/{ref}/new/", {"body": "Deeper", "parent": third.pk}
    )
    assert response.status_code == 400
    assert "3 levels deep at most" in response.content.decode()
    html = signed_in(other).get(post.get_absolute_url()).content.decode()
    assert f'id="reply-{second.pk}"' in html and f'id="reply-{third.pk}"' not in html


def test_official_comments_show_the_organization(client, admin_user, post, organization):
    comment(admin_user, post, official=True)
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'<span class="comment-author">{organization.name}</span>' in html
    assert "Official" in html and admin_user.display_name not in html


def test_edit_delete_and_placeholders(signed_in, client, participant, other, post):
    root = comment(participant, post, body="Original")
    reply = comment(other, post, parent=root, body="The reply stays")
    browser = signed_in(participant)
    assert browser.get(f"/comments/{reply.pk}/edit/").status_code == 403
    browser.post(f"/comments/{root.pk}/edit/", {"body": "Corrected"})
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Corrected" in html and "(edited)" in html
    browser.post(f"/comments/{root.pk}/delete/")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Deleted comment" in html and "Corrected" not in html
    assert "The reply stays" in html


def test_hidden_and_blocked(client, participant, other, post):
    root = comment(participant, post, body="Hidden text")
    comment(other, post, parent=root, body="Visible reply")
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id=root.pk,
        space=root.space,
        hidden_at=timezone.now(),
    )
    other.blocked_at = timezone.now()
    other.save()
    html = client.get(post.get_absolute_url()).content.decode()
    assert "This comment was hidden by moderation" in html and "Hidden text" not in html
    assert "Visible reply" in html and "Blocked participant" in html


def test_voting_through_the_form(signed_in, participant, other, post):
    created = comment(participant, post)
    browser = signed_in(other)
    browser.post(f"/comments/{created.pk}/vote/", {"value": "1"})
    browser.post(f"/comments/{created.pk}/vote/", {"value": "1"})
    created.refresh_from_db()
    assert created.up_votes == 1
    html = browser.get(post.get_absolute_url()).content.decode()
    assert 'value="0" aria-pressed="true"' in html
    assert (
        signed_in(participant).post(f"/comments/{created.pk}/vote/", {"value": "1"}).status_code
        == 403
    )
    assert browser.post(f"/comments/{created.pk}/vote/", {"value": "9"}).status_code == 400


def test_private_spaces_and_drafts_answer_404(signed_in, client, organization, participant, post):
    private = PostFactory(
        component=ComponentFactory(
            space=SpaceFactory(organization=organization, private=True), manifest_name="blogs"
        )
    )
    draft = PostFactory(component=post.component, published_at=None)
    for target in (private, draft):
        ref = resource_ref(target).as_string()
        assert client.get(f"/comments/{ref}/threads/").status_code == 404
        assert (
            signed_in(participant).post(f"/comments/{ref}/new/", {"body": "x"}).status_code == 404
        )
    assert client.get("/comments/999-999/threads/").status_code == 404
    assert client.get("/comments/nonsense/threads/").status_code == 404
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("best_rated", ["liked", "new", "old", "disliked"]),
        ("recent", ["new", "disliked", "liked", "old"]),
        ("older", ["old", "liked", "disliked", "new"]),
        ("most_discussed", ["old", "new", "disliked", "liked"]),
    ],
)
def test_sorts(client, participant, other, organization, post, sort, expected):
    names = {}
    for name in ("old", "liked", "disliked", "new"):
        names[comment(participant, post, body=name).pk] = name
    by_name = {name: pk for pk, name in names.items()}
    voter = UserFactory(organization=organization)
    services.comment_vote(user=voter, comment=Comment.objects.get(pk=by_name["liked"]), value=1)
    services.comment_vote(user=voter, comment=Comment.objects.get(pk=by_name["disliked"]), value=-1)
    old = Comment.objects.get(pk=by_name["old"])
    comment(other, post, parent=old)
    comment(other, post, parent=old)
    html = client.get(f"{post.get_absolute_url()}?comments_sort={sort}").content.decode()
    assert [names[pk] for pk in thread_ids(html) if pk in names] == expected


def test_load_more(client, participant, post):
    roots = many_threads(post, participant, 25)
    html = client.get(f"{post.get_absolute_url()}?comments_sort=older").content.decode()
    assert thread_ids(html) == [root.pk for root in roots[:20]]
    assert "comments_page=2#comments" in html and "Load more comments" in html
    ref = resource_ref(post).as_string()
    fragment = client.get(f"/comments/{ref}/threads/?sort=older&page=2").content.decode()
    assert thread_ids(fragment) == [root.pk for root in roots[20:]]
    assert "<html" not in fragment and "Load more" not in fragment
    page_two = client.get(f"{post.get_absolute_url()}?comments_sort=older&comments_page=2")
    assert thread_ids(page_two.content.decode()) == [root.pk for root in roots[20:]]


def test_queries_do_not_grow_with_threads(signed_in, participant, other, component):
    counts = []
    for threads in (1, 30):
        post = PostFactory(component=component)
        many_threads(post, other, threads, replies_per_thread=3)
        browser = signed_in(participant)
        structure.clear()  # both measures start without the site's structure in memory
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(post.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_two_thousand_comments_render_twenty_threads_in_few_queries(
    signed_in, participant, other, post, django_assert_max_num_queries
):
    many_threads(post, other, 100, replies_per_thread=19)
    assert Comment.objects.count() == 2000
    browser = signed_in(participant)
    with django_assert_max_num_queries(25):
        html = browser.get(post.get_absolute_url()).content.decode()
    assert "2000 comments" in html
    assert len(re.findall(r'id="comment-\d+"', html)) == 20 * 20
    assert html.count('class="comment-replies"') == 20


def test_the_total_counts_what_readers_can_see_on_every_page(client, participant, other, post):
    roots = many_threads(post, participant, 22, replies_per_thread=1)
    services.comment_delete(actor=participant, comment=roots[0])
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id=roots[1].pk,
        space=roots[1].space,
        hidden_at=timezone.now(),
    )
    ref = resource_ref(post).as_string()
    # 44 comments, one deleted and one hidden; the second page holds two threads, the third
    # page none, and every page tells the same total.
    for page in (1, 2, 3):
        html = client.get(
            f"{post.get_absolute_url()}?comments_sort=older&comments_page={page}"
        ).content.decode()
        assert "42 comments" in html
    fragment = client.get(f"/comments/{ref}/threads/?sort=older&page=3").content.decode()
    assert thread_ids(fragment) == []
