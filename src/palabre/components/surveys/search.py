"""What the platform's search finds in surveys components (`palabre.search`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _rows(components: list, user):
    """Published surveys."""
    from palabre.components.surveys.models import Survey

    return Survey.objects.filter(
        component__in=components, published_at__isnull=False
    ).select_related("component__space")


SEARCH = (
    Searchable(
        key="surveys",
        label=_("Surveys"),
        rows=_rows,
        fields=("title", "description"),
        date_field="published_at",
    ),
)
