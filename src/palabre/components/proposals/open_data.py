"""What the open data archive publishes of proposals (`palabre.opendata`)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from palabre.core.settings_schema import current_settings
from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, public_name, text, url


def public_proposals(organization):
    """Published proposals (drafts and withdrawn ones left out) of public components, not
    hidden by moderation."""
    from palabre.components.proposals.models import Proposal
    from palabre.moderation.selectors import exclude_hidden

    return exclude_hidden(
        Proposal.objects.filter(
            component__in=public_components(organization, "proposals"),
            state=Proposal.State.PUBLISHED,
            withdrawn_at__isnull=True,
        )
    )


def proposal_rows(organization):
    from palabre.components.proposals.models import ProposalAuthor

    authors = ProposalAuthor.objects.filter(accepted_at__isnull=False).select_related("user")
    proposals = (
        public_proposals(organization)
        .select_related("component__space", "category", "scope", "custom_state")
        .prefetch_related(Prefetch("authors", queryset=authors.order_by("pk"), to_attr="public"))
        .order_by("pk")
    )
    supports_hidden: dict[int, bool] = {}  # per component, read once
    for proposal in chunked(proposals):
        component = proposal.component
        if component.pk not in supports_hidden:
            supports_hidden[component.pk] = current_settings(component).supports == "hidden"
        answered = proposal.answer_published_at is not None
        # An anonymous proposal shows no author, an official one the organization only.
        if proposal.anonymous:
            names = ""
        elif proposal.is_official:
            names = organization.name
        else:
            names = ", ".join(public_name(author.user) for author in proposal.public)
        yield {
            "id": proposal.pk,
            "reference": proposal.reference,
            "space_id": component.space_id,
            "component_id": component.pk,
            "title": text(proposal.title, organization),
            "body": text(proposal.body, organization, rich=True),
            "authors": names,
            "source": proposal.source,
            "category": text(proposal.category.name, organization) if proposal.category else "",
            "scope": text(proposal.scope.name, organization) if proposal.scope else "",
            "address": proposal.address,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
            "answer_state": proposal.public_answer_state,
            "answer_label": proposal.public_answer_label if answered else "",
            "answer": text(proposal.answer, organization, rich=True) if answered else "",
            "answered_at": proposal.answer_published_at,
            "cost": proposal.cost if answered else None,
            "supports_count": "" if supports_hidden[component.pk] else proposal.supports_count,
            "comments_count": proposal.comments_count,
            "endorsements_count": proposal.endorsements_count,
            "published_at": proposal.published_at,
            "url": url(organization, proposal),
        }


register_file(
    OpenDataFile(
        name="proposals",
        label=_("Proposals"),
        description=_(
            "The published proposals, with their answers once published and their counts of "
            "supports, comments and endorsements."
        ),
        columns=(
            ("id", _("The proposal's number")),
            ("reference", _("Its reference, as shown on the site")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("component_id", _("The number of the list of proposals it belongs to")),
            ("title", _("Its title")),
            ("body", _("Its text, as plain text")),
            (
                "authors",
                _(
                    "The public names of its authors; empty for an anonymous proposal, the "
                    "organization's name for an official one"
                ),
            ),
            ("source", _("Who made it: participant, organization, meeting or offline")),
            ("category", _("Its category, if it has one")),
            ("scope", _("Its district or scope, if it has one")),
            ("address", _("The address it is about, if given")),
            ("latitude", _("The latitude of that address")),
            ("longitude", _("The longitude of that address")),
            (
                "answer_state",
                _("The published answer: not_answered, evaluating, accepted, rejected or custom"),
            ),
            ("answer_label", _("The published answer, in words")),
            ("answer", _("The text of the published answer, as plain text")),
            ("answered_at", _("When the answer was published")),
            ("cost", _("Its cost, when the published answer gives one")),
            ("supports_count", _("Its number of supports; empty where counts are hidden")),
            ("comments_count", _("Its number of comments")),
            ("endorsements_count", _("Its number of endorsements")),
            ("published_at", _("When it was published")),
            ("url", _("Its address on the site")),
        ),
        rows=proposal_rows,
        resources=public_proposals,
        position=10,
    )
)
