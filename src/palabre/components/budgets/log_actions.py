"""Sentences of the activity log for budgets (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.budgets.models import Budget, BudgetResult, Project
from palabre.core.action_log import register_action, register_resource_type

register_resource_type("budget", _("Budget"), _("the budget “%(label)s”"), model=Budget)
register_resource_type("project", _("Budget project"), _("the project “%(label)s”"), model=Project)


def _rule(data: dict) -> dict:
    rule = data.get("rule", "")
    return {"rule": str(dict(BudgetResult.Rule.choices).get(rule, rule))}


register_action(
    "remind_baskets",
    _("Reminded unfinished baskets"),
    _("%(who)s reminded the people whose basket in %(item)s is not cast yet."),
)
register_action(
    "paper_ballot",
    _("Entered a paper ballot"),
    _("%(who)s entered the paper ballot “%(reference)s” in the budget “%(label)s”."),
    details=lambda data: {"reference": data.get("voter_reference", "")},
)
register_action(
    "import_projects",
    _("Imported projects"),
    _("%(who)s imported projects into the budget “%(label)s”: %(count)s."),
    details=lambda data: {"count": data.get("projects", 0)},
)
register_action(
    "import_pabulib",
    _("Imported a Pabulib election"),
    _(
        "%(who)s imported an election in the Pabulib format into the budget “%(label)s”: "
        "%(projects)s projects, %(ballots)s ballots."
    ),
    details=lambda data: {"projects": data.get("projects", 0), "ballots": data.get("ballots", 0)},
)
register_action(
    "compute_results",
    _("Counted the votes"),
    _("%(who)s asked for the count of the budget “%(label)s” by the rule “%(rule)s”."),
    details=_rule,
)
register_action(
    "publish_results",
    _("Published results"),
    _("%(who)s published the results of the budget “%(label)s” (rule “%(rule)s”)."),
    details=_rule,
)
