"""What the platform's search finds in sortitions components (`palabre.search`)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _draws(components: list, user):
    """Draws of proposals, public from their request (as their list)."""
    from palabre.components.sortitions.models import ProposalDraw

    return ProposalDraw.objects.filter(component__in=components).select_related("component__space")


def _panels(components: list, user):
    """Panels whose distribution is published or that call for volunteers (as their list)."""
    from palabre.components.sortitions.models import Panel

    return Panel.objects.filter(
        Q(published_at__isnull=False) | Q(call_open=True), component__in=components
    ).select_related("component__space")


SEARCH = (
    Searchable(
        key="draws",
        label=_("Draws of proposals"),
        rows=_draws,
        fields=("title", "description"),
        date_field="requested_at",
    ),
    Searchable(
        key="panels",
        label=_("Citizens' panels"),
        rows=_panels,
        fields=("title", "description"),
        date_field="created_at",
    ),
)
