"""Backoffice views of the debates component.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; changing anything also needs `admin`.
"""

import tempfile

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from palabre.accounts.staff import recent_second_factor_required
from palabre.attachments import selectors as attachment_selectors
from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.debates import exports, selectors, services
from palabre.components.debates.forms import AdminDebateForm, CloseForm, UpdateForm
from palabre.components.debates.views import add_service_errors
from palabre.core.components import component_admin_url
from palabre.core.exports import csv_lines, json_chunks, xlsx_write
from palabre.core.permissions import require
from palabre.core.translations import TranslatedFormField

EXPORT_LABELS = {
    "csv": gettext_lazy("Export as CSV"),
    "xlsx": gettext_lazy("Export as a spreadsheet (Excel)"),
    "json": gettext_lazy("Export as JSON"),
}


def index(request):
    require(request.user, "read_admin", request.component)
    component = request.component
    rows = [
        {
            "debate": debate,
            "edit_url": component_admin_url(component, "debate_edit", pk=debate.pk),
            "publish_url": component_admin_url(component, "debate_publish", pk=debate.pk),
            "close_url": component_admin_url(component, "debate_close", pk=debate.pk),
            "update_url": component_admin_url(component, "debate_post_update", pk=debate.pk),
        }
        for debate in selectors.debate_list_all(component=component)
    ]
    return render(
        request,
        "debates/admin/index.html",
        component_admin_context(
            request,
            rows=rows,
            new_url=component_admin_url(component, "debate_new"),
            labels_url=component_admin_url(component, "labels"),
            export_links=[
                (component_admin_url(component, f"export_{name}"), EXPORT_LABELS[name])
                for name in component.manifest.exports
            ],
        ),
    )


def _form(request, debate=None) -> AdminDebateForm:
    categories, scopes = selectors.labels(request.component)
    initial = None
    if debate is not None:
        initial = {
            "title": debate.title,
            "description": debate.description,
            "instructions": debate.instructions,
            "category": debate.category_id or "",
            "scope": debate.scope_id or "",
            "start_at": timezone.localtime(debate.start_at) if debate.start_at else None,
            "end_at": timezone.localtime(debate.end_at) if debate.end_at else None,
            "layout": debate.layout,
            "official": debate.official,
        }
    return AdminDebateForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        languages=request.organization.locales,
        existing_attachments=attachment_selectors.attachment_count(debate) if debate else 0,
        categories=categories,
        scopes=scopes,
        initial=initial,
    )


def _values(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "instructions": data.get("instructions") or {},
        "category": data.get("category") or None,
        "scope": data.get("scope") or None,
        "start_at": data.get("start_at"),
        "end_at": data.get("end_at"),
        "layout": data["layout"],
        "official": data["official"],
        "attachments": form.attachment_uploads(),
    }


def debate_new(request):
    require_component_admin(request)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_create(actor=request.user, component=request.component, **_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The debate was saved as a draft."))
            return redirect(component_admin_url(request.component))
    return render(
        request, "debates/admin/form.html", component_admin_context(request, form=form, debate=None)
    )


def debate_edit(request, pk: int):
    require_component_admin(request)
    debate = selectors.debate_get(component=request.component, debate_id=pk)
    form = _form(request, debate)
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_update(actor=request.user, debate=debate, **_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The debate was saved."))
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "debates/admin/form.html",
        component_admin_context(request, form=form, debate=debate),
    )


@require_POST
def debate_publish(request, pk: int):
    require_component_admin(request)
    debate = selectors.debate_get(component=request.component, debate_id=pk)
    services.debate_publish(actor=request.user, debate=debate)
    messages.success(request, _("The debate is published."))
    return redirect(component_admin_url(request.component))


def debate_close(request, pk: int):
    require_component_admin(request)
    debate = selectors.debate_get(component=request.component, debate_id=pk)
    form = CloseForm(
        request.POST if request.method == "POST" else None, languages=request.organization.locales
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_close(
                user=request.user, debate=debate, conclusion=form.cleaned_data["conclusion"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The debate is closed."))
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "debates/admin/text_form.html",
        component_admin_context(
            request, form=form, debate=debate, heading=_("Close the debate with its conclusion")
        ),
    )


def debate_post_update(request, pk: int):
    require_component_admin(request)
    debate = selectors.debate_get(component=request.component, debate_id=pk)
    form = UpdateForm(
        request.POST if request.method == "POST" else None, languages=request.organization.locales
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.debate_post_update(
                actor=request.user, debate=debate, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The information update is posted."))
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "debates/admin/text_form.html",
        component_admin_context(
            request, form=form, debate=debate, heading=_("Post an information update")
        ),
    )


class LabelForm(forms.Form):
    name = TranslatedFormField(label=gettext_lazy("Name"), max_length=100)

    def __init__(self, *args, languages: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].set_languages(languages)


LABEL_HEADINGS = {
    "category": gettext_lazy("Categories"),
    "scope": gettext_lazy("Scopes"),
}


def labels(request):
    """The categories and scopes debates can be given, each with a form to add one."""
    require(request.user, "read_admin", request.component)
    component = request.component
    languages = request.organization.locales
    forms_by_kind = {
        kind: LabelForm(
            request.POST if request.POST.get("kind") == kind else None,
            languages=languages,
            prefix=kind,
        )
        for kind in ("category", "scope")
    }
    if request.method == "POST":
        require_component_admin(request)
        kind = request.POST.get("kind")
        form = forms_by_kind.get(kind)
        if form is not None and form.is_valid():
            try:
                services.label_create(
                    actor=request.user,
                    component=component,
                    kind=kind,
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(component_admin_url(component, "labels"))
    categories, scopes = selectors.labels(component)
    sections = [
        {
            "kind": kind,
            "heading": LABEL_HEADINGS[kind],
            "form": forms_by_kind[kind],
            "rows": [
                (
                    label,
                    component_admin_url(component, "label_delete", kind=kind, pk=label.pk),
                )
                for label in found
            ],
        }
        for kind, found in (("category", categories), ("scope", scopes))
    ]
    return render(
        request, "debates/admin/labels.html", component_admin_context(request, sections=sections)
    )


@require_POST
def label_delete(request, kind: str, pk: int):
    require_component_admin(request)
    model = services.LABEL_MODELS.get(kind)
    if model is None:
        raise Http404
    label = get_object_or_404(model, component=request.component, pk=pk)
    services.label_delete(actor=request.user, label=label)
    messages.success(request, _("Deleted."))
    return redirect(component_admin_url(request.component, "labels"))


def _component_admin_only(request, *args, **kwargs) -> None:
    """Refuse at once who may not export, before asking anyone for a fresh code."""
    require_component_admin(request)


def _filename(request, extension: str) -> str:
    return f"debates-{request.component.pk}.{extension}"


@recent_second_factor_required(permission=_component_admin_only)
def export_csv(request):
    require_component_admin(request)
    response = StreamingHttpResponse(
        csv_lines(exports.COLUMNS, exports.debate_rows(request.component)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "csv")}"'
    return response


@recent_second_factor_required(permission=_component_admin_only)
def export_json(request):
    require_component_admin(request)
    response = StreamingHttpResponse(
        json_chunks(exports.debate_rows(request.component)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(request, "json")}"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@recent_second_factor_required(permission=_component_admin_only)
def export_xlsx(request):
    require_component_admin(request)
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the response)
    try:
        xlsx_write(
            file,
            title=_("Debates"),
            columns=exports.COLUMNS,
            rows=exports.debate_rows(request.component),
        )
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return FileResponse(
        file, as_attachment=True, filename=_filename(request, "xlsx"), content_type=XLSX_TYPE
    )
