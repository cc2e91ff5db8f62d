"""Factories of the surveys component: a component, and surveys built in the database."""

from django.utils import timezone

from palabre.components.surveys.models import Survey
from palabre.core.tests.factories import ComponentFactory
from palabre.forms.models import ConditionKind, Form, ItemKind
from palabre.forms.tests.factories import add_condition, add_item, option_of


class SurveysComponentFactory(ComponentFactory):
    manifest_name = "surveys"
    name = {"fr": "Enquêtes", "en": "Surveys"}


def surveys_settings(**global_values) -> dict:
    return {"global": global_values, "default_step": {"answers_enabled": True}, "steps": {}}


def survey_create(component, *, published=True, **fields) -> Survey:
    form = Form.objects.create(organization=component.space.organization, component=component)
    fields.setdefault("title", {"fr": "Enquête", "en": "Survey"})
    return Survey.objects.create(
        component=component,
        form=form,
        published_at=timezone.now() if published else None,
        **fields,
    )


def mobility_survey(component, **fields) -> Survey:
    """A published survey: how people come (mandatory), why by car (only for drivers), a
    scale, a free comment."""
    survey = survey_create(component, **fields)
    form = survey.form
    mode = add_item(
        form,
        ItemKind.SINGLE_CHOICE,
        "How do you come?",
        options=["Bus", "Car", "Other…"],
        mandatory=True,
    )
    why = add_item(form, ItemKind.SHORT_ANSWER, "Why by car?", mandatory=True)
    add_condition(why, mode, ConditionKind.EQUAL, option=option_of(mode, "Car"))
    add_item(form, ItemKind.SCALE, "Do you feel safe?", scale_max=5)
    add_item(form, ItemKind.LONG_ANSWER, "Anything else?", max_characters=200)
    return survey


def questions(survey):
    """The survey's questions by their English text."""
    return {item.body["en"]: item for item in survey.form.items.all()}


def by_bus(survey, **extra) -> dict:
    """POST data of a valid answer: by bus, feeling safe at 4."""
    q = questions(survey)
    mode = q["How do you come?"]
    data = {
        mode.name: str(option_of(mode, "Bus").pk),
        q["Do you feel safe?"].name: "4",
        "form_shown": ",".join(str(i.pk) for i in q.values() if i.body["en"] != "Why by car?"),
    }
    data.update(extra)
    return data
