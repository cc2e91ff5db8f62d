"""Demo content of a sortitions component: a finished draw of proposals and a citizen panel
of 30 drawn from 300 volunteers.

Seeds are written by the platform itself for a demonstration, not by a person: there is no
actor to check or to record, so they write the models directly.

The panel's distribution is not computed while the demo is built (maximin on 300 volunteers
takes a minute or more on a small machine): `fixtures/demo_panel.json` holds the one computed
once by `selection.compute_distribution` (maximin, and 1,000 runs of the greedy method) on
the pool `generated_people(300, seed=21, features=DEMO_FEATURES)` with the quotas
`generated_quotas(…, 30)`, panels given by the volunteers' places in that pool. The tests
check that every one of its panels meets every quota.
"""

import json
import math
import random
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from palabre.components.sortitions import lottery, selection
from palabre.components.sortitions.models import Panel, ProposalDraw, Quota, Volunteer
from palabre.components.sortitions.pools import DEMO_FEATURES, generated_people, generated_quotas
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


DEMO_PANEL = Path(__file__).parent / "fixtures" / "demo_panel.json"
FIRST_NAMES = [
    "Camille", "Léa", "Hugo", "Inès", "Karim", "Manon", "Louis", "Aïcha", "Théo", "Chloé",
    "Mamadou", "Jeanne", "Lucas", "Fatou", "Nathan", "Zoé", "Yanis", "Emma", "Paul", "Sarah",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Nguyen", "Diallo", "Roux",
]  # fmt: skip


def seed_panel(component: Component) -> Panel:
    """A citizen panel of 30 drawn from 300 volunteers, its distribution published, the
    final panel drawn with the numbers drawn at a public meeting, and one replacement."""
    from palabre.components.sortitions.services import panel_members, replacement_candidates

    fixture = json.loads(DEMO_PANEL.read_text(encoding="utf-8"))
    size = fixture["size"]
    people = generated_people(fixture["pool"]["count"], seed=fixture["pool"]["seed"],
                              features=DEMO_FEATURES)  # fmt: skip
    quotas = generated_quotas(people, size, features=DEMO_FEATURES)
    rng = random.Random(component.pk)
    numbers = rng.sample(range(100_000, 1_000_000), len(people))
    now = timezone.now().replace(microsecond=0)
    panel = Panel.objects.create(
        component=component,
        title={"fr": "Jury citoyen du climat", "en": "Citizens' climate jury"},
        description={
            "fr": "<p>Trente habitantes et habitants, tirés au sort parmi les 300 volontaires "
            "qui ont répondu à l’invitation, se réuniront pendant quatre week-ends pour "
            "proposer les mesures du plan climat de la ville.</p>",
            "en": "<p>Thirty residents, drawn by lot among the 300 volunteers who answered the "
            "invitation, will meet over four weekends to propose the measures of the city’s "
            "climate plan.</p>",
        },
        size=size,
        method=Panel.Method.MAXIMIN,
    )
    Quota.objects.bulk_create(
        Quota(panel=panel, feature=q.feature, value=q.value, minimum=q.minimum,
              maximum=q.maximum, position=index)
        for index, q in enumerate(quotas)
    )  # fmt: skip
    Volunteer.objects.bulk_create(
        Volunteer(
            panel=panel,
            number=number,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            contact=f"volontaire{index + 1}@palabre.test",
            features=values,
        )
        for index, (number, values) in enumerate(zip(numbers, people.values(), strict=True))
    )
    by_number = dict(zip(numbers, people.values(), strict=True))
    fair = selection._finish(
        "maximin",
        [[numbers[index] for index in members] for members in fixture["panels"]],
        fixture["weights"],
        by_number,
    )
    distribution = sorted(
        (sorted(members), weight) for members, weight in zip(fair.panels, fair.weights, strict=True)
    )
    greedy = dict(zip(numbers, fixture["greedy"]["probabilities"], strict=True))
    panel.probabilities = {str(n): p for n, p in fair.probabilities.items()}
    panel.minimum = fair.minimum
    panel.panels = [members for members, _weight in distribution]
    panel.weights = [weight for _members, weight in distribution]
    panel.tickets = lottery.tickets_from_weights(panel.weights)
    panel.greedy_probabilities = {str(n): p for n, p in greedy.items()}
    panel.greedy_minimum = min(greedy.values())
    panel.greedy_runs = fixture["greedy"]["runs"]
    panel.computed_at = now - timedelta(days=6)
    panel.published_at = now - timedelta(days=5)
    panel.value_source = {
        "fr": "Cinq numéros tirés d’une urne lors de la réunion publique du conseil municipal",
        "en": "Five numbers drawn from an urn at the public meeting of the city council",
    }
    panel.public_value = "12 27 31 40 44"
    panel.requested_at = now - timedelta(days=3)
    inputs = panel.inputs()
    panel.seed = lottery.seed_of(inputs).hex()
    panel.selected = lottery.replay(inputs)
    panel.drawn_at = panel.requested_at
    panel.status = Panel.Status.DRAWN
    panel.save()
    members = panel_members(panel)
    declined = members[0]
    candidates = replacement_candidates(panel, members, declined)
    if candidates:
        from palabre.components.sortitions.models import Replacement

        replacement = Replacement(
            panel=panel, declined=declined, replacement=0, members=sorted(members),
            candidates=candidates, public_value="3", requested_at=now - timedelta(days=1),
        )  # fmt: skip
        replacement.seed = lottery.seed_of(replacement.inputs()).hex()
        replacement.replacement = lottery.replay(replacement.inputs())[0]
        replacement.save()
    return panel


def seed_call(component: Component) -> Panel:
    """A panel calling for volunteers on the site: its quotas set, 40 people already in
    the pool (imported from the neighbourhood associations' lists), open to newcomers."""
    people = generated_people(40, seed=component.pk, features=DEMO_FEATURES)
    # Around each category's share of the population, not of the pool: it is still growing.
    quotas = [
        selection.Quota(feature, value, max(0, math.floor(12 * share) - 1),
                        math.ceil(12 * share) + 1)
        for feature, values in DEMO_FEATURES.items()
        for value, _volunteers, share in values
    ]  # fmt: skip
    rng = random.Random(component.pk + 1)
    panel = Panel.objects.create(
        component=component,
        title={"fr": "Panel citoyen des mobilités", "en": "Citizens' panel on mobility"},
        description={
            "fr": "<p>Douze habitantes et habitants, tirés au sort parmi les volontaires, "
            "donneront leur avis sur le futur plan de circulation. Portez-vous volontaire "
            "avant la fin du mois : il suffit de répondre à quelques questions.</p>",
            "en": "<p>Twelve residents, drawn by lot among the volunteers, will give their "
            "opinion on the future traffic plan. Volunteer before the end of the month: a "
            "few questions are all it takes.</p>",
        },
        size=12,
        method=Panel.Method.MAXIMIN,
        call_open=True,
    )
    Quota.objects.bulk_create(
        Quota(panel=panel, feature=q.feature, value=q.value, minimum=q.minimum,
              maximum=q.maximum, position=index)
        for index, q in enumerate(quotas)
    )  # fmt: skip
    numbers = rng.sample(range(100_000, 1_000_000), len(people))
    Volunteer.objects.bulk_create(
        Volunteer(
            panel=panel,
            number=number,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            contact=f"mobilite{index + 1}@palabre.test",
            features=values,
        )
        for index, (number, values) in enumerate(zip(numbers, people.values(), strict=True))
    )
    return panel


def seed_sortitions(component: Component, users: list) -> None:
    with transaction.atomic():
        seed_proposal_draw(component)
        seed_panel(component)
        seed_call(component)
