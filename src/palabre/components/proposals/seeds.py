"""Demo proposals: thirty ideas of a French city, placed around its centre."""

import datetime
import random
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from palabre.components.proposals.models import (
    Category,
    Proposal,
    ProposalAuthor,
    Scope,
    Support,
)
from palabre.components.proposals.services import fingerprint
from palabre.core.demo.comments import seed_discussion
from palabre.core.settings_schema import current_settings

# Around the centre of Lyon (place Bellecour).
CENTRE = (45.7578, 4.8320)

IDEAS = [
    ("Des fontaines à eau potable dans les parcs", "Drinking fountains in the parks"),
    ("Une piste cyclable continue sur les quais", "A continuous cycle lane along the quays"),
    ("Ouvrir les cours d'école le week-end", "Open school playgrounds at weekends"),
    ("Plus de bancs le long de la rue principale", "More benches along the high street"),
    ("Un jardin partagé dans chaque quartier", "A shared garden in every district"),
    ("Éclairer le passage sous le pont la nuit", "Light the underpass at night"),
    ("Des toilettes publiques près du marché", "Public toilets near the market"),
    ("Planter des arbres sur la place de la mairie", "Plant trees on the town hall square"),
    ("Une boîte à livres devant la bibliothèque", "A book box outside the library"),
    ("Des parkings vélos sécurisés à la gare", "Secure bicycle parking at the station"),
    ("Une navette gratuite le samedi en centre-ville", "A free Saturday shuttle downtown"),
    (
        "Réparer les trottoirs abîmés de la rue Victor Hugo",
        "Fix broken pavements on Victor Hugo street",
    ),
    ("Un terrain de basket pour les adolescents", "A basketball court for teenagers"),
    ("Des composteurs collectifs en pied d'immeuble", "Shared compost bins next to buildings"),
    ("Un marché de producteurs le mercredi soir", "A farmers' market on Wednesday evenings"),
    ("Des ateliers de réparation de vélos", "Bicycle repair workshops"),
    ("Rendre la place du marché piétonne", "Make the market square pedestrian"),
    ("Des ombrières dans la cour de l'école", "Shade sails in the schoolyard"),
    ("Un parcours sportif le long du fleuve", "A fitness trail along the river"),
    ("Des poubelles de tri dans les parcs", "Recycling bins in the parks"),
    ("Un espace pour les chiens au parc de la Tête d'Or", "A dog area in the Tête d'Or park"),
    ("Des cours de français gratuits pour adultes", "Free French lessons for adults"),
    ("Un festival de musique de quartier en juin", "A neighbourhood music festival in June"),
    ("Sécuriser le passage piéton devant le collège", "Make the crossing outside the school safe"),
    ("Des rampes d'accès à la mairie annexe", "Access ramps at the town hall annex"),
    ("Végétaliser les murs du parking", "Green walls on the car park"),
    (
        "Un repair café mensuel à la maison de quartier",
        "A monthly repair café at the community centre",
    ),
    ("Des horaires élargis pour la piscine l'été", "Longer swimming pool hours in summer"),
    (
        "Un potager pédagogique à l'école maternelle",
        "A teaching vegetable garden at the nursery school",
    ),
    ("Une fresque participative sur le mur du gymnase", "A community mural on the gym wall"),
]

STREETS = [
    "rue de la République",
    "rue Victor Hugo",
    "quai Saint-Antoine",
    "place des Terreaux",
    "rue Mercière",
    "cours Lafayette",
    "rue Garibaldi",
    "avenue Jean Jaurès",
]

CATEGORIES = [
    ({"fr": "Mobilité", "en": "Transport"}),
    ({"fr": "Nature en ville", "en": "Nature in the city"}),
    ({"fr": "Vie de quartier", "en": "Neighbourhood life"}),
]

SCOPES = [
    {"fr": "Presqu’île", "en": "Presqu’île"},
    {"fr": "Croix-Rousse", "en": "Croix-Rousse"},
    {"fr": "Part-Dieu", "en": "Part-Dieu"},
]


# Discussions on the first proposals, between the demo people (0: Alice, who writes French;
# 1: Bob, who writes English), with replies and votes.
DISCUSSIONS = [
    [
        {
            "by": 0,
            "text": {"fr": "Très bonne idée : l’été, on ne trouve pas d’eau dans les parcs."},
            "alignment": 1,
            "votes": {1: 1},
            "replies": [
                {
                    "by": 1,
                    "text": {"en": "Agreed. Could they be placed near the playgrounds too?"},
                    "votes": {0: 1},
                    "replies": [
                        {
                            "by": 0,
                            "text": {"fr": "Oui, c’est là que les familles en ont besoin."},
                        }
                    ],
                }
            ],
        },
        {
            "by": 1,
            "text": {"en": "What about the upkeep? Fountains break down in winter."},
            "alignment": 0,
            "votes": {0: -1},
            "replies": [
                {
                    "by": 0,
                    "text": {"fr": "On peut les fermer l’hiver, comme dans d’autres villes."},
                }
            ],
        },
    ],
    [
        {
            "by": 1,
            "text": {"en": "I cycle along the quays every day: the gaps are dangerous."},
            "alignment": 1,
            "votes": {0: 1},
            "replies": [
                {
                    "by": 0,
                    "text": {"fr": "Il faudrait aussi séparer les vélos des piétons."},
                    "votes": {1: 1},
                }
            ],
        },
    ],
    [
        {
            "by": 0,
            "text": {"fr": "Le week-end, les cours d’école sont vides : ouvrons-les aux enfants !"},
            "alignment": 1,
            "replies": [
                {
                    "by": 1,
                    "text": {
                        "en": "Who would look after them? Maybe volunteers from the district."
                    },
                    "alignment": 0,
                }
            ],
        },
    ],
]


def _supporters(users: list, rng: random.Random, used: dict, limit: int) -> list:
    """Who supports a proposal: anyone, while they keep two supports of their own to give
    when the component limits them (so that a visitor signed in as them can still try)."""
    chosen = rng.sample(users, k=rng.randint(0, len(users)))
    if limit:
        chosen = [person for person in chosen if used.get(person.pk, 0) < limit - 2]
    for person in chosen:
        used[person.pk] = used.get(person.pk, 0) + 1
    return chosen


def seed_proposals(component, users: list, *, rng: random.Random) -> None:
    organization = component.space.organization
    # The demo proposals have places and costs: show them, with the map linked from the list.
    settings = dict(component.settings or {})
    settings["global"] = {
        **settings.get("global", {}),
        "geocoding_enabled": True,
        "answers_with_costs": True,
        "attachments_enabled": True,
    }
    component.settings = settings
    component.save(update_fields=["settings"])
    categories = [
        Category.objects.create(component=component, name=name, position=index)
        for index, name in enumerate(CATEGORIES)
    ]
    scopes = [
        Scope.objects.create(component=component, name=name, position=index)
        for index, name in enumerate(SCOPES)
    ]
    supports_limit = current_settings(component).supports_limit
    used_supports: dict[int, int] = {}
    seeded = []
    now = timezone.now()
    for index, (french, english) in enumerate(IDEAS):
        language = "en" if index % 4 == 3 else "fr"
        title = {language: english if language == "en" else french}
        body = {
            language: (
                f"{english}. This would make daily life easier for many residents."
                if language == "en"
                else f"{french}. Cela faciliterait la vie de nombreux habitants."
            )
        }
        published_at = now - datetime.timedelta(days=60 - index * 2, hours=rng.randint(0, 20))
        proposal = Proposal.objects.create(
            component=component,
            title=title,
            body=body,
            state=Proposal.State.PUBLISHED,
            category=categories[index % len(categories)],
            scope=scopes[index % len(scopes)] if index % 4 else None,
            address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, 69002 Lyon",
            latitude=round(CENTRE[0] + rng.uniform(-0.02, 0.02), 6),
            longitude=round(CENTRE[1] + rng.uniform(-0.03, 0.03), 6),
            published_at=published_at,
            fingerprint=fingerprint(title=title, body=body),
        )
        proposal.reference = (
            f"{organization.reference_prefix}-PROP-{published_at:%Y}-{published_at:%m}-"
            f"{proposal.pk}"
        )
        if index % 5 == 0:
            proposal.answer_state = Proposal.AnswerState.ACCEPTED
            proposal.answer = {
                "fr": "<p>Bonne idée : nous la réalisons.</p>",
                "en": "<p>A good idea: we are carrying it out.</p>",
            }
            proposal.cost = Decimal(rng.randint(5, 80) * 1000)
            proposal.execution_period = "2026"
            proposal.answered_at = proposal.answer_published_at = now
        elif index % 7 == 0:
            proposal.answer_state = Proposal.AnswerState.REJECTED
            proposal.answer = {
                "fr": "<p>Ce n'est pas de la compétence de la ville.</p>",
                "en": "<p>This is not within the city's remit.</p>",
            }
            proposal.answered_at = proposal.answer_published_at = now
        proposal.save()
        seeded.append(proposal)
        if users:
            proposal.author = users[index % len(users)]
            proposal.save(update_fields=["author"])
            ProposalAuthor.objects.create(
                proposal=proposal, user=users[index % len(users)], accepted_at=published_at
            )
            supporters = _supporters(users, rng, used_supports, supports_limit)
            Support.objects.bulk_create(
                Support(proposal=proposal, user=person) for person in supporters
            )
    # Counters as the services would have kept them.
    for row in (
        Proposal.objects.filter(component=component)
        .annotate(total=Count("supports"))
        .values("pk", "total")
    ):
        Proposal.objects.filter(pk=row["pk"]).update(supports_count=row["total"])
    for proposal, threads in zip(seeded, DISCUSSIONS, strict=False):
        seed_discussion(proposal, users, threads)
