"""Demo content of an accountability component: what became of last year's budget.

Seeds are written by the platform itself for a demonstration, not by a person: there is no
actor to check or to record, so they write the models directly, from texts known clean,
and compute the parents' progress with the same rule as the services.
"""

# Demo texts use real typographic apostrophes, as published French and English texts do.

import datetime
from decimal import Decimal

from django.db import transaction

from palabre.components.accountability.models import Result, Status, TimelineEntry
from palabre.components.accountability.services import average_progress
from palabre.core.demo.comments import seed_discussion

STATUSES = [
    ("not_started", {"fr": "Pas commencé", "en": "Not started"}, 0),
    ("started", {"fr": "Commencé", "en": "Started"}, 10),
    ("in_progress", {"fr": "En cours", "en": "In progress"}, 50),
    ("done", {"fr": "Terminé", "en": "Done"}, 100),
]

# The results' categories, in both languages of the demo.
CATEGORIES = {
    "Adaptation au climat": {"fr": "Adaptation au climat", "en": "Climate adaptation"},
    "Mobilités": {"fr": "Mobilités", "en": "Getting around"},
    "Nature en ville": {"fr": "Nature en ville", "en": "Nature in the city"},
    "Sport": {"fr": "Sport", "en": "Sport"},
}

# (title fr, title en, category, (latitude, longitude) or None, children), each child
# (title fr, title en, status key, weight).
RESULTS = [
    (
        "Végétaliser la place du Ralliement",
        "Greening the Place du Ralliement",
        "Nature en ville",
        (Decimal("47.4719"), Decimal("-0.5527")),
        [
            ("Dépaver les abords", "Removing the paving", "done", 2),
            ("Planter vingt arbres", "Planting twenty trees", "in_progress", 2),
            ("Installer des bancs", "Installing benches", "not_started", 1),
        ],
    ),
    (
        "Des arceaux vélos devant les écoles",
        "Bike racks outside schools",
        "Mobilités",
        (Decimal("47.4750"), Decimal("-0.5510")),
        [
            ("Écoles du centre", "Schools in the centre", "done", 1),
            ("Écoles des quartiers Nord", "Schools in the northern districts", "started", 1),
        ],
    ),
    (
        "Fontaines d’eau potable sur les quais",
        "Drinking fountains on the quays",
        "Adaptation au climat",
        (Decimal("47.4748"), Decimal("-0.5603")),
        [
            ("Étude des réseaux", "Survey of the water mains", "done", 1),
            ("Pose des fontaines", "Installing the fountains", "in_progress", 3),
            ("Signalétique", "Signposting", "not_started", 1),
        ],
    ),
    (
        "Verger partagé des Deux-Croix",
        "Deux-Croix community orchard",
        "Nature en ville",
        (Decimal("47.4886"), Decimal("-0.5381")),
        [
            ("Préparer le terrain", "Preparing the ground", "done", 1),
            ("Planter les fruitiers", "Planting the fruit trees", "done", 1),
            ("Ateliers de taille", "Pruning workshops", "started", 1),
        ],
    ),
    (
        "Un city-stade rénové à Monplaisir",
        "A renovated multisport court in Monplaisir",
        "Sport",
        None,
        [
            (
                "Choisir le revêtement avec les jeunes",
                "Choosing the surface with young people",
                "done",
                1,
            ),
            ("Travaux", "Works", "not_started", 4),
        ],
    ),
]

TIMELINE = [
    (
        -120,
        {"fr": "Projet retenu par le vote", "en": "Project chosen by the vote"},
        {
            "fr": "<p>Le projet fait partie des lauréats du budget participatif.</p>",
            "en": "<p>The project is among the winners of the participatory budget.</p>",
        },
    ),
    (
        -60,
        {"fr": "Réunion de lancement avec les habitants", "en": "Kick-off meeting with residents"},
        {
            "fr": "<p>Les services et les porteurs du projet ont précisé le calendrier.</p>",
            "en": "<p>The city services and the project’s authors agreed on the schedule.</p>",
        },
    ),
    (-15, {"fr": "Début des travaux", "en": "Works begin"}, {}),
]


# A discussion under the first result between the demo people (0: Alice, who writes French;
# 1: Bob, who writes English).
DISCUSSION = [
    {
        "by": 0,
        "text": {"fr": "Les arbres plantés au printemps ont bien pris, merci !"},
        "votes": {1: 1},
        "replies": [
            {
                "by": 1,
                "text": {"en": "When will the benches come? The timeline still says not started."},
                "votes": {0: 1},
            }
        ],
    },
]


def seed_results(component, users=()) -> None:
    """Four statuses, five results with two or three sub-results each, timelines, and a
    discussion between `users` under the first result."""
    today = datetime.date.today()
    with transaction.atomic():
        statuses = {
            key: Status.objects.create(
                component=component, key=key, name=name, progress=Decimal(progress),
                position=position,
            )
            for position, (key, name, progress) in enumerate(STATUSES)
        }  # fmt: skip
        first = None
        for position, (title_fr, title_en, category, point, children) in enumerate(RESULTS):
            parent = Result.objects.create(
                component=component,
                title={"fr": title_fr, "en": title_en},
                description={
                    "fr": f"<p>{title_fr} : un projet du budget participatif, suivi pas à pas.</p>",
                    "en": f"<p>{title_en}: a participatory budget project, followed step by "
                    "step.</p>",
                },
                category=CATEGORIES[category],
                latitude=point[0] if point else None,
                longitude=point[1] if point else None,
                start_date=today - datetime.timedelta(days=120),
                end_date=today + datetime.timedelta(days=180),
                position=position,
            )
            pairs = []
            for child_position, (child_fr, child_en, key, weight) in enumerate(children):
                status = statuses[key]
                Result.objects.create(
                    component=component, parent=parent, depth=2,
                    title={"fr": child_fr, "en": child_en}, category=CATEGORIES[category],
                    status=status,
                    progress=status.progress, weight=Decimal(weight), position=child_position,
                )  # fmt: skip
                pairs.append((status.progress, Decimal(weight)))
            parent.progress = average_progress(pairs, weighted=False)
            done = parent.progress == 100
            parent.status = statuses["done" if done else "in_progress"]
            parent.save(update_fields=["progress", "status"])
            first = first or parent
            TimelineEntry.objects.bulk_create(
                TimelineEntry(
                    result=parent, date=today + datetime.timedelta(days=days), title=title,
                    text=text,
                )
                for days, title, text in TIMELINE
            )  # fmt: skip
        if first is not None:
            seed_discussion(first, list(users), DISCUSSION)
