from django.shortcuts import render

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.selectors import action_log_for_backoffice, dashboard_counts
from palabre.core.action_log import describe_entries
from palabre.core.registry import space_types


@backoffice_required
def dashboard(request):
    counts = dashboard_counts(user=request.user, organization=request.organization)
    kinds = [
        {
            "space_type": space_type,
            **counts["by_kind"].get(space_type.kind, {"published": 0, "unpublished": 0}),
        }
        for space_type in space_types.all()
    ]
    latest = describe_entries(
        action_log_for_backoffice(user=request.user, organization=request.organization)[:10]
    )
    return render(
        request,
        "backoffice/dashboard.html",
        {"kinds": kinds, "counts": counts, "latest": latest},
    )
