"""Rules of comments: depth, texts, alignment, official comments, votes, deletion, mentions."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.comments import services
from palabre.comments.models import Comment, CommentVote
from palabre.core.tests.factories import ComponentFactory, SpaceFactory, UserFactory
from palabre.moderation.models import Moderation
from palabre.notifications.models import Follow, Notification

pytestmark = pytest.mark.django_db


def hide(resource) -> None:
    Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(resource),
        object_id=resource.pk,
        space=resource.space,
        hidden_at=timezone.now(),
    )


def comment(author, target, body="Hello", **kwargs) -> Comment:
    return services.comment_create(author=author, target=target, body=body, **kwargs)


def test_a_comment_is_stored_in_the_language_of_its_author(participant, post):
    participant.locale = "en"
    created = comment(participant, post, body="  Good idea  ")
    created.refresh_from_db()
    assert created.body == {"en": "Good idea"}
    assert created.depth == 1 and created.thread_comments_count == 1
    assert created.space == post.component.space and created.component == post.component


def test_replies_go_three_levels_deep_and_are_counted(participant, other, post):
    root = comment(participant, post)
    second = comment(other, post, parent=root)
    third = comment(participant, post, parent=second)
    assert (second.depth, third.depth) == (2, 3)
    assert third.root_id == root.pk
    with pytest.raises(ValidationError) as error:
        comment(other, post, parent=third)
    assert "3 levels deep at most" in str(error.value)
    root.refresh_from_db()
    second.refresh_from_db()
    assert root.thread_comments_count == 3 and root.replies_count == 1
    assert second.replies_count == 1
    assert Comment.objects.count() == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "Write a comment"),
        ("   \n ", "Write a comment"),
        ("x" * 2001, "at most 2000 characters; this one has 2001"),
        (None, "Write a comment"),
    ],
)
def test_bad_texts_are_refused_and_nothing_is_written(participant, post, body, message):
    with pytest.raises(ValidationError) as error:
        comment(participant, post, body=body)
    assert message in str(error.value)
    assert not Comment.objects.exists()


def test_the_longest_comment_is_accepted(participant, post):
    assert len(comment(participant, post, body="x" * 2000).body["en"]) == 2000


@pytest.mark.parametrize(("value", "stored"), [(1, 1), (0, 0), (-1, -1), ("1", 1), (None, None)])
def test_alignment_values(participant, post, value, stored):
    assert comment(participant, post, alignment=value).alignment == stored


@pytest.mark.parametrize("value", [2, "yes", -2])
def test_unknown_alignments_are_refused(participant, post, value):
    with pytest.raises(ValidationError):
        comment(participant, post, alignment=value)
    assert not Comment.objects.exists()


def test_a_reply_must_belong_to_the_same_resource(participant, post, component):
    from palabre.components.blogs.tests.factories import PostFactory

    elsewhere = comment(participant, PostFactory(component=component))
    with pytest.raises(ValidationError):
        comment(participant, post, parent=elsewhere)


def test_official_comments_only_for_administrators(participant, admin_user, post):
    with pytest.raises(PermissionDenied):
        comment(participant, post, official=True)
    assert comment(admin_user, post, official=True).official


def test_the_author_follows_the_resource(participant, post):
    comment(participant, post)
    assert Follow.objects.filter(user=participant, object_id=post.pk).exists()


def test_comments_blocked_by_the_step_setting(participant, post, component):
    component.settings = {"default_step": {"comments_blocked": True}}
    component.save()
    with pytest.raises(PermissionDenied):
        comment(participant, post)


def test_drafts_cannot_be_commented(participant, post):
    post.published_at = None
    post.save()
    with pytest.raises(PermissionDenied):
        comment(participant, post)


@pytest.fixture
def private_post(organization):
    from palabre.components.blogs.tests.factories import PostFactory

    space = SpaceFactory(organization=organization, private=True)
    return PostFactory(component=ComponentFactory(space=space, manifest_name="blogs"))


def _blocked(organization):
    return UserFactory(organization=organization, blocked_at=timezone.now())


@pytest.mark.parametrize(
    ("who", "private", "allowed"),
    [
        ("anonymous", False, False),
        ("participant", False, True),
        ("blocked", False, False),
        ("participant", True, False),
        ("member", True, True),
    ],
)
def test_who_may_comment(organization, post, private_post, who, private, allowed):
    from django.contrib.auth.models import AnonymousUser

    from palabre.core.tests.factories import SpaceMemberFactory

    target = private_post if private else post
    person = {
        "anonymous": lambda: AnonymousUser(),
        "participant": lambda: UserFactory(organization=organization),
        "blocked": lambda: _blocked(organization),
        "member": lambda: SpaceMemberFactory(space=target.component.space).user,
    }[who]()
    if allowed:
        comment(person, target)
    else:
        with pytest.raises(PermissionDenied):
            comment(person, target)


def test_only_the_author_edits_and_the_comment_is_marked(participant, other, post):
    created = comment(participant, post)
    with pytest.raises(PermissionDenied):
        services.comment_update(actor=other, comment=created, body="Changed")
    with pytest.raises(ValidationError):
        services.comment_update(actor=participant, comment=created, body="")
    created.refresh_from_db()
    assert created.edited_at is None
    services.comment_update(actor=participant, comment=created, body="Changed")
    created.refresh_from_db()
    assert created.body == {"en": "Changed"} and created.edited_at is not None


def test_a_blocked_author_cannot_edit(participant, post):
    created = comment(participant, post)
    participant.blocked_at = timezone.now()
    with pytest.raises(PermissionDenied):
        services.comment_update(actor=participant, comment=created, body="Changed")


@pytest.mark.parametrize(
    ("who", "allowed"), [("author", True), ("moderator", True), ("other", False)]
)
def test_who_may_delete(participant, other, moderator, post, who, allowed):
    created = comment(participant, post)
    actor = {"author": participant, "moderator": moderator, "other": other}[who]
    if allowed:
        services.comment_delete(actor=actor, comment=created)
        created.refresh_from_db()
        assert created.is_deleted and created.body == {}
    else:
        with pytest.raises(PermissionDenied):
            services.comment_delete(actor=actor, comment=created)
        created.refresh_from_db()
        assert not created.is_deleted


def test_deleting_keeps_the_thread(participant, other, post):
    root = comment(participant, post)
    reply = comment(other, post, parent=root)
    services.comment_delete(actor=participant, comment=root)
    assert Comment.objects.filter(pk=reply.pk, parent=root).exists()
    root.refresh_from_db()
    assert root.thread_comments_count == 2


def test_votes_toggle_replace_and_withdraw(participant, other, post):
    created = comment(participant, post)
    assert services.comment_vote(user=other, comment=created, value=1) == 1
    assert (created.up_votes, created.down_votes) == (1, 0)
    assert services.comment_vote(user=other, comment=created, value=-1) == -1
    assert (created.up_votes, created.down_votes) == (0, 1)
    assert services.comment_vote(user=other, comment=created, value=-1) == 0
    assert (created.up_votes, created.down_votes) == (0, 0)
    assert not CommentVote.objects.exists()
    services.comment_vote(user=other, comment=created, value=1, toggle=False)
    services.comment_vote(user=other, comment=created, value=1, toggle=False)
    assert created.up_votes == 1 and CommentVote.objects.count() == 1
    assert services.comment_vote(user=other, comment=created, value=0) == 0
    assert created.up_votes == 0


def test_own_comments_and_bad_values_cannot_be_voted(participant, other, post):
    from django.contrib.auth.models import AnonymousUser

    created = comment(participant, post)
    with pytest.raises(PermissionDenied):
        services.comment_vote(user=participant, comment=created, value=1)
    with pytest.raises(PermissionDenied):
        services.comment_vote(user=AnonymousUser(), comment=created, value=1)
    with pytest.raises(ValidationError):
        services.comment_vote(user=other, comment=created, value=5)
    created.refresh_from_db()
    assert created.up_votes == 0 and not CommentVote.objects.exists()


def test_mentions_are_parsed():
    text = "Hi @marie and @Paul, write to me@example.org; @marie again @x"
    assert services.mentioned_nicknames(text) == ["marie", "Paul"]


def test_mentioned_people_and_the_parent_author_are_notified(
    participant, other, post, django_capture_on_commit_callbacks
):
    root = comment(participant, post)
    third = UserFactory(organization=post.component.space.organization, nickname="jeanne")
    with django_capture_on_commit_callbacks(execute=True):
        comment(other, post, parent=root, body="I agree with @Jeanne and @nobody")
    events = set(Notification.objects.values_list("recipient__nickname", "event"))
    assert ("jeanne", "comments.mention") in events
    assert ("marie", "comments.reply") in events
    assert not any(nickname == "paul" for nickname, _event in events)
    assert Notification.objects.filter(recipient=third).count() == 1


def test_followers_are_notified_of_new_comments(
    participant, other, post, django_capture_on_commit_callbacks
):
    comment(participant, post)
    with django_capture_on_commit_callbacks(execute=True):
        comment(other, post)
    assert Notification.objects.filter(recipient=participant, event="comments.created").exists()


def test_hidden_comments_cannot_be_answered(participant, other, post):
    root = comment(participant, post)
    hide(root)
    with pytest.raises(ValidationError):
        comment(other, post, parent=root)
