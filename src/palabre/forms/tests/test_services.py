"""Building forms, changing them, copying them, answering them: the engine's services."""

import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from palabre.attachments.models import Attachment
from palabre.core.models import ActionLog
from palabre.core.tests.factories import ComponentFactory, SpaceFactory
from palabre.forms import services
from palabre.forms.models import (
    Answer,
    AnswerChoice,
    ConditionKind,
    Form,
    FormCondition,
    FormItem,
    ItemKind,
    Response,
)
from palabre.forms.selectors import form_load
from palabre.forms.services import OptionInput
from palabre.forms.tests.factories import add_condition, add_item, form_create, option_of
from palabre.forms.validation import submission_clean

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def component(organization):
    return ComponentFactory(space=SpaceFactory(organization=organization))


@pytest.fixture
def form(organization, component):
    return form_create(organization, component)


def options(*texts):
    return [OptionInput(None, {"fr": text}, free_text=text.endswith("…")) for text in texts]


def answer(form, data, respondent="someone", files=None, user=None):
    loaded = form_load(form)
    submission = submission_clean(loaded, data, files)
    assert submission.is_valid, submission.errors
    return services.response_create(
        loaded=loaded, submission=submission, respondent=respondent, user=user, locale="fr"
    )


# Building ------------------------------------------------------------------------------------
def test_a_choice_question_is_created_with_its_options_in_order(form, admin_user):
    item = services.question_save(
        actor=admin_user,
        form=form,
        kind=ItemKind.SINGLE_CHOICE,
        body={"fr": "Comment venez-vous ?", "en": "How do you come?"},
        mandatory=True,
        options=options("Bus", "Vélo", "", "Autre…"),
    )
    assert [(o.body["fr"], o.free_text) for o in item.options.all()] == [
        ("Bus", False),
        ("Vélo", False),
        ("Autre…", True),
    ]
    assert item.mandatory and item.position == 0
    entry = ActionLog.objects.get(action="create")
    assert entry.resource_type == "form_question" and entry.space == form.component.space


@pytest.mark.parametrize(
    "fields,key",
    [
        ({"kind": "poem"}, "kind"),
        ({"kind": ItemKind.SHORT_ANSWER, "body": {}}, "body"),
        ({"kind": ItemKind.SINGLE_CHOICE, "options": options("Seul")}, "options"),
        ({"kind": ItemKind.GRID_SINGLE, "options": options("A", "B")}, "rows"),
        ({"kind": ItemKind.SCALE, "scale_max": 11}, "scale_max"),
        (
            {"kind": ItemKind.MULTIPLE_CHOICE, "options": options("A", "B"), "max_choices": 3},
            "max_choices",
        ),
        ({"kind": ItemKind.LONG_ANSWER, "max_characters": "beaucoup"}, "max_characters"),
    ],
)
def test_bad_questions_are_refused_with_a_message_and_change_nothing(form, admin_user, fields, key):
    fields = {"body": {"fr": "Question"}, **fields}
    with pytest.raises(ValidationError) as error:
        services.question_save(actor=admin_user, form=form, **fields)
    assert key in error.value.message_dict
    assert not FormItem.objects.exists()


def test_an_option_of_another_question_cannot_be_changed_through_this_one(form, admin_user):
    other = add_item(form, ItemKind.SINGLE_CHOICE, options=["X", "Y"])
    item = add_item(form, ItemKind.SINGLE_CHOICE, options=["A", "B"])
    stolen = other.options.first()
    lines = [OptionInput(o.pk, o.body) for o in item.options.all()]
    lines.append(OptionInput(stolen.pk, {"fr": "Volé"}))
    with pytest.raises(ValidationError):
        services.question_save(
            actor=admin_user, form=form, item=item, body=item.body, kind=item.kind, options=lines
        )
    stolen.refresh_from_db()
    assert stolen.body["fr"] == "X" and stolen.item_id == other.pk


def test_participants_cannot_build_forms(form, user):
    with pytest.raises(PermissionDenied):
        services.question_save(
            actor=user, form=form, kind=ItemKind.SHORT_ANSWER, body={"fr": "Question"}
        )


def test_moving_keeps_a_question_after_the_questions_its_conditions_look_at(form, admin_user):
    first = add_item(form, ItemKind.SINGLE_CHOICE, options=["A", "B"])
    second = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(second, first, ConditionKind.ANSWERED)
    with pytest.raises(ValidationError):
        services.item_move(actor=admin_user, item=second, offset=-1)
    assert list(form.items.values_list("pk", flat=True)) == [first.pk, second.pk]
    third = add_item(form, ItemKind.TITLE)
    services.item_move(actor=admin_user, item=third, offset=-2)
    assert list(form.items.values_list("pk", flat=True)) == [third.pk, first.pk, second.pk]


def test_deleting_a_question_removes_the_conditions_that_looked_at_it(form, admin_user):
    first = add_item(form, ItemKind.SINGLE_CHOICE, options=["A", "B"])
    second = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(second, first, ConditionKind.ANSWERED)
    assert services.item_delete(actor=admin_user, item=first) == 1
    assert not FormCondition.objects.exists()


# Conditions ------------------------------------------------------------------------------------
@pytest.fixture
def pair(form):
    source = add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Autre…"])
    target = add_item(form, ItemKind.SHORT_ANSWER)
    return source, target


def test_a_condition_on_an_option(form, admin_user, pair):
    source, target = pair
    condition = services.condition_create(
        actor=admin_user,
        item=target,
        source=source,
        kind=ConditionKind.EQUAL,
        option=option_of(source, "Bus"),
    )
    assert condition.mandatory and condition.option.body["fr"] == "Bus"
    assert ActionLog.objects.filter(action="add_condition").exists()


@pytest.mark.parametrize(
    "pattern,message",
    [
        ("(vélo", "This pattern is not a valid regular expression"),
        ("[a-", "This pattern is not a valid regular expression"),
        ("", "Enter the pattern"),
        ("a" * 201, "too long"),
    ],
)
def test_a_pattern_that_is_not_a_valid_regex_is_refused(admin_user, pair, pattern, message):
    source, target = pair
    with pytest.raises(ValidationError) as error:
        services.condition_create(
            actor=admin_user, item=target, source=source, kind=ConditionKind.MATCH, pattern=pattern
        )
    assert message in " ".join(error.value.message_dict["pattern"])
    assert not FormCondition.objects.exists()


def test_a_condition_must_look_at_an_earlier_question_of_the_form(
    form, admin_user, pair, organization
):
    source, target = pair
    with pytest.raises(ValidationError) as error:
        services.condition_create(
            actor=admin_user, item=source, source=target, kind=ConditionKind.ANSWERED
        )
    assert error.value.message_dict["source"] == ["Choose a question that comes before this one."]
    elsewhere = add_item(form_create(organization), ItemKind.SHORT_ANSWER)
    with pytest.raises(ValidationError):
        services.condition_create(
            actor=admin_user, item=target, source=elsewhere, kind=ConditionKind.ANSWERED
        )
    assert not FormCondition.objects.exists()


def test_an_option_condition_needs_an_option_of_its_source(form, admin_user, pair):
    source, target = pair
    third = add_item(form, ItemKind.SINGLE_CHOICE, options=["X", "Y"])
    with pytest.raises(ValidationError) as error:
        services.condition_create(
            actor=admin_user,
            item=third,
            source=source,
            kind=ConditionKind.EQUAL,
            option=third.options.first(),
        )
    assert "option" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.condition_create(
            actor=admin_user, item=third, source=target, kind=ConditionKind.EQUAL, option=None
        )
    assert "kind" in error.value.message_dict


# Structure locked by answers ---------------------------------------------------------------------
@pytest.fixture
def answered(form, pair):
    source, target = pair
    answer(form, {source.name: str(option_of(source, "Bus").pk)})
    return source, target


def test_structural_changes_are_refused_once_answered(form, admin_user, answered):
    source, target = answered
    attempts = [
        lambda: services.question_save(
            actor=admin_user, form=form, kind=ItemKind.SHORT_ANSWER, body={"fr": "Nouvelle"}
        ),
        lambda: services.item_delete(actor=admin_user, item=target),
        lambda: services.item_move(actor=admin_user, item=target, offset=-1),
        lambda: services.condition_create(
            actor=admin_user, item=target, source=source, kind=ConditionKind.ANSWERED
        ),
        lambda: services.question_save(
            actor=admin_user,
            form=form,
            item=source,
            kind=source.kind,
            body=source.body,
            mandatory=True,
            options=[OptionInput(o.pk, o.body, o.free_text) for o in source.options.all()],
        ),
        lambda: services.question_save(
            actor=admin_user,
            form=form,
            item=source,
            kind=source.kind,
            body=source.body,
            options=[OptionInput(o.pk, o.body, o.free_text) for o in source.options.all()]
            + options("Tram"),
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert "This form has answers" in error.value.messages[0]
    assert form.items.count() == 2 and source.options.count() == 2
    assert not FormCondition.objects.exists()


def test_texts_can_still_be_corrected_once_answered(form, admin_user, answered):
    source, _target = answered
    lines = [
        OptionInput(o.pk, {"fr": o.body["fr"] + " !"}, o.free_text) for o in source.options.all()
    ]
    services.question_save(
        actor=admin_user,
        form=form,
        item=source,
        kind=source.kind,
        body={"fr": "Corrigée"},
        options=lines,
    )
    source.refresh_from_db()
    assert source.body == {"fr": "Corrigée"}
    assert source.options.first().body["fr"] == "Bus !"


def test_clearing_the_answers_allows_changes_again(form, admin_user, answered):
    _source, target = answered
    assert services.form_answers_clear(actor=admin_user, form=form) == 1
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert not AnswerChoice.objects.exists()
    services.item_delete(actor=admin_user, item=target)
    assert ActionLog.objects.filter(action="clear_answers", data__responses=1).exists()


def test_clearing_deletes_the_files_sent(form, admin_user):
    item = add_item(form, ItemKind.FILE)
    answer(form, {}, files={item.name: SimpleUploadedFile("a.txt", b"Bonjour")})
    attachment = Attachment.objects.get()
    path = attachment.file.path
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.form_answers_clear(actor=admin_user, form=form)
    assert not Attachment.objects.exists()
    assert not os.path.exists(path)


def test_participants_cannot_clear_answers(form, user, answered):
    with pytest.raises(PermissionDenied):
        services.form_answers_clear(actor=user, form=form)
    assert Response.objects.count() == 1


# Copies and templates -------------------------------------------------------------------------
def build_source(form):
    source = add_item(form, ItemKind.SINGLE_CHOICE, "Transport", options=["Bus", "Vélo"])
    add_item(form, ItemKind.GRID_SINGLE, "Grille", options=["Oui", "Non"], rows=["Lundi"])
    target = add_item(form, ItemKind.SHORT_ANSWER, "Pourquoi ?")
    add_condition(target, source, ConditionKind.EQUAL, option=option_of(source, "Vélo"))
    return source


def test_a_copy_brings_items_options_rows_and_conditions(form, admin_user, organization, component):
    build_source(form)
    copy = form_create(organization, component)
    add_item(copy, ItemKind.SHORT_ANSWER, "Remplacée")
    assert services.form_copy(actor=admin_user, source=form, target=copy) == 3
    loaded = form_load(copy)
    assert [str(item) for item in loaded.items] == ["Transport", "Grille", "Pourquoi ?"]
    transport, grid, why = loaded.items
    [condition] = why.condition_list
    assert condition.source_id == transport.pk
    assert condition.option.item_id == transport.pk and str(condition.option) == "Vélo"
    assert [str(row) for row in grid.row_list] == ["Lundi"]


def test_a_template_is_kept_by_the_organization_and_copied_back(
    form, admin_user, organization, component
):
    build_source(form)
    template = services.form_template_create(
        actor=admin_user, source=form, title={"fr": "Mobilité"}
    )
    assert template.is_template and template.component is None
    assert template.items.count() == 3
    fresh = form_create(organization, component)
    services.form_copy(actor=admin_user, source=template, target=fresh)
    assert fresh.items.count() == 3
    services.form_template_delete(actor=admin_user, template=template)
    assert not Form.objects.filter(pk=template.pk).exists()


def test_space_admins_use_templates_but_only_organization_admins_keep_them(
    form, organization, component
):
    from palabre.core.models import SpaceRole
    from palabre.core.tests.factories import SpaceRoleFactory

    space_admin = SpaceRoleFactory(space=component.space, role=SpaceRole.Role.ADMIN).user
    with pytest.raises(PermissionDenied):
        services.form_template_create(actor=space_admin, source=form, title={"fr": "T"})
    template = form_create(organization, title={"fr": "T"}, is_template=True)
    add_item(template, ItemKind.SHORT_ANSWER)
    services.form_copy(actor=space_admin, source=template, target=form)
    assert form.items.count() == 1
    with pytest.raises(PermissionDenied):
        services.form_template_delete(actor=space_admin, template=template)


def test_forms_of_another_organization_cannot_be_copied(form, admin_user):
    from palabre.core.tests.factories import OrganizationFactory

    elsewhere = form_create(OrganizationFactory(host="other.example"), is_template=True)
    add_item(elsewhere, ItemKind.SHORT_ANSWER)
    with pytest.raises(ValidationError):
        services.form_copy(actor=admin_user, source=elsewhere, target=form)
    assert not form.items.exists()


# Answers ----------------------------------------------------------------------------------------
def test_a_response_is_saved_with_its_answers_choices_and_files(form, user):
    single = add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Autre…"])
    grid = add_item(
        form, ItemKind.GRID_MULTIPLE, options=["Matin", "Soir"], rows=["Lundi", "Mardi"]
    )
    scale = add_item(form, ItemKind.SCALE, scale_max=5)
    upload = add_item(form, ItemKind.FILE)
    other = option_of(single, "Autre")
    data = {
        single.name: str(other.pk),
        f"{single.name}_o{other.pk}_text": "Roller",
        scale.name: "4",
    }
    for row in grid.rows.all():
        data[f"{grid.name}_r{row.pk}"] = [str(o.pk) for o in grid.options.all()]
    response = answer(
        form, data, user=user, files={upload.name: SimpleUploadedFile("a.txt", b"Bonjour")}
    )
    assert response.user == user
    assert AnswerChoice.objects.filter(answer__response=response, question=grid).count() == 4
    assert AnswerChoice.objects.get(question=single).custom_text == "Roller"
    assert Answer.objects.get(question=scale).number == 4
    attachment = Attachment.objects.get()
    assert attachment.component == form.component and attachment.created_by == user


def test_a_second_response_of_the_same_respondent_is_refused(form):
    item = add_item(form, ItemKind.SHORT_ANSWER)
    answer(form, {item.name: "Premier"}, respondent="same")
    with pytest.raises(services.AlreadyAnswered):
        answer(form, {item.name: "Second"}, respondent="same")
    assert Answer.objects.get().text == "Premier"


def test_an_answer_to_questions_changed_meanwhile_is_refused(form, admin_user):
    item = add_item(form, ItemKind.SHORT_ANSWER)
    loaded = form_load(form)
    submission = submission_clean(loaded, {item.name: "Bonjour"})
    services.question_save(
        actor=admin_user,
        form=form,
        kind=ItemKind.SHORT_ANSWER,
        body={"fr": "Nouvelle"},
        mandatory=True,
    )
    with pytest.raises(ValidationError) as error:
        services.response_create(loaded=loaded, submission=submission, respondent="r")
    assert "questions changed" in error.value.messages[0]
    assert not Response.objects.exists()


def test_respondent_keys_are_stable_per_form_and_differ_across_forms(organization):
    first, second = form_create(organization), form_create(organization)
    key = services.respondent_key(first, "user:42")
    assert key == services.respondent_key(first, "user:42")
    assert key != services.respondent_key(first, "user:43")
    assert key != services.respondent_key(second, "user:42")
    assert len(key) == 64 and int(key, 16)


def test_an_unknown_person_cannot_answer_through_a_row_of_another_form(form, organization):
    other = form_create(organization)
    row_item = add_item(other, ItemKind.GRID_SINGLE, options=["A", "B"], rows=["R"])
    grid = add_item(form, ItemKind.GRID_SINGLE, options=["A", "B"], rows=["R"])
    foreign = row_item.rows.get()
    result = submission_clean(
        form_load(form), {f"{grid.name}_r{foreign.pk}": str(grid.options.first().pk)}
    )
    assert grid.pk not in result.values


def test_a_form_kept_in_memory_is_read_again_once_changed(form, admin_user):
    item = add_item(form, ItemKind.SHORT_ANSWER, "Avant")
    assert str(form_load(form).items[0]) == "Avant"
    services.question_save(
        actor=admin_user, form=form, item=item, kind=item.kind, body={"fr": "Après"}
    )
    form.refresh_from_db()
    assert str(form_load(form).items[0]) == "Après"
    services.question_save(
        actor=admin_user, form=form, kind=ItemKind.SHORT_ANSWER, body={"fr": "Nouvelle"}
    )
    form.refresh_from_db()
    assert len(form_load(form).items) == 2
