"""Demo content of a blog component: the news of a participatory budget.

Seeds are written by the platform itself for a demonstration, not by a person: there is no
actor to check or to record, so they write the models directly, from texts known clean.
"""

# Demo texts use real typographic apostrophes, as published French and English texts do.

import datetime

from django.db import transaction
from django.utils import timezone

from palabre.components.blogs.models import Post
from palabre.core.demo.comments import seed_discussion

SEED_POSTS = [
    {
        "days_ago": 40,
        "title": {
            "fr": "Le budget participatif est lancé : à vous de proposer !",
            "en": "The participatory budget is open: your ideas wanted!",
        },
        "body": {
            "fr": (
                "<p>Cette année, 1,5 million d’euros du budget d’investissement de la ville "
                "sont confiés aux habitantes et habitants. Jusqu’au 31 mars, chacun peut "
                "proposer un projet pour son quartier ou pour toute la ville : un jardin "
                "partagé, une piste cyclable, des bancs, un terrain de sport…</p>"
                "<p>Pour vous aider, des ateliers d’écriture de projets ont lieu chaque "
                "samedi matin dans les mairies de quartier. Consultez la foire aux questions "
                "pour connaître les règles de recevabilité.</p>"
            ),
            "en": (
                "<p>This year, €1.5 million of the city’s investment budget is entrusted to "
                "its residents. Until 31 March, anyone can propose a project for their "
                "neighbourhood or for the whole city: a shared garden, a cycle lane, benches, "
                "a sports ground…</p>"
                "<p>To help you, project-writing workshops take place every Saturday morning "
                "in the neighbourhood town halls. See the FAQ for the eligibility rules.</p>"
            ),
        },
    },
    {
        "days_ago": 25,
        "title": {
            "fr": "Retour sur l’atelier du quartier Saint-Serge",
            "en": "Looking back on the Saint-Serge workshop",
        },
        "body": {
            "fr": (
                "<p>Une cinquantaine de personnes se sont retrouvées samedi à la maison de "
                "quartier pour transformer leurs idées en projets. Parmi les pistes les plus "
                "discutées : l’éclairage du chemin de halage, une boîte à livres près de "
                "l’école et la végétalisation de la place centrale.</p>"
                "<p>Merci à toutes et à tous ! Les propositions sont désormais en ligne et "
                "vous pouvez les commenter.</p>"
            ),
            "en": (
                "<p>About fifty people met on Saturday at the community centre to turn their "
                "ideas into projects. Among the most discussed: lighting along the towpath, a "
                "book box near the school and more greenery on the central square.</p>"
                "<p>Thank you all! The proposals are now online and open for comments.</p>"
            ),
        },
    },
    {
        "days_ago": 10,
        "title": {
            "fr": "212 projets déposés, l’étude technique commence",
            "en": "212 projects submitted: the technical review begins",
        },
        "body": {
            "fr": (
                "<p>Le dépôt des projets est clos : vous avez proposé 212 projets, dont 64 "
                "portés par des jeunes de moins de 25 ans. Les services de la ville vont "
                "maintenant vérifier leur faisabilité et estimer leur coût.</p>"
                "<p>Chaque projet recevra une réponse publique et motivée. Les projets "
                "retenus seront soumis au vote en juin.</p>"
            ),
            "en": (
                "<p>Submissions are closed: you proposed 212 projects, 64 of them carried by "
                "people under 25. The city’s departments will now check that they are "
                "feasible and estimate their cost.</p>"
                "<p>Every project will get a public, reasoned answer. The projects kept will "
                "be put to the vote in June.</p>"
            ),
        },
    },
    {
        "days_ago": 2,
        "author_index": 0,
        "title": {
            "fr": "Pourquoi j’ai proposé un jardin partagé",
            "en": "Why I proposed a shared garden",
        },
        "body": {
            "fr": (
                "<p>J’habite le quartier depuis vingt ans et je n’avais jamais participé à "
                "une concertation. Avec mes voisins, nous avons imaginé un jardin partagé sur "
                "la friche de la rue des Tilleuls : des bacs accessibles aux personnes en "
                "fauteuil, un composteur et un coin pour les enfants de l’école voisine.</p>"
                "<p>L’atelier nous a aidés à chiffrer le projet. Rendez-vous au vote !</p>"
            ),
            "en": (
                "<p>I have lived in the neighbourhood for twenty years and had never taken "
                "part in a consultation. With my neighbours, we imagined a shared garden on "
                "the wasteland of Rue des Tilleuls: raised beds reachable from a wheelchair, "
                "a compost bin and a corner for the children of the nearby school.</p>"
                "<p>The workshop helped us cost the project. See you at the vote!</p>"
            ),
        },
    },
]


# A discussion under the first post between the demo people (0: Alice, who writes French;
# 1: Bob, who writes English).
DISCUSSION = [
    {
        "by": 1,
        "text": {"en": "Will there be a workshop in the northern districts too?"},
        "votes": {0: 1},
        "replies": [
            {
                "by": 0,
                "text": {"fr": "Oui, à la maison de quartier des Deux-Croix, samedi prochain."},
                "votes": {1: 1},
            }
        ],
    },
]


def seed_posts(component, users=()) -> list[Post]:
    """Add published demo posts, one signed by the first of `users` when there is one."""
    users = list(users)
    now = timezone.now()
    posts = []
    for fields in SEED_POSTS:
        author_index = fields.get("author_index")
        author = users[author_index] if author_index is not None and users else None
        posts.append(
            Post(
                component=component,
                title=fields["title"],
                body=fields["body"],
                official=author is None,
                author=author,
                published_at=now - datetime.timedelta(days=fields["days_ago"]),
            )
        )
    with transaction.atomic():
        posts = Post.objects.bulk_create(posts)
        seed_discussion(posts[0], users, DISCUSSION)
    return posts
