"""Every rule of every question type, and display conditions, checked on a submission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from palabre.forms.models import ConditionKind, ItemKind
from palabre.forms.selectors import form_load
from palabre.forms.tests.factories import add_condition, add_item, form_create, option_of, row_of
from palabre.forms.validation import LONG_ANSWER_MAX, submission_clean

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(organization):
    return form_create(organization)


def check(form, data, files=None, shown=None):
    return submission_clean(form_load(form), data, files, shown=shown)


def errors_of(submission, item):
    return submission.errors.get(item.pk, [])


# Text answers ---------------------------------------------------------------------------
def test_short_answer_is_kept_trimmed(form):
    item = add_item(form, ItemKind.SHORT_ANSWER)
    result = check(form, {item.name: "  à vélo  "})
    assert result.is_valid
    assert result.values[item.pk].text == "à vélo"


def test_mandatory_text_left_empty_is_refused(form):
    item = add_item(form, ItemKind.LONG_ANSWER, mandatory=True)
    result = check(form, {item.name: "   "})
    assert errors_of(result, item) == ["This question is mandatory."]


def test_optional_text_left_empty_is_no_answer(form):
    item = add_item(form, ItemKind.SHORT_ANSWER)
    result = check(form, {})
    assert result.is_valid and item.pk not in result.values


def test_max_characters_counts_a_line_break_as_one(form):
    item = add_item(form, ItemKind.LONG_ANSWER, max_characters=5)
    assert check(form, {item.name: "ab\r\ncd"}).is_valid
    result = check(form, {item.name: "abc\r\ndef"})
    assert errors_of(result, item) == ["At most 5 characters (7 now)."]


def test_texts_have_a_limit_when_the_question_sets_none(form):
    item = add_item(form, ItemKind.LONG_ANSWER)
    assert not check(form, {item.name: "a" * (LONG_ANSWER_MAX + 1)}).is_valid


# Choices ---------------------------------------------------------------------------------
def test_single_choice_keeps_the_option(form):
    item = add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Vélo"])
    bike = option_of(item, "Vélo")
    result = check(form, {item.name: str(bike.pk)})
    assert result.values[item.pk].option_ids == {bike.pk}


@pytest.mark.parametrize("value", ["999999", "abc", "-1"])
def test_a_choice_that_is_not_an_option_of_the_question_is_refused(form, value):
    item = add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Vélo"])
    result = check(form, {item.name: value})
    assert errors_of(result, item) == ["This choice is not one of the proposed answers."]


def test_an_option_of_another_question_is_refused(form):
    first = add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Vélo"])
    second = add_item(form, ItemKind.MULTIPLE_CHOICE, options=["Oui", "Non"])
    result = check(form, {first.name: str(option_of(second, "Oui").pk)})
    assert errors_of(result, first) == ["This choice is not one of the proposed answers."]
    result = check(form, {second.name: [str(option_of(first, "Bus").pk)]})
    assert errors_of(result, second) == ["This choice is not one of the proposed answers."]


def test_single_choice_with_two_answers_is_refused(form):
    item = add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Vélo"])
    ids = [str(option.pk) for option in item.options.all()]
    assert errors_of(check(form, {item.name: ids}), item) == ["Choose only one answer."]


def test_mandatory_single_choice(form):
    item = add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Vélo"], mandatory=True)
    assert errors_of(check(form, {}), item) == ["This question is mandatory."]


def test_multiple_choice_respects_max_choices(form):
    item = add_item(form, ItemKind.MULTIPLE_CHOICE, options=["A", "B", "C"], max_choices=2)
    ids = [str(option.pk) for option in item.options.all()]
    assert check(form, {item.name: ids[:2]}).is_valid
    assert errors_of(check(form, {item.name: ids}), item) == ["Choose at most 2 answers."]


def test_multiple_choice_counts_a_repeated_option_once(form):
    item = add_item(form, ItemKind.MULTIPLE_CHOICE, options=["A", "B", "C"], max_choices=1)
    first = str(item.options.first().pk)
    result = check(form, {item.name: [first, first]})
    assert result.is_valid and len(result.values[item.pk].choices) == 1


def test_other_please_specify_keeps_its_text_only_when_chosen(form):
    item = add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Autre…"], max_characters=10)
    other = option_of(item, "Autre")
    bus = option_of(item, "Bus")
    chosen = check(form, {item.name: str(other.pk), f"{item.name}_o{other.pk}_text": "Trottinette"})
    assert errors_of(chosen, item) == ["At most 10 characters (11 now)."]
    chosen = check(form, {item.name: str(other.pk), f"{item.name}_o{other.pk}_text": "Roller"})
    assert chosen.values[item.pk].choices[0].custom_text == "Roller"
    not_chosen = check(form, {item.name: str(bus.pk), f"{item.name}_o{other.pk}_text": "Roller"})
    assert not_chosen.values[item.pk].texts == []


# Ranking ---------------------------------------------------------------------------------
def test_ranking_needs_every_option_ranked(form):
    item = add_item(form, ItemKind.RANKING, options=["A", "B", "C"])
    a, b, c = item.options.all()
    assert errors_of(check(form, {f"{item.name}_o{a.pk}": "1"}), item) == ["Rank every option."]
    result = check(
        form,
        {f"{item.name}_o{a.pk}": "2", f"{item.name}_o{b.pk}": "3", f"{item.name}_o{c.pk}": "1"},
    )
    assert [choice.option_id for choice in result.values[item.pk].choices] == [c.pk, a.pk, b.pk]


@pytest.mark.parametrize("ranks", [("1", "1", "2"), ("1", "2", "4"), ("1", "2", "x")])
def test_ranking_needs_different_ranks_from_one(form, ranks):
    item = add_item(form, ItemKind.RANKING, options=["A", "B", "C"])
    data = {f"{item.name}_o{o.pk}": rank for o, rank in zip(item.options.all(), ranks, strict=True)}
    assert errors_of(check(form, data), item) == ["Give each option a different rank, from 1 to 3."]


def test_mandatory_ranking_left_alone(form):
    item = add_item(form, ItemKind.RANKING, options=["A", "B"], mandatory=True)
    assert errors_of(check(form, {}), item) == ["Rank every option."]


# Grids -----------------------------------------------------------------------------------
def test_mandatory_grid_needs_every_row(form):
    item = add_item(
        form, ItemKind.GRID_SINGLE, options=["Oui", "Non"], rows=["Bus", "Tram"], mandatory=True
    )
    yes = option_of(item, "Oui")
    bus, tram = row_of(item, "Bus"), row_of(item, "Tram")
    result = check(form, {f"{item.name}_r{bus.pk}": str(yes.pk)})
    assert errors_of(result, item) == ["Answer every row (missing: Tram)."]
    assert errors_of(check(form, {}), item) == ["Answer every row."]
    complete = check(
        form, {f"{item.name}_r{bus.pk}": str(yes.pk), f"{item.name}_r{tram.pk}": str(yes.pk)}
    )
    assert {(c.option_id, c.row_id) for c in complete.values[item.pk].choices} == {
        (yes.pk, bus.pk),
        (yes.pk, tram.pk),
    }


def test_optional_grid_may_skip_rows(form):
    item = add_item(form, ItemKind.GRID_SINGLE, options=["Oui", "Non"], rows=["Bus", "Tram"])
    bus = row_of(item, "Bus")
    assert check(form, {f"{item.name}_r{bus.pk}": str(option_of(item, "Non").pk)}).is_valid


def test_grid_with_one_answer_per_row_refuses_two(form):
    item = add_item(form, ItemKind.GRID_SINGLE, options=["Oui", "Non"], rows=["Bus"])
    bus = row_of(item, "Bus")
    both = [str(o.pk) for o in item.options.all()]
    assert errors_of(check(form, {f"{item.name}_r{bus.pk}": both}), item) == [
        "Choose only one answer in the row “Bus”."
    ]


def test_grid_multiple_respects_max_choices_per_row(form):
    item = add_item(
        form,
        ItemKind.GRID_MULTIPLE,
        options=["Matin", "Midi", "Soir"],
        rows=["Lundi"],
        max_choices=2,
    )
    monday = row_of(item, "Lundi")
    all_three = [str(o.pk) for o in item.options.all()]
    assert errors_of(check(form, {f"{item.name}_r{monday.pk}": all_three}), item) == [
        "Choose at most 2 answers in the row “Lundi”."
    ]
    assert check(form, {f"{item.name}_r{monday.pk}": all_three[:2]}).is_valid


def test_grid_refuses_an_option_of_another_question(form):
    other = add_item(form, ItemKind.SINGLE_CHOICE, options=["X", "Y"])
    item = add_item(form, ItemKind.GRID_SINGLE, options=["Oui", "Non"], rows=["Bus"])
    bus = row_of(item, "Bus")
    result = check(form, {f"{item.name}_r{bus.pk}": str(other.options.first().pk)})
    assert errors_of(result, item) == ["This choice is not one of the proposed answers."]


# Scale and files -----------------------------------------------------------------------------
@pytest.mark.parametrize("value,valid", [("1", True), ("5", True), ("0", False), ("6", False)])
def test_scale_values(form, value, valid):
    item = add_item(form, ItemKind.SCALE, scale_max=5)
    result = check(form, {item.name: value})
    assert result.is_valid is valid
    if valid:
        assert result.values[item.pk].number == int(value)
    else:
        assert errors_of(result, item) == ["Choose a value from 1 to 5."]


def test_a_real_document_is_accepted(form):
    item = add_item(form, ItemKind.FILE, mandatory=True)
    upload = SimpleUploadedFile("notes.txt", b"Bonjour", content_type="text/plain")
    result = check(form, {}, {item.name: upload})
    assert result.is_valid
    assert result.values[item.pk].upload.filename == "notes.txt"
    assert errors_of(check(form, {}, {}), item) == ["Choose a file."]


def test_a_file_too_large_or_of_the_wrong_type_is_refused(form, settings):
    from palabre.attachments import services as attachment_services

    item = add_item(form, ItemKind.FILE)
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    assert errors_of(check(form, {}, {item.name: fake}), item)
    big = SimpleUploadedFile(
        "big.txt", b"a" * (attachment_services.MAX_FILE_BYTES + 1), content_type="text/plain"
    )
    [message] = errors_of(check(form, {}, {item.name: big}), item)
    assert "too large" in message


# Conditions ------------------------------------------------------------------------------
@pytest.fixture
def transport(form):
    return add_item(form, ItemKind.SINGLE_CHOICE, "Transport", options=["Bus", "Vélo", "Autre…"])


def shown_for(form, item, data):
    return item.pk in check(form, data).visible


@pytest.mark.parametrize(
    "kind,answer,expected",
    [
        (ConditionKind.ANSWERED, None, False),
        (ConditionKind.ANSWERED, "Bus", True),
        (ConditionKind.NOT_ANSWERED, None, True),
        (ConditionKind.NOT_ANSWERED, "Bus", False),
        (ConditionKind.EQUAL, "Vélo", True),
        (ConditionKind.EQUAL, "Bus", False),
        (ConditionKind.EQUAL, None, False),
        (ConditionKind.NOT_EQUAL, "Bus", True),
        (ConditionKind.NOT_EQUAL, "Vélo", False),
        (ConditionKind.NOT_EQUAL, None, False),
    ],
)
def test_condition_kinds(form, transport, kind, answer, expected):
    follow_up = add_item(form, ItemKind.SHORT_ANSWER)
    option = option_of(transport, "Vélo") if kind in ("equal", "not_equal") else None
    add_condition(follow_up, transport, kind, option=option)
    data = {transport.name: str(option_of(transport, answer).pk)} if answer else {}
    assert shown_for(form, follow_up, data) is expected


@pytest.mark.parametrize(
    "text,expected", [("Je viens en TROTTINETTE", True), ("à pied", False), ("", False)]
)
def test_match_condition_is_case_insensitive_on_texts_and_precisions(
    form, transport, text, expected
):
    comment = add_item(form, ItemKind.SHORT_ANSWER, "Comment")
    follow_up = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(follow_up, comment, ConditionKind.MATCH, pattern="trott?inette")
    assert shown_for(form, follow_up, {comment.name: text}) is expected
    on_choice = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(on_choice, transport, ConditionKind.MATCH, pattern="trott?inette")
    other = option_of(transport, "Autre")
    data = {transport.name: str(other.pk), f"{transport.name}_o{other.pk}_text": text}
    assert shown_for(form, on_choice, data) is expected


@pytest.mark.parametrize(
    "bus,bike,expected",
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_every_mandatory_condition_must_hold(form, bus, bike, expected):
    modes = add_item(form, ItemKind.MULTIPLE_CHOICE, options=["Bus", "Vélo"])
    follow_up = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(follow_up, modes, ConditionKind.EQUAL, option=option_of(modes, "Bus"))
    add_condition(follow_up, modes, ConditionKind.EQUAL, option=option_of(modes, "Vélo"))
    chosen = [str(option_of(modes, t).pk) for t, on in (("Bus", bus), ("Vélo", bike)) if on]
    assert shown_for(form, follow_up, {modes.name: chosen}) is expected


@pytest.mark.parametrize(
    "bus,bike,expected",
    [(True, True, True), (True, False, True), (False, True, True), (False, False, False)],
)
def test_any_optional_condition_is_enough_without_mandatory_ones(form, bus, bike, expected):
    modes = add_item(form, ItemKind.MULTIPLE_CHOICE, options=["Bus", "Vélo"])
    follow_up = add_item(form, ItemKind.SHORT_ANSWER)
    for text in ("Bus", "Vélo"):
        add_condition(
            follow_up, modes, ConditionKind.EQUAL, option=option_of(modes, text), mandatory=False
        )
    chosen = [str(option_of(modes, t).pk) for t, on in (("Bus", bus), ("Vélo", bike)) if on]
    assert shown_for(form, follow_up, {modes.name: chosen}) is expected


def test_optional_conditions_do_not_count_beside_a_mandatory_one(form):
    modes = add_item(form, ItemKind.MULTIPLE_CHOICE, options=["Bus", "Vélo"])
    follow_up = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(follow_up, modes, ConditionKind.EQUAL, option=option_of(modes, "Bus"))
    add_condition(
        follow_up, modes, ConditionKind.EQUAL, option=option_of(modes, "Vélo"), mandatory=False
    )
    assert shown_for(form, follow_up, {modes.name: [str(option_of(modes, "Bus").pk)]})
    assert not shown_for(form, follow_up, {modes.name: [str(option_of(modes, "Vélo").pk)]})


def test_hidden_question_is_never_required_and_its_answer_discarded(form, transport):
    follow_up = add_item(form, ItemKind.SHORT_ANSWER, mandatory=True)
    add_condition(follow_up, transport, ConditionKind.EQUAL, option=option_of(transport, "Vélo"))
    bus = option_of(transport, "Bus")
    result = check(form, {transport.name: str(bus.pk), follow_up.name: "sent anyway"})
    assert result.is_valid
    assert follow_up.pk not in result.values
    bike = option_of(transport, "Vélo")
    result = check(form, {transport.name: str(bike.pk)})
    assert errors_of(result, follow_up) == ["This question is mandatory."]


def test_a_hidden_source_counts_as_not_answered(form, transport):
    second = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(second, transport, ConditionKind.EQUAL, option=option_of(transport, "Vélo"))
    third = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(third, second, ConditionKind.ANSWERED)
    data = {transport.name: str(option_of(transport, "Bus").pk), second.name: "hidden"}
    assert not shown_for(form, third, data)


def test_a_source_with_a_wrong_answer_counts_as_not_answered(form, transport):
    follow_up = add_item(form, ItemKind.SHORT_ANSWER)
    add_condition(follow_up, transport, ConditionKind.ANSWERED)
    assert not shown_for(form, follow_up, {transport.name: "999999"})


def test_questions_that_now_apply_but_were_not_shown_are_reported(form, transport):
    follow_up = add_item(form, ItemKind.SHORT_ANSWER, "Why by bike?")
    add_condition(follow_up, transport, ConditionKind.EQUAL, option=option_of(transport, "Vélo"))
    data = {transport.name: str(option_of(transport, "Vélo").pk)}
    result = check(form, data, shown=[transport.pk])
    assert result.newly_visible == {follow_up.pk}
    assert not result.is_valid and not result.errors
    assert check(form, data, shown=[transport.pk, follow_up.pk]).is_valid
    # A question shown then hidden again by a change of answer is no reason to come back.
    bus = {transport.name: str(option_of(transport, "Bus").pk)}
    assert check(form, bus, shown=[transport.pk, follow_up.pk]).is_valid
