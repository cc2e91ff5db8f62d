from django.apps import AppConfig


class AssembliesConfig(AppConfig):
    name = "palabre.spaces.assemblies"
    label = "assemblies"
