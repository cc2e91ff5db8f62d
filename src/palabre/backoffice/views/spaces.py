from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import AnnouncementForm, SpaceForm, add_service_errors
from palabre.backoffice.selectors import space_list_for_backoffice
from palabre.backoffice.views.common import load_space, require_admin
from palabre.core import services
from palabre.core.permissions import can
from palabre.core.registry import space_types


def _space_type(kind: str):
    space_type = space_types.get(kind)
    if space_type is None:
        raise Http404
    return space_type


@backoffice_required
def space_list(request, kind: str):
    space_type = _space_type(kind)
    spaces = list(
        space_list_for_backoffice(user=request.user, organization=request.organization, kind=kind)
    )
    for space in spaces:
        space.may_admin = can(request.user, "admin", space)
    return render(
        request,
        "backoffice/space_list.html",
        {
            "space_type": space_type,
            "spaces": spaces,
            "may_create": can(request.user, "admin", request.organization),
            "breadcrumbs": [(space_type.label_plural, None)],
        },
    )


@backoffice_required
def space_create(request, kind: str):
    space_type = _space_type(kind)
    require_admin(request, request.organization)
    languages = request.organization.locales
    if request.method == "POST":
        form = SpaceForm(request.POST, request.FILES, space_type=space_type, languages=languages)
        if form.is_valid():
            try:
                space = services.space_create(
                    actor=request.user,
                    organization=request.organization,
                    kind=kind,
                    **form.service_fields(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The space is created. It stays hidden until published.")
                )
                return redirect("backoffice:space_edit", space_id=space.pk)
    else:
        form = SpaceForm(space_type=space_type, languages=languages)
    return render(
        request,
        "backoffice/space_form.html",
        {
            "form": form,
            "space_type": space_type,
            "breadcrumbs": [
                (space_type.label_plural, _list_url(kind)),
                (_("New"), None),
            ],
        },
    )


def _list_url(kind: str) -> str:
    return reverse("backoffice:space_list", kwargs={"kind": kind})


@backoffice_required
def space_edit(request, space_id: int):
    space = load_space(request, space_id)
    may_admin = can(request.user, "admin", space)
    languages = request.organization.locales
    options = {"space_type": space.space_type, "languages": languages, "read_only": not may_admin}
    initial = SpaceForm.initial_from(space)
    if request.method == "POST":
        require_admin(request, space)
        form = SpaceForm(request.POST, request.FILES, initial=initial, **options)
        if form.is_valid():
            try:
                services.space_update(actor=request.user, space=space, **form.service_fields())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The space is saved."))
                return redirect("backoffice:space_edit", space_id=space.pk)
    else:
        form = SpaceForm(initial=initial, **options)
    return render(
        request,
        "backoffice/space_form.html",
        {
            "form": form,
            "space": space,
            "space_type": space.space_type,
            "may_admin": may_admin,
            "may_delete": can(request.user, "admin", request.organization),
            "breadcrumbs": [(_("Information"), None)],
        },
    )


@backoffice_required
@require_POST
def space_publish(request, space_id: int):
    space = load_space(request, space_id)
    require_admin(request, space)
    published = request.POST.get("published") == "1"
    services.space_set_published(actor=request.user, space=space, published=published)
    if published:
        messages.success(request, _("The space is published."))
    else:
        messages.success(request, _("The space is unpublished: only its staff can see it."))
    if request.POST.get("return_to") == "edit":
        return redirect("backoffice:space_edit", space_id=space.pk)
    return redirect("backoffice:space_list", kind=space.kind)


@backoffice_required
def space_delete(request, space_id: int):
    space = load_space(request, space_id)
    require_admin(request, request.organization)
    if request.method == "POST":
        kind = space.kind
        services.space_delete(actor=request.user, space=space)
        messages.success(request, _("The space is deleted."))
        return redirect("backoffice:space_list", kind=kind)
    return render(
        request,
        "backoffice/confirm_delete.html",
        {
            "space": space,
            "object_label": space,
            "warning": _(
                "Everything in this space (steps, components and their contents) will be "
                "deleted for good."
            ),
            "cancel_url": _list_url(space.kind),
            "breadcrumbs": [(_("Delete"), None)],
        },
    )


@backoffice_required
def space_announcement(request, space_id: int):
    space = load_space(request, space_id)
    may_admin = can(request.user, "admin", space)
    options = {"languages": request.organization.locales, "read_only": not may_admin}
    initial = {"announcement": space.announcement}
    if request.method == "POST":
        require_admin(request, space)
        form = AnnouncementForm(request.POST, initial=initial, **options)
        if form.is_valid():
            try:
                services.space_update(
                    actor=request.user, space=space, announcement=form.cleaned_data["announcement"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The announcement is saved."))
                return redirect("backoffice:space_announcement", space_id=space.pk)
    else:
        form = AnnouncementForm(initial=initial, **options)
    return render(
        request,
        "backoffice/space_announcement.html",
        {
            "form": form,
            "space": space,
            "may_admin": may_admin,
            "breadcrumbs": [(_("Announcement"), None)],
        },
    )
