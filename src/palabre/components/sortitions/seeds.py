"""Demo content of a sortitions component: a finished draw of proposals.

Seeds are written by the platform itself for a demonstration, not by a person: there is no
actor to check or to record, so they write the models directly.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from palabre.components.sortitions import lottery
from palabre.components.sortitions.models import ProposalDraw
from palabre.components.sortitions.selectors import draw_candidate_ids
from palabre.core.models import Component


def seed_proposal_draw(component: Component) -> ProposalDraw | None:
    """A draw of three proposals, made with a die thrown at a public meeting, among the
    proposals of the first proposals component of the space (none if it has none)."""
    source = Component.objects.filter(space=component.space, manifest_name="proposals").first()
    if source is None:
        return None
    now = timezone.now()
    requested_at = now.replace(microsecond=0) + timedelta(seconds=1)
    candidates = draw_candidate_ids(proposals_component=source, before=now)
    if not candidates:
        return None
    draw = ProposalDraw(
        component=component,
        title={
            "fr": "Tirage au sort de trois propositions à étudier en atelier",
            "en": "Three proposals drawn by lot for a workshop",
        },
        description={
            "fr": "<p>Trois propositions sont tirées au sort pour être approfondies lors de "
            "l’atelier citoyen du mois prochain.</p>",
            "en": "<p>Three proposals are drawn by lot to be worked on at next month’s citizen "
            "workshop.</p>",
        },
        proposals_component=source,
        count=min(3, len(candidates)),
        value_source={
            "fr": "Le dé lancé en public lors de la réunion du conseil de quartier",
            "en": "The die thrown in public at the neighbourhood council meeting",
        },
        public_value="4",
        requested_at=requested_at,
        candidates=candidates,
    )
    inputs = draw.inputs()
    draw.seed = lottery.seed_of(inputs).hex()
    draw.selected = lottery.replay(inputs)
    draw.drawn_at = requested_at
    draw.save()
    return draw


def seed_sortitions(component: Component, users: list) -> None:
    with transaction.atomic():
        seed_proposal_draw(component)
