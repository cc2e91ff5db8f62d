"""What citizen panels keep about a person, for their archive: the pools they volunteered
for on the site (people imported from a file are not linked to an account)."""

from django.utils.translation import gettext_lazy as _

from palabre.components.sortitions.models import Volunteer
from palabre.core.mail import organization_url
from palabre.core.translations import translated
from palabre.privacy.registry import Section, register_section


def volunteer_rows(user, organization):
    volunteers = (
        Volunteer.objects.filter(user=user, panel__component__space__organization=organization)
        .select_related("panel__component__space")
        .order_by("created_at", "pk")
    )
    for volunteer in volunteers:
        panel = volunteer.panel
        yield {
            "panel": translated(panel.title),
            "number": volunteer.number,
            "name": volunteer.name,
            "contact": volunteer.contact,
            "answers": "; ".join(f"{k}: {v}" for k, v in volunteer.features.items()),
            "selected": panel.is_drawn and volunteer.number in panel.selected,
            "volunteered_at": volunteer.created_at,
            "link": organization_url(organization, panel.get_absolute_url()),
        }


register_section(
    Section(
        name="citizen_panels",
        label=_("The citizen panels you volunteered for"),
        columns=(
            ("panel", _("The panel")),
            ("number", _("Your pseudonymous number")),
            ("name", _("The name you gave")),
            ("contact", _("The address you gave")),
            ("answers", _("Your answers to the panel's questions")),
            ("selected", _("Whether you were drawn (before any replacement)")),
            ("volunteered_at", _("When you volunteered")),
            ("link", _("The panel's address on the site")),
        ),
        rows=volunteer_rows,
    )
)
