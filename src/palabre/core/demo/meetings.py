"""The demo's meetings: what a city announces, fills, holds and reports.

The market-square consultation of the city gets a meetings component with meetings open for
registration (in person with a place on the map, online, hybrid), a guided walk that is full
with a waiting list, office hours, a workshop whose registration asks a few questions (the
form engine), and a kick-off meeting held twelve days ago and closed with its minutes, its
photos and the official proposals that came out of it. The metropolis' climate plan and the
private space of the young climate ambassadors get theirs too, so that each organization
shows meetings to come and meetings reported, and the private space shows that none of it
leaks out.

Idempotent like the rest of the demo: a space whose demo meetings exist is left alone.
Meetings and minutes go through the component's services where there are some (closing,
registering), so the demo shows what an organizer would get.
"""

import datetime
import random
import re

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import services
from palabre.core.demo.images import hero_image
from palabre.core.models import Component, Space, User

NNBSP = "\u202f"
COMPONENT_NAME = {"fr": "Rencontres", "en": "Meetings"}
# Settings of the demo's meetings components, in every step: participants may organize
# meetings and register for them.
OPEN = {"creation_enabled": True, "registrations_enabled": True}


def french(text: str) -> str:
    """French typography: the space written before : ; ! ? and inside « » becomes a narrow
    no-break space (times such as 18:30 and web addresses have none, and stay as they are)."""
    text = re.sub(r"[ \u00a0]+([:;!?])", NNBSP + r"\1", text)
    text = re.sub(r"«[ \u00a0]*", "«" + NNBSP, text)
    return re.sub(r"[ \u00a0]*»", NNBSP + "»", text)


def _texts(fr: str, en: str) -> dict:
    return {"fr": french(fr), "en": en}


KINDS = {
    "workshop": ("Atelier", "Workshop"),
    "public": ("Réunion publique", "Public meeting"),
    "office": ("Permanence", "Office hours"),
    "walk": ("Balade urbaine", "Site visit"),
}

# Guests of the full guided walk: people without an account, who registered with a name and
# an email address (the demo's addresses are never delivered).
GUESTS = [
    "Fatou Diallo",
    "Jean Lefèvre",
    "Inès Garcia",
    "Hugo Bernard",
    "Léa Petit",
    "Karim Benali",
    "Chloé Roux",
    "Mathis Fontaine",
    "Zoé Marchand",
    "Paul Girard",
    "Emma Lambert",
    "Nassim Haddad",
    "Louise Perrin",
]

# Meetings by space: `days` and `hour` place the start from the day the demo is built,
# `minutes` closes a past one.
MARKET_SQUARE = [
    {
        "key": "lancement",
        "days": -12,
        "hour": (18, 30),
        "hours": 2,
        "kind": "public",
        "type": "in_person",
        "title": _texts(
            "Réunion de lancement de la concertation",
            "Kick-off meeting of the consultation",
        ),
        "description": _texts(
            "<p>Présentation du calendrier de la concertation sur la place du Marché, puis "
            "tables rondes : comment utilisez-vous la place aujourd’hui ? Que voudriez-vous "
            "y trouver demain ?</p>",
            "<p>Presentation of the schedule of the consultation on the Market Square, then "
            "round tables: how do you use the square today? What would you like to find "
            "there tomorrow?</p>",
        ),
        "address": "2 place Sathonay, 69001 Lyon",
        "location": _texts("Salle des fêtes de la mairie", "Town hall function room"),
        "hints": _texts(
            "Entrée de plain-pied par la cour, boucle magnétique à l’accueil.",
            "Step-free entrance through the courtyard, hearing loop at the reception.",
        ),
        "coordinates": (45.7694, 4.8301),
        "registration": "none",
        "minutes": {
            "report": _texts(
                "<p>Une soixantaine d’habitantes et d’habitants sont venus, ainsi que des "
                "commerçants du marché. Après la présentation du calendrier, six tables ont "
                "travaillé sur les usages de la place.</p>"
                "<p>Trois attentes reviennent à chaque table : <strong>de l’ombre</strong> "
                "l’été, <strong>des bancs</strong> pour s’asseoir sans consommer, et une "
                "place où les enfants jouent sans risque. Le marché doit garder sa place "
                "le mercredi et le samedi.</p>"
                "<p>La ville reprend ces idées comme propositions officielles ; chacun peut "
                "les soutenir et les commenter jusqu’à la fin du diagnostic.</p>",
                "<p>About sixty residents came, along with traders of the market. After the "
                "presentation of the schedule, six tables worked on how the square is "
                "used.</p>"
                "<p>Three wishes came up at every table: <strong>shade</strong> in summer, "
                "<strong>benches</strong> to sit without buying anything, and a square where "
                "children play safely. The market must keep its place on Wednesdays and "
                "Saturdays.</p>"
                "<p>The city takes these ideas up as official proposals; everyone may support "
                "and comment on them until the end of the assessment.</p>",
            ),
            "attendees": 62,
            "contributions": 48,
            "organizations": "Comité de quartier des Pentes\nAssociation des commerçants du "
            "marché\nConseil citoyen\nMaison des jeunes et de la culture",
            "video": "https://video.example.org/ville-de-demo/lancement-place-du-marche",
            "transcript": french(
                "Table 1 : l’ombre manque l’été ; proposition de planter des tilleuls côté "
                "sud.\n"
                "Table 2 : des bancs sans obligation de consommer, accessibles en fauteuil.\n"
                "Table 3 : les voitures qui traversent la place le samedi font peur aux "
                "parents.\n"
                "Table 4 : garder le marché du mercredi et du samedi, avec de l’eau et de "
                "l’électricité pour les stands.\n"
                "Table 5 : une fontaine à boire, et des toilettes publiques.\n"
                "Table 6 : des jeux pour les petits, à l’ombre, loin de la rue."
            ),
            "new_proposals": [
                _texts(
                    "Planter des tilleuls côté sud de la place",
                    "Plant lime trees on the south side of the square",
                ),
                _texts(
                    "Des bancs à l’ombre, sans obligation de consommer",
                    "Benches in the shade, without having to buy anything",
                ),
                _texts(
                    "Une place sans voitures le samedi matin",
                    "A car-free square on Saturday mornings",
                ),
            ],
            "link_existing": 2,
            "photos": 3,
        },
    },
    {
        "key": "atelier-usages",
        "days": 6,
        "hour": (18, 30),
        "hours": 2,
        "kind": "workshop",
        "type": "in_person",
        "title": _texts(
            "Atelier de conception n° 1 : les usages de la place",
            "Design workshop 1: how the square is used",
        ),
        "description": _texts(
            "<p>Sur de grandes cartes de la place, dessinons ensemble les espaces du "
            "marché, des terrasses, des jeux et de l’ombre. Aucune connaissance technique "
            "n’est nécessaire : venez avec vos idées !</p>",
            "<p>On large maps of the square, let us draw together the spaces for the "
            "market, terraces, games and shade. No technical knowledge needed: bring your "
            "ideas!</p>",
        ),
        "address": "12 rue de la République, 69002 Lyon",
        "location": _texts("Maison des associations, salle 3", "Community centre, room 3"),
        "hints": _texts(
            "Au premier étage, ascenseur à gauche de l’entrée.",
            "First floor, lift on the left of the entrance.",
        ),
        "coordinates": (45.7622, 4.8357),
        "registration": "on_platform",
        "capacity": 30,
        "reserved": 4,
        "form": True,
    },
    {
        "key": "balade",
        "days": 3,
        "hour": (10, 0),
        "hours": 2,
        "kind": "walk",
        "type": "in_person",
        "title": _texts(
            "Balade urbaine autour de la place du Marché",
            "Guided walk around the Market Square",
        ),
        "description": _texts(
            "<p>Une balade de deux heures avec l’architecte-paysagiste de la ville : d’où "
            "vient-on, par où passe-t-on, où s’arrête-t-on ? Rendez-vous devant la "
            "fontaine.</p>",
            "<p>A two-hour walk with the city’s landscape architect: where do people come "
            "from, which way do they go, where do they stop? We meet at the fountain.</p>",
        ),
        "address": "Place du Marché, 69002 Lyon",
        "location": _texts("Devant la fontaine", "At the fountain"),
        "hints": _texts(
            "Parcours accessible en fauteuil, environ 2 km.",
            "Wheelchair-accessible route, about 2 km.",
        ),
        "coordinates": (45.7601, 4.8339),
        "registration": "on_platform",
        "capacity": 12,
        "reserved": 2,
        "full": True,
        "register": ["bob@palabre.test"],
    },
    {
        "key": "diagnostic-en-ligne",
        "days": 9,
        "hour": (19, 0),
        "hours": 1,
        "kind": "public",
        "type": "online",
        "title": _texts(
            "Réunion publique en ligne : les résultats du diagnostic",
            "Online public meeting: the results of the assessment",
        ),
        "description": _texts(
            "<p>Les services de la ville présentent ce que les balades, le questionnaire et "
            "les ateliers ont appris, puis répondent à vos questions en direct.</p>",
            "<p>The city’s departments present what the walks, the survey and the workshops "
            "taught, then answer your questions live.</p>",
        ),
        "online_url": "https://visio.example.org/ville-de-demo/diagnostic-place-du-marche",
        "online_visibility": "registered",
        "registration": "on_platform",
        "capacity": 0,
        "register": ["alice@palabre.test"],
    },
    {
        "key": "permanence-elue",
        "days": 2,
        "hour": (17, 0),
        "hours": 2,
        "kind": "office",
        "type": "hybrid",
        "title": _texts(
            "Permanence de l’adjointe à l’urbanisme",
            "Office hours of the deputy mayor for urban planning",
        ),
        "description": _texts(
            "<p>Venez poser vos questions sur le projet de la place, sur place ou en "
            "visioconférence. Sans inscription.</p>",
            "<p>Come and ask your questions about the square’s project, in person or by "
            "video call. No registration needed.</p>",
        ),
        "address": "1 place de la Comédie, 69001 Lyon",
        "location": _texts("Hôtel de ville, bureau 12", "Town hall, office 12"),
        "coordinates": (45.7676, 4.8364),
        "online_url": "https://visio.example.org/ville-de-demo/permanence-urbanisme",
        "online_visibility": "everyone",
        "registration": "none",
    },
]

CLIMATE_PLAN = [
    {
        "key": "forum-climat",
        "days": 8,
        "hour": (9, 30),
        "hours": 4,
        "kind": "public",
        "type": "hybrid",
        "title": _texts("Forum du plan climat", "Climate plan forum"),
        "description": _texts(
            "<p>Une matinée pour débattre des actions proposées par les habitants des "
            "vingt communes : énergie, transports, alimentation.</p>",
            "<p>A morning to debate the actions proposed by the residents of the twenty "
            "towns: energy, transport, food.</p>",
        ),
        "address": "20 rue du Lac, 69003 Lyon",
        "location": _texts("Hôtel de la métropole, grand salon", "Metropolis hall, main room"),
        "coordinates": (45.7596, 4.8553),
        "online_url": "https://visio.example.org/metropole/forum-climat",
        "online_visibility": "signed_in",
        "registration": "on_platform",
        "capacity": 150,
        "reserved": 20,
        "register": ["bob@palabre.test"],
    },
    {
        "key": "atelier-mobilites",
        "days": -5,
        "hour": (18, 0),
        "hours": 2,
        "kind": "workshop",
        "type": "in_person",
        "title": _texts(
            "Atelier mobilités : se déplacer sans voiture",
            "Mobility workshop: getting around without a car",
        ),
        "description": _texts(
            "<p>Comment rejoindre son travail, l’école ou le marché sans voiture ? Un atelier "
            "en petits groupes, cartes à l’appui.</p>",
            "<p>How to reach work, school or the market without a car? A workshop in small "
            "groups, maps at hand.</p>",
        ),
        "address": "5 place Charles Hernu, 69100 Villeurbanne",
        "location": _texts("Mairie de Villeurbanne, salle du conseil", "Villeurbanne town hall"),
        "coordinates": (45.7667, 4.8799),
        "registration": "none",
        "minutes": {
            "report": _texts(
                "<p>Trente-cinq participants venus de neuf communes. Les attentes les plus "
                "fortes : des bus plus fréquents le soir, des pistes cyclables continues "
                "entre les communes et des abris vélos près des gares.</p>",
                "<p>Thirty-five participants from nine towns. The strongest wishes: more "
                "frequent buses in the evening, continuous cycle lanes between towns and "
                "bicycle shelters near the stations.</p>",
            ),
            "attendees": 35,
            "contributions": 27,
            "organizations": "Collectif vélo métropolitain\nAssociation des usagers des transports",
            "transcript": french(
                "Groupe A : bus toutes les 10 minutes jusqu’à 22 h sur les lignes fortes.\n"
                "Groupe B : relier les pistes cyclables d’une commune à l’autre.\n"
                "Groupe C : abris vélos fermés dans chaque gare."
            ),
            "new_proposals": [
                _texts(
                    "Des bus toutes les dix minutes jusqu’à 22 h",
                    "Buses every ten minutes until 10 pm",
                ),
                _texts(
                    "Des abris vélos fermés dans chaque gare",
                    "Locked bicycle shelters at every station",
                ),
            ],
            "link_existing": 1,
            "photos": 2,
        },
    },
]

AMBASSADORS = [
    {
        "key": "climatologue",
        "days": 4,
        "hour": (14, 0),
        "hours": 2,
        "kind": "workshop",
        "type": "in_person",
        "title": _texts(
            "Rencontre avec une climatologue",
            "Meeting with a climate scientist",
        ),
        "description": _texts(
            "<p>Questions-réponses avec une chercheuse du laboratoire de climatologie, "
            "réservé aux membres du groupe.</p>",
            "<p>Questions and answers with a researcher of the climate laboratory, for the "
            "group’s members only.</p>",
        ),
        "address": "43 boulevard du 11 Novembre 1918, 69100 Villeurbanne",
        "location": _texts("Campus de la Doua, amphithéâtre B", "La Doua campus, lecture hall B"),
        "coordinates": (45.7797, 4.8722),
        "registration": "on_platform",
        "capacity": 25,
        "register": ["alice@palabre.test"],
    },
    {
        "key": "seance-formation",
        "days": -8,
        "hour": (14, 0),
        "hours": 3,
        "kind": "workshop",
        "type": "online",
        "title": _texts(
            "Séance de formation : le bilan carbone de la ville",
            "Training session: the city’s carbon footprint",
        ),
        "description": _texts(
            "<p>Les agents de la ville expliquent comment se calcule le bilan carbone et "
            "où se trouvent les plus grandes marges de progrès.</p>",
            "<p>City staff explain how the carbon footprint is calculated and where the "
            "largest room for progress lies.</p>",
        ),
        "online_url": "https://visio.example.org/ville-de-demo/ambassadeurs-formation",
        "online_visibility": "registered",
        "registration": "none",
        "minutes": {
            "report": _texts(
                "<p>Les transports et le chauffage des bâtiments représentent les deux tiers "
                "des émissions de la ville. Le groupe choisit de consacrer ses propositions "
                "aux écoles et aux trajets domicile-école.</p>",
                "<p>Transport and the heating of buildings make up two thirds of the city’s "
                "emissions. The group chooses to devote its proposals to schools and to "
                "journeys between home and school.</p>",
            ),
            "attendees": 18,
            "contributions": 14,
            "organizations": "",
            "transcript": "",
            "new_proposals": [
                _texts(
                    "Isoler en priorité les écoles les plus anciennes",
                    "Insulate the oldest schools first",
                ),
            ],
            "link_existing": 1,
            "photos": 1,
        },
    },
]


def _zone(organization):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(organization.time_zone or "Europe/Paris")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/Paris")


def _component(admin: User, space: Space, result) -> Component:
    """The space's meetings component, added and published when it has none."""
    existing = space.components.filter(manifest_name="meetings").order_by("id").first()
    if existing is not None:
        return existing
    component = services.component_create(
        actor=admin, space=space, manifest_name="meetings", name=COMPONENT_NAME
    )
    settings = component.settings
    settings["default_step"].update(OPEN)
    for step in space.steps.all():
        settings["steps"].setdefault(str(step.pk), {}).update(OPEN)
    component = services.component_update(actor=admin, component=component, settings=settings)
    component = services.component_set_published(actor=admin, component=component, published=True)
    result.created.append(_("meetings of %(space)s") % {"space": space.slug})
    return component


def _kinds(organization) -> dict:
    from palabre.components.meetings.models import MeetingKind

    kinds = {}
    for position, (key, (fr, en)) in enumerate(KINDS.items()):
        kind = MeetingKind.objects.filter(organization=organization, name__fr=fr).first()
        if kind is None:
            kind = MeetingKind.objects.create(
                organization=organization, name={"fr": fr, "en": en}, position=position
            )
        kinds[key] = kind
    return kinds


def _registration_form(admin: User, component: Component):
    """A short registration questionnaire, made with the form engine."""
    from palabre.forms import services as form_services
    from palabre.forms.services import OptionInput

    form = form_services.form_create(
        organization=component.space.organization,
        component=component,
        title=_texts("Inscription à l’atelier", "Registration for the workshop"),
    )
    form_services.question_save(
        actor=admin,
        form=form,
        kind="single_choice",
        body=_texts("Quel est votre lien avec la place ?", "How are you linked to the square?"),
        mandatory=True,
        options=[
            OptionInput(id=None, body=_texts(fr, en))
            for fr, en in (
                ("J’y habite", "I live there"),
                ("J’y travaille ou j’y tiens un stand", "I work there or hold a stall"),
                ("J’y passe ou j’y fais mes courses", "I pass through or shop there"),
            )
        ],
    )
    form_services.question_save(
        actor=admin,
        form=form,
        kind="short_answer",
        body=_texts(
            "Avez-vous besoin d’un aménagement pour venir (accès, interprète, garde d’enfants) ?",
            "Do you need an arrangement to come (access, interpreter, childcare)?",
        ),
    )
    return form


def _code(rng: random.Random, used: set[str]) -> str:
    from palabre.components.meetings.models import (
        REGISTRATION_CODE_ALPHABET,
        REGISTRATION_CODE_LENGTH,
    )

    while True:
        code = "".join(
            rng.choice(REGISTRATION_CODE_ALPHABET) for _ in range(REGISTRATION_CODE_LENGTH)
        )
        if code not in used:
            used.add(code)
            return code


def _fill(meeting, people: dict[str, User], emails: list[str], *, full: bool) -> None:
    """Register the demo people named (through the registration service, so that they get
    their code and follow the meeting), and, for a full meeting, guests on every seat left
    and three more on the waiting list."""
    from palabre.components.meetings.models import Registration
    from palabre.components.meetings.registrations import registration_create

    for email in emails:
        registration_create(meeting=meeting, user=people[email], language="fr")
    if not full:
        return
    rng = random.Random(f"demo-meeting-{meeting.pk}")
    used = set(meeting.registrations.values_list("code", flat=True))
    taken = meeting.registrations.filter(status=Registration.Status.CONFIRMED).count()
    last = meeting.registrations.order_by("-position").values_list("position", flat=True)
    position = (last.first() or 0) + 1
    seats_left = max(meeting.available_seats - taken, 0)
    rows = []
    for index, name in enumerate(GUESTS[: seats_left + 3]):
        rows.append(
            Registration(
                meeting=meeting,
                guest_name=name,
                guest_email=f"invite{index + 1}.{meeting.pk}@palabre.test",
                locale="fr",
                status=Registration.Status.CONFIRMED
                if index < seats_left
                else Registration.Status.WAITING,
                code=_code(rng, used),
                position=position + index,
            )
        )
    Registration.objects.bulk_create(rows)


def _photos(key: str, count: int) -> list:
    from palabre.attachments.services import Upload

    titles = [
        _texts("Les tables rondes", "The round tables")["fr"],
        _texts("Restitution en plénière", "Feedback in the plenary")["fr"],
        _texts("Les cartes annotées", "The annotated maps")["fr"],
    ]
    return [
        Upload(
            file=ContentFile(
                hero_image(f"meeting-{key}-{number}", palette=number, size=(960, 640)).read(),
                name=f"{key}-{number + 1}.jpg",
            ),
            title=titles[number % len(titles)],
            field=f"attachment_{number + 1}",
        )
        for number in range(count)
    ]


def _close(admin: User, meeting, data: dict, key: str) -> None:
    from palabre.components.meetings import minutes
    from palabre.components.proposals.models import Proposal

    space = meeting.component.space
    proposals_component = space.components.filter(manifest_name="proposals").order_by("id").first()
    existing = []
    new_proposals = []
    if proposals_component is not None:
        existing = list(
            Proposal.objects.filter(
                component=proposals_component, state=Proposal.State.PUBLISHED
            ).order_by("id")[: data["link_existing"]]
        )
        new_proposals = [minutes.NewProposal(title=title) for title in data["new_proposals"]]
    minutes.meeting_close(
        actor=admin,
        meeting=meeting,
        minutes=data["report"],
        attendees_count=data["attendees"],
        contributions_count=data["contributions"],
        attending_organizations=data["organizations"],
        minutes_video_url=data.get("video", ""),
        minutes_public=True,
        transcript=data["transcript"],
        proposal_ids=[proposal.pk for proposal in existing],
        new_proposals=new_proposals,
        proposals_component=proposals_component if new_proposals else None,
        photos=_photos(key, data["photos"]),
        language="fr",
    )


def _meeting(admin, component, data: dict, kinds: dict, today: datetime.date):
    from palabre.components.meetings.models import Meeting
    from palabre.components.meetings.services import meeting_reference

    organization = component.space.organization
    hour, minute = data["hour"]
    start = datetime.datetime.combine(
        today + datetime.timedelta(days=data["days"]),
        datetime.time(hour, minute),
        tzinfo=_zone(organization),
    )
    latitude, longitude = data.get("coordinates", (None, None))
    meeting = Meeting.objects.create(
        component=component,
        title=data["title"],
        description=data["description"],
        type_of_meeting=data["type"],
        kind=kinds[data["kind"]],
        official=True,
        address=data.get("address", ""),
        location=data.get("location", {}),
        location_hints=data.get("hints", {}),
        latitude=latitude,
        longitude=longitude,
        online_url=data.get("online_url", ""),
        online_visibility=data.get("online_visibility", Meeting.OnlineVisibility.EVERYONE),
        start_at=start,
        end_at=start + datetime.timedelta(hours=data["hours"]),
        registration_type=data["registration"],
        capacity=data.get("capacity", 0),
        reserved_seats=data.get("reserved", 0),
        registrations_enabled=data["registration"] == "on_platform" and data["days"] > 0,
        guests_allowed=data["registration"] == "on_platform",
        published_at=timezone.now(),
    )
    meeting.reference = meeting_reference(meeting)
    if data.get("form"):
        meeting.registration_form = _registration_form(admin, component)
    meeting.save()
    return meeting


def _add(admin: User, space: Space | None, meetings: list[dict], people, today, result) -> None:
    if space is None:
        return
    from palabre.components.meetings.models import Meeting

    component = _component(admin, space, result)
    first = meetings[0]["title"]["fr"]
    if Meeting.objects.filter(component=component, title__fr=first).exists():
        return
    kinds = _kinds(space.organization)
    for data in meetings:
        meeting = _meeting(admin, component, data, kinds, today)
        if data.get("register") or data.get("full"):
            _fill(meeting, people, data.get("register", []), full=data.get("full", False))
        if data.get("minutes"):
            _close(admin, meeting, data["minutes"], f"{space.slug}-{data['key']}")


def add_meetings(
    *, admin: User, organizations: list, people: dict[str, User], today: datetime.date, result
) -> None:
    """Meetings in the market-square consultation and the private space of the city, and in
    the climate plan of the metropolis (see the module's docstring)."""
    if not apps.is_installed("palabre.components.meetings"):
        return
    city, metropolis = organizations

    def space(organization, slug):
        return Space.objects.filter(organization=organization, slug=slug).first()

    _add(admin, space(city, "place-du-marche"), MARKET_SQUARE, people, today, result)
    _add(admin, space(city, "jeunes-ambassadeurs-climat"), AMBASSADORS, people, today, result)
    _add(admin, space(metropolis, "plan-climat"), CLIMATE_PLAN, people, today, result)
