"""Demo content of a budgets component: a municipal participatory budget in two districts.

Seeds are written by the platform itself for a demonstration, not by a person: there is no
actor to check or to record, so they write the models directly, from texts known clean, and
keep vote counters equal to the demo votes they create.
"""

# Demo texts use real typographic apostrophes, as published French and English texts do.

import random
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from palabre.components.budgets.models import Budget, BudgetResult, Order, OrderLine, Project
from palabre.core.settings_schema import current_settings

# The projects' categories, in both languages of the demo.
CATEGORIES = {
    "Adaptation au climat": {"fr": "Adaptation au climat", "en": "Climate adaptation"},
    "Cadre de vie": {"fr": "Cadre de vie", "en": "Living environment"},
    "Culture": {"fr": "Culture", "en": "Culture"},
    "Mobilités": {"fr": "Mobilités", "en": "Getting around"},
    "Nature en ville": {"fr": "Nature en ville", "en": "Nature in the city"},
    "Sport": {"fr": "Sport", "en": "Sport"},
}

# Around the centre of Angers.
CENTRE = (Decimal("47.4736"), Decimal("-0.5541"))

DISTRICTS = [
    {
        "title": {"fr": "Centre-ville et La Doutre", "en": "City centre and La Doutre"},
        "scope": {"fr": "Centre-ville", "en": "City centre"},
        "envelope": Decimal("300000"),
        "projects": [
            (
                "Végétaliser la place du Ralliement",
                "Greening the Place du Ralliement",
                "Nature en ville",
                85000,
                "Place du Ralliement",
                (0.0008, 0.0011),
            ),
            (
                "Des arceaux vélos devant les écoles",
                "Bike racks outside schools",
                "Mobilités",
                18000,
                "Rue Saint-Aubin",
                (-0.0021, 0.0030),
            ),
            (
                "Une boîte à livres dans chaque square",
                "A book box in every square",
                "Culture",
                6500,
                "",
                None,
            ),
            (
                "Fontaines d’eau potable sur les quais",
                "Drinking fountains on the quays",
                "Adaptation au climat",
                42000,
                "Quai Ligny",
                (0.0012, -0.0062),
            ),
            (
                "Éclairage solaire du jardin du Mail",
                "Solar lighting in the Jardin du Mail",
                "Cadre de vie",
                56000,
                "Jardin du Mail",
                (-0.0035, 0.0048),
            ),
            (
                "Un terrain de pétanque ombragé",
                "A shaded pétanque court",
                "Sport",
                24000,
                "Place La Rochefoucauld",
                (0.0041, -0.0049),
            ),
            (
                "Toilettes publiques accessibles",
                "Accessible public toilets",
                "Cadre de vie",
                98000,
                "Place Imbach",
                (0.0030, 0.0005),
            ),
            (
                "Fresque participative rue Beaurepaire",
                "Community mural on Rue Beaurepaire",
                "Culture",
                15000,
                "Rue Beaurepaire",
                (0.0049, -0.0040),
            ),
            (
                "Composteurs partagés en pied d’immeuble",
                "Shared compost bins at building doors",
                "Nature en ville",
                12000,
                "",
                None,
            ),
            (
                "Rues aux écoles piétonnes",
                "Car-free streets at school gates",
                "Mobilités",
                130000,
                "Rue des Arènes",
                (-0.0012, 0.0022),
            ),
        ],
    },
    {
        "title": {"fr": "Quartiers Nord", "en": "Northern districts"},
        "scope": {
            "fr": "Monplaisir, Deux-Croix, Banchais",
            "en": "Monplaisir, Deux-Croix, Banchais",
        },
        "envelope": Decimal("250000"),
        "projects": [
            (
                "Un city-stade rénové à Monplaisir",
                "A renovated multisport court in Monplaisir",
                "Sport",
                110000,
                "Boulevard Allonneau",
                (0.0180, 0.0090),
            ),
            (
                "Verger partagé des Deux-Croix",
                "Deux-Croix community orchard",
                "Nature en ville",
                28000,
                "Rue des Deux-Croix",
                (0.0150, 0.0160),
            ),
            (
                "Bancs et ombrières au marché",
                "Benches and shade at the market",
                "Cadre de vie",
                36000,
                "Place de l’Europe",
                (0.0165, 0.0110),
            ),
            (
                "Piste cyclable vers le tramway",
                "A cycle lane to the tram",
                "Mobilités",
                140000,
                "Avenue Pierre Mendès-France",
                (0.0200, 0.0130),
            ),
            (
                "Aire de jeux inclusive",
                "An inclusive playground",
                "Cadre de vie",
                75000,
                "Parc de la Bouvinerie",
                (0.0190, 0.0070),
            ),
            (
                "Ateliers de réparation de vélos",
                "Bike repair workshops",
                "Mobilités",
                9000,
                "",
                None,
            ),
            (
                "Îlot de fraîcheur dans la cour du centre social",
                "A cool island at the social centre",
                "Adaptation au climat",
                52000,
                "Rue de Normandie",
                (0.0170, 0.0140),
            ),
            ("Cinéma en plein air l’été", "Open-air cinema in summer", "Culture", 14000, "", None),
            (
                "Hôtels à insectes et prairie fleurie",
                "Insect hotels and a flower meadow",
                "Nature en ville",
                11000,
                "Parc Saint-Nicolas",
                (0.0120, -0.0080),
            ),
        ],
    },
]


def _description(title_fr: str, title_en: str, cost: int) -> dict:
    return {
        "fr": f"<p>{title_fr} : un projet proposé par des habitantes et habitants, étudié et "
        f"chiffré par les services de la ville à {cost:,} €.</p>".replace(",", " "),
        "en": f"<p>{title_en}: a project proposed by residents, studied and costed by the "
        f"city’s services at €{cost:,}.</p>",
    }


@transaction.atomic
def seed_budgets(component, users: list) -> None:
    """Two district budgets with costed projects, and votes as the step in force has them:
    none before voting opens; while it is open, paper ballots, the first of `users` voted and
    the second with a basket not cast yet; once it is finished, every ballot counted and the
    result published."""
    budgets = []
    for position, district in enumerate(DISTRICTS):
        budget = Budget.objects.create(
            component=component,
            title=district["title"],
            scope=district["scope"],
            envelope=district["envelope"],
            position=position,
            description={
                "fr": "<p>Choisissez les projets que vous voulez voir réalisés dans votre "
                "quartier, dans la limite de l’enveloppe.</p>",
                "en": "<p>Choose the projects you want to see built in your district, within "
                "the envelope.</p>",
            },
        )
        projects = []
        for index, (fr, en, category, cost, address, offset) in enumerate(district["projects"]):
            latitude = longitude = None
            if offset:
                latitude = (CENTRE[0] + Decimal(str(offset[0]))).quantize(Decimal("0.000001"))
                longitude = (CENTRE[1] + Decimal(str(offset[1]))).quantize(Decimal("0.000001"))
            projects.append(
                Project(
                    budget=budget,
                    title={"fr": fr, "en": en},
                    description=_description(fr, en, cost),
                    cost=Decimal(cost),
                    category=CATEGORIES[category],
                    address=address,
                    latitude=latitude,
                    longitude=longitude,
                    position=index,
                )
            )
        Project.objects.bulk_create(projects)
        budgets.append((budget, list(budget.projects.order_by("position"))))
    voting = current_settings(component).voting
    if voting == "disabled":
        return  # nobody has voted before voting opens
    rng = random.Random(component.pk)
    now = timezone.now()
    for budget, projects in budgets:
        for number in range(PAPER_BALLOTS[voting]):
            chosen = _ballot(budget, projects, rng)
            if chosen:
                _cast(
                    budget,
                    chosen,
                    at=now,
                    voter_reference=f"P-{budget.position + 1}-{number + 1:04d}",
                    source=Order.Source.PAPER,
                )
    first, projects = budgets[0]
    if voting == "open":
        # The first person has voted; the second has started a basket and not cast it
        # yet: signed in as them, a visitor finishes the vote (or gets a reminder).
        if users:
            _cast(first, _ballot(first, projects, rng), at=now, user=users[0])
        if len(users) > 1:
            order = Order.objects.create(budget=first, user=users[1])
            OrderLine.objects.bulk_create(OrderLine(order=order, project=p) for p in projects[:2])
        return
    for user in users:
        _cast(first, _ballot(first, projects, rng), at=now, user=user)
    for budget, _projects in budgets:
        _publish_result(budget)


# Paper ballots entered per budget, by state of the vote.
PAPER_BALLOTS = {"open": 12, "finished": 60}


def _ballot(budget: Budget, projects: list, rng: random.Random) -> list:
    """A basket the default rule accepts (within the envelope, at least 70 % of it)."""
    for _attempt in range(50):
        chosen, total = [], Decimal(0)
        for project in rng.sample(projects, k=len(projects)):
            if total + project.cost <= budget.envelope:
                chosen.append(project)
                total += project.cost
        if total * 100 >= budget.envelope * 70:
            return chosen
    return []


def _cast(budget: Budget, projects: list, *, at, **voter) -> None:
    if not projects:
        return
    order = Order.objects.create(budget=budget, checked_out_at=at, **voter)
    OrderLine.objects.bulk_create(OrderLine(order=order, project=p) for p in projects)
    Project.objects.filter(pk__in=[p.pk for p in projects]).update(votes_count=F("votes_count") + 1)


def _publish_result(budget: Budget) -> None:
    """Count the votes with the classic rule and publish the result, as an administrator
    would after the vote (the projects it selects are marked selected)."""
    from palabre.components.budgets.services import budget_result_compute

    result = budget_result_compute(
        result=BudgetResult.objects.create(
            budget=budget, rule=BudgetResult.Rule.GREEDY, status=BudgetResult.Status.COMPUTING
        )
    )
    BudgetResult.objects.filter(pk=result.pk).update(published_at=timezone.now())
    budget.projects.filter(pk__in=result.selected_projects).update(selected=True)
