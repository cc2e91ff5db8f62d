"""What the open data archive publishes of comments (`palabre.opendata`): the comments on
the public rows of the other files (those that declare `resources`), never deleted or
hidden ones."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, ordered_files, register_file
from palabre.opendata.selectors import chunked, public_name, text


def public_comments(organization):
    from palabre.comments.models import Comment
    from palabre.moderation.selectors import exclude_hidden

    on_public = Q(pk__in=[])
    for file in ordered_files():
        if file.resources is None:
            continue
        resources = file.resources(organization)
        content_type = ContentType.objects.get_for_model(resources.model)
        on_public |= Q(content_type=content_type, object_id__in=resources.values("pk"))
    return exclude_hidden(
        Comment.objects.filter(on_public, space__organization=organization, deleted_at__isnull=True)
    )


def comment_rows(organization):
    comments = public_comments(organization).select_related("author", "content_type").order_by("pk")
    for comment in chunked(comments):
        yield {
            "id": comment.pk,
            "space_id": comment.space_id,
            "resource_type": comment.content_type.model,
            "resource_id": comment.object_id,
            "parent_id": comment.parent_id,
            "body": text(comment.body, organization, rich=True),
            "alignment": comment.alignment,
            "author": organization.name if comment.official else public_name(comment.author),
            "official": comment.official,
            "up_votes": comment.up_votes,
            "down_votes": comment.down_votes,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
        }


register_file(
    OpenDataFile(
        name="comments",
        label=_("Comments"),
        description=_(
            "The comments on the published items of the other files, without deleted or "
            "hidden ones."
        ),
        columns=(
            ("id", _("The comment's number")),
            ("space_id", _("The number of its space (spaces.csv)")),
            (
                "resource_type",
                _("What it comments on: proposal, project, result, post, meeting…"),
            ),
            ("resource_id", _("The number of that item in its own file")),
            ("parent_id", _("The number of the comment it answers, if it is a reply")),
            ("body", _("Its text, as plain text")),
            ("alignment", _("1 in favour, -1 against, 0 neutral")),
            (
                "author",
                _("The public name of its author; the organization's name for an official one"),
            ),
            ("official", _("Whether it was written in the name of the organization")),
            ("up_votes", _("Its number of up votes")),
            ("down_votes", _("Its number of down votes")),
            ("created_at", _("When it was written")),
            ("edited_at", _("When it was last edited, if it was")),
        ),
        rows=comment_rows,
        position=90,
    )
)
