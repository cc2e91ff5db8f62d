"""What the open data archive publishes of debates (`palabre.opendata`): the published
debates, open or closed, with their conclusion; their arguments are in comments.csv."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, public_name, text, url


def public_debates(organization):
    from palabre.components.debates.models import Debate
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(
        Debate.objects.filter(
            component__in=public_components(organization, "debates"),
            published_at__lte=timezone.now(),
        )
    )


def debate_rows(organization):
    debates = (
        public_debates(organization)
        .select_related("component__space", "author", "category", "scope")
        .order_by("pk")
    )
    for debate in chunked(debates):
        closed = debate.closed_at is not None
        yield {
            "id": debate.pk,
            "reference": debate.reference,
            "space_id": debate.component.space_id,
            "title": text(debate.title, organization),
            "description": text(debate.description, organization, rich=True),
            "author": organization.name if debate.official else public_name(debate.author),
            "category": text(debate.category.name, organization) if debate.category else "",
            "scope": text(debate.scope.name, organization) if debate.scope else "",
            "start_at": debate.start_at,
            "end_at": debate.end_at,
            "comments_count": debate.comments_count,
            "endorsements_count": debate.endorsements_count,
            "closed_at": debate.closed_at,
            "conclusion": text(debate.conclusion, organization, rich=True) if closed else "",
            "published_at": debate.published_at,
            "url": url(organization, debate),
        }


register_file(
    OpenDataFile(
        name="debates",
        label=_("Debates"),
        description=_(
            "The published debates, open or closed, with their conclusion; their arguments "
            "for and against are in comments.csv."
        ),
        columns=(
            ("id", _("The debate's number")),
            ("reference", _("Its reference, as shown on the site")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("title", _("Its title")),
            ("description", _("Its description, as plain text")),
            (
                "author",
                _("The public name of its author; the organization's name for an official one"),
            ),
            ("category", _("Its category, if it has one")),
            ("scope", _("Its district or scope, if it has one")),
            ("start_at", _("When it opens, if it has dates")),
            ("end_at", _("When it ends, if it has dates")),
            ("comments_count", _("Its number of comments")),
            ("endorsements_count", _("Its number of endorsements")),
            ("closed_at", _("When it was closed, if it was")),
            ("conclusion", _("Its conclusion once closed, as plain text")),
            ("published_at", _("When it was published")),
            ("url", _("Its address on the site")),
        ),
        rows=debate_rows,
        resources=public_debates,
        position=55,
    )
)
