from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "palabre.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        # What each app holds about a person, from `personal_data.py` in every app.
        autodiscover_modules("personal_data")
