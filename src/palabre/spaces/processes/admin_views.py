"""Backoffice pages of the processes space type: groups of processes."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palabre.backoffice.decorators import backoffice_required
from palabre.core.permissions import can
from palabre.spaces.processes import selectors, services
from palabre.spaces.processes.forms import ProcessGroupForm
from palabre.spaces.processes.models import ProcessGroup


def _require_org_admin(request) -> None:
    if not can(request.user, "admin", request.organization):
        raise PermissionDenied(_("Only the administrators of the organization manage groups."))


def _url(request, name: str, **kwargs) -> str:
    # The backoffice decides where these pages are mounted: resolve within that namespace.
    return reverse(f"{request.resolver_match.namespace}:{name}", kwargs=kwargs)


def _get_group(request, pk: int) -> ProcessGroup:
    return get_object_or_404(ProcessGroup, organization=request.organization, pk=pk)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            field = "spaces" if field == "space_ids" else field
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@backoffice_required
def index(request):
    _require_org_admin(request)
    groups = selectors.process_group_list(organization=request.organization)
    return render(
        request,
        "processes/admin/group_list.html",
        {
            "groups": groups,
            "new_url": _url(request, "group_create"),
            "edit_view": f"{request.resolver_match.namespace}:group_edit",
            "breadcrumbs": [(_("Groups of processes"), None)],
        },
    )


@backoffice_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    _require_org_admin(request)
    form = ProcessGroupForm(
        request.POST or None, request.FILES or None, organization=request.organization
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.process_group_create(
                actor=request.user, organization=request.organization, **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The group was created."))
            return redirect(_url(request, "index"))
    return render(
        request,
        "processes/admin/group_form.html",
        {"form": form, "group": None, "index_url": _url(request, "index")},
    )


@backoffice_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk: int):
    _require_org_admin(request)
    group = _get_group(request, pk)
    initial = {
        "title": group.title,
        "description": group.description,
        "spaces": list(group.spaces.all()),
        "position": group.position,
    }
    form = ProcessGroupForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        organization=request.organization,
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        if form.cleaned_data["remove_image"] and "hero_image" not in fields:
            fields["hero_image"] = False
        try:
            services.process_group_update(actor=request.user, group=group, **fields)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The group was saved."))
            return redirect(_url(request, "index"))
    return render(
        request,
        "processes/admin/group_form.html",
        {
            "form": form,
            "group": group,
            "index_url": _url(request, "index"),
            "delete_url": _url(request, "group_delete", pk=group.pk),
        },
    )


@backoffice_required
@require_http_methods(["GET", "POST"])
def group_delete(request, pk: int):
    _require_org_admin(request)
    group = _get_group(request, pk)
    if request.method == "POST":
        services.process_group_delete(actor=request.user, group=group)
        messages.success(request, _("The group was removed. Its processes are unchanged."))
        return redirect(_url(request, "index"))
    return render(
        request,
        "processes/admin/group_delete.html",
        {"group": group, "index_url": _url(request, "index")},
    )
