"""Results counted by the database: shares, averages, distributions, texts; the number of
queries does not grow with the answers."""

import pytest

from palabre.forms.models import ItemKind
from palabre.forms.results import form_results, texts_page
from palabre.forms.selectors import form_load
from palabre.forms.tests.factories import add_item, form_create, option_of, respond, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(organization):
    return form_create(organization)


@pytest.fixture
def questions(form):
    return {
        "single": add_item(form, ItemKind.SINGLE_CHOICE, options=["Bus", "Vélo", "Autre…"]),
        "multiple": add_item(form, ItemKind.MULTIPLE_CHOICE, options=["A", "B"]),
        "ranking": add_item(form, ItemKind.RANKING, options=["Un", "Deux"]),
        "grid": add_item(form, ItemKind.GRID_SINGLE, options=["Oui", "Non"], rows=["L", "M"]),
        "scale": add_item(form, ItemKind.SCALE, scale_max=5),
        "text": add_item(form, ItemKind.SHORT_ANSWER),
    }


def answers(q, single, multiple, ranking, grid, scale, text):
    data = {}
    if single:
        option = option_of(q["single"], single)
        data[q["single"].name] = str(option.pk)
        data[f"{q['single'].name}_o{option.pk}_text"] = "Roller"
    data[q["multiple"].name] = [str(option_of(q["multiple"], t).pk) for t in multiple]
    for text_, rank in zip(("Un", "Deux"), ranking, strict=True):
        data[f"{q['ranking'].name}_o{option_of(q['ranking'], text_).pk}"] = str(rank)
    for row_text, value in grid.items():
        row = row_of(q["grid"], row_text)
        data[f"{q['grid'].name}_r{row.pk}"] = str(option_of(q["grid"], value).pk)
    if scale:
        data[q["scale"].name] = str(scale)
    if text:
        data[q["text"].name] = text
    return data


def fill(form, q):
    respond(form, answers(q, "Bus", ["A", "B"], (1, 2), {"L": "Oui"}, 5, "Premier"), "r1")
    respond(form, answers(q, "Vélo", ["A"], (2, 1), {"L": "Non", "M": "Oui"}, 4, "Deuxième"), "r2")
    respond(form, answers(q, "Autre", [], (1, 2), {"L": "Oui"}, 2, ""), "r3")
    respond(form, answers(q, None, ["B"], (1, 2), {}, None, "Quatrième"), "r4")


def by_label(shares):
    return {share.label: (share.count, share.percent) for share in shares}


def test_results_of_every_type(form, questions):
    fill(form, questions)
    results = form_results(form_load(form))
    assert results.respondents == 4
    single, multiple, ranking, grid, scale, text = results.questions
    assert single.answered == 3
    assert by_label(single.shares) == {"Bus": (1, 33.3), "Vélo": (1, 33.3), "Autre": (1, 33.3)}
    assert single.specified == 1 and single.has_text_page
    assert by_label(multiple.shares) == {"A": (2, 66.7), "B": (2, 66.7)}
    assert [(s.label, s.average_rank) for s in ranking.shares] == [("Un", 1.25), ("Deux", 1.75)]
    lundi, mardi = grid.rows
    assert (lundi.label, lundi.answered) == ("L", 3)
    assert by_label(lundi.shares) == {"Oui": (2, 66.7), "Non": (1, 33.3)}
    assert by_label(mardi.shares) == {"Oui": (1, 100.0), "Non": (0, 0.0)}
    assert scale.answered == 3 and scale.average == pytest.approx(3.67)
    assert by_label(scale.shares)["5"] == (1, 33.3)
    assert text.texts == ["Quatrième", "Deuxième", "Premier"]


def test_results_take_a_fixed_number_of_queries(form, questions, django_assert_num_queries):
    fill(form, questions)
    loaded = form_load(form)
    with django_assert_num_queries(7) as captured:
        form_results(loaded)
    for index in range(5, 25):
        respond(form, answers(questions, "Bus", ["A"], (1, 2), {"L": "Oui"}, 3, "x"), f"r{index}")
    with django_assert_num_queries(len(captured)):
        results = form_results(loaded)
    assert results.respondents == 24


def test_texts_are_read_a_page_at_a_time_newest_first(form, questions):
    fill(form, questions)
    page = texts_page(questions["text"], 1)
    assert list(page.object_list) == ["Quatrième", "Deuxième", "Premier"]
    specified = texts_page(questions["single"], 1)
    assert list(specified.object_list) == [("Autre", "Roller")]


def test_a_row_of_a_grid_with_several_answers_counts_people_not_ticks(form):
    grid = add_item(form, ItemKind.GRID_MULTIPLE, options=["Matin", "Soir"], rows=["L", "M"])
    row = row_of(grid, "L")
    both = [str(o.pk) for o in grid.options.all()]
    respond(form, {f"{grid.name}_r{row.pk}": both}, "r1")
    respond(form, {f"{grid.name}_r{row.pk}": both[:1]}, "r2")
    [result] = form_results(form_load(form)).questions
    lundi, mardi = result.rows
    assert (lundi.answered, mardi.answered) == (2, 0)
    assert by_label(lundi.shares) == {"Matin": (2, 100.0), "Soir": (1, 50.0)}
