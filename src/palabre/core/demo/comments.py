"""Demo discussions: comment threads with replies and votes on a resource.

Written as the comments service would have left them — thread roots and depths, reply and
thread counters, vote counters, the resource's comment count — but directly, like every
seed: the platform writes them, there is no actor to check. Each component's seeds choose
their texts; this module only knows how a thread is stored.

A thread is a dict: `by` (index of the author among the people given), `text` ({language:
text}: the author writes in one language), optional `alignment` (-1, 0, 1), `votes`
({index of a voter: 1 or -1}, never the author) and `replies` (threads, three levels at
most).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import F


def seed_discussion(target, people: list, threads: list[dict]) -> int:
    """Write `threads` on `target` (a resource of a component); returns how many comments.

    Does nothing when the comments app is not installed or when there are too few people
    for the authors and voters the threads name.
    """
    if not apps.is_installed("palabre.comments") or not threads:
        return 0
    needed = max(_people_named(threads), default=0)
    if needed >= len(people):
        return 0
    with transaction.atomic():
        count = sum(_write(target, people, thread, parent=None) for thread in threads)
        try:
            type(target)._meta.get_field("comments_count")
        except FieldDoesNotExist:
            pass
        else:
            type(target)._default_manager.filter(pk=target.pk).update(
                comments_count=F("comments_count") + count
            )
    return count


def _people_named(threads: list[dict]):
    for thread in threads:
        yield thread["by"]
        yield from thread.get("votes", {})
        yield from _people_named(thread.get("replies", []))


def _write(target, people: list, thread: dict, *, parent) -> int:
    from palabre.comments.models import Comment, CommentVote

    author = people[thread["by"]]
    # Nobody votes on their own comment.
    votes = {i: v for i, v in thread.get("votes", {}).items() if people[i].pk != author.pk}
    comment = Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        space=target.component.space,
        component=target.component,
        author=author,
        parent=parent,
        root_id=(parent.root_id or parent.pk) if parent is not None else None,
        depth=parent.depth + 1 if parent is not None else 1,
        body=thread["text"],
        alignment=thread.get("alignment"),
        up_votes=sum(1 for value in votes.values() if value > 0),
        down_votes=sum(1 for value in votes.values() if value < 0),
    )
    CommentVote.objects.bulk_create(
        CommentVote(comment=comment, user=people[index], value=value)
        for index, value in votes.items()
    )
    written = 1 + sum(
        _write(target, people, reply, parent=comment) for reply in thread.get("replies", [])
    )
    replies = len(thread.get("replies", []))
    if replies:
        Comment.objects.filter(pk=comment.pk).update(replies_count=replies)
    if parent is None and written > 1:
        Comment.objects.filter(pk=comment.pk).update(thread_comments_count=written)
    return written
