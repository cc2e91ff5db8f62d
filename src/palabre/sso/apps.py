from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SSOConfig(AppConfig):
    name = "palabre.sso"
    label = "sso"
    verbose_name = _("Single sign-on")

    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from allauth.socialaccount.signals import social_account_added, social_account_updated

        from palabre.core.registry import account_deletions
        from palabre.sso import services

        # Signing in through a provider may grant a verification, and remembers what the
        # sign-out needs to end the session at the provider too.
        user_logged_in.connect(services.on_signed_in, dispatch_uid="palabre_sso_signed_in")
        # A deleted account is anonymized, not removed: its links to providers go, or
        # signing in through one would open it again.
        account_deletions.append(services.sso_accounts_delete_for_user)
        for signal in (social_account_added, social_account_updated):
            signal.connect(services.on_account_connected, dispatch_uid=f"palabre_sso_{id(signal)}")
