"""Navigation of the backoffice, computed once here so that every admin view (including
those of components and space types, which only extend `backoffice/base.html`) gets it."""

from django import template
from django.urls import NoReverseMatch, reverse

from palabre.core.permissions import can
from palabre.core.registry import space_types

register = template.Library()


def space_type_admin_index(kind: str) -> str | None:
    """Address of a space type's own admin pages (`<kind>_admin:index`), if it has some."""
    try:
        return reverse(f"{kind}_admin:index")
    except NoReverseMatch:
        return None


@register.inclusion_tag("backoffice/_nav.html", takes_context=True)
def backoffice_nav(context):
    request = context["request"]
    path = request.path
    organization = getattr(request, "organization", None)
    space = _space_in(context)
    kinds = []
    for space_type in space_types.all():
        url = reverse("backoffice:space_list", kwargs={"kind": space_type.kind})
        extra_url = space_type_admin_index(space_type.kind)
        kinds.append(
            {
                "label": space_type.label_plural,
                "url": url,
                "current": path == url or (space is not None and space.kind == space_type.kind),
                "extra_url": extra_url,
                "extra_current": bool(extra_url) and path.startswith(extra_url),
            }
        )
    return {
        "request": request,
        "path": path,
        "kinds": kinds,
        "is_org_admin": can(request.user, "admin", organization) if organization else False,
        "may_moderate": can(request.user, "moderate", organization) if organization else False,
    }


def _space_in(context):
    return getattr(context["request"], "space", None) or context.get("space")


@register.inclusion_tag("backoffice/_space_nav.html", takes_context=True)
def backoffice_space_nav(context):
    space = _space_in(context)
    if space is None or not getattr(space, "pk", None):
        return {"space": None}
    request = context["request"]
    return {
        "space": space,
        "path": request.path,
        "has_steps": bool(space.space_type and space.space_type.has_steps),
        "may_admin": can(request.user, "admin", space),
    }


@register.simple_tag(takes_context=True)
def current_space(context):
    return _space_in(context)


@register.filter
def widget_kind(bound_field) -> str:
    """How to lay out an input: a checkbox beside its label, a group of inputs in a
    fieldset with a legend (translated texts, lists of choices), or a labelled input."""
    from django import forms

    from palabre.core.translations import TranslatedFormField

    field = bound_field.field
    if isinstance(field, TranslatedFormField):
        return "group"
    if isinstance(field.widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "group"
    return "input"
