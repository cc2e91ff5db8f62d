"""What the platform's search finds in proposals components (`palabre.search`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _rows(components: list, user):
    """Published proposals: drafts and withdrawn ones are left out (the search app leaves
    out what moderation hid)."""
    from palabre.components.proposals.models import Proposal

    return Proposal.objects.filter(
        component__in=components, state=Proposal.State.PUBLISHED
    ).select_related("component__space")


SEARCH = (
    Searchable(
        key="proposals",
        label=_("Proposals"),
        rows=_rows,
        fields=("title", "body"),
        date_field="published_at",
    ),
)
