from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "palabre.components.proposals"
    label = "proposals"
