"""Background work of the sortitions component."""

from django.tasks import task


@task
def compute_panel(*, panel_id: int) -> int:
    """Compute the distribution of a citizen panel asked for in the backoffice (a pool of
    2,000 volunteers can take minutes); returns its id."""
    from django.utils import translation

    from palabre.components.sortitions.models import Panel
    from palabre.components.sortitions.services import panel_compute, panel_compute_fail

    panel = Panel.objects.select_related("component__space__organization").get(pk=panel_id)
    # Progress and messages are written for the panel's administrators, in the
    # organization's language.
    with translation.override(panel.component.space.organization.default_locale):
        try:
            return panel_compute(panel=panel).pk
        except Exception:
            panel_compute_fail(panel=panel)
            raise
