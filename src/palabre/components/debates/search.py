"""What the platform's search finds in debates components (`palabre.search`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _rows(components: list, user):
    """Published debates, open or closed (the search app leaves out what moderation hid)."""
    from palabre.components.debates.models import Debate

    return Debate.objects.filter(
        component__in=components, published_at__isnull=False
    ).select_related("component__space")


SEARCH = (
    Searchable(
        key="debates",
        label=_("Debates"),
        rows=_rows,
        fields=("title", "description", "instructions", "conclusion"),
        date_field="published_at",
    ),
)
