"""Backoffice pages of the assemblies space type: the members of each assembly."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from palabre.backoffice.decorators import backoffice_required
from palabre.spaces.assemblies import selectors, services
from palabre.spaces.assemblies.forms import AssemblyMemberForm


def _url(request, name: str, **kwargs) -> str:
    # The backoffice decides where these pages are mounted: resolve within that namespace.
    return reverse(f"{request.resolver_match.namespace}:{name}", kwargs=kwargs)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            field = "user_email" if field == "user" else field
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _assembly(request, space_id: int):
    return selectors.assembly_get_administered(
        user=request.user, organization=request.organization, pk=space_id
    )


def _member_initial(member) -> dict:
    return {
        "full_name": member.full_name,
        "role": member.role,
        "user_email": member.user.email if member.user else "",
        "ceased_at": member.ceased_at,
        "position": member.position,
    }


@backoffice_required
def index(request):
    assemblies = selectors.assembly_list_administered(
        user=request.user, organization=request.organization
    )
    return render(
        request,
        "assemblies/admin/index.html",
        {
            "assemblies": assemblies,
            "members_view": f"{request.resolver_match.namespace}:member_list",
            "breadcrumbs": [(_("Members of assemblies"), None)],
        },
    )


@backoffice_required
def member_list(request, space_id: int):
    assembly = _assembly(request, space_id)
    current, former = selectors.assembly_member_list(assembly=assembly)
    return render(
        request,
        "assemblies/admin/member_list.html",
        {
            "assembly": assembly,
            "members": current + former,
            "index_url": _url(request, "index"),
            "new_url": _url(request, "member_create", space_id=assembly.pk),
            "edit_view": f"{request.resolver_match.namespace}:member_edit",
        },
    )


@backoffice_required
@require_http_methods(["GET", "POST"])
def member_create(request, space_id: int):
    assembly = _assembly(request, space_id)
    form = AssemblyMemberForm(request.POST or None, organization=request.organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.assembly_member_create(
                actor=request.user, assembly=assembly, **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect(_url(request, "member_list", space_id=assembly.pk))
    return _render_form(request, assembly, form, member=None)


@backoffice_required
@require_http_methods(["GET", "POST"])
def member_edit(request, space_id: int, pk: int):
    assembly = _assembly(request, space_id)
    member = selectors.assembly_member_get(assembly=assembly, pk=pk)
    form = AssemblyMemberForm(
        request.POST or None, initial=_member_initial(member), organization=request.organization
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assembly_member_update(
                actor=request.user, member=member, **form.service_fields()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The member was saved."))
            return redirect(_url(request, "member_list", space_id=assembly.pk))
    return _render_form(request, assembly, form, member=member)


def _render_form(request, assembly, form, *, member):
    context = {
        "assembly": assembly,
        "form": form,
        "member": member,
        "index_url": _url(request, "index"),
        "list_url": _url(request, "member_list", space_id=assembly.pk),
    }
    if member is not None:
        context["delete_url"] = _url(request, "member_delete", space_id=assembly.pk, pk=member.pk)
    return render(request, "assemblies/admin/member_form.html", context)


@backoffice_required
@require_http_methods(["GET", "POST"])
def member_delete(request, space_id: int, pk: int):
    assembly = _assembly(request, space_id)
    member = selectors.assembly_member_get(assembly=assembly, pk=pk)
    list_url = _url(request, "member_list", space_id=assembly.pk)
    if request.method == "POST":
        services.assembly_member_delete(actor=request.user, member=member)
        messages.success(request, _("The member was removed from the list."))
        return redirect(list_url)
    return render(
        request,
        "assemblies/admin/member_delete.html",
        {
            "assembly": assembly,
            "member": member,
            "index_url": _url(request, "index"),
            "list_url": list_url,
        },
    )
