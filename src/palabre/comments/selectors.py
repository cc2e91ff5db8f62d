"""Reads of comments: the threads of a resource, one page at a time, and what may be seen."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from palabre.comments.models import MAX_DEPTH, Comment, CommentVote
from palabre.comments.services import can_delete
from palabre.core.permissions import can
from palabre.core.prepared import Prepared
from palabre.core.resources import (
    ResourceRef,
    resource_get_in_organization,
    resource_ref,
)
from palabre.moderation.selectors import exclude_hidden, hidden_flag, is_hidden

PER_PAGE = 20

SORTS = {
    "best_rated": (
        _("Best rated"),
        ((F("up_votes") - F("down_votes")).desc(), "-created_at", "-id"),
    ),
    "recent": (_("Recent"), ("-created_at", "-id")),
    "older": (_("Older"), ("created_at", "id")),
    "most_discussed": (_("Most discussed"), ("-thread_comments_count", "-created_at", "-id")),
}
DEFAULT_SORT = "best_rated"
# What a thread shows of each comment and of its author (`display_name`): the other columns
# of accounts (password, email, profile) are left in the database.
COMMENT_FIELDS = tuple(
    field.name
    for field in Comment._meta.concrete_fields
    if field.name not in ("content_type", "object_id", "space", "component")
)
AUTHOR_FIELDS = ("nickname", "name", "is_active", "deleted_at", "blocked_at")


@dataclass
class ThreadPage:
    """One page of root comments, each with its replies as a tree in `children`."""

    target: object
    ref: str
    sort: str
    number: int
    roots: list[Comment] = field(default_factory=list)
    has_next: bool = False
    total: int = 0
    can_comment: bool = False

    @property
    def next_number(self) -> int:
        return self.number + 1


def clean_sort(value) -> str:
    return value if value in SORTS else DEFAULT_SORT


def clean_page(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 100_000 else 1


def comments_of(target):
    content_type = ContentType.objects.get_for_model(target)
    return Comment.objects.filter(content_type=content_type, object_id=target.pk)


def _visible(target) -> QuerySet:
    return exclude_hidden(comments_of(target).filter(deleted_at__isnull=True))


def comment_count(target) -> int:
    """Comments of a resource that a reader can see (not deleted, not hidden)."""
    return _visible(target).count()


def _shown() -> QuerySet:
    """Comments as a thread shows them: with what their author's name needs and whether
    moderation hid them."""
    return (
        Comment.objects.select_related("author")
        .only(*COMMENT_FIELDS, *(f"author__{name}" for name in AUTHOR_FIELDS))
        .annotate(hidden=hidden_flag(Comment))
    )


# The sides of a debate: the alignment of a thread's first comment. A first comment without
# a position counts as neutral.
SIDES = ("for", "neutral", "against")


def _side_q(side: str, prefix: str = "") -> Q:
    if side == "for":
        return Q(**{f"{prefix}alignment": 1})
    if side == "against":
        return Q(**{f"{prefix}alignment": -1})
    return Q(**{f"{prefix}alignment": 0}) | Q(**{f"{prefix}alignment__isnull": True})


def side_counts(target) -> dict[str, int]:
    """The first comments (arguments) of a resource a reader can see, per side: `for`,
    `neutral` (or no position) and `against`, in one query."""
    counts = (
        _visible(target)
        .filter(depth=1)
        .aggregate(**{side: Count("pk", filter=_side_q(side)) for side in SIDES})
    )
    return {side: counts[side] or 0 for side in SIDES}


def _roots(
    content_type: int,
    object_id: int,
    *,
    sort: str,
    offset: int,
    limit: int,
    side: str | None = None,
):
    """Root comments of a page, with the number of comments a reader can see. The page is
    chosen among the roots alone, then only its roots are read with their authors: the
    database does not join every root's author to sort them. With a `side`, only the
    threads whose first comment takes that side, and the comments of these threads."""
    of_target = Comment.objects.filter(content_type_id=content_type, object_id=object_id)
    order = SORTS[sort][1]
    roots = of_target.filter(depth=1)
    counted = of_target.filter(deleted_at__isnull=True)
    if side is not None:
        roots = roots.filter(_side_q(side))
        counted = counted.filter(
            (Q(depth=1) & _side_q(side)) | (Q(depth__gt=1) & _side_q(side, "root__"))
        )
    page_ids = roots.order_by(*order).values("pk")[offset : offset + limit]
    total = (
        exclude_hidden(counted)
        .order_by()
        .values("content_type")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return _shown().filter(pk__in=page_ids).annotate(total=Subquery(total)).order_by(*order)


# The first page of threads, which nearly every reader reads, and the replies of its roots:
# queries compiled once (`core.prepared`).
_FIRST_ROOTS = {
    sort: Prepared(
        lambda content_type, object_id, sort=sort: _roots(
            content_type, object_id, sort=sort, offset=0, limit=PER_PAGE + 1
        )
    )
    for sort in SORTS
}
_REPLIES = Prepared(lambda roots: _shown().filter(root_id__in=roots).order_by("created_at", "id"))


def comment_threads(
    *,
    target,
    user,
    sort: str = DEFAULT_SORT,
    page: int = 1,
    per_page: int = PER_PAGE,
    side: str | None = None,
) -> ThreadPage:
    """A page of root comments of `target` with all their replies, sorted in the database.

    Two or three queries whatever the number of comments: the roots of the page (one more
    than asked, to know whether a next page exists) with the number of comments a reader can
    see and whether moderation hid each; the replies of these roots only, found by their
    root through its index, with the same flag; and the reader's votes. With a `side`
    (`SIDES`), only the threads of that side (a debate's columns).
    """
    if side is not None and side not in SIDES:
        side = None
    sort = clean_sort(sort)
    page = max(int(page), 1)
    content_type = ContentType.objects.get_for_model(target).pk
    if page == 1 and per_page == PER_PAGE and side is None:
        roots = _FIRST_ROOTS[sort].objects(content_type=content_type, object_id=target.pk)
    else:
        offset = (page - 1) * per_page
        roots = list(
            _roots(content_type, target.pk, sort=sort, offset=offset, limit=per_page + 1, side=side)
        )
    result = ThreadPage(
        target=target,
        ref=resource_ref(target).as_string(),
        sort=sort,
        number=page,
        has_next=len(roots) > per_page,
        # Every comment belongs to a thread: no roots on the first page means no comments.
        total=(roots[0].total or 0) if roots else comment_count(target) if page > 1 else 0,
        can_comment=can(user, "comment", target),
    )
    roots = roots[:per_page]
    # The roots say which discussion these are: the replies are found by root alone, through
    # its index, instead of reading every comment of the resource.
    replies = _REPLIES.objects(roots=[root.pk for root in roots]) if roots else []
    everything = roots + replies
    votes: dict[int, int] = {}
    if getattr(user, "is_authenticated", False) and everything:
        votes = dict(
            CommentVote.objects.filter(
                user=user, comment_id__in=[comment.pk for comment in everything]
            ).values_list("comment_id", "value")
        )
    viewer_may_vote = (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_deleted
        and not user.is_blocked
    )
    component = target.component
    by_id = {}
    for comment in everything:
        comment.target = target
        comment.component = component
        comment.space = component.space
        comment.children = []
        comment.is_hidden = comment.hidden
        comment.my_vote = votes.get(comment.pk, 0)
        shown = not comment.is_hidden and not comment.is_deleted
        comment.can_reply = result.can_comment and shown and comment.depth < MAX_DEPTH
        comment.can_vote = viewer_may_vote and shown and comment.author_id != user.pk
        comment.can_edit = viewer_may_vote and shown and comment.author_id == user.pk
        comment.can_delete = shown and can_delete(user, comment)
        # Anyone signed in may report what others wrote (`{% report_button %}` says the same).
        comment.can_report = viewer_may_vote and shown and comment.author_id != user.pk
        # A reader who can do nothing with a comment sees what every such reader sees: the
        # rendering of a thread of such comments can be kept (`comment_thread`).
        comment.read_only = not (
            comment.can_reply
            or comment.can_vote
            or comment.can_edit
            or comment.can_delete
            or comment.can_report
        )
        by_id[comment.pk] = comment
    for reply in replies:
        parent = by_id.get(reply.parent_id)
        if parent is not None:
            parent.children.append(reply)
    result.roots = roots
    return result


def target_get_visible(*, user, organization, ref: str):
    """The commented resource of `organization` a person may see, else 404 (missing, of
    another organization, private or hidden)."""
    target = resource_get_in_organization(organization=organization, ref=ref)
    if target is None or not can(user, "view", target) or is_hidden(target):
        raise Http404
    return target


def comment_get_visible(*, user, organization, comment_id: int) -> Comment:
    """A comment of `organization` whose resource the person may see and that moderation
    did not hide."""
    comment = (
        Comment.objects.select_related("author", "space__organization", "component__space")
        .filter(pk=comment_id, space__organization=organization)
        .first()
    )
    if comment is None:
        raise Http404
    target = resource_get_in_organization(
        organization=organization, ref=ResourceRef(comment.content_type_id, comment.object_id)
    )
    if target is None or not can(user, "view", target) or is_hidden(target) or is_hidden(comment):
        raise Http404
    comment.target = target
    return comment
