"""The manifest: settings, the action, statistics, sitemap, public exports and demo seeds."""

import pytest
from django.test import Client

from palabre.components.surveys.models import Survey
from palabre.components.surveys.seeds import seed_surveys
from palabre.components.surveys.tests.factories import (
    SurveysComponentFactory,
    mobility_survey,
    questions,
)
from palabre.core.registry import components
from palabre.core.settings_schema import current_settings
from palabre.forms.models import ConditionKind, FormCondition, ItemKind, Response
from palabre.forms.tests.factories import option_of, respond

pytestmark = pytest.mark.django_db


def test_the_manifest_declares_settings_action_and_exports():
    manifest = components["surveys"]
    assert dict(manifest.actions) == {"answer": "Answer a survey"}
    assert {s.name for s in manifest.step_settings} == {"answers_enabled", "announcement"}
    assert set(manifest.exports) == {"csv", "xlsx", "json"}


def test_answers_are_open_by_default(component):
    assert current_settings(component).answers_enabled is True
    assert current_settings(component).unregistered_answers_per_hour == 30


def test_statistics_count_published_surveys_and_their_answers(component):
    published = mobility_survey(component)
    draft = mobility_survey(component, published=False)
    for survey, key in ((published, "a"), (draft, "b")):
        mode = questions(survey)["How do you come?"]
        respond(survey.form, {mode.name: str(option_of(mode, "Bus").pk)}, key)
    assert components["surveys"].stats([component]) == {"surveys": 1, "survey_answers": 1}


def test_the_sitemap_lists_published_surveys_and_public_results(component, private_space):
    survey = mobility_survey(component, public_results=True)
    quiet = mobility_survey(component)
    draft = mobility_survey(component, published=False)
    private = mobility_survey(SurveysComponentFactory(space=private_space))
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert f"{survey.get_absolute_url()}</loc>" in sitemap
    assert f"{survey.get_absolute_url()}results/</loc>" in sitemap
    assert f"{quiet.get_absolute_url()}</loc>" in sitemap
    assert f"{quiet.get_absolute_url()}results/" not in sitemap
    assert draft.get_absolute_url() not in sitemap
    assert private.get_absolute_url() not in sitemap


def test_public_exports_hold_results_of_public_surveys_only(component):
    public = mobility_survey(component, public_results=True)
    private_results = mobility_survey(component)
    for survey in (public, private_results):
        mode = questions(survey)["How do you come?"]
        respond(survey.form, {mode.name: str(option_of(mode, "Bus").pk)}, "same")
    rows = list(components["surveys"].exports["csv"](component))
    assert {row["survey_id"] for row in rows} == {public.pk}
    bus = next(row for row in rows if row["answer"] == "Bus")
    assert (bus["question_number"], bus["count"], bus["percent"]) == (1, 1, 100.0)
    assert all("respondent" not in row for row in rows)


def test_the_demo_seed_has_every_type_two_conditions_and_about_200_answers(space):
    component = SurveysComponentFactory(space=space)
    [survey] = seed_surveys(component)
    kinds = set(survey.form.items.values_list("kind", flat=True))
    assert kinds == set(ItemKind.values)
    conditional = FormCondition.objects.filter(item__form=survey.form)
    assert conditional.values("item").distinct().count() == 2
    assert set(conditional.values_list("kind", flat=True)) == {ConditionKind.EQUAL}
    assert 190 <= Response.objects.filter(form=survey.form).count() <= 200
    assert survey.is_open() and survey.public_results and survey.anonymous
    assert survey.title["en"] and survey.title["fr"]


def test_a_private_space_gets_a_short_feedback_survey(private_space):
    [survey] = seed_surveys(SurveysComponentFactory(space=private_space))
    assert not survey.allow_unregistered
    assert Survey.objects.count() == 1 and Response.objects.count() == 15


def test_the_announce_command_tells_followers_once(component, participant):
    import datetime
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from palabre.notifications.models import Notification
    from palabre.notifications.services import follow_create

    follow_create(user=participant, target=component.space)
    mobility_survey(component, opens_at=timezone.now() - datetime.timedelta(minutes=5))
    out = io.StringIO()
    call_command("surveys_announce", stdout=out)
    call_command("surveys_announce", stdout=out)
    assert out.getvalue().splitlines() == ["1 survey(s) announced.", "0 survey(s) announced."]
    assert Notification.objects.filter(recipient=participant).count() == 1


def test_public_exports_hold_nothing_of_a_private_space(private_space):
    component = SurveysComponentFactory(space=private_space)
    survey = mobility_survey(component, public_results=True)
    mode = questions(survey)["How do you come?"]
    respond(survey.form, {mode.name: str(option_of(mode, "Bus").pk)}, "member")
    assert list(components["surveys"].exports["json"](component)) == []
