"""The budgets component type: participatory budgeting with baskets, checkout and results."""

from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from palabre.components.budgets import search as component_search
from palabre.core.components import component_url
from palabre.core.permissions import Denied
from palabre.core.registry import ComponentManifest, PermissionResources, components
from palabre.core.settings_schema import Setting

VOTE_RULES = (
    ("minimum_percent", _("Within the envelope, reaching at least a share of it")),
    ("minimum_projects", _("Within the envelope, at least a number of projects")),
    ("projects_range", _("Between a minimum and a maximum number of projects, costs ignored")),
)
WORKFLOWS = (
    ("all", _("Vote in every budget")),
    ("one", _("Vote in one budget only")),
)
VOTING_STATES = (
    ("disabled", _("Not open yet")),
    ("open", _("Open")),
    ("finished", _("Finished")),
)


def permission(*, user, action, component, resource=None, settings=None) -> bool | Denied | None:
    """Voting follows the step: open, or nothing, and a refusal says why. The core already
    checked that the person is signed in, may take part in the space and that everything is
    published."""
    if action == "vote":
        if settings.voting == "open":
            return True
        if settings.voting == "finished":
            return Denied(_("Voting is over: votes can no longer be cast or changed."))
        return Denied(_("Voting is not open in this phase."))
    return None


def stats(component_list: list) -> dict[str, int]:
    from palabre.components.budgets.models import Order, Project

    voters = Order.objects.filter(
        budget__component__in=component_list, checked_out_at__isnull=False
    ).aggregate(
        # A person voting in two budgets is one voter; paper and imported ballots each
        # stand for a different person.
        people=Count("user", distinct=True),
        ballots=Count("pk", filter=Q(user__isnull=True)),
    )
    return {
        "budget_projects": Project.objects.filter(budget__component__in=component_list).count(),
        "budget_voters": voters["people"] + voters["ballots"],
    }


def sitemap(component_list: list) -> Iterable[str]:
    from palabre.components.budgets.models import Project

    by_id = {component.pk: component for component in component_list}
    for project_id, budget_id, component_id in Project.objects.filter(
        budget__component__in=component_list
    ).values_list("pk", "budget_id", "budget__component_id"):
        yield component_url(by_id[component_id], "project", budget_id=budget_id, pk=project_id)


def vote_rule_errors(values: dict) -> dict[str, str]:
    """What makes the global settings of a budgets component inconsistent, per setting key.

    `validate_settings` checks each setting alone; a rule and its parameters must also agree.
    """
    rule = values.get("vote_rule")
    errors: dict[str, str] = {}
    if rule == "minimum_percent" and values.get("minimum_percent") is None:
        errors["global.minimum_percent"] = _(
            "Set the share of the envelope a vote must reach for this rule."
        )
    if rule == "minimum_projects" and values.get("minimum_projects") is None:
        errors["global.minimum_projects"] = _("Set the minimum number of projects for this rule.")
    if rule == "projects_range":
        low, high = values.get("min_projects"), values.get("max_projects")
        if low is None:
            errors["global.min_projects"] = _("Set the fewest projects a vote may hold.")
        if high is None:
            errors["global.max_projects"] = _("Set the most projects a vote may hold.")
        if low is not None and high is not None and high < low:
            errors["global.max_projects"] = _(
                "The most projects (%(max)s) cannot be fewer than the fewest (%(min)s)."
            ) % {"max": high, "min": low}
    return errors


def _budgets_of(component):
    from palabre.components.budgets.models import Budget

    return Budget.objects.filter(component=component).order_by("position", "pk")


def _budget_of(resource):
    """The budget whose own action permissions apply to `resource`: a budget, or the
    budget of a project (by its id, without reading it)."""
    from palabre.components.budgets.models import Budget, Project

    if isinstance(resource, Budget):
        return Budget, resource.pk
    if isinstance(resource, Project):
        return Budget, resource.budget_id
    return None


def seed(component, users=()) -> None:
    from palabre.components.budgets.seeds import seed_budgets

    seed_budgets(component, list(users))


manifest = components.register(
    ComponentManifest(
        name="budgets",
        label=_("Budgets"),
        description=_(
            "Participatory budgeting: residents choose costed projects within an envelope."
        ),
        check_settings=vote_rule_errors,
        global_settings=(
            Setting(
                "vote_rule", "choice", "minimum_percent", label=_("Vote rule"), choices=VOTE_RULES
            ),
            Setting(
                "minimum_percent",
                "integer",
                70,
                min_value=0,
                max_value=100,
                label=_("Share of the envelope to reach (%)"),
                help_text=_("For the rule “within the envelope, reaching a share of it”."),
            ),
            Setting(
                "minimum_projects",
                "integer",
                None,
                min_value=1,
                label=_("Minimum number of projects"),
                help_text=_("For the rule “within the envelope, at least a number of projects”."),
            ),
            Setting(
                "min_projects",
                "integer",
                None,
                min_value=1,
                label=_("Fewest projects in a vote"),
                help_text=_("For the rule “between a minimum and a maximum number of projects”."),
            ),
            Setting(
                "max_projects",
                "integer",
                None,
                min_value=1,
                label=_("Most projects in a vote"),
                help_text=_("For the rule “between a minimum and a maximum number of projects”."),
            ),
            Setting(
                "workflow", "choice", "all", label=_("Budgets a person votes in"), choices=WORKFLOWS
            ),
            Setting(
                "show_votes_before_end",
                "boolean",
                False,
                label=_("Show the number of votes while voting is open"),
            ),
            Setting(
                "projects_per_page",
                "integer",
                24,
                min_value=5,
                max_value=100,
                label=_("Projects per page"),
            ),
        ),
        step_settings=(
            Setting("voting", "choice", "disabled", label=_("Voting"), choices=VOTING_STATES),
            Setting(
                "announcement",
                "translated",
                {},
                label=_("Announcement"),
                rich=True,
                help_text=_("Shown above the budgets while this step is active."),
            ),
        ),
        actions=(("vote", _("Vote")),),
        permission=permission,
        # Filling a basket prepares the vote: the verifications required to vote are asked
        # when it is cast, so that the basket waits while the person verifies.
        preparations={"basket": "vote"},
        permission_resources=PermissionResources(
            label=_("Budgets"), list=_budgets_of, of=_budget_of
        ),
        public_urls="palabre.components.budgets.urls",
        admin_urls="palabre.components.budgets.admin_urls",
        stats=stats,
        stat_labels={"budget_projects": _("Budget projects"), "budget_voters": _("Voters")},
        seed=seed,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="budget",
    )
)
