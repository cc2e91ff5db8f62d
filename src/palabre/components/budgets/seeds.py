"""Demo content of a budgets component: a municipal participatory budget in two districts.

Seeds are written by the platform itself for a demonstration, not by a person: there is no
actor to check or to record, so they write the models directly, from texts known clean, and
keep vote counters equal to the demo votes they create.
"""

# Demo texts use real typographic apostrophes, as published French and English texts do.

from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from palabre.components.budgets.models import Budget, Order, OrderLine, Project

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
    """Two district budgets with costed projects and, from `users`, a few cast votes."""
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
                    category=category,
                    address=address,
                    latitude=latitude,
                    longitude=longitude,
                    position=index,
                )
            )
        Project.objects.bulk_create(projects)
        budgets.append((budget, list(budget.projects.order_by("position"))))
    # Each demo voter fills a basket in the first budget that follows the default rule:
    # within the envelope, reaching 70 % of it.
    budget, projects = budgets[0]
    by_votes = sorted(projects, key=lambda p: p.cost)
    now = timezone.now()
    for number, user in enumerate(users):
        chosen, total = [], Decimal(0)
        for project in by_votes[number % 3 :] + by_votes[: number % 3]:
            if total + project.cost <= budget.envelope:
                chosen.append(project)
                total += project.cost
        if total * 100 < budget.envelope * 70:
            continue
        order, created = Order.objects.get_or_create(
            budget=budget, user=user, defaults={"checked_out_at": now}
        )
        if not created:
            continue
        OrderLine.objects.bulk_create([OrderLine(order=order, project=p) for p in chosen])
        Project.objects.filter(pk__in=[p.pk for p in chosen]).update(
            votes_count=F("votes_count") + 1
        )
