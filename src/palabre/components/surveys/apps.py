from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "palabre.components.surveys"
    label = "surveys"
