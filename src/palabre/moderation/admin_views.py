"""Backoffice of moderation: reported and hidden contributions for the spaces a person
moderates, and reported or blocked participants for organization administrators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.backoffice.decorators import backoffice_required
from palabre.core.models import User
from palabre.core.permissions import require
from palabre.core.resources import ResourceRef, resource_get_in_organization
from palabre.moderation import selectors, services
from palabre.moderation.forms import BlockForm, HideForm

PAGE_SIZE = 50


def _moderated_spaces(request):
    spaces = selectors.moderated_spaces(user=request.user, organization=request.organization)
    if not spaces:
        raise PermissionDenied(_("You moderate no space of this organization."))
    return spaces


@backoffice_required
def index(request):
    spaces = _moderated_spaces(request)
    space_id = request.GET.get("space") or None
    if space_id is not None:
        if not space_id.isdigit() or int(space_id) not in {space.pk for space in spaces}:
            raise Http404
        space_id = int(space_id)
    state = request.GET.get("state") or None
    if state not in {None, selectors.State.PENDING, selectors.State.HIDDEN}:
        state = None
    page = selectors.moderation_page(
        spaces=spaces,
        space_id=space_id,
        state=state,
        page_number=request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moderation/admin/index.html",
        {
            "spaces": spaces,
            "space_id": space_id,
            "state": state,
            "states": [
                (selectors.State.PENDING, _("Reported, visible")),
                (selectors.State.HIDDEN, _("Hidden")),
            ],
            "page": page,
            "hide_form": HideForm(),
            "query": query.urlencode(),
            "breadcrumbs": [(_("Moderation"), None)],
        },
    )


def _moderated_resource(request, moderation_id: int):
    moderation = selectors.moderation_get(
        organization=request.organization, moderation_id=moderation_id
    )
    if moderation is None:
        raise Http404
    resource = resource_get_in_organization(
        organization=request.organization,
        ref=ResourceRef(moderation.content_type_id, moderation.object_id),
    )
    if resource is None:
        raise Http404
    return resource


def _back(request):
    """Back to the list with the filters the moderator had chosen."""
    query = request.POST.get("query", "")
    return redirect(reverse("moderation_admin:index") + (f"?{query}" if query else ""))


@backoffice_required
@require_POST
def hide(request, moderation_id: int):
    resource = _moderated_resource(request, moderation_id)
    form = HideForm(request.POST)
    form.is_valid()
    try:
        services.resource_hide(
            actor=request.user, target=resource, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The contribution is hidden."))
    return _back(request)


@backoffice_required
@require_POST
def unhide(request, moderation_id: int):
    resource = _moderated_resource(request, moderation_id)
    try:
        services.resource_unhide(actor=request.user, target=resource)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The contribution is visible again."))
    return _back(request)


def _render_participants(request, form=None, form_user_id=None):
    people = selectors.reported_participants(organization=request.organization)
    return render(
        request,
        "moderation/admin/participants.html",
        {
            "people": people,
            "block_form": BlockForm(),
            "failed_form": form,
            "failed_user_id": form_user_id,
            "breadcrumbs": [(_("Reported participants"), None)],
        },
    )


@backoffice_required
def participants(request):
    require(request.user, "admin", request.organization)
    return _render_participants(request)


def _participant(request, user_id: int) -> User:
    require(request.user, "admin", request.organization)
    return get_object_or_404(
        User, pk=user_id, organization=request.organization, deleted_at__isnull=True
    )


@backoffice_required
@require_POST
def block(request, user_id: int):
    person = _participant(request, user_id)
    form = BlockForm(request.POST)
    form.is_valid()
    try:
        services.user_block(
            actor=request.user,
            user=person,
            justification=form.cleaned_data.get("justification", ""),
            hide_content=form.cleaned_data.get("hide_content", False),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
            return _render_participants(request, form=form, form_user_id=person.pk)
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s is blocked.") % {"person": person.nickname})
    return redirect("moderation_admin:participants")


@backoffice_required
@require_POST
def unblock(request, user_id: int):
    person = _participant(request, user_id)
    try:
        services.user_unblock(actor=request.user, user=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(person)s is no longer blocked.") % {"person": person.nickname}
        )
    return redirect("moderation_admin:participants")
