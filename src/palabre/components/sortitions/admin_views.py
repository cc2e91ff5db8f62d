"""Backoffice views of the sortitions component.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; changing anything also needs `admin`.
"""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.sortitions import selectors, services
from palabre.components.sortitions.forms import CancelForm, DrawForm, PublicValueForm
from palabre.core.components import component_admin_url
from palabre.core.permissions import require

SOURCE_RE = re.compile(r"^c(?P<component>\d+)(?:-(?P<kind>cat|scope)(?P<label>\d+))?$")


def _form_data(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _apply(form, action):
    """Run a service; its errors land on the form's fields (or on the form)."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error)
        return None


def index(request):
    require(request.user, "read_admin", request.component)
    component = request.component
    draws = selectors.draw_list(component=component)
    for draw in draws:
        draw.manage_url = component_admin_url(component, "draw", pk=draw.pk)
    return render(request, "sortitions/admin/index.html", component_admin_context(
        request, draws=draws, new_draw_url=component_admin_url(component, "draw_new"),
    ))  # fmt: skip


def _source(value: str, sources: list):
    """The proposals component, category and scope a `source` choice names."""
    match = SOURCE_RE.match(value or "")
    by_id = {component.pk: component for component in sources}
    if match is None or int(match["component"]) not in by_id:
        return None, None, None
    source = by_id[int(match["component"])]
    category = scope = None
    if match["kind"] == "cat":
        category = next((c for c in source.categories if c.pk == int(match["label"])), None)
    elif match["kind"] == "scope":
        scope = next((s for s in source.scopes if s.pk == int(match["label"])), None)
    return source, category, scope


def draw_new(request):
    require_component_admin(request)
    sources = selectors.proposals_components(space=request.space)
    form = DrawForm(*_form_data(request), languages=request.organization.locales, sources=sources)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        source, category, scope = _source(data["source"], sources)
        draw = _apply(form, lambda: services.draw_create(
            actor=request.user,
            component=request.component,
            title=data["title"],
            description=data["description"],
            proposals_component=source,
            category=category,
            scope=scope,
            count=data["count"],
            value_source=data["value_source"],
            public_value=data["public_value"],
        ))  # fmt: skip
        if draw is not None:
            messages.success(
                request,
                _("The draw was made and published.")
                if draw.is_drawn
                else _(
                    "The draw and its candidates are published; enter the public value once known."
                ),
            )
            return redirect(component_admin_url(request.component, "draw", pk=draw.pk))
    return render(request, "sortitions/admin/draw_form.html", component_admin_context(
        request, form=form, no_source=not sources,
    ))  # fmt: skip


def draw_manage(request, pk: int):
    """A draw's state; the form to enter its public value while it waits for it."""
    require(request.user, "read_admin", request.component)
    draw = selectors.draw_get(component=request.component, draw_id=pk)
    form = PublicValueForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        require_component_admin(request)
        if form.is_valid() and _apply(form, lambda: services.draw_enter_value(
            actor=request.user, draw=draw, public_value=form.cleaned_data["public_value"]
        )):  # fmt: skip
            messages.success(request, _("The draw was made and published."))
            return redirect(component_admin_url(request.component, "draw", pk=draw.pk))
    return render(request, "sortitions/admin/draw.html", component_admin_context(
        request,
        draw=draw,
        form=form,
        selected=selectors.draw_selected_proposals(draw=draw) if draw.is_drawn else [],
        cancel_draw_url=component_admin_url(request.component, "draw_cancel", pk=draw.pk),
    ))  # fmt: skip


def draw_cancel(request, pk: int):
    require_component_admin(request)
    draw = selectors.draw_get(component=request.component, draw_id=pk)
    form = CancelForm(*_form_data(request), languages=request.organization.locales)
    if form.is_bound and form.is_valid() and _apply(form, lambda: services.draw_cancel(
        actor=request.user, draw=draw, reason=form.cleaned_data["reason"]
    )):  # fmt: skip
        messages.success(request, _("The draw was cancelled; it stays listed, marked cancelled."))
        return redirect(component_admin_url(request.component, "draw", pk=draw.pk))
    return render(request, "sortitions/admin/draw_cancel.html", component_admin_context(
        request, draw=draw, form=form,
    ))  # fmt: skip
