"""Demo content of a pages component: the FAQ and rules of a participatory budget.

Seeds are written by the platform itself for a demonstration, not by a person: there is no
actor to check or to record, so they write the models directly, from texts known clean.
"""

# Demo texts use real typographic apostrophes, as published French and English texts do.

from django.db import transaction
from django.db.models import Max

from palabre.components.pages.models import Page

FAQ_FR = """
<p>Le budget participatif permet aux habitantes et habitants de décider directement de
l’utilisation d’une partie du budget d’investissement de la ville. Voici les réponses aux
questions que l’on nous pose le plus souvent.</p>
<h2>Qui peut déposer un projet ?</h2>
<p>Toute personne de 11 ans ou plus qui habite, travaille ou étudie dans la commune, seule ou
en collectif (association, conseil de quartier, classe, groupe d’amis). Les élus municipaux et
les agents chargés de l’instruction des projets ne peuvent pas déposer de projet.</p>
<h2>Quels projets sont recevables ?</h2>
<ul>
<li>Ils relèvent des compétences de la ville et servent l’intérêt général ;</li>
<li>ce sont des dépenses d’investissement (aménagement, équipement, travaux), pas de
fonctionnement (salaires, subventions, entretien courant) ;</li>
<li>leur coût estimé ne dépasse pas 150 000 € ;</li>
<li>ils sont réalisables dans un délai de deux ans et sur un terrain public.</li>
</ul>
<h2>Comment les projets sont-ils étudiés ?</h2>
<p>Les services techniques vérifient la faisabilité et chiffrent chaque projet. Ils peuvent
proposer de fusionner des idées proches, toujours avec l’accord de leurs auteurs. Chaque
projet non retenu reçoit une réponse motivée, publiée sur la plateforme.</p>
<h2>Comment voter ?</h2>
<p>En ligne sur cette plateforme, ou sur papier dans les mairies de quartier et à la
médiathèque pendant toute la durée du vote. Vous choisissez plusieurs projets dans la limite de
l’enveloppe de votre quartier. Vous pouvez modifier votre vote tant que le vote est ouvert ;
seul votre dernier choix compte.</p>
<h2>Que deviennent les projets lauréats ?</h2>
<p>Ils sont inscrits au budget de l’année suivante. Vous pouvez suivre l’avancement des
travaux, étape par étape, dans la rubrique « Suivi des projets ».</p>
"""

FAQ_EN = """
<p>The participatory budget lets residents decide directly how part of the city’s investment
budget is spent. Here are the answers to the questions we are asked most often.</p>
<h2>Who can submit a project?</h2>
<p>Anyone aged 11 or over who lives, works or studies in the city, alone or as a group (an
association, a neighbourhood council, a school class, a group of friends). Elected councillors
and the staff who review the projects cannot submit one.</p>
<h2>Which projects are eligible?</h2>
<ul>
<li>They fall within the city’s remit and serve the general interest;</li>
<li>they are investment spending (public spaces, equipment, works), not running costs
(salaries, grants, routine upkeep);</li>
<li>their estimated cost is at most €150,000;</li>
<li>they can be completed within two years, on public land.</li>
</ul>
<h2>How are projects reviewed?</h2>
<p>The city’s technical departments check that each project is feasible and estimate its cost.
They may suggest merging similar ideas, always with their authors’ agreement. Every project
that is not kept gets a reasoned answer, published on the platform.</p>
<h2>How do I vote?</h2>
<p>Online on this platform, or on paper at the neighbourhood town halls and at the library
while the vote is open. You choose several projects within your neighbourhood’s envelope. You
can change your vote as long as voting is open; only your last choice counts.</p>
<h2>What happens to the winning projects?</h2>
<p>They are included in the following year’s budget. You can follow the works, step by step,
in the “Project follow-up” section.</p>
"""

RULES_FR = """
<p>Cette plateforme est un espace de dialogue ouvert à toutes et à tous. Pour que chacun s’y
sente bienvenu, nous vous demandons de respecter quelques règles simples.</p>
<ol>
<li><strong>Respect</strong> : critiquez les idées, jamais les personnes. Les propos injurieux,
discriminatoires ou diffamatoires sont supprimés.</li>
<li><strong>Sincérité</strong> : un compte par personne. Les votes multiples sont annulés.</li>
<li><strong>Pertinence</strong> : restez dans le sujet de la concertation ; la publicité et
la propagande électorale ne sont pas admises.</li>
<li><strong>Vie privée</strong> : ne publiez pas d’informations personnelles sur autrui
(adresse, téléphone, photos).</li>
</ol>
<p>Chaque contribution peut être signalée. L’équipe de modération examine les signalements
sous 48 heures ouvrées et explique toute décision de masquage.</p>
"""

RULES_EN = """
<p>This platform is a space for dialogue open to everyone. So that everyone feels welcome,
we ask you to follow a few simple rules.</p>
<ol>
<li><strong>Respect</strong>: criticise ideas, never people. Insulting, discriminatory or
defamatory remarks are removed.</li>
<li><strong>Sincerity</strong>: one account per person. Multiple votes are cancelled.</li>
<li><strong>Relevance</strong>: stay on the topic of the consultation; advertising and
electioneering are not allowed.</li>
<li><strong>Privacy</strong>: do not publish personal information about others (address,
phone number, photos).</li>
</ol>
<p>Any contribution can be reported. The moderation team reviews reports within 48 working
hours and explains every decision to hide a contribution.</p>
"""

SEED_PAGES = [
    {
        "title": {"fr": "Questions fréquentes", "en": "Frequently asked questions"},
        "body": {"fr": FAQ_FR.strip(), "en": FAQ_EN.strip()},
        "video_url": "",
    },
    {
        "title": {"fr": "Règles de participation", "en": "Participation rules"},
        "body": {"fr": RULES_FR.strip(), "en": RULES_EN.strip()},
        "video_url": "",
    },
]


def seed_pages(component) -> list[Page]:
    """Add the demo pages after any existing ones; returns them."""
    with transaction.atomic():
        last = component.pages.aggregate(m=Max("position"))["m"]
        start = 0 if last is None else last + 1
        return Page.objects.bulk_create(
            Page(component=component, position=start + offset, **fields)
            for offset, fields in enumerate(SEED_PAGES)
        )
