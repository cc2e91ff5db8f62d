"""The backoffice of surveys: creating a survey, building its questions without JavaScript,
conditions (with clear messages for bad patterns), copies and templates, publication,
results, exports, clearing test answers; who may do what; the action log."""

import csv
import io
import json

import pytest

from palabre.components.surveys.models import Survey
from palabre.components.surveys.tests.factories import (
    mobility_survey,
    questions,
    survey_create,
)
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog
from palabre.forms.models import FormCondition, FormItem, FormOption, ItemKind, Response
from palabre.forms.tests.factories import add_item, option_of, respond

pytestmark = pytest.mark.django_db


def admin_url(component, name="index", **kwargs):
    return component_admin_url(component, name, **kwargs)


@pytest.fixture
def admin(signed_in, space_admin):
    return signed_in(space_admin)


def line_data(prefix, lines, extra=3):
    """Formset data: `lines` are (id or "", French text, English text[, free text])."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(lines) + extra),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for line in lines if line[0])),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "100",
    }
    for index, line in enumerate(lines):
        data[f"{prefix}-{index}-id"] = str(line[0])
        data[f"{prefix}-{index}-body_fr"] = line[1]
        data[f"{prefix}-{index}-body_en"] = line[2]
        data[f"{prefix}-{index}-position"] = str(index + 1)
        if len(line) > 3 and line[3]:
            data[f"{prefix}-{index}-free_text"] = "on"
    return data


# Permissions as a table ------------------------------------------------------------------
PAGES = [
    ("get", "index", {}),
    ("get", "survey_questions", {"pk": "S"}),
    ("get", "results", {"pk": "S"}),
    ("get", "survey_new", {}),
    ("get", "survey_edit", {"pk": "S"}),
    ("get", "export_csv", {"pk": "S"}),
    ("post", "survey_publish", {"pk": "S"}),
    ("post", "answers_clear", {"pk": "S"}),
    ("post", "question_delete", {"pk": "S", "item_pk": "I"}),
]


@pytest.mark.parametrize("method,name,kwargs", PAGES)
@pytest.mark.parametrize(
    "who,reads,writes",
    [
        ("space_admin", True, True),
        ("collaborator", True, False),
        ("participant", False, False),
    ],
)
def test_who_may_read_and_change_the_surveys(
    request, signed_in, survey, component, method, name, kwargs, who, reads, writes
):
    person = request.getfixturevalue(who)
    if who == "participant":
        from palabre.core.tests.factories import with_two_factor

        with_two_factor(person)
    item = survey.form.items.first()
    kwargs = {k: {"S": survey.pk, "I": item.pk}[v] for k, v in kwargs.items()}
    address = admin_url(component, name, **kwargs)
    browser = signed_in(person)
    response = getattr(browser, method)(address)
    writing = method == "post" or name in ("survey_new", "survey_edit", "export_csv")
    allowed = writes if writing else reads
    assert (response.status_code < 400) is allowed, (who, name, response.status_code)
    if not allowed and method == "post":
        assert Survey.objects.get().is_published and FormItem.objects.filter(pk=item.pk).exists()


# Surveys ---------------------------------------------------------------------------------
def test_an_admin_creates_a_survey_then_is_led_to_its_questions(admin, component):
    response = admin.post(
        admin_url(component, "survey_new"),
        {
            "title_fr": "Vos trajets",
            "title_en": "Your journeys",
            "opens_at": "2030-01-01T08:00",
            "closes_at": "2030-02-01T08:00",
            "anonymous": "on",
        },
    )
    survey = Survey.objects.get()
    assert response["Location"] == admin_url(component, "survey_questions", pk=survey.pk)
    assert survey.anonymous and survey.opens_at.year == 2030 and not survey.is_published


def test_a_survey_closing_before_it_opens_is_refused_next_to_the_field(admin, component):
    response = admin.post(
        admin_url(component, "survey_new"),
        {"title_fr": "X", "opens_at": "2030-02-01T08:00", "closes_at": "2030-01-01T08:00"},
    )
    assert "The survey must close after it opens." in response.content.decode()
    assert not Survey.objects.exists()


def test_publishing_from_the_questions_page(admin, component):
    survey = mobility_survey(component, published=False)
    response = admin.post(
        admin_url(component, "survey_publish", pk=survey.pk),
        {"published": "1", "next": "questions"},
    )
    assert response["Location"] == admin_url(component, "survey_questions", pk=survey.pk)
    survey.refresh_from_db()
    assert survey.is_published


# The form builder ------------------------------------------------------------------------------
def test_a_choice_question_is_built_with_its_options_without_javascript(admin, component):
    survey = survey_create(component, published=False)
    address = admin_url(component, "question_new", pk=survey.pk) + "?kind=single_choice"
    page = admin.get(address).content.decode()
    assert "options-TOTAL_FORMS" in page and "With “please specify”" in page
    data = {
        "kind": "single_choice",
        "body_fr": "Comment venez-vous ?",
        "body_en": "How do you come?",
        "mandatory": "on",
        **line_data(
            "options", [("", "Bus", "Bus"), ("", "Vélo", "Bike"), ("", "Autre", "Other", True)]
        ),
        **line_data("rows", [], extra=0),
    }
    response = admin.post(address, data)
    item = FormItem.objects.get()
    assert response["Location"] == admin_url(
        component, "question_edit", pk=survey.pk, item_pk=item.pk
    )
    assert [(o.body["en"], o.free_text) for o in item.options.all()] == [
        ("Bus", False),
        ("Bike", False),
        ("Other", True),
    ]
    assert item.mandatory
    assert ActionLog.objects.filter(action="create", resource_type="form_question").exists()


def test_options_are_reordered_and_deleted_from_the_same_page(admin, component):
    survey = survey_create(component, published=False)
    item = add_item(survey.form, ItemKind.RANKING, "Priorités", options=["A", "B", "C"])
    a, b, c = item.options.all()
    data = {
        "body_fr": "Priorités",
        **line_data("options", [(c.pk, "C", "C"), (a.pk, "A", "A"), (b.pk, "B", "B")]),
    }
    data["options-2-delete"] = "on"
    admin.post(admin_url(component, "question_edit", pk=survey.pk, item_pk=item.pk), data)
    assert [o.body["fr"] for o in item.options.all()] == ["C", "A"]


def test_a_grid_needs_rows_and_says_so(admin, component):
    survey = survey_create(component, published=False)
    address = admin_url(component, "question_new", pk=survey.pk) + "?kind=grid_single"
    data = {
        "kind": "grid_single",
        "body_fr": "Grille",
        **line_data("options", [("", "Oui", "Yes"), ("", "Non", "No")]),
        **line_data("rows", []),
    }
    page = admin.post(address, data).content.decode()
    assert "Give at least one row." in page
    assert not FormItem.objects.exists()


def test_a_condition_with_an_invalid_pattern_gets_a_clear_message(admin, component):
    survey = mobility_survey(component, published=False)
    q = questions(survey)
    target = q["Anything else?"]
    address = admin_url(component, "condition_new", pk=survey.pk, item_pk=target.pk)
    before = FormCondition.objects.count()
    response = admin.post(
        address,
        {
            "source": q["How do you come?"].pk,
            "kind": "match",
            "pattern": "(vélo",
            "mandatory": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "This pattern is not a valid regular expression" in page
    assert FormCondition.objects.count() == before
    admin.post(
        address,
        {"source": q["How do you come?"].pk, "kind": "match", "pattern": "roller|skate"},
    )
    condition = FormCondition.objects.get(item=target)
    assert condition.pattern == "roller|skate" and not condition.mandatory
    assert ActionLog.objects.filter(action="add_condition").exists()


def test_a_condition_on_an_option_of_another_question_is_refused(admin, component):
    survey = mobility_survey(component, published=False)
    q = questions(survey)
    other = add_item(survey.form, ItemKind.SINGLE_CHOICE, "Other", options=["X", "Y"])
    address = admin_url(component, "condition_new", pk=survey.pk, item_pk=other.pk)
    response = admin.post(
        address,
        {
            "source": q["How do you come?"].pk,
            "kind": "equal",
            "option": option_of(other, "X").pk,
        },
        follow=True,
    )
    assert "Option: Select a valid choice." in response.content.decode()
    assert not FormCondition.objects.filter(item=other).exists()


def test_questions_are_moved_and_deleted(admin, component):
    survey = mobility_survey(component, published=False)
    q = questions(survey)
    scale, comment = q["Do you feel safe?"], q["Anything else?"]
    admin.post(
        admin_url(component, "question_move", pk=survey.pk, item_pk=comment.pk),
        {"direction": "up"},
    )
    order = list(survey.form.items.values_list("pk", flat=True))
    assert order.index(comment.pk) < order.index(scale.pk)
    admin.post(admin_url(component, "question_delete", pk=survey.pk, item_pk=comment.pk))
    assert not FormItem.objects.filter(pk=comment.pk).exists()
    assert set(ActionLog.objects.values_list("action", flat=True)) >= {"move", "delete"}


def test_once_answered_the_builder_refuses_structural_changes_and_offers_to_clear(
    admin, component, participant
):
    survey = mobility_survey(component)
    respond(
        survey.form,
        {
            questions(survey)["How do you come?"].name: str(
                option_of(questions(survey)["How do you come?"], "Bus").pk
            )
        },
        "tester",
    )
    page = admin.get(admin_url(component, "survey_questions", pk=survey.pk)).content.decode()
    assert "This survey has 1 answer" in page and "Clear the answers" in page
    comment = questions(survey)["Anything else?"]
    response = admin.post(
        admin_url(component, "question_delete", pk=survey.pk, item_pk=comment.pk), follow=True
    )
    assert "This form has answers" in response.content.decode()
    assert FormItem.objects.filter(pk=comment.pk).exists()
    admin.post(admin_url(component, "answers_clear", pk=survey.pk))
    assert not Response.objects.exists()
    assert ActionLog.objects.filter(action="clear_answers").exists()


def test_questions_are_copied_from_another_survey_or_a_template(signed_in, admin_user, component):
    from palabre.core.tests.factories import with_two_factor

    browser = signed_in(with_two_factor(admin_user))
    source = mobility_survey(component)
    target = survey_create(component, published=False)
    browser.post(
        admin_url(component, "survey_copy", pk=target.pk), {"source": f"survey-{source.pk}"}
    )
    assert target.form.items.count() == 4
    assert FormCondition.objects.filter(item__form=target.form).count() == 1
    browser.post(
        admin_url(component, "survey_template", pk=source.pk),
        {"title_fr": "Mobilité", "title_en": "Mobility"},
    )
    template = source.form.__class__.objects.get(is_template=True)
    fresh = survey_create(component, published=False)
    browser.post(
        admin_url(component, "survey_copy", pk=fresh.pk), {"source": f"template-{template.pk}"}
    )
    assert fresh.form.items.count() == 4
    browser.post(admin_url(component, "template_delete", template_pk=template.pk))
    assert not source.form.__class__.objects.filter(is_template=True).exists()
    assert set(ActionLog.objects.values_list("action", flat=True)) >= {"copy", "create", "delete"}


def test_space_admins_cannot_keep_templates(admin, component):
    survey = mobility_survey(component)
    response = admin.post(
        admin_url(component, "survey_template", pk=survey.pk), {"title_fr": "Mobilité"}
    )
    assert response.status_code == 403
    assert not survey.form.__class__.objects.filter(is_template=True).exists()


# Results and exports ----------------------------------------------------------------------------
@pytest.fixture
def answered(component, participant):
    survey = mobility_survey(component)
    q = questions(survey)
    mode = q["How do you come?"]
    other = option_of(mode, "Other")
    respond(
        survey.form,
        {
            mode.name: str(other.pk),
            f"{mode.name}_o{other.pk}_text": "=1+1",
            q["Anything else?"].name: "-cmd|' /C calc'!A0",
        },
        "a" * 64,
        user=participant,
    )
    return survey


def test_the_admin_sees_the_charts(admin, component, answered):
    page = admin.get(admin_url(component, "results", pk=answered.pk)).content.decode()
    assert "1 person answered." in page and "<svg" in page and "Export the answers as CSV" in page


def test_csv_export_has_one_row_per_respondent_and_neutralized_formulas(
    admin, component, answered, participant
):
    response = admin.get(admin_url(component, "export_csv", pk=answered.pk))
    text = b"".join(response.streaming_content).decode()
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["respondent"] == "a" * 12
    assert row["participant"] == participant.display_name
    assert row["1. How do you come?"] == "Other: =1+1"
    assert row["4. Anything else?"] == "'-cmd|' /C calc'!A0"
    assert ActionLog.objects.filter(action="export", data__format="csv").exists()


def test_exports_of_an_anonymous_survey_show_pseudonyms_only(admin, component, participant):
    survey = mobility_survey(component, anonymous=True)
    from palabre.components.surveys import services

    services.survey_answer(
        survey=survey,
        user=participant,
        data={
            questions(survey)["How do you come?"].name: str(
                option_of(questions(survey)["How do you come?"], "Bus").pk
            )
        },
    )
    for name in ("export_csv", "export_json"):
        response = admin.get(admin_url(component, name, pk=survey.pk))
        body = b"".join(response.streaming_content).decode()
        assert participant.nickname not in body and participant.display_name not in body
        assert "participant" not in body
    rows = json.loads(
        b"".join(admin.get(admin_url(component, "export_json", pk=survey.pk)).streaming_content)
    )
    assert len(rows[0]["respondent"]) == 12
    xlsx = admin.get(admin_url(component, "export_xlsx", pk=survey.pk))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")


def test_files_sent_are_downloaded_by_the_staff_only(
    signed_in, admin, component, participant, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from palabre.attachments.models import Attachment

    survey = mobility_survey(component)
    upload = add_item(survey.form, ItemKind.FILE, "Photo")
    mode = questions(survey)["How do you come?"]
    respond(
        survey.form,
        {mode.name: str(option_of(mode, "Bus").pk)},
        "r",
        files={upload.name: SimpleUploadedFile("plan.txt", b"Bonjour")},
    )
    address = Attachment.objects.get().get_absolute_url()
    assert admin.get(address).status_code == 200
    assert signed_in(participant).get(address).status_code == 404
    assert client.get(address).status_code == 404


def test_options_of_the_builder_cannot_reach_another_question(admin, component):
    survey = survey_create(component, published=False)
    first = add_item(survey.form, ItemKind.SINGLE_CHOICE, "First", options=["A", "B"])
    second = add_item(survey.form, ItemKind.SINGLE_CHOICE, "Second", options=["X", "Y"])
    foreign = option_of(first, "A")
    data = {
        "body_fr": "Second",
        **line_data(
            "options",
            [(o.pk, o.body["fr"], o.body["en"]) for o in second.options.all()]
            + [(foreign.pk, "Volé", "Stolen")],
        ),
    }
    page = admin.post(
        admin_url(component, "question_edit", pk=survey.pk, item_pk=second.pk), data
    ).content.decode()
    assert "This option does not belong to this question." in page
    assert FormOption.objects.get(pk=foreign.pk).body["fr"] == "A"


def test_an_export_asks_for_the_second_factor_again_when_it_is_old(
    space_admin, component, answered
):
    import time

    from django.test import Client

    from palabre.accounts.tests.signing_in import (
        pass_second_factor,
        sign_in_without_second_factor,
    )

    browser = sign_in_without_second_factor(Client(headers={"accept-language": "en"}), space_admin)
    pass_second_factor(browser, space_admin, at=time.time() - 31 * 60)
    response = browser.get(admin_url(component, "export_csv", pk=answered.pk))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not ActionLog.objects.filter(action="export").exists()
