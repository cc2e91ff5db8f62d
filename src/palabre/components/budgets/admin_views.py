"""Backoffice views of the budgets component.

The backoffice dispatcher sets `request.space` and `request.component` and lets in only
people who may read the space's administration; changing anything also needs `admin`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.backoffice.components import component_admin_context, require_component_admin
from palabre.components.budgets import selectors, services
from palabre.components.budgets.explanations import explain_summary, result_rows
from palabre.components.budgets.forms import (
    BudgetForm,
    PaperBallotForm,
    ProjectForm,
    ProjectsImportForm,
)
from palabre.components.budgets.models import BudgetResult
from palabre.core.components import component_admin_url, component_url
from palabre.core.money import format_money
from palabre.core.permissions import require
from palabre.core.settings_schema import current_settings
from palabre.core.translations import translated


def _budget_url(request, budget) -> str:
    return component_admin_url(request.component, "budget", budget_id=budget.pk)


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


def index(request):
    require(request.user, "read_admin", request.component)
    component = request.component
    budgets = selectors.budget_list(component=component)
    participation = selectors.budgets_participation(budgets=budgets)
    for budget in budgets:
        budget.envelope_text = format_money(budget.envelope, budget.currency)
        budget.manage_url = _budget_url(request, budget)
        budget.participation = participation[budget.pk]
    return render(
        request,
        "budgets/admin/index.html",
        component_admin_context(
            request,
            budgets=budgets,
            new_url=component_admin_url(component, "budget_new"),
            reminders_url=component_admin_url(component, "reminders"),
            voting_open=current_settings(component)["voting"] == "open",
        ),
    )


@require_POST
def reminders_send(request):
    """Start a reminder round for the people whose basket is not cast yet."""
    require_component_admin(request)
    try:
        services.basket_reminders_request(actor=request.user, component=request.component)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Reminders are being sent to the people whose basket is not cast yet. People "
                "reminded in the last day are not written to again."
            ),
        )
    return redirect(component_admin_url(request.component))


def budget_manage(request, budget_id: int):
    """One budget: live participation, projects with their votes, results, tools."""
    require(request.user, "read_admin", request.component)
    component = request.component
    budget = selectors.budget_get(component=component, budget_id=budget_id)
    projects = list(budget.projects.order_by("position", "pk"))
    for project in projects:
        project.budget = budget
        project.cost_text = format_money(project.cost, budget.currency)
        project.edit_url = component_admin_url(
            component, "project_edit", budget_id=budget.pk, pk=project.pk
        )
        project.delete_url = component_admin_url(
            component, "project_delete", budget_id=budget.pk, pk=project.pk
        )
    results = list(budget.results.all()[:10])
    names = {project.pk: translated(project.title) for project in projects}
    for result in results:
        result.total_text = format_money(result.total_cost, budget.currency)
        result.selected_names = [names.get(pk, str(pk)) for pk in result.selected_projects]
        result.publish_url = component_admin_url(
            component, "result_publish", budget_id=budget.pk, result_id=result.pk
        )
        result.detail_url = component_admin_url(
            component, "result", budget_id=budget.pk, result_id=result.pk
        )
    urls = {
        name: component_admin_url(component, name, budget_id=budget.pk)
        for name in (
            "budget_edit",
            "budget_delete",
            "project_new",
            "projects_import",
            "paper_ballot",
            "result_compute",
        )
    }
    return render(
        request,
        "budgets/admin/budget.html",
        component_admin_context(
            request,
            budget=budget,
            projects=projects,
            results=results,
            urls=urls,
            participation=selectors.budget_participation(budget=budget),
            votes_per_day=selectors.budget_votes_per_day(budget=budget),
            envelope_text=format_money(budget.envelope, budget.currency),
            rules=BudgetResult.Rule.choices,
            voting_open=current_settings(component).voting == "open",
            public_url=component_url(component, "results", budget_id=budget.pk),
        ),
    )


def budget_new(request):
    require_component_admin(request)
    form = BudgetForm(
        *_form_data(request),
        languages=request.organization.locales,
        initial={"currency": request.organization.currency},
    )
    if form.is_bound and form.is_valid():
        budget = _apply(
            form,
            lambda: services.budget_create(
                actor=request.user, component=request.component, **form.cleaned_data
            ),
        )
        if budget:
            messages.success(request, _("The budget was created."))
            return redirect(_budget_url(request, budget))
    return render(
        request,
        "budgets/admin/form.html",
        component_admin_context(
            request,
            form=form,
            heading=_("New budget"),
            cancel_url=component_admin_url(request.component),
        ),
    )


def budget_edit(request, budget_id: int):
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    form = BudgetForm(
        *_form_data(request),
        languages=request.organization.locales,
        initial={
            "title": budget.title,
            "description": budget.description,
            "scope": budget.scope,
            "envelope": budget.envelope,
            "currency": budget.currency,
        },
    )
    if (
        form.is_bound
        and form.is_valid()
        and _apply(
            form,
            lambda: services.budget_update(actor=request.user, budget=budget, **form.cleaned_data),
        )
    ):
        messages.success(request, _("The budget was saved."))
        return redirect(_budget_url(request, budget))
    return render(
        request,
        "budgets/admin/form.html",
        component_admin_context(
            request,
            form=form,
            heading=_("Edit the budget"),
            cancel_url=_budget_url(request, budget),
        ),
    )


def budget_delete(request, budget_id: int):
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    if request.method == "POST":
        try:
            services.budget_delete(actor=request.user, budget=budget)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_budget_url(request, budget))
        messages.success(request, _("The budget was removed."))
        return redirect(component_admin_url(request.component))
    return render(
        request,
        "budgets/admin/confirm_delete.html",
        component_admin_context(request, target=budget, cancel_url=_budget_url(request, budget)),
    )


def _project_fields(data) -> dict:
    return {
        key: data[key]
        for key in (
            "title",
            "description",
            "cost",
            "category",
            "address",
            "latitude",
            "longitude",
            "external_id",
        )
    }


def project_new(request, budget_id: int):
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    form = ProjectForm(*_form_data(request), languages=request.organization.locales)
    if (
        form.is_bound
        and form.is_valid()
        and _apply(
            form,
            lambda: services.project_create(
                actor=request.user,
                budget=budget,
                image=form.cleaned_data.get("image") or None,
                **_project_fields(form.cleaned_data),
            ),
        )
    ):
        messages.success(request, _("The project was created."))
        return redirect(_budget_url(request, budget))
    return render(
        request,
        "budgets/admin/form.html",
        component_admin_context(
            request,
            form=form,
            heading=_("New project"),
            budget=budget,
            cancel_url=_budget_url(request, budget),
        ),
    )


def project_edit(request, budget_id: int, pk: int):
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    project = selectors.project_get(budget=budget, project_id=pk)
    form = ProjectForm(
        *_form_data(request),
        languages=request.organization.locales,
        has_image=bool(project.image),
        initial={
            key: getattr(project, key)
            for key in (
                "title",
                "description",
                "cost",
                "category",
                "address",
                "latitude",
                "longitude",
                "external_id",
            )
        },
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.project_update(
                actor=request.user,
                project=project,
                image=data.get("image") or None,
                remove_image=data.get("remove_image", False),
                **_project_fields(data),
            ),
        ):
            messages.success(request, _("The project was saved."))
            return redirect(_budget_url(request, budget))
    return render(
        request,
        "budgets/admin/form.html",
        component_admin_context(
            request,
            form=form,
            heading=_("Edit the project"),
            budget=budget,
            project=project,
            cancel_url=_budget_url(request, budget),
        ),
    )


def project_delete(request, budget_id: int, pk: int):
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    project = selectors.project_get(budget=budget, project_id=pk)
    if request.method == "POST":
        try:
            services.project_delete(actor=request.user, project=project)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The project was removed."))
        return redirect(_budget_url(request, budget))
    return render(
        request,
        "budgets/admin/confirm_delete.html",
        component_admin_context(request, target=project, cancel_url=_budget_url(request, budget)),
    )


def projects_import(request, budget_id: int):
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    form = ProjectsImportForm(*_form_data(request))
    line_errors = []
    if form.is_bound and form.is_valid():
        try:
            count = services.projects_import_csv(
                actor=request.user, budget=budget, data=form.cleaned_data["file"].read()
            )
        except ValidationError as error:
            line_errors = getattr(error, "line_errors", None) or [(None, m) for m in error.messages]
        else:
            messages.success(request, _("%(count)s projects were imported.") % {"count": count})
            return redirect(_budget_url(request, budget))
    return render(
        request,
        "budgets/admin/import.html",
        component_admin_context(
            request,
            form=form,
            budget=budget,
            line_errors=line_errors,
            cancel_url=_budget_url(request, budget),
        ),
    )


def paper_ballot(request, budget_id: int):
    """Enter one paper ballot; the form comes back empty for the next one."""
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    choices = [
        (project.pk, f"{translated(project.title)} ({format_money(project.cost, budget.currency)})")
        for project in budget.projects.order_by("position", "pk")
    ]
    form = PaperBallotForm(request.POST or None, projects=choices)
    if form.is_bound and form.is_valid():
        order = _apply(
            form,
            lambda: services.paper_ballot_enter(
                actor=request.user,
                budget=budget,
                voter_reference=form.cleaned_data["voter_reference"],
                project_ids=[int(pk) for pk in form.cleaned_data["projects"]],
            ),
        )
        if order:
            messages.success(
                request,
                _("The ballot “%(reference)s” was recorded.")
                % {"reference": order.voter_reference},
            )
            return redirect(
                component_admin_url(request.component, "paper_ballot", budget_id=budget.pk)
            )
    return render(
        request,
        "budgets/admin/paper_ballot.html",
        component_admin_context(
            request, form=form, budget=budget, cancel_url=_budget_url(request, budget)
        ),
    )


@require_POST
def result_compute(request, budget_id: int):
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    rule = request.POST.get("rule", "")
    try:
        services.budget_result_request(actor=request.user, budget=budget, rule=rule)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The results are being computed: reload this page in a moment to see them.")
        )
    return redirect(_budget_url(request, budget))


def result_detail(request, budget_id: int, result_id: int):
    """One computed result with why each project won or lost, before or after publishing."""
    require(request.user, "read_admin", request.component)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    result = budget.results.filter(pk=result_id).first()
    if result is None:
        raise Http404
    result.budget = budget
    rows, summary = [], []
    if result.is_ready:
        projects = list(budget.projects.all())
        for project in projects:
            project.budget = budget
        rows = result_rows(result, projects, budget=budget)
        summary = explain_summary(result, budget=budget)
    return render(
        request,
        "budgets/admin/result.html",
        component_admin_context(
            request,
            budget=budget,
            result=result,
            rows=rows,
            summary=summary,
            total=format_money(result.total_cost, budget.currency),
            budget_url=_budget_url(request, budget),
            publish_url=component_admin_url(
                request.component, "result_publish", budget_id=budget.pk, result_id=result.pk
            ),
            voting_open=current_settings(request.component).voting == "open",
            public_url=component_url(request.component, "results", budget_id=budget.pk),
        ),
    )


@require_POST
def result_publish(request, budget_id: int, result_id: int):
    require_component_admin(request)
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    result = budget.results.filter(pk=result_id).first()
    if result is None:
        raise Http404
    result.budget = budget
    finish_voting = request.POST.get("finish_voting") == "1"
    try:
        services.budget_result_publish(
            actor=request.user, result=result, finish_voting=finish_voting
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if finish_voting:
            messages.success(
                request, _("Voting is finished and the results are published on the public page.")
            )
        else:
            messages.success(request, _("The results are published on the public page."))
    return redirect(_budget_url(request, budget))
