from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "palabre.legal"
    label = "legal"
    verbose_name = _("Legal and information pages")

    def ready(self) -> None:
        from palabre.core import permissions, structure
        from palabre.core.registry import organization_setups
        from palabre.legal.models import LegalPages, TermsVersion
        from palabre.legal.selectors import terms_refusal
        from palabre.legal.services import legal_pages_setup

        # The footer and every contribution read which terms and statement are current.
        structure.watch(LegalPages, TermsVersion)
        # A new organization starts from the templates; a contribution needs the current
        # terms of use accepted.
        organization_setups.append(legal_pages_setup)
        permissions.participation_checks.append(terms_refusal)
