from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "palabre.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        # The files of the archive, from `open_data.py` in every app (this one's: spaces).
        autodiscover_modules("open_data")
