"""Backoffice pages of per-action permissions: for a component (and, where its manifest
allows it, for one of its resources), the verifications each action requires.

Mounted at /admin/spaces/<space id>/components/<component id>/permissions/; people who may
read the space's administration see them, its administrators change them.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.backoffice.decorators import backoffice_required
from palabre.backoffice.forms import add_service_errors
from palabre.backoffice.views.common import load_component, load_space, require_admin
from palabre.core.permissions import can
from palabre.core.resources import ResourceRef, resource_ref
from palabre.core.translations import translated
from palabre.verifications.action_permission_forms import ActionPermissionForm
from palabre.verifications.action_permission_models import ActionPermission
from palabre.verifications.action_permission_services import (
    action_permission_set,
    configurable_resources,
)
from palabre.verifications.registry import methods
from palabre.verifications.selectors import methods_enabled


def _load(request, space_id: int, component_id: int):
    space = load_space(request, space_id)
    component = load_component(request, space, component_id)
    if component.manifest is None:
        raise Http404
    return space, component


def _url(component, name: str = "index", **kwargs) -> str:
    return reverse(
        f"action_permissions:{name}",
        kwargs={"space_id": component.space_id, "component_id": component.pk, **kwargs},
    )


def _resource(component, ref: str):
    """The configurable resource named `<content type>-<id>` in the address: one of this
    component's (404 otherwise, whatever exists elsewhere)."""
    parsed = ResourceRef.parse(ref)
    if parsed is None:
        raise Http404
    for resource in configurable_resources(component):
        if resource_ref(resource) == parsed:
            return resource
    raise Http404


def _summary(requirements: list[dict]) -> list[str]:
    """Each requirement as a short sentence for the tables."""
    lines = []
    for requirement in requirements:
        method = methods.get(requirement["method"])
        label = str(method.label) if method else requirement["method"]
        options = requirement.get("options") or {}
        parts = []
        if options.get("postal_codes"):
            parts.append(
                _("postal codes %(codes)s") % {"codes": ", ".join(options["postal_codes"])}
            )
        if options.get("minimum_age"):
            if options.get("age_on"):
                parts.append(
                    _("aged %(age)s or older on %(date)s")
                    % {"age": options["minimum_age"], "date": options["age_on"]}
                )
            else:
                parts.append(_("aged %(age)s or older") % {"age": options["minimum_age"]})
        if options.get("scopes"):
            parts.append(_("districts %(scopes)s") % {"scopes": ", ".join(options["scopes"])})
        lines.append(f"{label} ({'; '.join(parts)})" if parts else label)
    return lines


def _rows(component, rules: dict, resource_key=None) -> list[dict]:
    rows = []
    for action, label in component.manifest.actions:
        requirements = rules.get((resource_key, action), [])
        rows.append(
            {
                "action": action,
                "label": label,
                "summary": _summary(requirements),
                "inherited": bool(
                    resource_key is not None and not requirements and rules.get((None, action))
                ),
            }
        )
    return rows


@backoffice_required
def index(request, space_id: int, component_id: int):
    """Every action of the component with what it requires, and the resources that may
    have rules of their own."""
    space, component = _load(request, space_id, component_id)
    rules = {
        (
            (rule.resource_type_id, rule.resource_id) if rule.resource_type_id else None,
            rule.action,
        ): rule.requirements
        for rule in ActionPermission.objects.filter(component=component)
    }
    resources = []
    for resource in configurable_resources(component):
        ref = resource_ref(resource)
        key = (ref.content_type_id, ref.object_id)
        own = [
            (action, label, _summary(rules[(key, action)]))
            for action, label in component.manifest.actions
            if (key, action) in rules
        ]
        resources.append(
            {
                "resource": resource,
                "url": _url(component, "resource", ref=ref.as_string()),
                "own": own,
            }
        )
    return render(
        request,
        "verifications/action_permissions/index.html",
        {
            "space": space,
            "component": component,
            "may_admin": can(request.user, "admin", component),
            "rows": _rows(component, rules),
            "resources": resources,
            "resources_label": (
                component.manifest.permission_resources.label
                if component.manifest.permission_resources
                else ""
            ),
            "methods_enabled": methods_enabled(request.organization),
            "breadcrumbs": _breadcrumbs(component, None),
        },
    )


@backoffice_required
def resource(request, space_id: int, component_id: int, ref: str):
    """The actions of one resource: its own rules, or the component's."""
    space, component = _load(request, space_id, component_id)
    item = _resource(component, ref)
    parsed = ResourceRef.parse(ref)
    key = (parsed.content_type_id, parsed.object_id)
    rules = {}
    for rule in ActionPermission.objects.filter(component=component):
        owner = (rule.resource_type_id, rule.resource_id) if rule.resource_type_id else None
        if owner in (None, key):
            rules[(owner, rule.action)] = rule.requirements
    return render(
        request,
        "verifications/action_permissions/resource.html",
        {
            "space": space,
            "component": component,
            "item": item,
            "ref": ref,
            "may_admin": can(request.user, "admin", component),
            "rows": _rows(component, rules, key),
            "breadcrumbs": _breadcrumbs(component, item),
        },
    )


def _breadcrumbs(component, item, action_label=None) -> list:
    crumbs = [
        (
            _("Components"),
            reverse("backoffice:component_list", kwargs={"space_id": component.space_id}),
        ),
        (
            translated(component.name),
            reverse(
                "backoffice:component_edit",
                kwargs={"space_id": component.space_id, "component_id": component.pk},
            ),
        ),
        (_("Permissions"), _url(component) if item is not None or action_label else None),
    ]
    if item is not None:
        ref = resource_ref(item).as_string()
        crumbs.append((str(item), _url(component, "resource", ref=ref) if action_label else None))
    if action_label:
        crumbs.append((action_label, None))
    return crumbs


def _edit(request, space_id: int, component_id: int, action: str, ref: str | None):
    space, component = _load(request, space_id, component_id)
    labels = dict(component.manifest.actions)
    if action not in labels:
        raise Http404
    item = _resource(component, ref) if ref is not None else None
    target = {"component": component, "action": action}
    if item is not None:
        parsed = ResourceRef.parse(ref)
        target.update(resource_type_id=parsed.content_type_id, resource_id=parsed.object_id)
    else:
        target.update(resource_type__isnull=True)
    rule = ActionPermission.objects.filter(**target).first()
    requirements = rule.requirements if rule is not None else []
    offered = methods_enabled(request.organization)
    back = _url(component, "resource", ref=ref) if item is not None else _url(component)
    may_admin = can(request.user, "admin", component)
    if request.method == "POST":
        require_admin(request, component)
        form = ActionPermissionForm(request.POST, methods=offered, requirements=requirements)
        if form.is_valid():
            try:
                action_permission_set(
                    actor=request.user,
                    component=component,
                    action=action,
                    requirements=form.requirements(),
                    resource=item,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The verifications this action requires are saved."))
                return redirect(back)
    else:
        form = ActionPermissionForm(methods=offered, requirements=requirements)
    if not may_admin:  # collaborators read the rule without inputs they cannot send
        for field in form.fields.values():
            field.disabled = True
    # Methods required before the organization stopped offering them: said, not offered.
    offered_names = {method.name for method in offered}
    withdrawn = [
        str(methods[name].label) if name in methods else name
        for name in (requirement["method"] for requirement in requirements)
        if name not in offered_names
    ]
    inherited = []
    if item is not None and not requirements:
        base = ActionPermission.objects.filter(
            component=component, action=action, resource_type__isnull=True
        ).first()
        inherited = _summary(base.requirements) if base is not None else []
    return render(
        request,
        "verifications/action_permissions/edit.html",
        {
            "space": space,
            "component": component,
            "item": item,
            "action_label": labels[action],
            "form": form,
            "may_admin": may_admin,
            "withdrawn": withdrawn,
            "inherited": inherited,
            "cancel_url": back,
            "breadcrumbs": _breadcrumbs(component, item, labels[action]),
        },
    )


@backoffice_required
def edit(request, space_id: int, component_id: int, action: str):
    return _edit(request, space_id, component_id, action, None)


@backoffice_required
def resource_edit(request, space_id: int, component_id: int, ref: str, action: str):
    return _edit(request, space_id, component_id, action, ref)
