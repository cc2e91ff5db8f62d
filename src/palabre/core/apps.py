from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "palabre.core"
    label = "core"
    verbose_name = _("Palabre core")

    def ready(self) -> None:
        # Space types register from `space.py`, component types from `component.py`,
        # in every installed app: removing an app from INSTALLED_APPS removes its type.
        autodiscover_modules("space")
        autodiscover_modules("component")
        # The sentences of the activity log, from `log_actions.py` in every app.
        autodiscover_modules("log_actions")

        from palabre.core import structure
        from palabre.core.models import Component, Organization, Space, Step

        structure.watch(Organization, Space, Step, Component)
