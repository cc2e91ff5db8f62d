from django.apps import AppConfig
from django.contrib.admin.apps import SimpleAdminConfig


class AccountsConfig(AppConfig):
    name = "palabre.accounts"
    label = "accounts"
    default = True

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added
        from django.contrib.auth.signals import user_logged_in

        from palabre.accounts import staff

        user_logged_in.connect(staff.on_signed_in, dispatch_uid="palabre_session_signed_in")
        authenticator_added.connect(
            staff.on_authenticator_added, dispatch_uid="palabre_authenticator_added"
        )


class SystemAdminConfig(SimpleAdminConfig):
    """Django's admin for the operators' area at /system/, without autodiscovery (see
    settings), on a site that signs in through the platform (`palabre.accounts.system`)."""

    default = False
    default_site = "palabre.accounts.system.SystemAdminSite"
