"""Public views of the budgets component; `request.component` was checked visible already.

Everything works with plain forms: each button POSTs and the page comes back with a message
(post/redirect/get), on the project acted on, so voting needs no JavaScript. With JavaScript
(htmx), a project's button updates its card and the basket in place instead.
"""

import random
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from palabre.components.budgets import selectors, services
from palabre.components.budgets.explanations import explain_summary, result_rows
from palabre.core.components import component_url
from palabre.core.money import format_money
from palabre.core.permissions import can, require, why_not
from palabre.core.settings_schema import current_settings


def _context(request, **extra) -> dict:
    return {
        "space": request.space,
        "component": request.component,
        "component_settings": current_settings(request.component),
        **extra,
    }


def _votes_visible(settings) -> bool:
    return settings.voting == "finished" or settings.show_votes_before_end


def index(request):
    """The budgets of the component; a single budget is shown directly."""
    component = request.component
    budgets = selectors.budget_list(component=component)
    if len(budgets) == 1:
        return redirect(component_url(component, "budget", budget_id=budgets[0].pk))
    orders = selectors.orders_by_budget(user=request.user, component=component)
    for budget in budgets:
        budget.envelope_text = format_money(budget.envelope, budget.currency)
        budget.my_order = orders.get(budget.pk)
    return render(request, "budgets/index.html", _context(request, budgets=budgets))


def _rule_summary(settings, budget) -> str:
    money = lambda amount: format_money(amount, budget.currency)  # noqa: E731
    if services.vote_rule_errors(settings):
        return ""
    rule = settings.vote_rule
    if rule == "minimum_percent":
        return _("Choose projects for at least %(minimum)s and at most %(envelope)s.") % {
            "minimum": money(budget.envelope * settings.minimum_percent / 100),
            "envelope": money(budget.envelope),
        }
    if rule == "minimum_projects":
        return _("Choose at least %(minimum)s projects, for at most %(envelope)s.") % {
            "minimum": settings.minimum_projects,
            "envelope": money(budget.envelope),
        }
    return _("Choose between %(minimum)s and %(maximum)s projects.") % {
        "minimum": settings.min_projects,
        "maximum": settings.max_projects,
    }


def _basket_context(request, budget, settings) -> dict:
    basket = selectors.basket_get(user=request.user, budget=budget)
    by_count = settings.vote_rule == "projects_range"
    # Filling the basket prepares the vote: it may be open to someone who still has to
    # verify themselves before casting it (the reason and the step are then shown).
    may_fill = can(request.user, "basket", budget)
    may_vote = may_fill and can(request.user, "vote", budget)
    return {
        "basket": basket,
        "basket_total": format_money(basket.total, budget.currency),
        "envelope_text": format_money(budget.envelope, budget.currency),
        "remaining_text": format_money(
            max(budget.envelope - basket.total, Decimal(0)), budget.currency
        ),
        "progress_by_count": by_count,
        "progress_max": (settings.max_projects or 1) if by_count else budget.envelope,
        "progress_value": basket.count if by_count else basket.total,
        "rule_summary": _rule_summary(settings, budget),
        "may_fill": may_fill,
        "may_vote": may_vote,
        # Why a signed-in person may not vote while voting is open (new terms of use to
        # accept, a private space's members only…), with the step that lifts it.
        "vote_denial": (
            why_not(request.user, "vote", budget)
            if not may_vote and request.user.is_authenticated and settings.voting == "open"
            else None
        ),
        "checkout_url": component_url(request.component, "checkout", budget_id=budget.pk),
        # Where a step that lifts a refusal comes back to: the budget's page, also when the
        # basket is sent back by a project's button (htmx), whose address is the button's.
        "budget_url": component_url(request.component, "budget", budget_id=budget.pk),
        "basket_add_url": component_url(request.component, "basket_add", budget_id=budget.pk),
        "cancel_url": component_url(request.component, "cancel", budget_id=budget.pk),
        "results_url": component_url(request.component, "results", budget_id=budget.pk),
    }


def _with_urls(request, budget, project) -> None:
    project.budget = budget
    project.cost_text = format_money(project.cost, budget.currency)
    kwargs = {"budget_id": budget.pk, "pk": project.pk}
    project.add_url = component_url(request.component, "project_add", **kwargs)
    project.remove_url = component_url(request.component, "project_remove", **kwargs)


def budget_detail(request, budget_id: int):
    """The projects of a budget with the person's basket."""
    component = request.component
    budget = selectors.budget_get(component=component, budget_id=budget_id)
    settings = current_settings(component)
    languages = request.organization.locales
    sort = request.GET.get("sort", "random")
    if sort not in selectors.PROJECT_SORTS or (sort == "votes" and not _votes_visible(settings)):
        sort = "random"
    seed_key = f"budgets_seed_{component.pk}"
    if sort == "random" and seed_key not in request.session:
        request.session[seed_key] = random.randrange(1, 100_000)
    category = request.GET.get("category", "")
    query = request.GET.get("q", "")[:100]
    projects = selectors.project_list(
        budget=budget,
        languages=languages,
        category=category,
        query=query,
        sort=sort,
        seed=request.session.get(seed_key, 0),
    )
    page = Paginator(projects, settings.projects_per_page).get_page(request.GET.get("page"))
    for project in page:
        _with_urls(request, budget, project)
    filters = request.GET.copy()
    filters.pop("page", None)
    context = _context(
        request,
        budget=budget,
        page=page,
        categories=selectors.project_categories(budget=budget, languages=languages),
        category=category,
        query=query,
        sort=sort,
        sorts=_sorts(settings),
        filter_query=filters.urlencode(),
        votes_visible=_votes_visible(settings),
        results_published=selectors.result_is_published(budget=budget),
        **_basket_context(request, budget, settings),
    )
    return render(request, "budgets/budget.html", context)


def _sorts(settings) -> list[tuple[str, str]]:
    sorts = [
        ("random", _("Random order")),
        ("title", _("Title")),
        ("cost_asc", _("Lowest cost first")),
        ("cost_desc", _("Highest cost first")),
    ]
    if _votes_visible(settings):
        sorts.append(("votes", _("Most voted first")))
    return sorts


def project_detail(request, budget_id: int, pk: int):
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    project = selectors.project_get(budget=budget, project_id=pk)
    settings = current_settings(request.component)
    _with_urls(request, budget, project)
    return render(
        request,
        "budgets/project.html",
        _context(
            request,
            budget=budget,
            project=project,
            votes_visible=_votes_visible(settings),
            **_basket_context(request, budget, settings),
        ),
    )


def _back(request, budget) -> str:
    """Where to go after a button: the page it was on, if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return component_url(request.component, "budget", budget_id=budget.pk)


def _after_button(request, budget, *, done: bool, anchor: str) -> str:
    """Back to the page the button was on, at `anchor` (an element that takes the focus, so
    that a keyboard user goes on from where they were), or at the messages when the button
    was refused, so that the reason is what they meet first."""
    return f"{_back(request, budget)}#{anchor if done else 'messages'}"


def _project_swap(request, budget, project):
    """The answer to a project's button sent with htmx: its card and the basket as they are
    now; what was done is announced in the status line, a refusal is said in the card (an
    alert, next to the button that keeps the focus)."""
    settings = current_settings(request.component)
    _with_urls(request, budget, project)
    said = list(messages.get_messages(request))  # given here, so not again on the next page
    context = _context(
        request,
        budget=budget,
        project=project,
        votes_visible=_votes_visible(settings),
        refusals=[message for message in said if message.level >= messages.ERROR],
        done=[message for message in said if message.level < messages.ERROR],
        **_basket_context(request, budget, settings),
    )
    return render(request, "budgets/_project_swap.html", context)


def _project_button(request, budget, project, *, action, success: str):
    done = _run(request, action, success=success)
    if request.htmx:
        return _project_swap(request, budget, project)
    return redirect(_after_button(request, budget, done=done, anchor=f"project-{project.pk}"))


def _run(request, action, *, success: str = "") -> bool:
    """Run a basket service; its refusal becomes a message. Returns whether it worked."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    if success:
        messages.success(request, success)
    return True


def _signed_in(request):
    if not request.user.is_authenticated:
        if request.htmx:
            # A card must not be replaced by the sign-in page: the whole tab goes there.
            back = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(redirect_to_login(back).url)
        return redirect_to_login(request.get_full_path())
    return None


@require_POST
def project_add(request, budget_id: int, pk: int):
    if response := _signed_in(request):
        return response
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    project = selectors.project_get(budget=budget, project_id=pk)
    return _project_button(
        request,
        budget,
        project,
        action=lambda: services.order_add_project(user=request.user, project=project),
        success=_("“%(title)s” was added to your basket.") % {"title": project},
    )


@require_POST
def basket_add(request, budget_id: int):
    """Add every ticked project at once: one page load for several choices without
    JavaScript (all of them are added, or none with the reason)."""
    if response := _signed_in(request):
        return response
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    try:
        ids = [int(value) for value in request.POST.getlist("project")[:500]]
    except ValueError:
        ids = None
    if ids is None:
        messages.error(request, _("One of the chosen projects does not exist."))
        return redirect(_back(request, budget))
    projects = selectors.projects_by_ids(budget=budget, project_ids=ids)
    done = _run(
        request,
        lambda: services.order_add_projects(user=request.user, budget=budget, projects=projects),
        success=_("The chosen projects are in your basket."),
    )
    return redirect(_after_button(request, budget, done=done, anchor="basket"))


@require_POST
def project_remove(request, budget_id: int, pk: int):
    if response := _signed_in(request):
        return response
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    project = selectors.project_get(budget=budget, project_id=pk)
    return _project_button(
        request,
        budget,
        project,
        action=lambda: services.order_remove_project(user=request.user, project=project),
        success=_("“%(title)s” was removed from your basket.") % {"title": project},
    )


def checkout(request, budget_id: int):
    """GET: review the basket before casting it; POST: cast it."""
    if response := _signed_in(request):
        return response
    component = request.component
    budget = selectors.budget_get(component=component, budget_id=budget_id)
    require(request.user, "vote", budget)  # a refusal says why (the 403 page)
    settings = current_settings(component)
    if request.method == "POST" and _run(
        request,
        lambda: services.order_checkout(user=request.user, budget=budget),
        success=_("Your vote is recorded. Thank you!"),
    ):
        return redirect(component_url(component, "budget", budget_id=budget.pk))
    basket_context = _basket_context(request, budget, settings)
    basket = basket_context["basket"]
    projects = list(budget.projects.filter(pk__in=basket.project_ids))
    for project in projects:
        _with_urls(request, budget, project)
    problems = services.basket_problems(
        settings=settings, budget=budget, total=basket.total, count=basket.count
    )
    return render(
        request,
        "budgets/checkout.html",
        _context(request, budget=budget, projects=projects, problems=problems, **basket_context),
    )


@require_POST
def cancel(request, budget_id: int):
    if response := _signed_in(request):
        return response
    budget = selectors.budget_get(component=request.component, budget_id=budget_id)
    _run(
        request,
        lambda: services.order_cancel(user=request.user, budget=budget),
        success=_("Your vote was withdrawn. Your basket is kept: change it and vote again."),
    )
    return redirect(component_url(request.component, "budget", budget_id=budget.pk))


def results(request, budget_id: int):
    """The published result of a budget, with why each project won or lost. Publishing a
    result is what shows it (the service publishes none while voting is open)."""
    component = request.component
    budget = selectors.budget_get(component=component, budget_id=budget_id)
    result = selectors.result_published(budget=budget)
    rows, summary = [], []
    if result:
        projects = list(budget.projects.all())
        for project in projects:
            project.budget = budget
        rows = result_rows(result, projects, budget=budget)
        summary = explain_summary(result, budget=budget)
    return render(
        request,
        "budgets/results.html",
        _context(
            request,
            budget=budget,
            result=result,
            rows=rows,
            summary=summary,
            total=format_money(result.total_cost, budget.currency) if result else "",
        ),
    )
