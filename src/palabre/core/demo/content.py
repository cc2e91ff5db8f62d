"""What the demo holds: two organizations, three people and the spaces of a French city.

Dates are offsets in days from the day the demo is built, so that a fresh demo always has a
process taking proposals, one in its vote, one to come and one finished with its results.
Texts are French (the organizations' default language) with their English translation.

A component is `(type, name, settings)`: the settings the demo gives it (`global`,
`default_step`, and `steps` by index of the step in the process); each component type's own
seeds then fill it, for the phase in force.
"""

PASSWORD = "palabre-demo"

# The demo admin's second factor. Fixed and published on purpose, so that anyone trying the
# demo can add it to an authenticator app (or run `palabre demo_totp`); a demo only.
ADMIN_TOTP_SECRET = "PALABREDEMOADMINSECRETTOTP234567"

ADMIN_EMAIL = "admin@palabre.test"

# Every installed component type, each filled by its seeds (the private process has them all,
# to show that none of their content leaks out of it).
EVERY_COMPONENT = "every"

# A proposals phase: people submit, support and endorse proposals.
PROPOSALS_OPEN = {"creation_enabled": True, "supports": "enabled", "endorsements": "enabled"}

# A vote from the vote step on; finished in the step after it.
BUDGET_VOTE = {"steps": {2: {"voting": "open"}, 3: {"voting": "finished"}}}

# (person, process) followed: notifications come as others take part.
FOLLOWS = [("alice@palabre.test", "place-du-marche"), ("bob@palabre.test", "budget-participatif")]

PEOPLE = [
    {
        "email": ADMIN_EMAIL,
        "nickname": "admin",
        "name": "Camille Martin",
        "locale": "fr",
        "about": "Chargée de la participation citoyenne à la Ville de Démo.",
        "admin": True,
    },
    {
        "email": "alice@palabre.test",
        "nickname": "alice",
        "name": "Alice Moreau",
        "locale": "fr",
        "about": "Habitante du quartier des Tilleuls, jardinière et cycliste.",
        "admin": False,
    },
    {
        "email": "bob@palabre.test",
        "nickname": "bob",
        "name": "Bob Nguyen",
        "locale": "en",
        "about": "Parent d’élève, membre du conseil citoyen.",
        "admin": False,
    },
]

CITY = {
    "host": "127.0.0.1",
    "name": "Ville de Démo",
    "reference_prefix": "DEMO",
    "primary_color": "#1c4f8c",
    "secondary_color": "#3fa7a0",
    "contact_email": "participation@palabre.test",
    "description": {
        "fr": (
            "<p>Bienvenue sur la plateforme de participation de la Ville de Démo. Proposez vos "
            "idées, donnez votre avis sur les projets de la ville et votez pour ceux qui "
            "changeront votre quartier.</p>"
        ),
        "en": (
            "<p>Welcome to the participation platform of the City of Démo. Share your ideas, "
            "give your opinion on the city’s projects and vote for those that will change "
            "your neighbourhood.</p>"
        ),
    },
    "announcement": {
        "fr": (
            "<p>Plateforme de démonstration : les contenus sont fictifs et remis à zéro "
            "régulièrement.</p>"
        ),
        "en": "<p>Demonstration platform: the content is fictional and reset regularly.</p>",
    },
}

METROPOLIS = {
    "host": "localhost",
    "name": "Métropole de Démo",
    "reference_prefix": "METRO",
    "primary_color": "#5a189a",
    "secondary_color": "#f48c06",
    "contact_email": "concertation@palabre.test",
    "description": {
        "fr": (
            "<p>La Métropole de Démo partage cette installation avec la Ville de Démo : "
            "chaque organisation a son adresse, ses couleurs et ses administrateurs.</p>"
        ),
        "en": (
            "<p>The Démo Metropolis shares this installation with the City of Démo: each "
            "organization has its own address, colours and administrators.</p>"
        ),
    },
    "announcement": {},
}

BUDGET_GROUP = {
    "title": {"fr": "Budgets participatifs", "en": "Participatory budgets"},
    "description": {
        "fr": (
            "<p>Chaque année, une part du budget d’investissement de la ville est confiée aux "
            "habitantes et habitants. Retrouvez ici toutes les éditions.</p>"
        ),
        "en": (
            "<p>Every year, part of the city’s investment budget is entrusted to its "
            "residents. Find every edition here.</p>"
        ),
    },
}


def _step(fr: str, en: str, start: int, end: int, text_fr: str, text_en: str) -> dict:
    return {
        "title": {"fr": fr, "en": en},
        "description": {"fr": f"<p>{text_fr}</p>", "en": f"<p>{text_en}</p>"},
        "start": start,
        "end": end,
    }


def _budget_steps(shift: int) -> list[dict]:
    """The four phases of a participatory budget, `shift` days from today."""
    return [
        _step(
            "Dépôt des idées",
            "Submitting ideas",
            shift - 60,
            shift - 21,
            "Chacun propose des projets pour son quartier ou pour toute la ville.",
            "Everyone proposes projects for their neighbourhood or the whole city.",
        ),
        _step(
            "Étude de faisabilité",
            "Feasibility review",
            shift - 20,
            shift + 10,
            "Les services de la ville étudient et chiffrent chaque projet.",
            "The city’s departments review and cost every project.",
        ),
        _step(
            "Vote",
            "Vote",
            shift + 11,
            shift + 40,
            "Les habitantes et habitants choisissent les projets à réaliser.",
            "Residents choose the projects to carry out.",
        ),
        _step(
            "Réalisation des projets",
            "Carrying out the projects",
            shift + 41,
            shift + 400,
            "Les projets lauréats sont réalisés ; suivez leur avancement.",
            "The winning projects are built; follow their progress.",
        ),
    ]


def _budget_metadata() -> dict:
    return {
        "objectives": {
            "fr": "Donner aux habitants le pouvoir de décider de 1,5 M€ d’investissements.",
            "en": "Give residents the power to decide on €1.5M of investments.",
        },
        "target": {
            "fr": "Toute personne de 11 ans ou plus qui vit, travaille ou étudie dans la ville.",
            "en": "Anyone aged 11 or over who lives, works or studies in the city.",
        },
        "participatory_scope": {
            "fr": "Les projets financés par le budget participatif.",
            "en": "The projects funded by the participatory budget.",
        },
        "participatory_structure": {
            "fr": "Vote en ligne et sur papier ; les projets les plus soutenus sont réalisés.",
            "en": "Online and paper vote; the most supported projects are carried out.",
        },
        "organizer": {"fr": "Mission participation citoyenne", "en": "Citizen participation team"},
        "local_area": {"fr": "Toute la ville", "en": "The whole city"},
    }


# Each process: its steps (day offsets from today), the step to activate (an index, or None
# when it has not started), and the component types to add, filled by their own demo seeds.
PROCESSES = [
    {
        "slug": "budget-participatif",
        "year_offset": 0,
        "title": {"fr": "Budget participatif {year}", "en": "Participatory budget {year}"},
        "subtitle": {
            "fr": "1,5 million d’euros pour vos projets",
            "en": "€1.5 million for your projects",
        },
        "short_description": {
            "fr": "<p>Proposez, puis votez pour les projets qui transformeront la ville.</p>",
            "en": "<p>Propose, then vote for the projects that will transform the city.</p>",
        },
        "description": {
            "fr": (
                "<p>Pour la troisième année, la Ville de Démo confie 1,5 million d’euros de son "
                "budget d’investissement aux habitantes et habitants. Jardins partagés, pistes "
                "cyclables, aires de jeux, bancs et fontaines : à vous de décider.</p>"
                "<p>Les projets sont étudiés par les services de la ville, puis soumis au vote "
                "de toutes et tous, en ligne et dans les mairies de quartier.</p>"
            ),
            "en": (
                "<p>For the third year, the City of Démo entrusts €1.5 million of its "
                "investment budget to its residents. Shared gardens, cycle lanes, playgrounds, "
                "benches and fountains: it is up to you.</p>"
                "<p>The city’s departments review the projects, then everyone votes on them, "
                "online and in the neighbourhood town halls.</p>"
            ),
        },
        "announcement": {
            "fr": (
                "<p>Le vote est ouvert : choisissez les projets de votre quartier, en ligne ou "
                "dans les mairies de quartier.</p>"
            ),
            "en": (
                "<p>Voting is open: choose the projects of your district, online or in the "
                "neighbourhood town halls.</p>"
            ),
        },
        "metadata": _budget_metadata(),
        "reference_code": "DEMO-BP",
        # In its vote: voting opened nine days ago and closes in twenty days.
        "steps": _budget_steps(-20),
        "active_step": 2,
        "promoted": True,
        "in_budget_group": True,
        "palette": 0,
        "components": [
            ("budgets", {"fr": "Projets", "en": "Projects"}, BUDGET_VOTE),
            ("pages", {"fr": "Questions et règles", "en": "Questions and rules"}),
            ("blogs", {"fr": "Actualités", "en": "News"}),
        ],
    },
    {
        "slug": "place-du-marche",
        "title": {"fr": "Réinventons la place du Marché", "en": "Reinventing the Market Square"},
        "subtitle": {
            "fr": "Une concertation pour la place au cœur de la ville",
            "en": "A consultation on the square at the heart of the city",
        },
        "short_description": {
            "fr": "<p>Plus d’arbres, moins de voitures ? Dites-nous ce que vous souhaitez.</p>",
            "en": "<p>More trees, fewer cars? Tell us what you would like.</p>",
        },
        "description": {
            "fr": (
                "<p>La place du Marché sera réaménagée en {next_year}. Avant de dessiner le "
                "projet, la ville veut connaître vos usages et vos envies : marché, terrasses, "
                "jeux d’enfants, ombre, stationnement des vélos.</p>"
            ),
            "en": (
                "<p>The Market Square will be redesigned in {next_year}. Before drawing up the "
                "plans, the city wants to know how you use it and what you wish for: market, "
                "terraces, children’s games, shade, bicycle parking.</p>"
            ),
        },
        "metadata": {
            "local_area": {"fr": "Centre-ville", "en": "City centre"},
            "organizer": {"fr": "Direction de l’urbanisme", "en": "Urban planning department"},
        },
        "reference_code": "DEMO-MARCHE",
        "steps": [
            _step(
                "Diagnostic partagé",
                "Shared assessment",
                -14,
                14,
                "Balades urbaines et questionnaire sur les usages de la place.",
                "Urban walks and a survey on how the square is used.",
            ),
            _step(
                "Ateliers de conception",
                "Design workshops",
                15,
                45,
                "Trois ateliers pour dessiner ensemble des scénarios.",
                "Three workshops to draw up scenarios together.",
            ),
            _step(
                "Choix du scénario",
                "Choosing a scenario",
                46,
                75,
                "Les habitants donnent leur avis sur les scénarios retenus.",
                "Residents give their opinion on the chosen scenarios.",
            ),
        ],
        "active_step": 0,
        "promoted": True,
        "palette": 1,
        # Taking proposals: submit, support (five each), endorse, comment.
        "components": [
            (
                "proposals",
                {"fr": "Propositions", "en": "Proposals"},
                {"global": {"supports_limit": 5}, "steps": {0: PROPOSALS_OPEN}},
            ),
            ("sortitions", {"fr": "Tirages au sort", "en": "Draws by lot"}),
            # A mobility survey with every type of question and about 200 answers.
            ("surveys", {"fr": "Enquête mobilité", "en": "Mobility survey"}),
        ],
    },
    {
        "slug": "plan-velo",
        "title": {"fr": "Plan vélo 2027–2030", "en": "Cycling plan 2027–2030"},
        "subtitle": {
            "fr": "Où voulez-vous pédaler demain ?",
            "en": "Where do you want to ride tomorrow?",
        },
        "short_description": {
            "fr": "<p>Bientôt : contribuez au futur réseau cyclable de la ville.</p>",
            "en": "<p>Coming soon: help shape the city’s future cycle network.</p>",
        },
        "description": {
            "fr": (
                "<p>Le prochain plan vélo fixera les itinéraires, les stationnements et les "
                "services à développer d’ici 2030. La concertation ouvrira bientôt : signalez "
                "les points noirs et proposez des itinéraires.</p>"
            ),
            "en": (
                "<p>The next cycling plan will set the routes, parking and services to develop "
                "by 2030. The consultation opens soon: report danger spots and propose "
                "routes.</p>"
            ),
        },
        "metadata": {
            "local_area": {"fr": "Toute la ville", "en": "The whole city"},
            "organizer": {"fr": "Direction des mobilités", "en": "Mobility department"},
        },
        "reference_code": "DEMO-VELO",
        "steps": [
            _step(
                "Carte des points noirs",
                "Map of danger spots",
                30,
                70,
                "Signalez les carrefours et les rues où vous ne vous sentez pas en sécurité.",
                "Report the junctions and streets where you do not feel safe.",
            ),
            _step(
                "Propositions d’itinéraires",
                "Route proposals",
                71,
                110,
                "Proposez les itinéraires à aménager en priorité.",
                "Propose the routes to build first.",
            ),
            _step(
                "Restitution",
                "Feedback",
                111,
                140,
                "La ville présente le plan et ce qu’elle a retenu de vos contributions.",
                "The city presents the plan and what it kept from your contributions.",
            ),
        ],
        "active_step": None,
        "palette": 2,
        "components": [],
    },
    {
        "slug": "premier-budget-participatif",
        "year_offset": -1,
        "title": {"fr": "Budget participatif {year}", "en": "Participatory budget {year}"},
        "subtitle": {"fr": "24 projets lauréats", "en": "24 winning projects"},
        "short_description": {
            "fr": "<p>L’édition précédente : 3 200 votants, 24 projets réalisés.</p>",
            "en": "<p>The previous edition: 3,200 voters, 24 projects carried out.</p>",
        },
        "description": {
            "fr": (
                "<p>Plus de 3 200 habitantes et habitants ont voté. Les 24 projets lauréats "
                "sont en cours de réalisation : suivez leur avancement dans les actualités.</p>"
            ),
            "en": (
                "<p>More than 3,200 residents voted. The 24 winning projects are being "
                "carried out: follow their progress in the news.</p>"
            ),
        },
        "metadata": _budget_metadata(),
        "reference_code": "DEMO-BP-PREC",
        "steps": [{**step, "end": min(step["end"], -100)} for step in _budget_steps(-180)],
        "active_step": 3,
        "in_budget_group": True,
        "palette": 3,
        # Finished: the vote counted and its results published, the projects followed up.
        "components": [
            ("budgets", {"fr": "Projets et résultats", "en": "Projects and results"}, BUDGET_VOTE),
            ("accountability", {"fr": "Suivi des réalisations", "en": "Follow-up of the projects"}),
            ("pages", {"fr": "Questions et règles", "en": "Questions and rules"}),
            ("blogs", {"fr": "Actualités", "en": "News"}),
        ],
    },
    {
        "slug": "jeunes-ambassadeurs-climat",
        "title": {"fr": "Jeunes ambassadeurs du climat", "en": "Young climate ambassadors"},
        "subtitle": {
            "fr": "Un groupe de travail sur invitation",
            "en": "A working group by invitation",
        },
        "short_description": {
            "fr": "<p>Espace privé du groupe des jeunes ambassadeurs du climat.</p>",
            "en": "<p>Private space of the young climate ambassadors’ group.</p>",
        },
        "description": {
            "fr": (
                "<p>Vingt jeunes de 15 à 25 ans préparent des propositions pour le plan climat "
                "de la ville. Cet espace est réservé à ses membres.</p>"
            ),
            "en": (
                "<p>Twenty young people aged 15 to 25 prepare proposals for the city’s climate "
                "plan. This space is for its members only.</p>"
            ),
        },
        "metadata": {},
        "reference_code": "DEMO-CLIMAT",
        "steps": [
            _step(
                "Formation",
                "Training",
                -30,
                -1,
                "Rencontres avec des scientifiques et des agents de la ville.",
                "Meetings with scientists and city staff.",
            ),
            _step(
                "Rédaction des propositions",
                "Drafting proposals",
                0,
                45,
                "Le groupe rédige ses propositions.",
                "The group drafts its proposals.",
            ),
            _step(
                "Présentation au conseil municipal",
                "Presentation to the city council",
                46,
                60,
                "Les propositions sont présentées aux élus.",
                "The proposals are presented to the councillors.",
            ),
        ],
        "active_step": 1,
        "private": True,
        "members": ["alice@palabre.test"],
        "palette": 4,
        "components": EVERY_COMPONENT,
        "component_settings": {"proposals": {"steps": {1: PROPOSALS_OPEN}}},
    },
    {
        "slug": "cantines-scolaires",
        "title": {"fr": "Menus des cantines scolaires", "en": "School canteen menus"},
        "subtitle": {
            "fr": "Une commission de parents, lisible par toutes et tous",
            "en": "A parents’ committee, readable by everyone",
        },
        "short_description": {
            "fr": "<p>Les travaux de la commission des menus, publiés en toute transparence.</p>",
            "en": "<p>The work of the menu committee, published in full transparency.</p>",
        },
        "description": {
            "fr": (
                "<p>Des parents, des cuisiniers et une diététicienne revoient les menus des "
                "écoles : plus de produits locaux, moins de gaspillage. Tout le monde peut "
                "suivre leurs travaux ; seuls les membres de la commission y contribuent.</p>"
            ),
            "en": (
                "<p>Parents, cooks and a dietitian review the school menus: more local "
                "produce, less waste. Everyone can follow their work; only committee members "
                "contribute.</p>"
            ),
        },
        "metadata": {},
        "reference_code": "DEMO-CANTINES",
        "steps": [
            _step(
                "État des lieux",
                "Current situation",
                -20,
                10,
                "Visite des cuisines centrales et analyse des menus actuels.",
                "Visit of the central kitchens and review of the current menus.",
            ),
            _step(
                "Nouveaux menus",
                "New menus",
                11,
                60,
                "La commission propose de nouveaux menus, testés dans deux écoles.",
                "The committee proposes new menus, tried in two schools.",
            ),
            _step(
                "Bilan",
                "Review",
                61,
                90,
                "Bilan des essais et généralisation.",
                "Review of the trials and roll-out.",
            ),
        ],
        "active_step": 0,
        "private": True,
        "transparent": True,
        "members": ["bob@palabre.test"],
        "palette": 5,
        # Everyone reads the menu ideas; only the committee's members propose and support.
        "components": [
            (
                "proposals",
                {"fr": "Idées de menus", "en": "Menu ideas"},
                {"steps": {0: PROPOSALS_OPEN}},
            )
        ],
    },
]

ASSEMBLY = {
    "slug": "conseil-citoyen",
    "title": {"fr": "Conseil citoyen", "en": "Citizens’ council"},
    "subtitle": {
        "fr": "Trente habitants tirés au sort qui conseillent la municipalité",
        "en": "Thirty residents drawn by lot who advise the city council",
    },
    "short_description": {
        "fr": "<p>Le conseil citoyen donne son avis sur les grands projets de la ville.</p>",
        "en": "<p>The citizens’ council gives its opinion on the city’s major projects.</p>",
    },
    "description": {
        "fr": (
            "<p>Le conseil citoyen réunit trente habitantes et habitants tirés au sort pour "
            "deux ans. Il se réunit chaque mois, peut se saisir de tout sujet d’intérêt local "
            "et rend des avis publics auxquels la municipalité répond.</p>"
        ),
        "en": (
            "<p>The citizens’ council brings together thirty residents drawn by lot for two "
            "years. It meets every month, may take up any local matter and issues public "
            "opinions to which the city council answers.</p>"
        ),
    },
    "metadata": {
        "purpose_of_action": {
            "fr": "Conseiller la municipalité et suivre les engagements pris.",
            "en": "Advise the city council and follow up on its commitments.",
        },
        "composition": {
            "fr": "30 habitants tirés au sort, renouvelés par moitié chaque année.",
            "en": "30 residents drawn by lot, half renewed every year.",
        },
        "internal_organisation": {
            "fr": "Une séance plénière par mois et des groupes de travail thématiques.",
            "en": "One plenary session a month and thematic working groups.",
        },
        "local_area": {"fr": "Toute la ville", "en": "The whole city"},
    },
    "reference_code": "DEMO-CC",
    "palette": 6,
    "members": [
        {
            "full_name": "Alice Moreau",
            "email": "alice@palabre.test",
            "role": {"fr": "Co-présidente", "en": "Co-chair"},
        },
        {
            "full_name": "Bob Nguyen",
            "email": "bob@palabre.test",
            "role": {"fr": "Rapporteur", "en": "Rapporteur"},
        },
        {"full_name": "Fatou Diallo", "role": {"fr": "Co-présidente", "en": "Co-chair"}},
        {"full_name": "Jean Lefèvre", "role": {"fr": "Membre", "en": "Member"}},
        {"full_name": "Inès Garcia", "role": {"fr": "Membre", "en": "Member"}},
    ],
}

# The second organization: one consultation taking proposals, enough to show that it is a
# separate site with its own content.
METROPOLIS_PROCESS = {
    "slug": "plan-climat",
    "title": {"fr": "Plan climat métropolitain", "en": "Metropolitan climate plan"},
    "subtitle": {"fr": "Vingt communes, un plan", "en": "Twenty towns, one plan"},
    "short_description": {
        "fr": "<p>Contribuez au plan climat des vingt communes de la métropole.</p>",
        "en": "<p>Contribute to the climate plan of the metropolis’ twenty towns.</p>",
    },
    "description": {
        "fr": "<p>La métropole prépare son plan climat et consulte ses habitants.</p>",
        "en": "<p>The metropolis is preparing its climate plan and consults its residents.</p>",
    },
    "metadata": {},
    "reference_code": "METRO-CLIMAT",
    "steps": [
        _step(
            "Consultation",
            "Consultation",
            -10,
            50,
            "Chacun peut proposer des actions pour le climat.",
            "Everyone may propose actions for the climate.",
        ),
        _step(
            "Adoption",
            "Adoption",
            51,
            90,
            "Le conseil métropolitain adopte le plan.",
            "The metropolitan council adopts the plan.",
        ),
    ],
    "active_step": 0,
    "promoted": True,
    "palette": 7,
    "components": [
        (
            "proposals",
            {"fr": "Actions proposées", "en": "Proposed actions"},
            {"steps": {0: PROPOSALS_OPEN}},
        )
    ],
}
