"""The author line and the text of a comment are kept once rendered, and the whole comment for
readers who can do nothing with it: any change of what they show shows at once, and what
depends on the reader (votes, reply, edit) is never kept."""

import pytest
from django.core.cache import caches
from django.utils import timezone

from palabre.comments import services
from palabre.comments.models import Comment
from palabre.core.models import Organization, User

pytestmark = pytest.mark.django_db


def page(browser, post, **headers) -> str:
    response = browser.get(post.get_absolute_url(), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def written(participant, post):
    return services.comment_create(author=participant, target=post, body="Un avis", alignment=1)


def change_text(comment):
    Comment.objects.filter(pk=comment.pk).update(body={"en": "Un avis corrigé"})


def rename_author(comment):
    User.objects.filter(pk=comment.author_id).update(name="Claude Autre-Nom")


def block_author(comment):
    User.objects.filter(pk=comment.author_id).update(blocked_at=timezone.now())


def mark_edited(comment):
    Comment.objects.filter(pk=comment.pk).update(edited_at=timezone.now())


def change_alignment(comment):
    Comment.objects.filter(pk=comment.pk).update(alignment=-1)


def vote_up(comment):
    Comment.objects.filter(pk=comment.pk).update(up_votes=7)


def make_official(comment):
    Comment.objects.filter(pk=comment.pk).update(official=True)


CHANGES = {
    "text": (change_text, "Un avis corrigé"),
    "author renamed": (rename_author, "Claude Autre-Nom"),
    "author blocked": (block_author, "Blocked participant"),
    "edited": (mark_edited, "(edited)"),
    "alignment": (change_alignment, "comment-alignment--1"),
    # Readers who cannot vote read the counts in the kept rendering of the whole comment.
    "votes": (vote_up, "7 up, 0 down"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_of_a_comment_shows_at_once(client, post, written, change):
    apply, expected = change
    assert expected not in page(client, post)
    apply(written)
    assert expected in page(client, post)


def test_an_official_comment_follows_the_organization_name(client, post, written, organization):
    make_official(written)
    assert f'<span class="comment-author">{organization.name}</span>' in page(client, post)
    Organization.objects.filter(pk=organization.pk).update(name="Ville Renommée")
    assert '<span class="comment-author">Ville Renommée</span>' in page(client, post)


def test_each_language_has_its_own_rendering(client, post, written):
    shown = '<span class="comment-alignment comment-alignment-+1">{}</span>'
    assert shown.format("In favour") in page(client, post, accept_language="en")
    assert shown.format("Pour") in page(client, post, accept_language="fr")
    assert shown.format("In favour") in page(client, post, accept_language="en")


def test_what_depends_on_the_reader_is_not_kept(client, signed_in, post, written, other):
    assert "Reply" not in page(client, post)
    reader = page(signed_in(other), post)
    assert "Send the reply" in reader and 'name="value"' in reader
    assert "Send the reply" not in page(client, post)


def test_a_rendering_is_kept(client, post, written):
    fragments = caches["fragments"]
    fragments.clear()
    page(client, post)
    kept = len(fragments._cache)
    assert kept >= 1
    page(client, post)
    assert len(fragments._cache) == kept


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_of_a_reply_shows_at_once_in_its_thread(client, post, written, other, change):
    apply, expected = change
    reply = services.comment_create(author=other, target=post, body="Une réponse", parent=written)
    assert "Une réponse" in page(client, post) and expected not in page(client, post)
    apply(reply)
    assert expected in page(client, post)


def test_a_new_reply_and_a_hidden_one_show_at_once_in_their_thread(
    client, post, written, other, moderator
):
    from palabre.moderation import services as moderation

    assert "Une réponse" not in page(client, post)
    reply = services.comment_create(author=other, target=post, body="Une réponse", parent=written)
    assert "Une réponse" in page(client, post)
    moderation.resource_hide(actor=moderator, target=reply)
    html = page(client, post)
    assert "Une réponse" not in html and "This comment was hidden by moderation." in html
