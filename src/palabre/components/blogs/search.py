"""What the platform's search finds in blogs (`palabre.search`)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _rows(components: list, user):
    """Posts whose publication date has come (drafts and scheduled posts left out)."""
    from palabre.components.blogs.models import Post

    return Post.objects.filter(
        component__in=components, published_at__lte=timezone.now()
    ).select_related("component__space")


SEARCH = (
    Searchable(
        key="posts",
        label=_("Posts"),
        rows=_rows,
        fields=("title", "body"),
        date_field="published_at",
    ),
)
