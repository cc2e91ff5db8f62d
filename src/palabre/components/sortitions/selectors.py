"""Reads of the sortitions component. The component itself was checked visible by the caller."""

from itertools import pairwise

from django.http import Http404

from palabre.components.sortitions.models import ProposalDraw
from palabre.core.models import Component


def draw_candidate_ids(
    *, proposals_component: Component, category=None, scope=None, before
) -> list[int]:
    """The ids, ascending, of the proposals a draw requested at `before` draws among:
    published (and not withdrawn) by then, not hidden by moderation, not rejected by a
    published answer, in the category and the scope if given.

    Only what visitors can see decides: an answer prepared but not published yet does not
    take a proposal out, so that anyone can check the list against the public pages.
    """
    from palabre.components.proposals.models import Proposal
    from palabre.moderation.selectors import exclude_hidden

    proposals = Proposal.objects.filter(
        component=proposals_component,
        state=Proposal.State.PUBLISHED,
        withdrawn_at__isnull=True,
        published_at__isnull=False,
        published_at__lte=before,
        created_at__lte=before,
    ).exclude(answer_state=Proposal.AnswerState.REJECTED, answer_published_at__isnull=False)
    if category is not None:
        proposals = proposals.filter(category=category)
    if scope is not None:
        proposals = proposals.filter(scope=scope)
    return list(exclude_hidden(proposals).order_by("pk").values_list("pk", flat=True))


def proposals_components(*, space) -> list[Component]:
    """The proposals components of a space, which draws may take their candidates from,
    each with its `categories` and `scopes` (three queries)."""
    from palabre.components.proposals.models import Category, Scope

    found = list(Component.objects.filter(space=space, manifest_name="proposals"))
    for component in found:
        component.space = space
        component.categories, component.scopes = [], []
    by_id = {component.pk: component for component in found}
    for category in Category.objects.filter(component__in=found):
        by_id[category.component_id].categories.append(category)
    for scope in Scope.objects.filter(component__in=found):
        by_id[scope.component_id].scopes.append(scope)
    return found


def draw_list(*, component: Component) -> list[ProposalDraw]:
    """Every draw of the component, the latest first, cancelled ones included."""
    draws = list(ProposalDraw.objects.filter(component=component))
    for draw in draws:
        draw.component = component
    return draws


def draw_get(*, component: Component, draw_id: int) -> ProposalDraw:
    """A draw of this component; any other is a 404, like a missing one."""
    draw = (
        ProposalDraw.objects.filter(component=component, pk=draw_id)
        .select_related("proposals_component", "category", "scope")
        .first()
    )
    if draw is None:
        raise Http404
    draw.component = component
    return draw


def draw_selected_proposals(*, draw: ProposalDraw) -> list[tuple[int, object]]:
    """(id, proposal) for each selected id in the order they were drawn, in one query; the
    proposal is None where it was deleted or hidden by moderation since (its id stays in the
    published result)."""
    from palabre.components.proposals.models import Proposal
    from palabre.moderation.selectors import exclude_hidden

    source = draw.proposals_component
    source.space = draw.component.space
    found = {}
    for proposal in exclude_hidden(Proposal.objects.filter(component=source, pk__in=draw.selected)):
        proposal.component = source
        found[proposal.pk] = proposal
    return [(pk, found.get(pk)) for pk in draw.selected]


def panel_list_public(*, component: Component) -> list:
    """The panels whose distribution is published or that call for volunteers, the latest
    first."""
    from django.db.models import Q

    from palabre.components.sortitions.models import Panel

    panels = list(
        Panel.objects.filter(Q(published_at__isnull=False) | Q(call_open=True), component=component)
    )
    for panel in panels:
        panel.component = component
    return panels


def panel_list(*, component: Component) -> list:
    """Every panel of the component, for its administrators, each with its pool size."""
    from django.db.models import Count

    from palabre.components.sortitions.models import Panel

    panels = list(
        Panel.objects.filter(component=component).annotate(volunteers_total=Count("volunteers"))
    )
    for panel in panels:
        panel.component = component
    return panels


def panel_get(*, component: Component, panel_id: int, user=None):
    """A panel of this component; one not published is a 404 for people who may not read
    the space's administration, like a missing one."""
    from palabre.components.sortitions.models import Panel
    from palabre.core.permissions import can

    panel = Panel.objects.filter(component=component, pk=panel_id).first()
    if panel is None:
        raise Http404
    panel.component = component
    if user is not None and not can(user, "view", panel):
        raise Http404
    return panel


def panel_replacements(*, panel) -> list:
    replacements = list(panel.replacements.all())
    for replacement in replacements:
        replacement.panel = panel
    return replacements


# Edges of the histogram's ranges, as multiples of the average chance (panel size / pool):
# finer around the average, where fair and unfair selections differ.
HISTOGRAM_FACTORS = (0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 3, 5)


def probability_histogram(probabilities: dict, greedy: dict, size: int) -> dict:
    """How many volunteers have a chance in each range, for the fair method and the greedy
    one: rows of (low, high, count, greedy count), and the largest count, to scale bars.
    Ranges are cut at multiples of the average chance (see `HISTOGRAM_FACTORS`), up to 1."""
    values = list(probabilities.values())
    greedy_values = list(greedy.values())
    average = size / len(values) if values else 1
    edges = sorted({min(1.0, factor * average) for factor in HISTOGRAM_FACTORS} | {1.0})
    rows = []
    for index, (low, high) in enumerate(pairwise(edges)):
        last = index == len(edges) - 2

        def inside(p, low=low, high=high, last=last) -> bool:
            return low <= p < high or (last and p >= high)

        rows.append(
            {
                "low": low,
                "high": high,
                "count": sum(1 for p in values if inside(p)),
                "greedy": sum(1 for p in greedy_values if inside(p)),
            }
        )
    largest = max([1] + [row["count"] for row in rows] + [row["greedy"] for row in rows])
    return {"rows": rows, "largest": largest}


def volunteer_of(panel, user):
    """The person's own registration in the panel's pool, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return panel.volunteers.filter(user=user).first()
