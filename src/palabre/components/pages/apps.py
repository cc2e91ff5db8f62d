from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "palabre.components.pages"
    label = "pages"
