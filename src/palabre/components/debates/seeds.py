"""Demo content of a debates component: an open two-column debate with arguments on both
sides and an information update, an open single-column one, and a closed one with its
conclusion.

Seeds are written by the platform itself, not by a person: there is no actor to check or
to record, so they write the models directly, from texts known clean. French texts use the
narrow no-break space (U+202F) before : ; ! ? and inside « ».
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from palabre.components.debates.models import Debate, DebateUpdate, Endorsement
from palabre.core.demo.comments import seed_discussion

NNBSP = "\u202f"

SQUARE = {
    "title": {
        "fr": f"La place du Marché doit-elle devenir piétonne{NNBSP}?",
        "en": "Should the market square become pedestrian?",
    },
    "description": {
        "fr": (
            "<p>La place du Marché accueille aujourd’hui 80 places de stationnement. "
            "La ville envisage de la rendre aux piétons, avec des arbres, des bancs et "
            "le marché du samedi agrandi. Qu’en pensez-vous, et pourquoi" + NNBSP + "?</p>"
        ),
        "en": (
            "<p>The market square holds 80 parking spaces today. The city considers "
            "giving it back to pedestrians, with trees, benches and a larger Saturday "
            "market. What do you think, and why?</p>"
        ),
    },
    "instructions": {
        "fr": (
            "<p>Donnez un argument par commentaire et choisissez votre position"
            + NNBSP
            + ": pour, contre ou neutre.</p>"
        ),
        "en": (
            "<p>Give one argument per comment and choose your position: for, against or "
            "neutral.</p>"
        ),
    },
}
SQUARE_ARGUMENTS = [
    {
        "by": 0,
        "alignment": 1,
        "text": {
            "fr": (
                "Pour" + NNBSP + "! Les enfants pourraient enfin jouer sans danger, "
                "et les terrasses des cafés revivraient."
            )
        },
        "votes": {1: 1, 2: 1},
        "replies": [
            {
                "by": 1,
                "text": {"en": "And the market could grow on Saturdays."},
            }
        ],
    },
    {
        "by": 2,
        "alignment": 1,
        "text": {"en": "Cleaner air around the school, which is right next to the square."},
        "votes": {0: 1},
    },
    {
        "by": 1,
        "alignment": -1,
        "text": {
            "fr": (
                "Contre" + NNBSP + ": les commerçants craignent de perdre les clients "
                "qui viennent en voiture des villages voisins."
            )
        },
        "votes": {2: 1, 0: -1},
    },
    {
        "by": 2,
        "alignment": -1,
        "text": {"en": "Where will the residents of the old town park?"},
    },
    {
        "by": 0,
        "alignment": 0,
        "text": {
            "fr": (
                "Pourquoi ne pas essayer d’abord le samedi seulement, comme un "
                "«" + NNBSP + "test" + NNBSP + "»" + NNBSP + "?"
            )
        },
    },
]
SQUARE_UPDATE = {
    "fr": (
        "<p>Information" + NNBSP + ": une réunion publique aura lieu jeudi à 19 h à la "
        "mairie pour présenter les comptages de circulation.</p>"
    ),
    "en": (
        "<p>News: a public meeting takes place on Thursday at 7 pm at the town hall to "
        "present the traffic counts.</p>"
    ),
}

LIBRARY = {
    "title": {
        "fr": "Quels horaires pour la médiathèque le dimanche" + NNBSP + "?",
        "en": "Which opening hours for the library on Sundays?",
    },
    "description": {
        "fr": (
            "<p>La médiathèque pourrait ouvrir le dimanche. Le matin, l’après-midi"
            + NNBSP
            + "? Dites-nous ce qui vous conviendrait.</p>"
        ),
        "en": (
            "<p>The library could open on Sundays. In the morning, in the afternoon? "
            "Tell us what would suit you.</p>"
        ),
    },
}
LIBRARY_ARGUMENTS = [
    {"by": 1, "text": {"en": "The afternoon, after the market, would be perfect for families."}},
    {
        "by": 2,
        "text": {"fr": "Le matin" + NNBSP + "; l’après-midi, nous sommes au parc."},
    },
]

LIGHTS = {
    "title": {
        "fr": "Faut-il éteindre l’éclairage public la nuit" + NNBSP + "?",
        "en": "Should street lights be switched off at night?",
    },
    "description": {
        "fr": "<p>Éteindre l’éclairage de 1 h à 5 h économiserait 30 % d’électricité.</p>",
        "en": "<p>Switching street lights off from 1 am to 5 am would save 30% of electricity.</p>",
    },
    "conclusion": {
        "fr": (
            "<p>Merci pour vos 42 arguments" + NNBSP + "! La ville éteindra l’éclairage "
            "de 1 h à 5 h dans les rues résidentielles, en gardant les grands axes et "
            "les passages piétons éclairés. Un bilan sera publié dans un an.</p>"
        ),
        "en": (
            "<p>Thank you for your 42 arguments! The city will switch off lighting from "
            "1 am to 5 am in residential streets, keeping main roads and pedestrian "
            "crossings lit. A review will be published in a year.</p>"
        ),
    },
}
LIGHTS_ARGUMENTS = [
    {"by": 0, "alignment": 1, "text": {"en": "Good for the stars and for the birds."}},
    {
        "by": 1,
        "alignment": -1,
        "text": {"fr": "Je rentre à pied du travail à 2 h" + NNBSP + ": ce serait inquiétant."},
    },
]


def _fit(threads: list[dict], count: int) -> list[dict]:
    """The threads written by the people there are: indices beyond them wrap around."""
    fitted = []
    for thread in threads:
        by = thread["by"] % count
        votes = {i % count: v for i, v in thread.get("votes", {}).items() if i % count != by}
        fitted.append(
            {
                **thread,
                "by": by,
                "votes": votes,
                "replies": _fit(thread.get("replies", []), count),
            }
        )
    return fitted


def _note_last_comment(debate: Debate) -> None:
    from palabre.comments.models import Comment

    last = (
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(Debate), object_id=debate.pk
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    if last is not None:
        Debate.objects.filter(pk=debate.pk).update(
            last_comment_at=last.created_at, last_comment_by=last.author_id
        )


def _debate(component, texts: dict, **fields) -> Debate:
    debate = Debate.objects.create(
        component=component,
        title=texts["title"],
        description=texts["description"],
        instructions=texts.get("instructions", {}),
        **fields,
    )
    organization = component.space.organization
    local = timezone.localtime(debate.created_at)
    debate.reference = f"{organization.reference_prefix}-DEBA-{local:%Y}-{local:%m}-{debate.pk}"
    debate.save(update_fields=["reference"])
    return debate


def seed_debates(component, users=()) -> list[Debate]:
    """Three debates, argued by `users` (three are enough; fewer take several turns), the
    second of whom opens the single-column one."""
    users = list(users)
    now = timezone.now()
    with transaction.atomic():
        square = _debate(
            component,
            SQUARE,
            official=True,
            layout=Debate.Layout.TWO_COLUMNS,
            published_at=now - datetime.timedelta(days=12),
            end_at=now + datetime.timedelta(days=30),
        )
        DebateUpdate.objects.create(
            debate=square, body=SQUARE_UPDATE, created_at=now - datetime.timedelta(days=3)
        )
        author = users[1] if len(users) > 1 else None
        library = _debate(
            component,
            LIBRARY,
            official=author is None,
            author=author,
            published_at=now - datetime.timedelta(days=5),
        )
        lights = _debate(
            component,
            LIGHTS,
            official=True,
            layout=Debate.Layout.TWO_COLUMNS,
            published_at=now - datetime.timedelta(days=60),
            closed_at=now - datetime.timedelta(days=10),
            conclusion=LIGHTS["conclusion"],
        )
        for debate, arguments in (
            (square, SQUARE_ARGUMENTS),
            (library, LIBRARY_ARGUMENTS),
            (lights, LIGHTS_ARGUMENTS),
        ):
            if users:
                seed_discussion(debate, users, _fit(arguments, len(users)))
            _note_last_comment(debate)
        endorsers = list({user.pk: user for user in users[:3]}.values())
        Endorsement.objects.bulk_create(Endorsement(debate=square, user=u) for u in endorsers)
        Debate.objects.filter(pk=square.pk).update(endorsements_count=len(endorsers))
    return [square, library, lights]
