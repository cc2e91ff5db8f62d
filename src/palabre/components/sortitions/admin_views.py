"""Backoffice views of the sortitions component.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; changing anything also needs `admin`.
"""

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.sortitions import selectors, services, volunteering
from palabre.components.sortitions.forms import (
    CancelForm,
    DrawForm,
    PanelForm,
    PublicValueForm,
    PublishForm,
    ReplaceForm,
    UploadForm,
)
from palabre.core.components import component_admin_url
from palabre.core.exports import csv_lines
from palabre.core.permissions import can, require

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
    panels = selectors.panel_list(component=component)
    for panel in panels:
        panel.manage_url = component_admin_url(component, "panel", pk=panel.pk)
    return render(request, "sortitions/admin/index.html", component_admin_context(
        request,
        draws=draws,
        panels=panels,
        new_draw_url=component_admin_url(component, "draw_new"),
        new_panel_url=component_admin_url(component, "panel_new"),
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


# Citizen panels ---------------------------------------------------------------------
def _panel_url(request, panel, name: str = "panel") -> str:
    return component_admin_url(request.component, name, pk=panel.pk)


def _errors_as_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def panel_new(request):
    require_component_admin(request)
    form = PanelForm(*_form_data(request), languages=request.organization.locales)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        panel = _apply(form, lambda: services.panel_create(
            actor=request.user, component=request.component, title=data["title"],
            description=data["description"], size=data["size"], method=data["method"],
        ))  # fmt: skip
        if panel is not None:
            messages.success(request, _("The panel was created. Import its pool and quotas."))
            return redirect(_panel_url(request, panel))
    return render(request, "sortitions/admin/panel_form.html", component_admin_context(
        request, form=form, panel=None,
    ))  # fmt: skip


def panel_edit(request, pk: int):
    require_component_admin(request)
    panel = selectors.panel_get(component=request.component, panel_id=pk)
    form = PanelForm(
        *_form_data(request),
        languages=request.organization.locales,
        initial={
            "title": panel.title,
            "description": panel.description,
            "size": panel.size,
            "method": panel.method,
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if _apply(form, lambda: services.panel_update(
            actor=request.user, panel=panel, title=data["title"],
            description=data["description"], size=data["size"], method=data["method"],
        )):  # fmt: skip
            messages.success(request, _("The panel was saved."))
            return redirect(_panel_url(request, panel))
    return render(request, "sortitions/admin/panel_form.html", component_admin_context(
        request, form=form, panel=panel,
    ))  # fmt: skip


def panel_manage(request, pk: int):
    """Everything about one panel: its pool, quotas, the computation and its progress, the
    distribution, the draw and the replacements. Names and contacts are shown to the
    panel's administrators only."""
    require(request.user, "read_admin", request.component)
    panel = selectors.panel_get(component=request.component, panel_id=pk)
    may_admin = can(request.user, "admin", request.component)
    replacements = selectors.panel_replacements(panel=panel)
    members = services.panel_members(panel, replacements) if panel.is_drawn else []
    volunteers = list(panel.volunteers.all()) if may_admin else []
    by_number = {volunteer.number: volunteer for volunteer in volunteers}
    languages = request.organization.locales
    return render(request, "sortitions/admin/panel.html", component_admin_context(
        request,
        panel=panel,
        quotas=list(panel.quotas.all()),
        volunteers_total=panel.volunteers.count(),
        numbers_to_send=panel.volunteers.filter(number_sent_at__isnull=True).count(),
        volunteers=volunteers[:50],
        members=[(number, by_number.get(number)) for number in members],
        replacements=replacements,
        upload_form=UploadForm(),
        publish_form=PublishForm(languages=languages),
        draw_form=PublicValueForm(),
        replace_form=ReplaceForm(),
        urls={name: _panel_url(request, panel, name) for name in (
            "panel_edit", "panel_progress", "volunteers_import", "volunteers_csv", "numbers_send",
            "quotas_import", "quotas_set", "panel_call", "panel_compute", "panel_publish",
            "panel_draw", "panel_replace",
        )},
    ))  # fmt: skip


def panel_progress(request, pk: int):
    """What the computation says now (polled by the page while it computes); once it is
    over, the whole page is reloaded."""
    require(request.user, "read_admin", request.component)
    panel = selectors.panel_get(component=request.component, panel_id=pk)
    response = render(request, "sortitions/admin/_progress.html", {
        "panel": panel, "progress_url": _panel_url(request, panel, "panel_progress"),
        "panel_url": _panel_url(request, panel),
    })  # fmt: skip
    if panel.status != panel.Status.COMPUTING and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def _upload(request, pk: int, service, done: str):
    require_component_admin(request)
    panel = selectors.panel_get(component=request.component, panel_id=pk)
    if request.method == "POST":
        try:
            count = service(actor=request.user, panel=panel, upload=request.FILES.get("file"))
        except ValidationError as error:
            _errors_as_messages(request, error)
        else:
            messages.success(request, done % {"count": count})
    return redirect(_panel_url(request, panel))


@require_POST
def volunteers_import(request, pk: int):
    return _upload(
        request, pk, services.panel_import_volunteers,
        _("%(count)d volunteers imported, each with a new pseudonymous number."),
    )  # fmt: skip


@require_POST
def quotas_import(request, pk: int):
    return _upload(request, pk, services.panel_import_quotas, _("%(count)d quotas imported."))


@require_POST
def quotas_set(request, pk: int):
    require_component_admin(request)
    panel = selectors.panel_get(component=request.component, panel_id=pk)
    limits = {}
    for quota in panel.quotas.all():
        try:
            limits[quota.pk] = (
                int(request.POST.get(f"min_{quota.pk}", quota.minimum)),
                int(request.POST.get(f"max_{quota.pk}", quota.maximum)),
            )
        except ValueError:
            messages.error(request, _("Minimums and maximums are whole numbers."))
            return redirect(_panel_url(request, panel))
    try:
        services.panel_set_quotas(actor=request.user, panel=panel, limits=limits)
    except ValidationError as error:
        _errors_as_messages(request, error)
    else:
        messages.success(request, _("The quotas were saved."))
    return redirect(_panel_url(request, panel))


def _action(request, pk: int, action, done: str):
    require_component_admin(request)
    panel = selectors.panel_get(component=request.component, panel_id=pk)
    try:
        action(panel)
    except ValidationError as error:
        _errors_as_messages(request, error)
    else:
        messages.success(request, done)
    return redirect(_panel_url(request, panel))


@require_POST
def panel_call(request, pk: int):
    """Open or close the call for volunteers on the site."""
    opening = request.POST.get("open") == "1"
    return _action(
        request, pk,
        lambda panel: volunteering.panel_call_set(actor=request.user, panel=panel, open=opening),
        _("The call for volunteers is open.") if opening
        else _("The call for volunteers is closed."),
    )  # fmt: skip


@require_POST
def numbers_send(request, pk: int):
    """Email each volunteer their pseudonymous number (those not sent it yet)."""
    require_component_admin(request)
    panel = selectors.panel_get(component=request.component, panel_id=pk)
    sent = services.panel_numbers_send(actor=request.user, panel=panel)
    messages.success(
        request,
        ngettext(
            "%(count)d volunteer will receive their number by email.",
            "%(count)d volunteers will receive their number by email.",
            sent,
        )
        % {"count": sent},
    )
    return redirect(_panel_url(request, panel))


@require_POST
def panel_compute(request, pk: int):
    return _action(
        request, pk, lambda panel: services.panel_compute_request(actor=request.user, panel=panel),
        _("The distribution is being computed; this page shows its progress."),
    )  # fmt: skip


@require_POST
def panel_publish(request, pk: int):
    form = PublishForm(request.POST, languages=request.organization.locales)
    value_source = form.cleaned_data["value_source"] if form.is_valid() else {}
    return _action(
        request, pk,
        lambda panel: services.panel_publish(
            actor=request.user, panel=panel, value_source=value_source
        ),
        _("The distribution is published."),
    )  # fmt: skip


@require_POST
def panel_draw(request, pk: int):
    return _action(
        request, pk,
        lambda panel: services.panel_draw(
            actor=request.user, panel=panel, public_value=request.POST.get("public_value", "")
        ),
        _("The panel was drawn and published."),
    )  # fmt: skip


@require_POST
def panel_replace(request, pk: int):
    def replace(panel):
        try:
            declined = int(request.POST.get("declined", ""))
        except ValueError:
            raise ValidationError(_("Enter the pseudonymous number of a member.")) from None
        services.panel_replace(
            actor=request.user, panel=panel, declined=declined,
            public_value=request.POST.get("public_value", ""),
        )  # fmt: skip

    return _action(request, pk, replace, _("The replacement was drawn and published."))


def volunteers_export(request, pk: int):
    """Names, contacts and pseudonymous numbers, so that the administrators can send each
    volunteer their number privately."""
    require_component_admin(request)
    panel = selectors.panel_get(component=request.component, panel_id=pk)
    rows = (
        {"number": v.number, "name": v.name, "contact": v.contact, **v.features}
        for v in panel.volunteers.all()
    )
    features = list(dict.fromkeys(q.feature for q in panel.quotas.all()))
    response = StreamingHttpResponse(
        csv_lines(["number", "name", "contact", *features], rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="panel-{panel.pk}-volunteers.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
