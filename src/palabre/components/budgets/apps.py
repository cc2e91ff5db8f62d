from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "palabre.components.budgets"
    label = "budgets"
