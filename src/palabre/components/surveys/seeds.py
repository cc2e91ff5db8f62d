"""Demo content of a surveys component: a mobility survey (French and English) with every
type of question and two questions shown on conditions, and about 200 answers, so that the
results page shows real charts. In a private space, a short feedback survey instead.

Seeds are written by the platform itself for a demonstration, not by a person: there is no
actor to check or to record, so they write the models directly. The generated answers go
through the form engine's checks (a hidden question's answer is dropped, as it would be).
"""

# Demo texts use real typographic apostrophes, as published French and English texts do.

import datetime
import random

from django.db import transaction
from django.utils import timezone

from palabre.components.surveys.models import Survey
from palabre.forms.models import (
    Answer,
    AnswerChoice,
    ConditionKind,
    Form,
    FormCondition,
    FormItem,
    FormOption,
    FormRow,
    ItemKind,
    Response,
)
from palabre.forms.selectors import form_load
from palabre.forms.services import respondent_key
from palabre.forms.validation import submission_clean


def _t(fr: str, en: str) -> dict:
    return {"fr": fr, "en": en}


OTHER = _t("Autre", "Other")

MOBILITY = {
    "title": _t("Enquête sur vos déplacements", "Survey on how you get around"),
    "description": _t(
        "<p>La ville prépare son plan de mobilité. Dites-nous comment vous vous déplacez "
        "aujourd’hui et ce qui vous aiderait demain : dix minutes suffisent.</p>",
        "<p>The city is preparing its mobility plan. Tell us how you get around today and "
        "what would help you tomorrow: ten minutes are enough.</p>",
    ),
    "terms": _t(
        "<p>Vos réponses servent uniquement à préparer le plan de mobilité. Elles sont "
        "anonymes et publiées sous forme de statistiques.</p>",
        "<p>Your answers are used only to prepare the mobility plan. They are anonymous and "
        "published as statistics.</p>",
    ),
    "items": [
        {
            "kind": ItemKind.TITLE,
            "body": _t("Vos déplacements aujourd’hui", "How you travel today"),
            "description": _t(
                "<p>Pensez à une semaine ordinaire.</p>", "<p>Think of an ordinary week.</p>"
            ),
        },
        {
            "key": "mode",
            "kind": ItemKind.SINGLE_CHOICE,
            "body": _t(
                "Comment venez-vous le plus souvent au centre-ville ?",
                "How do you usually come to the city centre?",
            ),
            "mandatory": True,
            "options": [
                _t("À pied", "On foot"),
                _t("À vélo", "By bike"),
                _t("En bus ou en tram", "By bus or tram"),
                _t("En voiture", "By car"),
                OTHER,
            ],
            "free_text": [4],
            "max_characters": 80,
            "weights": [22, 18, 30, 25, 5],
        },
        {
            "key": "car",
            "kind": ItemKind.SHORT_ANSWER,
            "body": _t(
                "Qu’est-ce qui vous ferait laisser la voiture ?",
                "What would make you leave the car at home?",
            ),
            "description": _t(
                "<p>Cette question s’affiche parce que vous venez en voiture.</p>",
                "<p>This question is shown because you come by car.</p>",
            ),
            "max_characters": 200,
            "condition": ("mode", ConditionKind.EQUAL, 3, True),
        },
        {
            "key": "wishes",
            "kind": ItemKind.MULTIPLE_CHOICE,
            "body": _t(
                "Quels aménagements souhaitez-vous en priorité ?",
                "Which improvements do you want first?",
            ),
            "description": _t("<p>Trois au plus.</p>", "<p>Three at most.</p>"),
            "max_choices": 3,
            "options": [
                _t("Pistes cyclables protégées", "Protected cycle lanes"),
                _t("Plus de bus le soir", "More buses in the evening"),
                _t("Trottoirs plus larges", "Wider pavements"),
                _t("Stationnement vélo", "Bicycle parking"),
                _t("Bancs et ombre", "Benches and shade"),
            ],
            "weights": [30, 25, 15, 20, 10],
        },
        {
            "key": "ranking",
            "kind": ItemKind.RANKING,
            "body": _t(
                "Classez ces projets du plus urgent au moins urgent",
                "Rank these projects from the most to the least urgent",
            ),
            "options": [
                _t("Piste cyclable rue de la Gare", "Cycle lane on Station Street"),
                _t("Zone piétonne place du Marché", "Pedestrian zone on the Market Square"),
                _t("Navette électrique", "Electric shuttle"),
                _t("Parking relais à l’entrée de ville", "Park-and-ride at the city entrance"),
            ],
            "weights": [35, 30, 15, 20],
        },
        {
            "kind": ItemKind.GRID_SINGLE,
            "body": _t("Comment jugez-vous ces trajets ?", "How easy are these journeys?"),
            "options": [_t("Faciles", "Easy"), _t("Moyens", "Average"), _t("Difficiles", "Hard")],
            "rows": [
                _t("Domicile – travail", "Home – work"),
                _t("Domicile – école", "Home – school"),
                _t("Courses", "Shopping"),
            ],
            "weights": [40, 35, 25],
        },
        {
            "kind": ItemKind.GRID_MULTIPLE,
            "body": _t(
                "À quels moments utilisez-vous ces modes de transport ?",
                "When do you use these means of transport?",
            ),
            "description": _t(
                "<p>Deux moments au plus par ligne.</p>", "<p>Two times at most per row.</p>"
            ),
            "max_choices": 2,
            "options": [_t("Matin", "Morning"), _t("Midi", "Midday"), _t("Soir", "Evening")],
            "rows": [_t("Vélo", "Bike"), _t("Bus ou tram", "Bus or tram"), _t("Voiture", "Car")],
            "weights": [45, 15, 40],
        },
        {
            "key": "safety",
            "kind": ItemKind.SCALE,
            "body": _t(
                "Vous sentez-vous en sécurité à vélo en ville ?",
                "Do you feel safe cycling in the city?",
            ),
            "scale_max": 5,
            "scale_min_label": _t("Pas du tout", "Not at all"),
            "scale_max_label": _t("Tout à fait", "Completely"),
            "mandatory": True,
            "weights": [20, 30, 25, 17, 8],
        },
        {
            "key": "danger",
            "kind": ItemKind.LONG_ANSWER,
            "body": _t(
                "Où ne vous sentez-vous pas en sécurité à vélo ?",
                "Where do you not feel safe on a bike?",
            ),
            "description": _t(
                "<p>Un carrefour, une rue, un moment de la journée…</p>",
                "<p>A junction, a street, a time of day…</p>",
            ),
            "max_characters": 1000,
            # Shown to cyclists, or to anyone asking for protected cycle lanes.
            "condition": ("mode", ConditionKind.EQUAL, 1, False),
            "condition_2": ("wishes", ConditionKind.EQUAL, 0, False),
        },
        {"kind": ItemKind.SEPARATOR, "body": _t("Pour finir", "To finish")},
        {
            "kind": ItemKind.FILE,
            "body": _t(
                "Une photo ou un plan pour illustrer (facultatif)",
                "A photo or a map to illustrate (optional)",
            ),
        },
        {
            "key": "district",
            "kind": ItemKind.SHORT_ANSWER,
            "body": _t("Votre quartier", "Your neighbourhood"),
            "max_characters": 60,
        },
    ],
}

FEEDBACK = {
    "title": _t("Bilan de la formation", "Feedback on the training"),
    "description": _t(
        "<p>Quelques questions pour préparer la suite des travaux du groupe.</p>",
        "<p>A few questions to prepare the group’s next steps.</p>",
    ),
    "terms": {},
    "items": [
        {
            "kind": ItemKind.SCALE,
            "body": _t(
                "Les rencontres avec les scientifiques vous ont-elles été utiles ?",
                "Were the meetings with scientists useful to you?",
            ),
            "scale_max": 5,
            "scale_min_label": _t("Pas du tout", "Not at all"),
            "scale_max_label": _t("Beaucoup", "A lot"),
            "mandatory": True,
            "weights": [5, 10, 20, 35, 30],
        },
        {
            "kind": ItemKind.SINGLE_CHOICE,
            "body": _t("Quel thème approfondir ?", "Which topic should we go further into?"),
            "options": [
                _t("Énergie", "Energy"),
                _t("Alimentation", "Food"),
                _t("Transports", "Transport"),
            ],
            "weights": [30, 30, 40],
        },
        {
            "kind": ItemKind.LONG_ANSWER,
            "body": _t("Une remarque ?", "Any comment?"),
            "max_characters": 500,
        },
    ],
}

CAR_TEXTS = [
    "Un bus toutes les dix minutes",
    "Une piste cyclable continue jusqu’à mon travail",
    "Rien, j’habite trop loin",
    "Un parking relais avec une navette",
    "Des horaires de bus plus tardifs",
    "Pouvoir mettre mon vélo dans le tram",
]
DANGER_TEXTS = [
    "Le rond-point de la Gare aux heures de pointe.",
    "La rue Victor-Hugo : les voitures frôlent les vélos.",
    "Le carrefour devant le collège, le matin.",
    "Le pont, le soir, sans éclairage.",
    "Avenue de la République, quand les livreurs se garent sur la piste.",
]
DISTRICTS = ["Centre", "Gare", "Les Tilleuls", "Bords de Loire", "Saint-Jean", "Le Plateau"]
OTHER_MODES = ["Trottinette", "Covoiturage", "Roller", "Moto"]


def _create_form(component, survey_data: dict) -> tuple[Form, dict]:
    form = Form.objects.create(
        organization=component.space.organization, component=component, title=survey_data["title"]
    )
    by_key: dict[str, FormItem] = {}
    for position, data in enumerate(survey_data["items"]):
        item = FormItem.objects.create(
            form=form,
            kind=data["kind"],
            position=position,
            body=data.get("body", {}),
            description=data.get("description", {}),
            mandatory=data.get("mandatory", False),
            max_characters=data.get("max_characters", 0),
            max_choices=data.get("max_choices"),
            scale_max=data.get("scale_max"),
            scale_min_label=data.get("scale_min_label", {}),
            scale_max_label=data.get("scale_max_label", {}),
        )
        free_text = set(data.get("free_text", ()))
        item.seed_options = [
            FormOption.objects.create(
                item=item, body=body, free_text=index in free_text, position=index
            )
            for index, body in enumerate(data.get("options", ()))
        ]
        for index, body in enumerate(data.get("rows", ())):
            FormRow.objects.create(item=item, body=body, position=index)
        for name in ("condition", "condition_2"):
            if name in data:
                source_key, kind, option_index, mandatory = data[name]
                source = by_key[source_key]
                FormCondition.objects.create(
                    item=item,
                    source=source,
                    kind=kind,
                    option=source.seed_options[option_index],
                    mandatory=mandatory,
                )
        if "key" in data:
            by_key[data["key"]] = item
    return form, by_key


def _pick(rng: random.Random, options, weights):
    return rng.choices(options, weights=weights or None, k=1)[0]


def _random_data(rng: random.Random, loaded, survey_data: dict) -> dict:
    """A plausible answer to every question (hidden ones are dropped by the checks)."""
    data: dict = {}
    for item, spec in zip(loaded.items, survey_data["items"], strict=True):
        weights = spec.get("weights")
        options = item.option_list
        if item.kind == ItemKind.SINGLE_CHOICE:
            option = _pick(rng, options, weights)
            data[item.name] = str(option.pk)
            if option.free_text:
                data[f"{item.name}_o{option.pk}_text"] = rng.choice(OTHER_MODES)
        elif item.kind == ItemKind.MULTIPLE_CHOICE:
            count = rng.randint(1, item.max_choices or len(options))
            chosen = set()
            while len(chosen) < count:
                chosen.add(_pick(rng, options, weights).pk)
            data[item.name] = [str(pk) for pk in chosen]
        elif item.kind == ItemKind.RANKING:
            # Weighted order: the heavier an option, the likelier it comes first.
            remaining = list(zip(options, weights or [1] * len(options), strict=True))
            for rank in range(1, len(options) + 1):
                option, weight = _pick(rng, remaining, [w for _o, w in remaining])
                remaining.remove((option, weight))
                data[f"{item.name}_o{option.pk}"] = str(rank)
        elif item.kind == ItemKind.GRID_SINGLE:
            for row in item.row_list:
                if rng.random() < 0.9:
                    data[f"{item.name}_r{row.pk}"] = str(_pick(rng, options, weights).pk)
        elif item.kind == ItemKind.GRID_MULTIPLE:
            for row in item.row_list:
                if rng.random() < 0.8:
                    count = rng.randint(1, item.max_choices or len(options))
                    picked = {_pick(rng, options, weights).pk for _n in range(count)}
                    data[f"{item.name}_r{row.pk}"] = [str(pk) for pk in picked]
        elif item.kind == ItemKind.SCALE:
            data[item.name] = str(_pick(rng, range(1, item.scale_max + 1), weights))
        elif item.kind in (ItemKind.SHORT_ANSWER, ItemKind.LONG_ANSWER):
            pool = {"car": CAR_TEXTS, "danger": DANGER_TEXTS, "district": DISTRICTS}.get(
                spec.get("key"), []
            )
            if pool and rng.random() < 0.75:
                data[item.name] = rng.choice(pool)
    return data


def _generate_answers(survey: Survey, survey_data: dict, count: int, rng: random.Random) -> None:
    """`count` responses written in bulk, spread over the days the survey was open."""
    loaded = form_load(survey.form)
    start = survey.opens_at or timezone.now() - datetime.timedelta(days=7)
    span = max((timezone.now() - start).total_seconds(), 3600)
    responses, values = [], []
    for index in range(count):
        submission = submission_clean(loaded, _random_data(rng, loaded, survey_data))
        if not submission.is_valid:
            continue
        responses.append(
            Response(
                form=survey.form,
                respondent=respondent_key(survey.form, f"demo:{index}"),
                locale=rng.choice(["fr"] * 9 + ["en"]),
            )
        )
        values.append(submission.values)
    responses = Response.objects.bulk_create(responses)
    # The answers came in over the days the survey was open.
    for response in responses:
        response.created_at = start + datetime.timedelta(seconds=rng.uniform(0, span))
    Response.objects.bulk_update(responses, ["created_at"])
    answers = Answer.objects.bulk_create(
        Answer(response=response, question_id=question_id, text=value.text, number=value.number)
        for response, answered in zip(responses, values, strict=True)
        for question_id, value in answered.items()
    )
    by_key = {(answer.response_id, answer.question_id): answer for answer in answers}
    AnswerChoice.objects.bulk_create(
        AnswerChoice(
            answer=by_key[(response.pk, question_id)],
            question_id=question_id,
            option_id=choice.option_id,
            row_id=choice.row_id,
            position=choice.position,
            custom_text=choice.custom_text,
        )
        for response, answered in zip(responses, values, strict=True)
        for question_id, value in answered.items()
        for choice in value.choices
    )


def seed_surveys(component, rng: random.Random | None = None) -> list[Survey]:
    """A published survey with generated answers; returns the surveys created."""
    rng = rng or random.Random(component.pk)
    private = component.space.private
    survey_data = FEEDBACK if private else MOBILITY
    now = timezone.now()
    with transaction.atomic():
        form, _by_key = _create_form(component, survey_data)
        survey = Survey.objects.create(
            component=component,
            form=form,
            title=survey_data["title"],
            description=survey_data["description"],
            terms=survey_data["terms"],
            opens_at=now - datetime.timedelta(days=14),
            closes_at=now + datetime.timedelta(days=30),
            published_at=now - datetime.timedelta(days=14),
            anonymous=True,
            allow_unregistered=not private,
            public_results=True,
            # A survey of the demo is no news to anyone.
            opening_announced_at=now,
        )
        _generate_answers(survey, survey_data, 15 if private else 200, rng)
    return [survey]
