"""What the platform's search finds in meetings components (`palabre.search`)."""

from django.utils.translation import gettext_lazy as _

from palabre.core.registry import Searchable


def _rows(components: list, user):
    """The meetings lists show the person (`selectors.visible_q`: a private meeting only to
    its invitees, its organizer and the space's staff), without withdrawn ones. The
    minutes are not searched: their own visibility is the meeting's page's business."""
    from palabre.components.meetings.models import Meeting
    from palabre.components.meetings.selectors import visible_q

    return (
        Meeting.objects.filter(visible_q(user, components))
        .filter(withdrawn_at__isnull=True)
        .select_related("component__space")
    )


SEARCH = (
    Searchable(
        key="meetings",
        label=_("Meetings"),
        rows=_rows,
        fields=("title", "description", "location"),
        date_field="start_at",
    ),
)
