"""What the comments keep about a person, for their archive."""

from itertools import batched

from django.utils.translation import gettext_lazy as _

from palabre.comments.models import Comment, CommentVote
from palabre.core.translations import translated
from palabre.privacy.helpers import described, resources_of
from palabre.privacy.registry import Section, register_section

ALIGNMENTS = {1: _("in favour"), 0: _("neutral"), -1: _("against")}


def comment_rows(user, organization):
    comments = Comment.objects.filter(author=user, space__organization=organization).order_by(
        "created_at", "pk"
    )
    for chunk in batched(comments.iterator(chunk_size=500), 500):
        targets = resources_of((c.content_type_id, c.object_id) for c in chunk)
        for comment in chunk:
            target = targets.get((comment.content_type_id, comment.object_id))
            yield {
                **described(target, organization),
                "text": translated(comment.body),
                "alignment": ALIGNMENTS.get(comment.alignment, ""),
                "created_at": comment.created_at,
                "edited_at": comment.edited_at,
                "deleted_at": comment.deleted_at,
            }


def vote_rows(user, organization):
    votes = (
        CommentVote.objects.filter(user=user, comment__space__organization=organization)
        .select_related("comment")
        .order_by("created_at", "pk")
    )
    for vote in votes.iterator(chunk_size=500):
        yield {
            "comment": translated(vote.comment.body)[:200],
            "vote": "+1" if vote.value > 0 else "-1",
            "given_at": vote.created_at,
        }


register_section(
    Section(
        name="comments",
        label=_("Your comments"),
        columns=(
            ("about", _("What you commented on")),
            ("address", _("Its address on the site")),
            ("text", _("What you wrote")),
            ("alignment", _("In favour, neutral or against, if you said")),
            ("created_at", _("When you wrote it")),
            ("edited_at", _("When you last changed it")),
            ("deleted_at", _("When you deleted it")),
        ),
        rows=comment_rows,
    )
)
register_section(
    Section(
        name="comment_votes",
        label=_("Your votes on comments"),
        columns=(
            ("comment", _("The start of the comment")),
            ("vote", _("+1 or -1")),
            ("given_at", _("When you voted")),
        ),
        rows=vote_rows,
    )
)
