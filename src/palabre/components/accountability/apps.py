from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "palabre.components.accountability"
    label = "accountability"
