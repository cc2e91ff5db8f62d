"""Backoffice views of the accountability component.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; changing anything also needs `admin`.
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.accountability import selectors, services
from palabre.components.accountability.forms import (
    BudgetImportForm,
    ResultForm,
    ResultsImportForm,
    StatusForm,
    TimelineEntryForm,
)
from palabre.core.components import component_admin_url
from palabre.core.permissions import require


def _form_data(request) -> tuple:
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _apply(form, action):
    """Run a service with a form's data; its errors land on the form's fields."""
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return None


def _url(request, name: str, **kwargs) -> str:
    return component_admin_url(request.component, name, **kwargs)


def index(request):
    """The results as a tree, with links to everything else."""
    require(request.user, "read_admin", request.component)
    results = selectors.result_tree(component=request.component)
    for result in results:
        result.edit_url = _url(request, "result_edit", pk=result.pk)
        result.delete_url = _url(request, "result_delete", pk=result.pk)
        result.timeline_url = _url(request, "timeline", pk=result.pk)
        result.add_child_url = f"{_url(request, 'result_new')}?parent={result.pk}"
    urls = {
        name: _url(request, name)
        for name in ("result_new", "statuses", "import_budget", "import_csv")
    }
    return render(
        request,
        "accountability/admin/index.html",
        component_admin_context(request, results=results, urls=urls, max_depth=services.MAX_DEPTH),
    )


# Results ----------------------------------------------------------------------------
def _result_fields(request, data: dict) -> dict:
    component = request.component
    parents = {result.pk: result for result in selectors.result_tree(component=component)}
    statuses = {status.pk: status for status in selectors.status_list(component=component)}
    fields = {
        key: data[key]
        for key in (
            "title",
            "description",
            "category",
            "progress",
            "weight",
            "start_date",
            "end_date",
            "address",
            "latitude",
            "longitude",
            "external_id",
        )
        if key in data
    }
    fields["parent"] = parents.get(data.get("parent"))
    fields["status"] = statuses.get(data.get("status"))
    return fields


def _result_form(request, *, initial=None, result=None):
    component = request.component
    tree = selectors.result_tree(component=component)
    has_children = False
    if result is not None:
        # A result cannot go under itself or under one of its own sub-results.
        below = {result.pk}
        for item in tree:
            if item.parent_id in below:
                below.add(item.pk)
        tree = [item for item in tree if item.pk not in below]
        has_children = len(below) > 1
    return ResultForm(
        *_form_data(request), languages=request.organization.locales, parents=tree,
        statuses=selectors.status_list(component=component), has_children=has_children,
        initial=initial,
    )  # fmt: skip


def result_new(request):
    require_component_admin(request)
    parent = request.GET.get("parent", "")
    form = _result_form(request, initial={"parent": int(parent) if parent.isdigit() else None})
    if form.is_bound and form.is_valid():
        result = _apply(
            form,
            lambda: services.result_create(
                actor=request.user,
                component=request.component,
                **_result_fields(request, form.cleaned_data),
            ),
        )
        if result:
            messages.success(request, _("The result was created."))
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "accountability/admin/form.html",
        component_admin_context(request, form=form, heading=_("New result")),
    )


def result_edit(request, pk: int):
    require_component_admin(request)
    result = selectors.result_get(component=request.component, result_id=pk)
    initial = {
        key: getattr(result, key)
        for key in (
            "title",
            "description",
            "category",
            "progress",
            "weight",
            "start_date",
            "end_date",
            "address",
            "latitude",
            "longitude",
            "external_id",
        )
    }
    initial.update(parent=result.parent_id, status=result.status_id)
    form = _result_form(request, initial=initial, result=result)
    if form.is_bound and form.is_valid():
        fields = _result_fields(request, form.cleaned_data)
        if form.fields["progress"].disabled:
            del fields["progress"]
        if _apply(
            form, lambda: services.result_update(actor=request.user, result=result, **fields)
        ):
            messages.success(request, _("The result was saved."))
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "accountability/admin/form.html",
        component_admin_context(
            request,
            form=form,
            heading=_("Edit the result"),
            result=result,
            timeline_url=_url(request, "timeline", pk=result.pk),
        ),
    )


def result_delete(request, pk: int):
    require_component_admin(request)
    result = selectors.result_get(component=request.component, result_id=pk)
    if request.method == "POST":
        services.result_delete(actor=request.user, result=result)
        messages.success(request, _("The result was removed."))
        return redirect(component_admin_url(request.component))
    return render(
        request,
        "accountability/admin/confirm_delete.html",
        component_admin_context(
            request,
            target=result,
            warning=_("Its sub-results and its timeline are removed with it."),
        ),
    )


# Timeline ---------------------------------------------------------------------------
def timeline(request, pk: int):
    """The entries of a result's timeline, and a form to add one."""
    require(request.user, "read_admin", request.component)
    result = selectors.result_get(component=request.component, result_id=pk)
    form = TimelineEntryForm(*_form_data(request), languages=request.organization.locales)
    if form.is_bound:
        require_component_admin(request)
        if form.is_valid() and _apply(
            form,
            lambda: services.timeline_entry_create(
                actor=request.user, result=result, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The entry was added to the timeline."))
            return redirect(_url(request, "timeline", pk=result.pk))
    entries = list(result.timeline.order_by("date", "pk"))
    for entry in entries:
        entry.edit_url = _url(request, "entry_edit", pk=result.pk, entry_id=entry.pk)
        entry.delete_url = _url(request, "entry_delete", pk=result.pk, entry_id=entry.pk)
    return render(
        request,
        "accountability/admin/timeline.html",
        component_admin_context(
            request,
            result=result,
            entries=entries,
            form=form,
            edit_url=_url(request, "result_edit", pk=result.pk),
        ),
    )


def _entry(request, pk: int, entry_id: int):
    result = selectors.result_get(component=request.component, result_id=pk)
    entry = result.timeline.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    entry.result = result
    return result, entry


def entry_edit(request, pk: int, entry_id: int):
    require_component_admin(request)
    result, entry = _entry(request, pk, entry_id)
    form = TimelineEntryForm(
        *_form_data(request),
        languages=request.organization.locales,
        initial={"date": entry.date, "title": entry.title, "text": entry.text},
    )
    back = _url(request, "timeline", pk=result.pk)
    if (
        form.is_bound
        and form.is_valid()
        and _apply(
            form,
            lambda: services.timeline_entry_update(
                actor=request.user, entry=entry, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, _("The entry was saved."))
        return redirect(back)
    return render(
        request,
        "accountability/admin/form.html",
        component_admin_context(
            request, form=form, heading=_("Edit the timeline entry"), result=result, cancel_url=back
        ),
    )


def entry_delete(request, pk: int, entry_id: int):
    require_component_admin(request)
    result, entry = _entry(request, pk, entry_id)
    back = _url(request, "timeline", pk=result.pk)
    if request.method == "POST":
        services.timeline_entry_delete(actor=request.user, entry=entry)
        messages.success(request, _("The entry was removed."))
        return redirect(back)
    return render(
        request,
        "accountability/admin/confirm_delete.html",
        component_admin_context(request, target=entry, cancel_url=back),
    )


# Statuses ---------------------------------------------------------------------------
def statuses(request):
    """The statuses of the component, and a form to add one."""
    require(request.user, "read_admin", request.component)
    form = StatusForm(*_form_data(request), languages=request.organization.locales)
    if form.is_bound:
        require_component_admin(request)
        if form.is_valid() and _apply(
            form,
            lambda: services.status_create(
                actor=request.user, component=request.component, **form.cleaned_data
            ),
        ):
            messages.success(request, _("The status was created."))
            return redirect(_url(request, "statuses"))
    status_list = selectors.status_list(component=request.component)
    for status in status_list:
        status.edit_url = _url(request, "status_edit", status_id=status.pk)
        status.delete_url = _url(request, "status_delete", status_id=status.pk)
    return render(
        request,
        "accountability/admin/statuses.html",
        component_admin_context(request, statuses=status_list, form=form),
    )


def status_edit(request, status_id: int):
    require_component_admin(request)
    status = selectors.status_get(component=request.component, status_id=status_id)
    form = StatusForm(
        *_form_data(request),
        languages=request.organization.locales,
        initial={"key": status.key, "name": status.name, "progress": status.progress},
    )
    back = _url(request, "statuses")
    if (
        form.is_bound
        and form.is_valid()
        and _apply(
            form,
            lambda: services.status_update(actor=request.user, status=status, **form.cleaned_data),
        )
    ):
        messages.success(request, _("The status was saved."))
        return redirect(back)
    return render(
        request,
        "accountability/admin/form.html",
        component_admin_context(request, form=form, heading=_("Edit the status"), cancel_url=back),
    )


def status_delete(request, status_id: int):
    require_component_admin(request)
    status = selectors.status_get(component=request.component, status_id=status_id)
    back = _url(request, "statuses")
    if request.method == "POST":
        services.status_delete(actor=request.user, status=status)
        messages.success(request, _("The status was removed."))
        return redirect(back)
    return render(
        request,
        "accountability/admin/confirm_delete.html",
        component_admin_context(
            request,
            target=status,
            cancel_url=back,
            warning=_("Its results keep their progress and have no status any more."),
        ),
    )


# Imports ----------------------------------------------------------------------------
def import_budget(request):
    require_component_admin(request)
    budgets = selectors.budget_list_of_space(component=request.component)
    form = BudgetImportForm(request.POST or None, budgets=budgets)
    if form.is_bound and form.is_valid():
        budget = next(b for b in budgets if b.pk == form.cleaned_data["budget"])
        count = _apply(
            form,
            lambda: services.results_import_from_budget(
                actor=request.user, component=request.component, budget=budget
            ),
        )
        if count is not None:
            messages.success(request, _("%(count)s results were created.") % {"count": count})
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "accountability/admin/import_budget.html",
        component_admin_context(request, form=form, budgets=budgets),
    )


def import_csv(request):
    require_component_admin(request)
    form = ResultsImportForm(*_form_data(request))
    line_errors = []
    if form.is_bound and form.is_valid():
        try:
            counts = services.results_import_csv(
                actor=request.user,
                component=request.component,
                data=form.cleaned_data["file"].read(),
            )
        except ValidationError as error:
            line_errors = getattr(error, "line_errors", None) or [
                (None, message) for message in error.messages
            ]
        else:
            messages.success(
                request, _("%(created)s results were created and %(updated)s updated.") % counts
            )
            return redirect(component_admin_url(request.component))
    return render(
        request,
        "accountability/admin/import_csv.html",
        component_admin_context(
            request,
            form=form,
            line_errors=line_errors,
            example_url=_url(request, "example_csv"),
            columns=services.CSV_COLUMNS,
        ),
    )


def example_csv(request):
    """A file to start from: every column, a result and a sub-result."""
    require(request.user, "read_admin", request.component)
    statuses = selectors.status_list(component=request.component)
    status_key = statuses[0].key if statuses else ""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(services.CSV_COLUMNS)
    writer.writerow(
        [
            "park",
            "",
            "Rénover le parc",
            "Renovate the park",
            "<p>Tout le parc.</p>",
            "<p>The whole park.</p>",
            "Nature en ville",
            "Nature in the city",
            status_key,
            "",
            "2026-03-01",
            "2026-12-31",
            "1",
            "47.4736",
            "-0.5541",
        ]
    )
    writer.writerow(
        [
            "park-trees",
            "park",
            "Planter des arbres",
            "Plant trees",
            "",
            "",
            "Nature en ville",
            "Nature in the city",
            status_key,
            "50",
            "2026-03-01",
            "2026-06-30",
            "2",
            "",
            "",
        ]
    )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="results-example.csv"'
    return response
