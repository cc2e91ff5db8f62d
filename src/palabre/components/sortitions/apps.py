from django.apps import AppConfig


class SortitionsConfig(AppConfig):
    name = "palabre.components.sortitions"
    label = "sortitions"
