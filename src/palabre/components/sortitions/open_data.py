"""What the open data archive publishes of sortitions (`palabre.opendata`): the draws of
proposals, and the citizen panels once published, their volunteers under their
pseudonymous numbers only (never a name, a contact or a feature)."""

from django.utils.translation import gettext_lazy as _

from palabre.opendata.registry import OpenDataFile, register_file
from palabre.opendata.selectors import chunked, public_components, text, url


def _numbers(values) -> str:
    return " ".join(str(value) for value in values or [])


def public_draws(organization):
    from palabre.components.sortitions.models import ProposalDraw

    return ProposalDraw.objects.filter(
        component__in=public_components(organization, "sortitions"), drawn_at__isnull=False
    )


def public_panels(organization):
    from palabre.components.sortitions.models import Panel

    return Panel.objects.filter(
        component__in=public_components(organization, "sortitions"), published_at__isnull=False
    )


def draw_rows(organization):
    draws = public_draws(organization).select_related("component__space").order_by("pk")
    for draw in chunked(draws):
        yield {
            "id": draw.pk,
            "space_id": draw.component.space_id,
            "title": text(draw.title, organization),
            "count": draw.count,
            "candidates": _numbers(draw.candidates),
            "public_value": draw.public_value,
            "seed": draw.seed,
            "selected": _numbers(draw.selected),
            "drawn_at": draw.drawn_at,
            "cancelled_at": draw.cancelled_at,
            "cancel_reason": text(draw.cancel_reason, organization),
            "url": url(organization, draw),
        }


def panel_rows(organization):
    panels = (
        public_panels(organization)
        .select_related("component__space")
        .prefetch_related("quotas")
        .order_by("pk")
    )
    for panel in chunked(panels):
        quotas = "; ".join(
            f"{quota.feature}={quota.value} [{quota.minimum}-{quota.maximum}]"
            for quota in panel.quotas.all()
        )
        drawn = panel.drawn_at is not None
        yield {
            "id": panel.pk,
            "space_id": panel.component.space_id,
            "title": text(panel.title, organization),
            "size": panel.size,
            "method": panel.method,
            "quotas": quotas,
            "minimum_chance": panel.minimum,
            "public_value": panel.public_value,
            "published_at": panel.published_at,
            "drawn_at": panel.drawn_at,
            "selected_numbers": _numbers(panel.selected) if drawn else "",
            "url": url(organization, panel),
        }


register_file(
    OpenDataFile(
        name="draws",
        label=_("Draws of proposals"),
        description=_("The draws by lot among proposals, with their inputs and result."),
        columns=(
            ("id", _("The draw's number")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("title", _("Its title")),
            ("count", _("How many proposals it draws")),
            ("candidates", _("The numbers of the candidate proposals, in order (proposals.csv)")),
            ("public_value", _("The public value fixed in advance")),
            ("seed", _("The seed computed from the inputs")),
            ("selected", _("The numbers of the proposals drawn")),
            ("drawn_at", _("When it was drawn")),
            ("cancelled_at", _("When it was cancelled, if it was")),
            ("cancel_reason", _("Why it was cancelled")),
            ("url", _("Its address on the site")),
        ),
        rows=draw_rows,
        resources=public_draws,
        position=80,
    )
)
register_file(
    OpenDataFile(
        name="panels",
        label=_("Citizen panels"),
        description=_(
            "The published citizen panels; volunteers appear only under their pseudonymous numbers."
        ),
        columns=(
            ("id", _("The panel's number")),
            ("space_id", _("The number of its space (spaces.csv)")),
            ("title", _("Its title")),
            ("size", _("How many people it seats")),
            ("method", _("The method of the distribution: maximin or nash")),
            ("quotas", _("Its quotas: feature=value [minimum-maximum], separated by semicolons")),
            ("minimum_chance", _("The smallest chance of a volunteer to be drawn")),
            ("public_value", _("The public value fixed in advance")),
            ("published_at", _("When its distribution was published")),
            ("drawn_at", _("When it was drawn, if it was")),
            ("selected_numbers", _("The pseudonymous numbers of the volunteers drawn")),
            ("url", _("Its address on the site")),
        ),
        rows=panel_rows,
        resources=public_panels,
        position=81,
    )
)
