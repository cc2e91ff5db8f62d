"""What the proposals component keeps about a person, for their archive."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.components.proposals.models import Endorsement, Proposal, Support
from palabre.core.mail import organization_url
from palabre.core.translations import translated
from palabre.privacy.registry import Section, register_section


def proposal_rows(user, organization):
    proposals = (
        Proposal.objects.filter(Q(author=user) | Q(authors__user=user))
        .filter(component__space__organization=organization)
        .distinct()
        .order_by("created_at", "pk")
    )
    for proposal in proposals.iterator(chunk_size=500):
        yield {
            "reference": proposal.reference,
            "title": translated(proposal.title),
            "text": translated(proposal.body),
            "state": proposal.get_state_display(),
            "anonymous": proposal.anonymous,
            "address": proposal.address,
            "created_at": proposal.created_at,
            "published_at": proposal.published_at,
            "withdrawn_at": proposal.withdrawn_at,
            "link": organization_url(organization, proposal.get_absolute_url()),
        }


def _given(model, user, organization):
    rows = (
        model.objects.filter(user=user, proposal__component__space__organization=organization)
        .select_related("proposal__component__space")
        .order_by("created_at", "pk")
    )
    for row in rows.iterator(chunk_size=500):
        yield {
            "proposal": translated(row.proposal.title),
            "given_at": row.created_at,
            "link": organization_url(organization, row.proposal.get_absolute_url()),
        }


GIVEN_COLUMNS = (
    ("proposal", _("The title of the proposal")),
    ("given_at", _("When you gave it")),
    ("link", _("The address of the proposal")),
)

register_section(
    Section(
        name="proposals",
        label=_("The proposals you wrote or co-wrote"),
        columns=(
            ("reference", _("The public reference of the proposal")),
            ("title", _("Its title")),
            ("text", _("Its text")),
            ("state", _("Draft, published or withdrawn")),
            ("anonymous", _("Whether you published it as an anonymous participant")),
            ("address", _("The address you gave")),
            ("created_at", _("When you started it")),
            ("published_at", _("When it was published")),
            ("withdrawn_at", _("When it was withdrawn")),
            ("link", _("Its address on the site")),
        ),
        rows=proposal_rows,
    )
)
register_section(
    Section(
        name="supports",
        label=_("The proposals you supported"),
        columns=GIVEN_COLUMNS,
        rows=lambda user, organization: _given(Support, user, organization),
    )
)
register_section(
    Section(
        name="endorsements",
        label=_("The proposals you endorsed"),
        columns=GIVEN_COLUMNS,
        rows=lambda user, organization: _given(Endorsement, user, organization),
    )
)
