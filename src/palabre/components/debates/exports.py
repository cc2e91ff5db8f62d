"""Exports of a debates component: one row per published debate, with its conclusion."""

from collections.abc import Iterator

from palabre.components.debates.models import Debate
from palabre.core.components import component_url
from palabre.core.models import Component
from palabre.core.translations import translated
from palabre.moderation.selectors import exclude_hidden

COLUMNS = (
    "id",
    "reference",
    "title",
    "description",
    "official",
    "author",
    "category",
    "scope",
    "layout",
    "start_at",
    "end_at",
    "published_at",
    "closed_at",
    "conclusion",
    "comments_count",
    "endorsements_count",
    "last_comment_at",
    "url",
)


def debate_rows(component: Component) -> Iterator[dict]:
    """Published debates that moderation did not hide: the export is as public as the
    pages."""
    debates = (
        exclude_hidden(Debate.objects.filter(component=component, published_at__isnull=False))
        .select_related("author", "category", "scope")
        .order_by("published_at", "pk")
    )
    for debate in debates.iterator(chunk_size=2000):
        debate.component = component
        yield {
            "id": debate.pk,
            "reference": debate.reference,
            "title": translated(debate.title),
            "description": translated(debate.description),
            "official": debate.official,
            "author": ""
            if debate.official or debate.author is None
            else debate.author.display_name,
            "category": translated(debate.category.name) if debate.category else "",
            "scope": translated(debate.scope.name) if debate.scope else "",
            "layout": debate.layout,
            "start_at": debate.start_at.isoformat() if debate.start_at else "",
            "end_at": debate.end_at.isoformat() if debate.end_at else "",
            "published_at": debate.published_at.isoformat(),
            "closed_at": debate.closed_at.isoformat() if debate.closed_at else "",
            "conclusion": translated(debate.conclusion),
            "comments_count": debate.comments_count,
            "endorsements_count": debate.endorsements_count,
            "last_comment_at": debate.last_comment_at.isoformat() if debate.last_comment_at else "",
            "url": component_url(component, "debate", pk=debate.pk),
        }
