"""The demo's lighter participation: optional profile questions and anonymous proposals.

Both organizations ask a few optional profile questions with the reference figures of their
population (invented census shares); the people who took part in the city's market-square
consultation and in the metropolis' climate plan have answered them, so that the backoffice
page "Profile questions" compares each space's participants with the population at once,
small groups shown as "fewer than 5". The proposals of the market-square consultation, of
the climate plan and of the private space of the young climate ambassadors may be
published as an anonymous participant, and one proposal of each is.

Idempotent like the rest of the demo: an organization that has questions, a component with
an anonymous proposal, are left alone. Everything goes through the services.
"""

from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from palabre.core import services as core_services
from palabre.core.models import Component, Organization, User

# (question, [(option, reference share in percent)]) in French and English.
CITY_QUESTIONS = [
    (
        ("Tranche d’âge", "Age band"),
        [
            (("Moins de 25 ans", "Under 25"), "28"),
            (("25 à 44 ans", "25 to 44"), "30"),
            (("45 à 64 ans", "45 to 64"), "24"),
            (("65 ans et plus", "65 and over"), "18"),
        ],
    ),
    (
        ("Quartier", "District"),
        [
            (("Centre-ville", "City centre"), "22"),
            (("Les Tilleuls", "Les Tilleuls"), "31"),
            (("La Gare", "La Gare"), "27"),
            (("Bords de Loire", "Bords de Loire"), "20"),
        ],
    ),
    (
        ("Activité", "Occupation"),
        [
            (("En emploi", "Working"), "46"),
            (("Études", "Studying"), "14"),
            (("Retraite", "Retired"), "25"),
            (("Autre situation", "Other"), "15"),
        ],
    ),
]
METROPOLIS_QUESTIONS = CITY_QUESTIONS[:1]

# (organization host part, space slug, title, body) of the anonymous proposals.
ANONYMOUS_PROPOSALS = [
    (
        "place-du-marche",
        {
            "fr": "Des toilettes publiques ouvertes le jour du marché",
            "en": "Public toilets open on market days",
        },
        {
            "fr": "Les toilettes de la halle sont fermées le samedi matin : les ouvrir "
            "pendant le marché aiderait les personnes âgées et les familles.",
            "en": "The market hall's toilets are closed on Saturday mornings: opening them "
            "during the market would help older people and families.",
        },
    ),
    (
        "plan-climat",
        {
            "fr": "Un point de réparation de vélos dans chaque commune",
            "en": "A bicycle repair stand in every town",
        },
        {
            "fr": "Un point de gonflage et d’outils en libre accès devant chaque mairie de la "
            "métropole encouragerait les trajets à vélo.",
            "en": "A free pump and tool stand in front of every town hall of the metropolis "
            "would encourage trips by bicycle.",
        },
    ),
    (
        "jeunes-ambassadeurs-climat",
        {
            "fr": "Une semaine sans voiture devant les lycées",
            "en": "A car-free week in front of the high schools",
        },
        {
            "fr": "Fermer les rues devant les lycées aux voitures pendant une semaine "
            "pour mesurer la différence de bruit et de pollution.",
            "en": "Close the streets in front of the high schools to cars for a week to "
            "measure the difference in noise and pollution.",
        },
    ),
]


def _add_questions(admin: User, organization: Organization, questions, result) -> None:
    from palabre.profile_questions import services
    from palabre.profile_questions.models import ProfileQuestion

    if ProfileQuestion.objects.filter(organization=organization).exists():
        return
    for (question_fr, question_en), options in questions:
        question = services.profile_question_create(
            actor=admin,
            organization=organization,
            label={"fr": question_fr, "en": question_en},
        )
        for (option_fr, option_en), share in options:
            services.profile_option_create(
                actor=admin,
                question=question,
                label={"fr": option_fr, "en": option_en},
                reference_share=Decimal(share),
            )
    result.created.append(_("profile questions of %(name)s") % {"name": organization.name})


def _answer_for_participants(organization: Organization, slug: str) -> None:
    """The participants of a space answer, each in a way of their own (the demo's people
    skip a question now and then, as people do)."""
    from palabre.profile_questions import services
    from palabre.profile_questions.models import ProfileAnswer
    from palabre.profile_questions.selectors import participants_filter, profile_questions_of

    space = organization.spaces.filter(slug=slug).first()
    questions = profile_questions_of(organization=organization)
    if space is None or not questions:
        return
    people = User.objects.filter(participants_filter(space)).order_by("pk")
    answered = set(
        ProfileAnswer.objects.filter(question__organization=organization).values_list(
            "user_id", flat=True
        )
    )
    for person in people:
        if person.pk in answered:
            continue
        answers = {}
        for number, question in enumerate(questions):
            options = list(question.options.all())
            # Skewed towards the first options (participants are seldom like the census).
            pick = (person.pk * 7 + number * 3) % (len(options) + 2)
            if pick < len(options) + 1:
                answers[question.pk] = options[min(pick, len(options) - 1)].pk
        services.profile_answers_save(
            actor=person, user=person, organization=organization, answers=answers
        )


def _anonymous_proposal(admin: User, slug: str, title: dict, body: dict, result) -> None:
    from palabre.components.proposals import services
    from palabre.components.proposals.models import Proposal

    component = (
        Component.objects.filter(space__slug=slug, manifest_name="proposals")
        .select_related("space__organization")
        .order_by("pk")
        .first()
    )
    if component is None or Proposal.objects.filter(component=component, anonymous=True).exists():
        return
    settings = dict(component.settings or {})
    settings["global"] = {**settings.get("global", {}), "anonymous_proposals_enabled": True}
    component = core_services.component_update(actor=admin, component=component, settings=settings)
    # A member of the space writes it (the private space takes its members' proposals only).
    author = (
        User.objects.filter(space_memberships__space=component.space, is_active=True)
        .order_by("pk")
        .first()
        if component.space.private
        else User.objects.filter(email="alice@palabre.test").first()
    )
    if author is None:
        return
    language = component.space.organization.default_locale
    try:
        with transaction.atomic():
            draft = services.proposal_create_draft(
                author=author,
                component=component,
                title=title[language],
                body=body[language],
                anonymous=True,
            )
            services.proposal_publish(actor=author, proposal=draft)
    except (ValidationError, PermissionDenied) as error:
        result.notes.append(f"no anonymous proposal in {slug}: {error}")
    else:
        result.created.append(_("an anonymous proposal in %(space)s") % {"space": slug})


def add_light_participation(*, admin: User, organizations: list[Organization], result) -> None:
    """Profile questions in both organizations, answered by their spaces' participants, and
    one anonymous proposal in each place where the demo takes proposals."""
    for slug, title, body in ANONYMOUS_PROPOSALS:
        _anonymous_proposal(admin, slug, title, body, result)
    if not apps.is_installed("palabre.profile_questions"):
        return
    city, metropolis = organizations
    _add_questions(admin, city, CITY_QUESTIONS, result)
    _add_questions(admin, metropolis, METROPOLIS_QUESTIONS, result)
    _answer_for_participants(city, "place-du-marche")
    _answer_for_participants(metropolis, "plan-climat")
