"""What the platform's search finds in budgets components (`palabre.search`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _rows(components: list, user):
    from palabre.components.budgets.models import Project

    return Project.objects.filter(budget__component__in=components).select_related(
        "budget__component__space"
    )


SEARCH = (
    Searchable(
        key="projects",
        label=_("Budget projects"),
        rows=_rows,
        fields=("title", "description", "category"),
        date_field="created_at",
        component_path="budget__component",
    ),
)
