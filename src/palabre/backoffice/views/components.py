from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import ComponentCreateForm, ComponentSettingsForm, add_service_errors
from palabre.backoffice.views.common import load_component, load_space, moved, require_admin
from palabre.core import services
from palabre.core.components import component_admin_url
from palabre.core.permissions import can


def _components_url(space) -> str:
    return reverse("backoffice:component_list", kwargs={"space_id": space.pk})


@backoffice_required
def component_list(request, space_id: int):
    space = load_space(request, space_id)
    components = list(space.components.all())
    for component in components:
        component.space = space
        manifest = component.manifest
        component.type_label = manifest.label if manifest else component.manifest_name
        component.manage_url = (
            component_admin_url(component, "index") if manifest and manifest.admin_urls else None
        )
    return render(
        request,
        "backoffice/component_list.html",
        {
            "space": space,
            "components": components,
            "may_admin": can(request.user, "admin", space),
            "breadcrumbs": [(_("Components"), None)],
        },
    )


@backoffice_required
def component_create(request, space_id: int):
    space = load_space(request, space_id)
    require_admin(request, space)
    languages = request.organization.locales
    if request.method == "POST":
        form = ComponentCreateForm(request.POST, languages=languages)
        if form.is_valid():
            try:
                component = services.component_create(
                    actor=request.user,
                    space=space,
                    manifest_name=form.cleaned_data["manifest_name"],
                    name=form.cleaned_data["name"] or None,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The component is added. Review its settings, then publish it.")
                )
                return redirect(
                    "backoffice:component_edit", space_id=space.pk, component_id=component.pk
                )
    else:
        form = ComponentCreateForm(languages=languages)
    return render(
        request,
        "backoffice/component_create.html",
        {
            "form": form,
            "space": space,
            "breadcrumbs": [(_("Components"), _components_url(space)), (_("Add"), None)],
        },
    )


@backoffice_required
def component_edit(request, space_id: int, component_id: int):
    """Name and settings, as one form generated from the component type's manifest."""
    space = load_space(request, space_id)
    component = load_component(request, space, component_id)
    if component.manifest is None:
        raise Http404
    may_admin = can(request.user, "admin", space)
    steps = list(space.steps.all()) if space.space_type and space.space_type.has_steps else []
    options = {
        "component": component,
        "steps": steps,
        "languages": request.organization.locales,
        "read_only": not may_admin,
        "initial": {"name": component.name},
    }
    if request.method == "POST":
        require_admin(request, space)
        form = ComponentSettingsForm(request.POST, **options)
        if form.is_valid():
            try:
                services.component_update(
                    actor=request.user,
                    component=component,
                    name=form.cleaned_data["name"],
                    settings=form.settings_document(),
                )
            except ValidationError as error:
                add_service_errors(
                    form, error, {key: form.error_field(key) for key in _error_keys(error)}
                )
            else:
                messages.success(request, _("The component is saved."))
                return redirect(
                    "backoffice:component_edit", space_id=space.pk, component_id=component.pk
                )
    else:
        form = ComponentSettingsForm(**options)
    return render(
        request,
        "backoffice/component_form.html",
        {
            "form": form,
            "space": space,
            "component": component,
            "may_admin": may_admin,
            "manage_url": (
                component_admin_url(component, "index") if component.manifest.admin_urls else None
            ),
            "breadcrumbs": [(_("Components"), _components_url(space)), (component, None)],
        },
    )


def _error_keys(error: ValidationError) -> list[str]:
    return list(error.message_dict) if hasattr(error, "error_dict") else []


@backoffice_required
@require_POST
def component_publish(request, space_id: int, component_id: int):
    space = load_space(request, space_id)
    require_admin(request, space)
    component = load_component(request, space, component_id)
    published = request.POST.get("published") == "1"
    services.component_set_published(actor=request.user, component=component, published=published)
    if published:
        messages.success(request, _("The component is published."))
    else:
        messages.success(request, _("The component is unpublished."))
    return redirect(_components_url(space))


@backoffice_required
def component_delete(request, space_id: int, component_id: int):
    space = load_space(request, space_id)
    require_admin(request, space)
    component = load_component(request, space, component_id)
    if component.is_published:
        messages.error(request, _("Unpublish the component before removing it."))
        return redirect(_components_url(space))
    if request.method == "POST":
        try:
            services.component_delete(actor=request.user, component=component)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The component is removed."))
        return redirect(_components_url(space))
    return render(
        request,
        "backoffice/confirm_delete.html",
        {
            "space": space,
            "object_label": component,
            "warning": _("Everything this component holds will be deleted for good."),
            "cancel_url": _components_url(space),
            "breadcrumbs": [(_("Components"), _components_url(space)), (_("Remove"), None)],
        },
    )


@backoffice_required
@require_POST
def component_move(request, space_id: int, component_id: int):
    space = load_space(request, space_id)
    require_admin(request, space)
    order = list(space.components.values_list("pk", flat=True))
    if component_id not in order:
        raise Http404
    new_order = moved(order, component_id, request.POST.get("direction"))
    if new_order != order:
        services.components_reorder(actor=request.user, space=space, component_ids=new_order)
    return redirect(_components_url(space))


@backoffice_required
def component_manage(request, space_id: int, component_id: int, rest: str = ""):
    """Run a view of the component's own admin urlconf, for its space and component.

    The space and component are those of this organization and this person's spaces
    (404 otherwise); the component's view still checks `admin` before any write.
    """
    # Valuators hold no backoffice role of their own: they reach only the components
    # whose type lets them in (to answer the proposals assigned to them).
    space = load_space(request, space_id, actions=("read_admin", "valuate"))
    component = load_component(request, space, component_id)
    manifest = component.manifest
    if manifest is None or not manifest.admin_urls:
        raise Http404
    if not manifest.admin_for_valuators and not can(request.user, "read_admin", space):
        raise Http404
    try:
        match = resolve("/" + rest, urlconf=manifest.admin_urls)
    except Resolver404 as error:
        raise Http404 from error
    return match.func(request, *match.args, **match.kwargs)
