from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "palabre.spaces.processes"
    label = "processes"
