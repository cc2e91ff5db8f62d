"""What single sign-on keeps about a person, for their archive: the providers of this site
their account is linked to (never the tokens)."""

from allauth.socialaccount.models import SocialAccount
from django.utils.translation import gettext_lazy as _

from palabre.core.translations import translated
from palabre.privacy.registry import Section, register_section
from palabre.sso.models import IdentityProvider


def linked_provider_rows(user, organization):
    providers = {
        provider.key: provider
        for provider in IdentityProvider.objects.filter(organization=organization)
    }
    accounts = SocialAccount.objects.filter(user=user, provider__in=list(providers)).order_by(
        "date_joined", "pk"
    )
    for account in accounts:
        yield {
            "provider": translated(providers[account.provider].label),
            "identifier": account.uid,
            "linked_at": account.date_joined,
            "last_sign_in": account.last_login,
        }


register_section(
    Section(
        name="sign_in_providers",
        label=_("Services you sign in with"),
        columns=(
            ("provider", _("The service, as its button names it")),
            ("identifier", _("The identifier this service gives you (its “sub”)")),
            ("linked_at", _("When your account was linked to it")),
            ("last_sign_in", _("When you last signed in through it")),
        ),
        rows=linked_provider_rows,
    )
)
