"""Proposals under load: the list, its filters and search, the map data, a proposal with
2,000 comments, and supports, on a component of 10,000 proposals.

    .venv/bin/python bench/proposals.py [--requests 200] [--database-url URL]
        [--proposals 10000 --supports 100000 --comments 50000] [--threads 4]

1. Builds a fresh site (a SQLite file in a temporary folder, or the empty PostgreSQL
   database of `--database-url`): migrations, an organization at 127.0.0.1, a published
   process with one proposals component, then seeds it in bulk: proposals with French
   titles and texts of varied length, categories, districts, answers, addresses (most with
   coordinates), the people who wrote and support them, and comments in threads (one
   proposal with 2,000 of them, with replies and votes). Every counter equals its rows, as
   the services keep them.
2. Counts the SQL queries of each scenario in this process (Django's test client against
   the same database, `CaptureQueriesContext`), before the server starts.
3. Starts gunicorn on a free port of 127.0.0.1 (`PALABRE_DEMO=1`, 2 workers), and measures
   each scenario with 1 and 8 concurrent clients, a fixed number of requests each. Visitors
   keep their cookies; each support is a different person supporting a different proposal,
   with a session opened beforehand.
4. Prints requests/s, p50 and p95 latency and queries per request of each scenario, and the
   peak memory (VmHWM) of the workers; then checks that every proposal's supports counter
   equals a recount and that each support sent was written.

Every request goes to 127.0.0.1 only; the run ends by itself.
"""

import argparse
import datetime
import itertools
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _site

PASSWORD = "bench-password-2026"
SEARCH = "vélo"
# Around the centre of Lyon (place Bellecour).
CENTRE = (45.7578, 4.8320)
DISTRICTS = [f"Lyon {n}{'er' if n == 1 else 'e'}" for n in range(1, 10)]
CATEGORIES = [
    "Mobilité",
    "Nature en ville",
    "Vie de quartier",
    "Éducation",
    "Sports et loisirs",
    "Culture",
    "Propreté",
    "Solidarités",
]
ACTIONS = [
    "Créer",
    "Installer",
    "Rénover",
    "Végétaliser",
    "Sécuriser",
    "Aménager",
    "Ouvrir",
    "Agrandir",
    "Éclairer",
    "Réparer",
    "Multiplier",
    "Mieux entretenir",
]
OBJECTS = [
    "une piste cyclable",
    "des bancs publics",
    "un jardin partagé",
    "des arbres d'alignement",
    "une aire de jeux pour les enfants",
    "des toilettes publiques",
    "un terrain de basket",
    "des composteurs collectifs",
    "une fontaine à eau potable",
    "un marché de producteurs",
    "des arceaux à vélo",
    "un local associatif",
    "une boîte à livres",
    "des ombrières",
    "un passage piéton",
    "une navette électrique",
    "un skatepark",
    "des poubelles de tri",
    "une fresque murale",
    "un atelier de réparation",
]
PLACES = [
    "rue de la République",
    "place Bellecour",
    "sur le quai Saint-Antoine",
    "près de l'école Jean Moulin",
    "dans le parc de la Tête d'Or",
    "devant la médiathèque",
    "au croisement de la rue Garibaldi",
    "à la Croix-Rousse",
    "autour de la gare Part-Dieu",
    "dans le quartier des États-Unis",
    "le long du Rhône",
    "à Gerland",
    "cours Lafayette",
    "près du collège",
    "place des Terreaux",
]
SENTENCES = [
    "Aujourd'hui, les habitants du quartier n'ont aucun endroit pour se retrouver.",
    "Le trottoir est étroit et les poussettes doivent passer sur la chaussée.",
    "Beaucoup d'enfants traversent ici pour aller à l'école, souvent sans adulte.",
    "Les vélos sont attachés aux grilles faute d'arceaux, ce qui gêne les piétons.",
    "En été, la place devient un four : quelques arbres changeraient tout.",
    "Les associations du quartier sont prêtes à participer à l'entretien.",
    "Le coût serait modeste au regard du nombre de personnes concernées.",
    "Une consultation des riverains pourrait préciser l'emplacement exact.",
    "D'autres villes l'ont fait avec succès, par exemple Grenoble et Nantes.",
    "Cela rendrait le quartier plus agréable pour les personnes âgées.",
    "La nuit, l'éclairage est insuffisant et plusieurs chutes ont eu lieu.",
    "Les déchets s'accumulent le week-end, faute de poubelles adaptées.",
    "Un aménagement simple permettrait de ralentir les voitures.",
    "Les commerçants de la rue soutiennent cette idée depuis longtemps.",
    "Le collège voisin pourrait en faire un projet pédagogique avec les élèves.",
    "On pourrait commencer par un essai de six mois, puis faire le bilan.",
    "Les familles du quartier manquent d'espaces verts accessibles à pied.",
    "Les cyclistes doivent aujourd'hui partager une voie rapide avec les bus.",
    "Le projet pourrait être financé en partie par le budget participatif.",
    "Il faudrait veiller à l'accessibilité pour les personnes en fauteuil.",
    "Plusieurs voisins se sont déjà proposés pour arroser les plantations.",
    "Un panneau pourrait expliquer le projet et inviter à y contribuer.",
    "Les jeunes du quartier demandent un lieu à eux depuis des années.",
    "Ce serait aussi l'occasion de rénover le revêtement abîmé.",
]
REPLIES = [
    "Tout à fait d'accord, c'est une vraie nécessité.",
    "Je ne suis pas convaincu : le coût d'entretien sera élevé.",
    "Bonne idée, mais il faudrait la placer un peu plus loin.",
    "Habitant du quartier, je confirme le problème.",
    "Et pourquoi pas avec les écoles du secteur ?",
    "Attention à ne pas supprimer de places pour les livraisons.",
    "Cela existe déjà à deux rues d'ici, il suffirait de l'agrandir.",
    "Merci pour cette proposition, je la soutiens.",
    "Il faut penser aux personnes à mobilité réduite.",
    "La mairie de quartier en a parlé au dernier conseil.",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="An empty PostgreSQL database.")
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--supports", type=int, default=100_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument(
        "--big", type=int, default=2_000, help="Comments of the most commented proposal."
    )
    parser.add_argument(
        "--requests", type=int, default=200, help="Requests per scenario and number of clients."
    )
    parser.add_argument("--clients", default="1,8", help="Numbers of concurrent clients.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


# Seeding -------------------------------------------------------------------------------
def zipf_weights(count: int, rng: random.Random, exponent: float = 0.9) -> list[float]:
    """Popularity of `count` items, a few very popular, in a random order."""
    weights = [1 / (rank + 8) ** exponent for rank in range(count)]
    rng.shuffle(weights)
    return weights


def french_text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


def component_create(admin, organization, slug: str = "budget-participatif"):
    from palabre.core import services

    space = services.space_create(
        actor=admin,
        organization=organization,
        kind="process",
        title={"en": "Participatory budget", "fr": "Budget participatif"},
        slug=slug,
    )
    component = services.component_create(actor=admin, space=space, manifest_name="proposals")
    settings = dict(component.settings)
    settings["global"] = {
        **settings["global"],
        "geocoding_enabled": True,
        "default_sort": "random",
        "body_max_length": 5000,
    }
    settings["default_step"] = {
        **settings["default_step"],
        "creation_enabled": True,
        "supports": "enabled",
        "endorsements": "enabled",
    }
    component = services.component_update(actor=admin, component=component, settings=settings)
    services.space_set_published(actor=admin, space=space, published=True)
    services.component_set_published(actor=admin, component=component, published=True)
    return component


@dataclass
class Seeded:
    component: object
    big: object
    category: object
    search_expected: int
    supporters: list
    support_targets: list
    counts: dict = field(default_factory=dict)


def proposals_plan(component, users, rng, count) -> list:
    """Unsaved proposals: states, texts, categories, districts, places and answers."""
    from palabre.components.proposals.models import Category, Proposal, ProposalState
    from palabre.components.proposals.services import fingerprint

    categories = Category.objects.bulk_create(
        Category(component=component, name={"fr": name}, position=index)
        for index, name in enumerate(CATEGORIES)
    )
    # Districts are rows of their own where the model has them, a text otherwise.
    scope_field = Proposal._meta.get_field("scope")
    if scope_field.is_relation:
        districts = scope_field.related_model.objects.bulk_create(
            scope_field.related_model(component=component, name={"fr": name}, position=index)
            for index, name in enumerate(DISTRICTS)
        )
    else:
        districts = DISTRICTS
    already_done = ProposalState.objects.create(
        component=component, key="deja-fait", name={"fr": "Déjà réalisé", "en": "Already done"}
    )
    now = datetime.datetime.now(datetime.UTC)
    rows = []
    for index in range(count):
        draw = rng.random()
        state = (
            Proposal.State.DRAFT
            if draw < 0.01
            else Proposal.State.WITHDRAWN
            if draw < 0.04
            else Proposal.State.PUBLISHED
        )
        title = {
            "fr": f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
            + (f" ({index})" if rng.random() < 0.3 else "")
        }
        # Most texts are a few lines, some are long pages.
        body = {"fr": french_text(rng, min(int(rng.expovariate(1 / 5)) + 1, 40))}
        published_at = (
            None
            if state == Proposal.State.DRAFT
            else now - datetime.timedelta(minutes=rng.randint(60, 180 * 24 * 60))
        )
        proposal = Proposal(
            component=component,
            author=None if rng.random() < 0.02 else rng.choice(users),
            title=title,
            body=body,
            state=state,
            category=rng.choice(categories) if rng.random() < 0.9 else None,
            published_at=published_at,
            withdrawn_at=published_at + datetime.timedelta(days=1)
            if state == Proposal.State.WITHDRAWN
            else None,
            fingerprint=fingerprint(title=title, body=body) if published_at else "",
        )
        if rng.random() < 0.5:
            proposal.scope = rng.choice(districts)
        if proposal.author is None:
            proposal.source = Proposal.Source.ORGANIZATION
        if rng.random() < 0.7:
            proposal.address = f"{rng.randint(1, 150)} {rng.choice(PLACES)}, Lyon"
            proposal.latitude = round(CENTRE[0] + rng.uniform(-0.04, 0.04), 6)
            proposal.longitude = round(CENTRE[1] + rng.uniform(-0.05, 0.05), 6)
        if state == Proposal.State.PUBLISHED and rng.random() < 0.3:
            answer = rng.choice(["evaluating", "accepted", "accepted", "rejected", "custom"])
            proposal.answer_state = answer
            proposal.answer = {"fr": f"<p>{french_text(rng, 2)}</p>"}
            proposal.answered_at = published_at + datetime.timedelta(days=10)
            if rng.random() < 0.85:
                proposal.answer_published_at = proposal.answered_at
            if answer == "custom":
                proposal.custom_state = already_done
            if answer == "accepted":
                proposal.cost = rng.randint(2, 300) * 1000
        rows.append(proposal)
    return rows, categories


def supports_plan(proposals, users, rng, count) -> list[tuple]:
    """`count` (proposal, person) pairs, all different, some proposals far more supported
    than others; withdrawn proposals have none, as a supported proposal cannot be withdrawn.
    Sets each proposal's counter."""
    from palabre.components.proposals.models import Proposal

    published = [p for p in proposals if p.state == Proposal.State.PUBLISHED]
    weights = list(itertools.accumulate(zipf_weights(len(published), rng)))
    count = min(count, len(published) * len(users))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < count:
        for position in rng.choices(range(len(published)), cum_weights=weights, k=10_000):
            pairs.add((position, rng.randrange(len(users))))
            if len(pairs) == count:
                break
    for position, _user in pairs:
        published[position].supports_count += 1
    return [(published[position], users[user]) for position, user in sorted(pairs)]


def thread_shapes(count: int, rng: random.Random) -> list[tuple[int, int | None]]:
    """A discussion of `count` comments as (depth, parent index): about half start a thread,
    the others answer a comment at random, so big threads grow bigger."""
    shapes: list[tuple[int, int | None]] = []
    answerable: list[int] = []
    for index in range(count):
        if index == 0 or rng.random() < 0.45:
            shapes.append((1, None))
        else:
            parent = rng.choice(answerable)
            shapes.append((shapes[parent][0] + 1, parent))
        if shapes[index][0] < 3:
            answerable.append(index)
    return shapes


@dataclass
class PlannedComment:
    proposal: object
    parent: "PlannedComment | None"
    comment: object
    voters: list = field(default_factory=list)


def comments_plan(component, proposals, big, users, rng, count, big_count) -> list:
    """Comments in threads: `big_count` on `big`, the others spread over published
    proposals; a few deleted; votes on the big discussion. Counters as the services keep
    them: replies, thread size, votes, and the proposal's comments (deleted ones left out)."""
    from palabre.comments.models import Comment
    from palabre.components.proposals.models import Proposal

    published = [p for p in proposals if p.state == Proposal.State.PUBLISHED and p is not big]
    per_proposal: Counter = Counter({id(big): min(big_count, count)})
    by_identity = {id(big): big}
    rest = count - per_proposal[id(big)]
    if rest > 0 and published:
        for proposal in rng.choices(published, weights=zipf_weights(len(published), rng), k=rest):
            per_proposal[id(proposal)] += 1
            by_identity[id(proposal)] = proposal
    now = datetime.datetime.now(datetime.UTC)
    planned: list[PlannedComment] = []
    for identity, total in per_proposal.items():
        proposal = by_identity[identity]
        thread: list[PlannedComment] = []
        for depth, parent_index in thread_shapes(total, rng):
            deleted = rng.random() < 0.01
            parent = None if parent_index is None else thread[parent_index]
            comment = Comment(
                content_type_id=0,
                object_id=0,
                space_id=component.space_id,
                component=component,
                author=rng.choice(users),
                depth=depth,
                body={}
                if deleted
                else {
                    "fr": rng.choice(REPLIES)
                    if depth > 1 and rng.random() < 0.6
                    else french_text(rng, rng.randint(1, 5))
                },
                alignment=rng.choice([-1, 0, 1]) if depth == 1 and rng.random() < 0.5 else None,
                deleted_at=now if deleted else None,
            )
            item = PlannedComment(proposal=proposal, parent=parent, comment=comment)
            if parent is not None:
                parent.comment.replies_count += 1
                root = parent
                while root.parent is not None:
                    root = root.parent
                root.comment.thread_comments_count += 1
            if not deleted:
                proposal.comments_count += 1
            # Votes on the big discussion, more on the comments that start threads.
            if proposal is big and not deleted:
                wanted = int(rng.expovariate(1 / 4) / depth)
                for voter in rng.sample(users, k=min(len(users), wanted)):
                    if voter is comment.author:
                        continue
                    value = 1 if rng.random() < 0.75 else -1
                    item.voters.append((voter, value))
                    if value == 1:
                        comment.up_votes += 1
                    else:
                        comment.down_votes += 1
            thread.append(item)
        planned.extend(thread)
    return planned


def seed_insert(component, proposals, supports, comments) -> int:
    """Writes what was planned: proposals, their authors, supports, comments level by level
    (parents get their keys before their replies are written), votes. Returns the votes."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, F, Value
    from django.db.models.functions import Cast, Concat, ExtractMonth, ExtractYear, LPad

    from palabre.comments.models import Comment, CommentVote
    from palabre.components.proposals.models import Proposal, ProposalAuthor, Support

    Proposal.objects.bulk_create(proposals, batch_size=1000)
    prefix = component.space.organization.reference_prefix
    Proposal.objects.filter(component=component, published_at__isnull=False).update(
        reference=Concat(
            Value(f"{prefix}-PROP-"),
            Cast(ExtractYear("published_at"), CharField()),
            Value("-"),
            LPad(Cast(ExtractMonth("published_at"), CharField()), 2, Value("0")),
            Value("-"),
            Cast(F("pk"), CharField()),
            output_field=CharField(),
        )
    )
    now = datetime.datetime.now(datetime.UTC)
    ProposalAuthor.objects.bulk_create(
        (
            ProposalAuthor(proposal=p, user=p.author, accepted_at=p.published_at or now)
            for p in proposals
            if p.author is not None
        ),
        batch_size=2000,
    )
    Support.objects.bulk_create(
        (Support(proposal=proposal, user=user) for proposal, user in supports), batch_size=5000
    )
    content_type = ContentType.objects.get_for_model(Proposal)
    for item in comments:
        item.comment.content_type = content_type
        item.comment.object_id = item.proposal.pk
    for depth in (1, 2, 3):
        level = [item for item in comments if item.comment.depth == depth]
        for item in level:
            if item.parent is not None:
                parent = item.parent.comment
                item.comment.parent_id = parent.pk
                item.comment.root_id = parent.root_id or parent.pk
        Comment.objects.bulk_create([item.comment for item in level], batch_size=2000)
    votes = [
        CommentVote(comment=item.comment, user=voter, value=value)
        for item in comments
        for voter, value in item.voters
    ]
    CommentVote.objects.bulk_create(votes, batch_size=5000)
    return len(votes)


def hide_some(component, proposals, rng) -> list:
    """A few proposals hidden by moderation, as on any real site."""
    from django.contrib.contenttypes.models import ContentType

    from palabre.components.proposals.models import Proposal
    from palabre.moderation.models import Moderation

    content_type = ContentType.objects.get_for_model(Proposal)
    now = datetime.datetime.now(datetime.UTC)
    hidden = rng.sample(proposals, k=min(10, len(proposals) // 100))
    Moderation.objects.bulk_create(
        Moderation(
            content_type=content_type,
            object_id=proposal.pk,
            space_id=component.space_id,
            reports_count=3,
            hidden_at=now,
        )
        for proposal in hidden
    )
    return hidden


def seed(args, organization, admin) -> tuple[Seeded, dict]:
    from django.db import connection

    from palabre.components.proposals.models import Proposal
    from palabre.components.proposals.selectors import proposal_list_public

    rng = random.Random(args.seed)
    timings = {}
    started = time.perf_counter()
    component = component_create(admin, organization)
    people = max(2000, args.supports // 20)
    users = _site.users_create(organization, people, prefix="habitant", password=PASSWORD)
    timings["people"] = time.perf_counter() - started

    started = time.perf_counter()
    proposals, categories = proposals_plan(component, users, rng, args.proposals)
    supports = supports_plan(proposals, users, rng, args.supports)
    published = [p for p in proposals if p.state == Proposal.State.PUBLISHED]
    big = rng.choice(published)
    comments = comments_plan(component, proposals, big, users, rng, args.comments, args.big)
    timings["plan"] = time.perf_counter() - started

    started = time.perf_counter()
    votes = seed_insert(component, proposals, supports, comments)
    hidden = hide_some(component, [p for p in published if p is not big], rng)
    timings["insert"] = time.perf_counter() - started

    # A site that has been running has statistics by now (PostgreSQL's autovacuum; on
    # SQLite, each connection's `PRAGMA optimize` as it closes, every ten minutes): without
    # them the databases plan with guesses. PostgreSQL is vacuumed too.
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    timings["analyze"] = time.perf_counter() - started

    # The people who press "Support" during the run: each supports one proposal it did not
    # support yet, a different one each time.
    started = time.perf_counter()
    actions = len(args.client_counts) * args.requests + 50
    supporters = _site.users_create(organization, actions, prefix="soutien", password=PASSWORD)
    sessions = _site.sessions_open(supporters)
    visible = [p for p in published if p not in hidden]
    targets = rng.sample(visible, k=min(actions, len(visible)))
    timings["sessions"] = time.perf_counter() - started

    public = proposal_list_public(component=component)
    needle = SEARCH.casefold()
    expected = sum(
        1
        for p in public.only("title", "body")
        if any(needle in text.casefold() for text in (*p.title.values(), *p.body.values()))
    )
    counts = {
        "people": people + actions,
        "proposals": len(proposals),
        "supports": args.supports,
        "comments": args.comments,
        "comment votes": votes,
        "comments on one": args.big,
        "on the map": sum(1 for p in proposals if p.latitude is not None),
    }
    seeded = Seeded(
        component=component,
        big=big,
        category=categories[0],
        search_expected=expected,
        supporters=list(
            zip(
                supporters,
                sessions,
                itertools.cycle([target.get_absolute_url() for target in targets]),
                strict=False,
            )
        ),
        support_targets=targets,
        counts=counts,
    )
    return seeded, timings


# Scenarios -------------------------------------------------------------------------------
@dataclass
class Scenario:
    name: str
    path: str = ""
    support: bool = False
    # Each request reads the next page (1, 2, 3…): cards a worker has not rendered yet.
    paging: bool = False
    # Each request searches another word of the proposals: an order no one kept yet.
    searching: bool = False


def search_words() -> list[str]:
    """Words of the seeded texts, in a fixed order: searches that find something."""
    text = " ".join([*ACTIONS, *OBJECTS, *PLACES, *SENTENCES])
    words = {word.lower() for word in re.findall(r"\w{5,}", text)}
    return sorted(words)


SEARCH_WORDS = search_words()


def scenarios(seeded: Seeded) -> list[Scenario]:
    from palabre.core.components import component_url

    component = seeded.component
    index = component_url(component, "index")
    return [
        Scenario("list, default order", index),
        Scenario("list, pages not read before", index, paging=True),
        Scenario("list, a category", f"{index}?category={seeded.category.pk}"),
        Scenario("list, text search", f"{index}?q={urllib.parse.quote(SEARCH)}"),
        Scenario("list, a new search each time", index, searching=True),
        Scenario("map data (map.json)", component_url(component, "map_json")),
        Scenario(
            f"proposal with {seeded.counts['comments on one']:,} comments",
            component_url(component, "proposal", pk=seeded.big.pk),
        ),
        Scenario("support (POST)", support=True),
    ]


TOTAL = re.compile(r'class="proposal-total"[^>]*>\s*([\d\s\u202f\xa0.,]+)')


def queries_in_process(seeded: Seeded, plan: list[Scenario]) -> tuple[dict[str, str], list[str]]:
    """Queries of one request of each scenario (a second one, caches warm, and the first), with the
    test client against the site's database; and what looks wrong in the answers."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from palabre.core.components import component_url

    problems = []
    counts = {}
    visitor = Client(HTTP_HOST=_site.HOST, HTTP_ACCEPT_LANGUAGE="fr")
    for scenario in plan:
        if scenario.support:
            person, _session, _target = seeded.supporters[-1]
            supporter = Client(HTTP_HOST=_site.HOST, HTTP_ACCEPT_LANGUAGE="fr")
            supporter.force_login(person)
            first, second = seeded.support_targets[-2:]
            supporter.post(component_url(seeded.component, "support", pk=first.pk))
            with CaptureQueriesContext(connection) as queries:
                response = supporter.post(component_url(seeded.component, "support", pk=second.pk))
            if response.status_code != 302:
                problems.append(f"{scenario.name}: status {response.status_code}")
            counts[scenario.name] = str(len(queries))
            continue
        # A visitor's first request may do more (a session, data to keep): both are shown.
        path = scenario.path
        if scenario.searching:
            path = f"{path}?q={urllib.parse.quote(SEARCH_WORDS[0])}"
        with CaptureQueriesContext(connection) as first:
            visitor.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = visitor.get(path)
        counts[scenario.name] = (
            str(len(queries))
            if len(first) == len(queries)
            else f"{len(queries)} ({len(first)} first)"
        )
        if response.status_code != 200:
            problems.append(f"{scenario.name}: status {response.status_code}")
        elif "q=" in scenario.path:
            match = TOTAL.search(response.content.decode())
            found = int(re.sub(r"\D", "", match.group(1))) if match else -1
            if found != seeded.search_expected:
                problems.append(
                    f"search for {SEARCH!r} finds {found} proposals, "
                    f"{seeded.search_expected} contain it"
                )
    return counts, problems


@dataclass
class Measure:
    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def measure(port: int, scenario: Scenario, clients: int, requests: int, supporters) -> Measure:
    """`requests` requests shared by `clients` concurrent visitors, each with their own
    connection and cookies."""
    result = Measure()
    numbers = itertools.count()
    take = threading.Lock()

    def visitor():
        browser = _site.Browser(port)
        try:
            while True:
                with take:
                    number = next(numbers)
                if number >= requests:
                    return
                if scenario.support:
                    _person, session, target = supporters.pop()
                    browser.cookies = {"sessionid": session, "csrftoken": _site.csrf_token()}
                    before = time.perf_counter()
                    status, location, _body = browser.request("POST", f"{target}support/", {})
                    ok = status == 302 and location.endswith(target)
                else:
                    path = scenario.path
                    if scenario.paging:
                        path = f"{path}?page={number + 1}"
                    elif scenario.searching:
                        word = SEARCH_WORDS[number % len(SEARCH_WORDS)]
                        path = f"{path}?q={urllib.parse.quote(word)}"
                    before = time.perf_counter()
                    status, _location, _body = browser.request("GET", path)
                    ok = status == 200
                elapsed = time.perf_counter() - before
                with result.lock:
                    result.latencies.append(elapsed)
                    if not ok:
                        result.errors.append(f"{scenario.name}: status {status}")
        except Exception as error:  # counted and reported: the run then fails
            with result.lock:
                result.errors.append(f"{scenario.name}: {error!r}")
        finally:
            browser.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for _ in range(clients):
            pool.submit(visitor)
    result.seconds = time.perf_counter() - started
    return result


def warm_up(port: int, plan: list[Scenario], workers: int) -> None:
    """Each worker loads its code, templates and connections before anything is timed."""
    for scenario in plan:
        if scenario.support:
            continue
        with ThreadPoolExecutor(max_workers=workers * 2) as pool:
            for _ in range(workers * 3):
                pool.submit(lambda s=scenario: _site.Browser(port).request("GET", s.path))


def check_seed(seeded: Seeded) -> list[str]:
    """The seeded counters equal their rows, as the services would have kept them."""
    from django.db.models import Count

    from palabre.comments.models import Comment
    from palabre.components.proposals.models import Proposal

    problems = check_supports(seeded, [])
    comments = dict(
        Comment.objects.filter(component=seeded.component, deleted_at__isnull=True)
        .values("object_id")
        .annotate(total=Count("pk"))
        .values_list("object_id", "total")
    )
    for pk, counter in Proposal.objects.filter(component=seeded.component).values_list(
        "pk", "comments_count"
    ):
        if counter != comments.get(pk, 0):
            problems.append(f"proposal {pk}: {counter} comments, {comments.get(pk, 0)} rows")
    return problems[:10]


def check_supports(seeded: Seeded, sent) -> list[str]:
    """Every counter equals a recount of the rows, and every support sent was written."""
    from palabre.components.proposals.models import Proposal, Support
    from palabre.components.proposals.selectors import supports_recount

    problems = []
    recount = supports_recount(component=seeded.component)
    for pk, counter in Proposal.objects.filter(component=seeded.component).values_list(
        "pk", "supports_count"
    ):
        if counter != recount.get(pk, 0):
            problems.append(f"proposal {pk}: counter {counter}, recount {recount.get(pk, 0)}")
    written = set(
        Support.objects.filter(user__in=[person for person, _s, _t in sent]).values_list(
            "user_id", "proposal_id"
        )
    )
    by_url = {p.get_absolute_url(): p.pk for p in seeded.support_targets}
    missing = [(p.pk, by_url[t]) for p, _s, t in sent if (p.pk, by_url[t]) not in written]
    if missing:
        problems.append(f"{len(missing)} supports sent but not written, e.g. {missing[:3]}")
    return problems[:10]


def main():
    args = parse_args()
    args.client_counts = [int(n) for n in args.clients.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="bench-proposals-"))
    env = _site.site_env(workdir, args.database_url)
    _site.setup_django(env)
    from django.db import connections

    started = time.perf_counter()
    _site.migrate()
    migrate_seconds = time.perf_counter() - started
    organization, admin = _site.organization_with_admin("Ville de Lyon")
    seeded, seed_timings = seed(args, organization, admin)
    plan = scenarios(seeded)
    problems = check_seed(seeded)
    queries, wrong = queries_in_process(seeded, plan)
    problems.extend(wrong)
    load_before = os.getloadavg()[0]
    connections.close_all()

    server = None
    results: list[tuple[Scenario, int, Measure]] = []
    memory = {}
    supporters = list(reversed(seeded.supporters[:-1]))
    sent = []
    try:
        log = (workdir / "gunicorn.log").open("w")
        server, port = _site.server_start(env, workers=args.workers, threads=args.threads, log=log)
        warm_up(port, plan, args.workers)
        for scenario in plan:
            for clients in args.client_counts:
                if scenario.support:
                    sent.extend(supporters[-args.requests :])
                result = measure(port, scenario, clients, args.requests, supporters)
                results.append((scenario, clients, result))
                problems.extend(result.errors[:5])
        memory = {pid: _site.peak_memory_kib(pid) for pid in _site.worker_pids(server.pid)}
        load_after = os.getloadavg()[0]
        server.terminate()
        server.wait(timeout=30)
        server = None
        problems.extend(check_supports(seeded, sent))
    finally:
        if server is not None:
            server.terminate()
        if "BENCH_KEEP" not in os.environ:
            shutil.rmtree(workdir, ignore_errors=True)

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"\nProposals on {database}: "
        + ", ".join(f"{value:,} {name}" for name, value in seeded.counts.items())
    )
    print(
        "Seeding: "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in seed_timings.items())
        + f" (migrations {migrate_seconds:.1f} s)"
    )
    print(
        f"gunicorn {args.workers} workers × {args.threads} threads, "
        f"{args.requests} requests per line; load average {load_before:.1f} before the "
        f"measures, {load_after:.1f} after (2 cores: above 2, other jobs shared the CPUs)\n"
    )
    header = f"| {'scenario':<34} | clients | req/s | p50 ms | p95 ms | queries/req |"
    print(header)
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for scenario, clients, result in results:
        done = len(result.latencies)
        if not done:
            print(f"| {scenario.name:<34} | {clients:>7} | no answer |")
            continue
        print(
            f"| {scenario.name:<34} | {clients:>7} | {done / result.seconds:>5.1f} | "
            f"{1000 * statistics.median(result.latencies):>6.0f} | "
            f"{1000 * _site.percentile(result.latencies, 0.95):>6.0f} | "
            f"{queries[scenario.name]:>11} |"
        )
    if memory:
        print(
            "\nPeak memory of the workers (VmHWM): "
            + ", ".join(f"{kib / 1024:.0f} MiB" for kib in memory.values())
        )
    slow = [
        (scenario.name, clients)
        for scenario, clients, result in results
        if clients == max(args.client_counts) and _site.percentile(result.latencies, 0.95) > 0.15
    ]
    if slow:
        print("p95 above 150 ms: " + "; ".join(f"{name} ({c} clients)" for name, c in slow))
    if problems:
        print("\nCHECK FAILED:")
        for problem in problems:
            print(f"  {problem}")
        sys.exit(1)
    print("\nCheck passed: supports counters equal a recount, every support sent was written.")


if __name__ == "__main__":
    main()
