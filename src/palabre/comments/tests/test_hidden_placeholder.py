"""A comment hidden by moderation leaves a placeholder where it stood, so that the replies it
received stay in their thread, under it, on every page and for every reader; shown again,
its text is back at once."""

import re

import pytest

from palabre.comments import services
from palabre.core.resources import resource_ref
from palabre.moderation import services as moderation

pytestmark = pytest.mark.django_db

PLACEHOLDER = "This comment was hidden by moderation."


def item(html: str, comment) -> str:
    """The `<li>` of a comment, its replies included (they are nested inside it)."""
    start = html.index(f'id="comment-{comment.pk}"')
    depth, position = 1, start
    for match in re.finditer(r"<li\b|</li>", html[start:]):
        depth += 1 if match.group() == "<li" else -1
        if depth == 0:
            position = start + match.end()
            break
    return html[start:position]


@pytest.fixture
def thread(participant, other, post):
    root = services.comment_create(author=participant, target=post, body="Le premier avis")
    middle = services.comment_create(
        author=other, target=post, body="Une réponse déplacée", parent=root
    )
    leaf = services.comment_create(
        author=participant, target=post, body="Une réponse à la réponse", parent=middle
    )
    return root, middle, leaf


@pytest.mark.parametrize("reader", ["visitor", "participant"])
def test_a_hidden_reply_keeps_its_own_replies_under_a_placeholder(
    client, signed_in, other, moderator, post, thread, reader
):
    root, middle, leaf = thread
    browser = client if reader == "visitor" else signed_in(other)
    moderation.resource_hide(actor=moderator, target=middle)
    html = browser.get(post.get_absolute_url()).content.decode()
    hidden = item(html, middle)
    assert PLACEHOLDER in hidden and "Une réponse déplacée" not in html
    # The reply to the hidden comment is still nested under it, inside the root's thread.
    assert "Une réponse à la réponse" in item(hidden, leaf)
    assert f'id="comment-{middle.pk}"' in item(html, root)

    moderation.resource_unhide(actor=moderator, target=middle)
    html = browser.get(post.get_absolute_url()).content.decode()
    assert PLACEHOLDER not in html and "Une réponse déplacée" in item(html, middle)


def test_a_hidden_thread_start_keeps_its_replies_on_later_pages_too(
    client, participant, moderator, post, thread
):
    root, middle, leaf = thread
    for number in range(20):
        services.comment_create(author=participant, target=post, body=f"Autre fil {number}")
    moderation.resource_hide(actor=moderator, target=root)
    ref = resource_ref(post).as_string()
    # The oldest thread comes last: on the second page, loaded by "load more".
    fragment = client.get(f"/comments/{ref}/threads/?sort=recent&page=2").content.decode()
    hidden = item(fragment, root)
    assert PLACEHOLDER in hidden and "Le premier avis" not in fragment
    assert "Une réponse déplacée" in item(hidden, middle)
    assert "Une réponse à la réponse" in item(hidden, leaf)
