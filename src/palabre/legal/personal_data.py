"""What the legal pages keep about a person, for their archive: the versions of the terms of
use they accepted."""

from django.utils.translation import gettext_lazy as _

from palabre.legal.models import TermsAcceptance
from palabre.privacy.registry import Section, register_section


def acceptance_rows(user, organization):
    acceptances = (
        TermsAcceptance.objects.filter(user=user, version__organization=organization)
        .select_related("version")
        .order_by("accepted_at", "pk")
    )
    for acceptance in acceptances:
        yield {"version": acceptance.version.number, "accepted_at": acceptance.accepted_at}


register_section(
    Section(
        name="terms_of_use",
        label=_("The terms of use you accepted"),
        columns=(
            ("version", _("The number of the version")),
            ("accepted_at", _("When you accepted it")),
        ),
        rows=acceptance_rows,
    )
)
