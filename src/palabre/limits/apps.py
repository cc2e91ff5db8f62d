from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    name = "palabre.limits"
    label = "limits"
    verbose_name = _("Contribution limits")
    default_auto_field = "django.db.models.BigAutoField"
