"""Background work of the budgets component."""

from django.tasks import task


@task
def compute_budget_result(*, budget_id: int, rule: str, actor_id: int | None = None) -> int:
    """Count the cast votes of a budget with `rule`; returns the stored result's id."""
    from palabre.components.budgets.models import Budget
    from palabre.components.budgets.services import budget_result_compute
    from palabre.core.models import User

    budget = Budget.objects.select_related("component__space__organization").get(pk=budget_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return budget_result_compute(budget=budget, rule=rule, actor=actor).pk
