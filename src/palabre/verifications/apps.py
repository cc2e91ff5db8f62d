import pkgutil
from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationsConfig(AppConfig):
    name = "palabre.verifications"
    label = "verifications"
    verbose_name = _("Verifications")

    def ready(self) -> None:
        from palabre.core.registry import account_deletions
        from palabre.verifications import checks  # noqa: F401  (registers the key check)
        from palabre.verifications import methods as methods_package
        from palabre.verifications.services import verifications_delete_for_user

        # Every module of `verifications/methods/` registers its method on import.
        for module in pkgutil.iter_modules(methods_package.__path__):
            if not module.name.startswith("_"):
                import_module(f"{methods_package.__name__}.{module.name}")
        # A deleted account keeps no verification.
        account_deletions.append(verifications_delete_for_user)
        # `can()` asks for the verifications administrators require per action.
        from palabre.verifications import permissions as action_permissions

        action_permissions.connect()
