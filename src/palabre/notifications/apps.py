from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "palabre.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The events other apps send are registered when this module is imported.
        from palabre.notifications import events  # noqa: F401
