"""Background work of the budgets component."""

from django.tasks import task


@task
def compute_budget_result(*, result_id: int) -> int:
    """Count the votes of a result asked for in the backoffice; returns its id."""
    from palabre.components.budgets.models import BudgetResult
    from palabre.components.budgets.services import budget_result_compute, budget_result_fail

    result = BudgetResult.objects.select_related("budget__component__space__organization").get(
        pk=result_id
    )
    try:
        return budget_result_compute(result=result).pk
    except Exception:
        # The page would say "computing…" for ever; the error itself goes to the task log.
        budget_result_fail(result=result)
        raise


@task
def send_basket_reminders(*, component_id: int) -> int:
    """Remind people of their unfinished baskets; returns how many were written to."""
    from palabre.components.budgets.services import basket_reminders_send
    from palabre.core.models import Component

    component = Component.objects.select_related("space__organization").get(pk=component_id)
    return basket_reminders_send(component=component)


@task
def send_vote_summary(*, order_id: int, project_ids: list[int]) -> bool:
    """Email the voter the summary of the vote just cast (the projects it held then);
    returns whether an email was written (not for an order or an account deleted since)."""
    from palabre.components.budgets.services import vote_summary_send

    return vote_summary_send(order_id=order_id, project_ids=project_ids)
