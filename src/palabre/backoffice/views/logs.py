from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import ActionLogFilterForm
from palabre.backoffice.selectors import action_log_filter_choices, action_log_for_backoffice
from palabre.core.action_log import action_label, describe_entries, resource_type_label

PAGE_SIZE = 50


@backoffice_required
def action_log(request):
    """Who did what: filters by person, space, action and type of item; 50 lines a page."""
    user, organization = request.user, request.organization
    form = ActionLogFilterForm(
        request.GET or None,
        choices=action_log_filter_choices(user=user, organization=organization),
        action_label=action_label,
        resource_type_label=resource_type_label,
    )
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "user_id": form.cleaned_data["user"],
            "space_id": form.cleaned_data["space"],
            "action": form.cleaned_data["action"] or None,
            "resource_type": form.cleaned_data["resource_type"] or None,
        }
    logs = action_log_for_backoffice(user=user, organization=organization, **filters)
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/action_log.html",
        {
            "form": form,
            "page": page,
            "entries": describe_entries(page.object_list),
            "query": query.urlencode(),
            "breadcrumbs": [(_("Admin activity log"), None)],
        },
    )
