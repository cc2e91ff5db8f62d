"""What the debates component keeps about a person, for their archive."""

from django.utils.translation import gettext_lazy as _

from palabre.components.debates.models import Debate, Endorsement
from palabre.core.mail import organization_url
from palabre.core.translations import translated
from palabre.privacy.registry import Section, register_section


def debate_rows(user, organization):
    debates = (
        Debate.objects.filter(author=user, component__space__organization=organization)
        .select_related("component__space")
        .order_by("created_at", "pk")
    )
    for debate in debates.iterator(chunk_size=500):
        yield {
            "reference": debate.reference,
            "title": translated(debate.title),
            "description": translated(debate.description),
            "created_at": debate.created_at,
            "closed_at": debate.closed_at,
            "conclusion": translated(debate.conclusion) if debate.closed_by_id == user.pk else "",
            "link": organization_url(organization, debate.get_absolute_url()),
        }


def endorsement_rows(user, organization):
    rows = (
        Endorsement.objects.filter(user=user, debate__component__space__organization=organization)
        .select_related("debate__component__space")
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=500):
        yield {
            "debate": translated(row.debate.title),
            "given_at": row.created_at,
            "link": organization_url(organization, row.debate.get_absolute_url()),
        }


register_section(
    Section(
        name="debates",
        label=_("The debates you opened"),
        columns=(
            ("reference", _("The public reference of the debate")),
            ("title", _("Its title")),
            ("description", _("Its description")),
            ("created_at", _("When you opened it")),
            ("closed_at", _("When it was closed")),
            ("conclusion", _("The conclusion you wrote when you closed it")),
            ("link", _("The address of the debate")),
        ),
        rows=debate_rows,
    )
)
register_section(
    Section(
        name="debate_endorsements",
        label=_("The debates you endorsed"),
        columns=(
            ("debate", _("The title of the debate")),
            ("given_at", _("When you endorsed it")),
            ("link", _("The address of the debate")),
        ),
        rows=endorsement_rows,
    )
)
