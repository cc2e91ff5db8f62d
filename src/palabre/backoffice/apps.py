from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "palabre.backoffice"
    label = "backoffice"
