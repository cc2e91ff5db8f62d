"""What the platform's search finds in accountability components (`palabre.search`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _rows(components: list, user):
    from palabre.components.accountability.models import Result

    return Result.objects.filter(component__in=components).select_related("component__space")


SEARCH = (
    Searchable(
        key="results",
        label=_("Results"),
        rows=_rows,
        fields=("title", "description", "category"),
        date_field="updated_at",
    ),
)
