from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "palabre.components.budgets"
    label = "budgets"

    def ready(self) -> None:
        from palabre.components.budgets.models import Budget
        from palabre.core import structure

        structure.watch(Budget)
