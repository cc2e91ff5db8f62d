"""Writes of comments: create, edit, delete and vote. Every caller goes through these."""

import re

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from palabre.comments.models import MAX_DEPTH, MAX_LENGTH, Alignment, Comment, CommentVote
from palabre.core.models import User
from palabre.core.permissions import can, require
from palabre.core.validation import FieldErrors
from palabre.limits import services as limits
from palabre.moderation.selectors import is_hidden
from palabre.notifications.services import follow_create, notify, notify_followers

# A nickname after an "@" that does not follow a letter (so "mail@example.org" is no mention).
# Beyond this, a text mentioning many people is spam rather than conversation.
MAX_MENTIONS = 20
MENTION_RE = re.compile(r"(?<![\w@])@([a-zA-Z0-9_-]{2,30})")


def mentioned_nicknames(text: str) -> list[str]:
    """The nicknames mentioned in a text, once each, in their order of appearance."""
    seen: dict[str, str] = {}
    for nickname in MENTION_RE.findall(text or ""):
        seen.setdefault(nickname.lower(), nickname)
    return list(seen.values())


def _mentioned_people(text: str, *, author: User) -> list[User]:
    nicknames = mentioned_nicknames(text)[:MAX_MENTIONS]
    if not nicknames:
        return []
    matches = Q()
    for nickname in nicknames:
        matches |= Q(nickname__iexact=nickname)
    return list(User.objects.filter(matches, deleted_at__isnull=True).exclude(pk=author.pk))


def _clean_body(body, *, errors: FieldErrors) -> str:
    text = body.strip() if isinstance(body, str) else ""
    if not text:
        errors.add("body", _("Write a comment before sending it."))
    elif len(text) > MAX_LENGTH:
        errors.add(
            "body",
            _("A comment has at most %(max)d characters; this one has %(length)d.")
            % {"max": MAX_LENGTH, "length": len(text)},
        )
    return text


def _author_language(author: User, organization) -> str:
    """The language the text was written in: the author's, if the organization offers it."""
    for code in (author.locale, (get_language() or "").split("-")[0]):
        if code and code in organization.locales:
            return code
    return organization.default_locale


def _has_counter(model: type[models.Model]) -> bool:
    try:
        model._meta.get_field("comments_count")
    except FieldDoesNotExist:
        return False
    return True


def _change_target_count(target, delta: int) -> None:
    model = type(target)
    if _has_counter(model):
        model._default_manager.filter(pk=target.pk).update(
            comments_count=F("comments_count") + delta
        )


def _note_last_comment(target, comment: Comment) -> None:
    """Resources that show their last comment on their card (`last_comment_at` and
    `last_comment_by`) keep them up to date, so that lists never look them up."""
    model = type(target)
    try:
        model._meta.get_field("last_comment_at")
    except FieldDoesNotExist:
        return
    model._default_manager.filter(pk=target.pk).update(
        last_comment_at=comment.created_at, last_comment_by=comment.author_id
    )


def comments_visibility_changed(comment_ids: list[int], *, visible: bool) -> None:
    """Moderation hid (or showed again) these comments: the comment count of each of their
    resources follows, in the moderation's transaction, since it counts what readers see.

    The comments are locked first, as a deletion locks its comment: a deletion at the same
    time either waits and then sees them hidden, or comes first and they are no longer
    counted here. Deleted comments were already taken out of the count.
    """
    delta = 1 if visible else -1
    changes: dict[tuple[int, int], int] = {}
    for content_type_id, object_id in (
        Comment.objects.select_for_update()
        .filter(pk__in=comment_ids, deleted_at__isnull=True)
        .order_by("pk")
        .values_list("content_type_id", "object_id")
    ):
        key = (content_type_id, object_id)
        changes[key] = changes.get(key, 0) + delta
    # Resources in a fixed order, so that two decisions on comments of the same resources
    # wait for each other instead of deadlocking.
    for (content_type_id, object_id), change in sorted(changes.items()):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and _has_counter(model):
            model._default_manager.filter(pk=object_id).update(
                comments_count=F("comments_count") + change
            )


def _require_active(user) -> None:
    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_active
        or user.is_deleted
        or user.is_blocked
    ):
        raise PermissionDenied(_("You are not allowed to do this."))


def _notify_on_commit(comment: Comment, target, *, mentions: list[User]) -> None:
    author = comment.author
    data = {"comment_id": comment.pk}

    def send() -> None:
        # Someone replied to or mentioned gets that notification, not also the general one.
        specific = list(mentions)
        if comment.parent_id is not None:
            specific.append(comment.parent.author)
        notify_followers(
            event="comments.created", target=target, actor=author, data=data, exclude=specific
        )
        if comment.parent_id is not None:
            notify(
                event="comments.reply",
                target=target,
                recipients=[comment.parent.author],
                actor=author,
                data=data,
            )
        if mentions:
            notify(
                event="comments.mention",
                target=target,
                recipients=mentions,
                actor=author,
                data=data,
            )

    transaction.on_commit(send)


def comment_create(
    *,
    author: User,
    target,
    body: str,
    parent: Comment | None = None,
    alignment: int | None = None,
    official: bool = False,
) -> Comment:
    """Comment on `target`, or reply to `parent` (up to three levels).

    The author starts following the target; its followers, the parent's author and the people
    mentioned with `@nickname` are notified once the comment is saved. A resource whose
    `comments_closed` is true takes no new comment.
    """
    if getattr(target, "comments_closed", False):
        raise PermissionDenied(_("Comments are closed."))
    require(author, "comment", target, _("You cannot comment here."))
    component = target.component
    if official and not can(author, "admin", component):
        raise PermissionDenied(
            _("Only administrators may comment in the name of the organization.")
        )
    organization = component.space.organization
    if not official:
        limits.enforce(organization=organization, kind="comments", user=author)
    content_type = ContentType.objects.get_for_model(target)
    errors = FieldErrors()
    text = _clean_body(body, errors=errors)
    if alignment in ("", None):
        alignment = None
    else:
        try:
            alignment = Alignment(int(alignment)).value
        except (TypeError, ValueError):
            errors.add("alignment", _("Choose in favour, neutral or against."))
    if parent is not None:
        if parent.content_type_id != content_type.pk or parent.object_id != target.pk:
            errors.add("parent", _("This reply does not belong to this discussion."))
        elif parent.depth >= MAX_DEPTH:
            errors.add(
                "parent",
                _("Replies go %(max)d levels deep at most: answer the comment above instead.")
                % {"max": MAX_DEPTH},
            )
        elif parent.is_deleted or is_hidden(parent):
            errors.add("parent", _("This comment can no longer be answered."))
    errors.raise_if_any()
    mentions = _mentioned_people(text, author=author)
    with transaction.atomic():
        root_id = None
        if parent is not None:
            # Lock the parent so that replies racing on one thread keep its counters exact.
            parent = Comment.objects.select_for_update().get(pk=parent.pk)
            root_id = parent.root_id or parent.pk
        comment = Comment.objects.create(
            content_type=content_type,
            object_id=target.pk,
            space=component.space,
            component=component,
            author=author,
            parent=parent,
            root_id=root_id,
            depth=parent.depth + 1 if parent else 1,
            body={_author_language(author, component.space.organization): text},
            alignment=alignment,
            official=official,
        )
        if parent is not None:
            Comment.objects.filter(pk=parent.pk).update(replies_count=F("replies_count") + 1)
            Comment.objects.filter(pk=root_id).update(
                thread_comments_count=F("thread_comments_count") + 1
            )
        _change_target_count(target, +1)
        _note_last_comment(target, comment)
        follow_create(user=author, target=target)
        _notify_on_commit(comment, target, mentions=mentions)
        if not official:
            limits.record(organization=organization, kind="comments", user=author)
    comment.target = target
    return comment


def comment_update(*, actor: User, comment: Comment, body: str) -> Comment:
    """The author changes the text of a comment; it is then marked as edited."""
    _require_active(actor)
    if (
        comment.author_id != actor.pk
        or comment.is_deleted
        or not can(actor, "view", comment.target)
    ):
        raise PermissionDenied(_("Only its author may edit this comment."))
    errors = FieldErrors()
    text = _clean_body(body, errors=errors)
    errors.raise_if_any()
    language = next(iter(comment.body), None) or _author_language(actor, comment.space.organization)
    comment.body = {language: text}
    comment.edited_at = timezone.now()
    Comment.objects.filter(pk=comment.pk).update(body=comment.body, edited_at=comment.edited_at)
    return comment


def can_delete(user, comment: Comment) -> bool:
    if comment.is_deleted or not getattr(user, "is_authenticated", False):
        return False
    if can(user, "moderate", comment.space):
        return True
    return comment.author_id == user.pk and user.is_active and not user.is_blocked


def comment_delete(*, actor: User, comment: Comment) -> Comment:
    """Delete a comment softly: its text goes, its replies stay in the thread."""
    if not can_delete(actor, comment):
        raise PermissionDenied(_("You cannot delete this comment."))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.is_deleted:
            return locked
        locked.deleted_at = timezone.now()
        locked.body = {}
        locked.save(update_fields=["deleted_at", "body"])
        # A comment moderation hid was already taken out of the count; the moderation row
        # is read after the comment's lock, which its decisions also take.
        if not is_hidden(locked):
            _change_target_count(comment.target, -1)
    locked.target = comment.target
    return locked


def can_vote(user, comment: Comment) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_deleted
        and not user.is_blocked
        and comment.author_id != user.pk
        and not comment.is_deleted
        and can(user, "view", comment.target)
    )


def comment_vote(*, user: User, comment: Comment, value: int, toggle: bool = True) -> int:
    """Vote a comment up (1) or down (-1); returns the person's vote now (1, -1 or 0).

    One vote per person: the other value replaces the vote; the same value again withdraws it,
    unless `toggle` is off (forms stating the wanted result, so that a double click counts
    once); 0 withdraws it.
    """
    if not can_vote(user, comment):
        raise PermissionDenied(_("You cannot vote on this comment."))
    if value not in (-1, 0, 1):
        raise ValidationError({"value": [_("A vote is up or down.")]})
    if value and is_hidden(comment):
        raise PermissionDenied(_("You cannot vote on this comment."))
    with transaction.atomic():
        # The comment row is the lock: every vote on it queues here, so counters stay exact.
        Comment.objects.select_for_update().filter(pk=comment.pk).first()
        current = CommentVote.objects.filter(comment=comment, user=user).first()
        old = current.value if current else 0
        new = value
        if toggle and value == old:
            new = 0
        if new == old:
            return old
        if current and new:
            CommentVote.objects.filter(pk=current.pk).update(value=new)
        elif current:
            current.delete()
        else:
            CommentVote.objects.create(comment=comment, user=user, value=new)
        changes = {}
        for side, field in ((1, "up_votes"), (-1, "down_votes")):
            delta = (new == side) - (old == side)
            if delta:
                changes[field] = F(field) + delta
        Comment.objects.filter(pk=comment.pk).update(**changes)
    comment.refresh_from_db(fields=["up_votes", "down_votes"])
    return new
