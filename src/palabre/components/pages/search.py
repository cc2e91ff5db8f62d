"""What the platform's search finds in pages components (`palabre.search`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _rows(components: list, user):
    from palabre.components.pages.models import Page

    return Page.objects.filter(component__in=components).select_related("component__space")


SEARCH = (
    Searchable(
        key="pages",
        label=_("Pages"),
        rows=_rows,
        fields=("title", "body"),
        date_field="updated_at",
    ),
)
