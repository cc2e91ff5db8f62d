"""Exports of answers: one row per respondent, a column per question (per grid row), files
as links, participants' texts unable to run as formulas in a spreadsheet."""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from palabre.core.exports import csv_lines, json_chunks, xlsx_write
from palabre.forms.exports import export_columns, response_rows
from palabre.forms.models import ItemKind
from palabre.forms.selectors import form_load
from palabre.forms.tests.factories import add_item, form_create, option_of, respond, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def filled(organization, user):
    from palabre.core.tests.factories import ComponentFactory, SpaceFactory

    component = ComponentFactory(space=SpaceFactory(organization=organization))
    form = form_create(organization, component)
    text = add_item(form, ItemKind.SHORT_ANSWER, "Votre avis")
    single = add_item(form, ItemKind.SINGLE_CHOICE, "Transport", options=["Bus", "Autre…"])
    multiple = add_item(form, ItemKind.MULTIPLE_CHOICE, "Jours", options=["Lundi", "Mardi"])
    ranking = add_item(form, ItemKind.RANKING, "Priorités", options=["Pistes", "Parkings"])
    grid = add_item(
        form, ItemKind.GRID_SINGLE, "Grille", options=["Oui", "Non"], rows=["Été", "Hiver"]
    )
    scale = add_item(form, ItemKind.SCALE, "Note", scale_max=5)
    upload = add_item(form, ItemKind.FILE, "Photo")
    other = option_of(single, "Autre")
    respond(
        form,
        {
            text.name: '=HYPERLINK("http://evil")',
            single.name: str(other.pk),
            f"{single.name}_o{other.pk}_text": "Roller",
            multiple.name: [str(o.pk) for o in multiple.options.all()],
            f"{ranking.name}_o{option_of(ranking, 'Pistes').pk}": "2",
            f"{ranking.name}_o{option_of(ranking, 'Parkings').pk}": "1",
            f"{grid.name}_r{row_of(grid, 'Hiver').pk}": str(option_of(grid, "Non").pk),
            scale.name: "4",
        },
        "a" * 64,
        user=user,
        files={upload.name: SimpleUploadedFile("plan.txt", b"Bonjour")},
    )
    respond(form, {text.name: "Rien à dire"}, "b" * 64)
    return form


def rows_of(form, with_people=False):
    loaded = form_load(form)
    columns = export_columns(loaded, with_people=with_people)
    return [c.header for c in columns], list(
        response_rows(loaded, columns, base_url="https://ville.example")
    )


def test_one_row_per_respondent_with_a_column_per_question_and_grid_row(filled):
    headers, rows = rows_of(filled)
    assert headers == [
        "respondent",
        "submitted_at",
        "language",
        "1. Votre avis",
        "2. Transport",
        "3. Jours",
        "4. Priorités",
        "5. Grille [Été]",
        "5. Grille [Hiver]",
        "6. Note",
        "7. Photo",
    ]
    first, second = rows
    assert first["respondent"] == "a" * 12 and first["language"] == "fr"
    assert first["2. Transport"] == "Autre: Roller"
    assert first["3. Jours"] == "Lundi; Mardi"
    assert first["4. Priorités"] == "1. Parkings; 2. Pistes"
    assert first["5. Grille [Été]"] == "" and first["5. Grille [Hiver]"] == "Non"
    assert first["6. Note"] == 4
    assert first["7. Photo"].startswith("https://ville.example/attachments/")
    assert second["1. Votre avis"] == "Rien à dire" and second["2. Transport"] == ""


def test_people_appear_only_when_asked_for(filled, user):
    headers, rows = rows_of(filled)
    assert "participant" not in headers
    assert user.nickname not in json.dumps(rows)
    headers, rows = rows_of(filled, with_people=True)
    assert rows[0]["participant"] == user.display_name and rows[0]["participant_id"] == user.pk
    assert rows[1]["participant"] == ""


def test_formulas_are_neutralized_in_csv_and_spreadsheet(filled):
    headers, rows = rows_of(filled)
    text = "".join(csv_lines(headers, rows))
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert parsed[0]["1. Votre avis"] == '\'=HYPERLINK("http://evil")'
    file = io.BytesIO()
    xlsx_write(file, title="answers", columns=headers, rows=rows)
    file.seek(0)
    sheet = load_workbook(file).active
    cell = sheet.cell(row=2, column=4)
    assert cell.value == '=HYPERLINK("http://evil")' and cell.data_type == "s"
    assert json.loads("".join(json_chunks(rows)))[1]["1. Votre avis"] == "Rien à dire"


def test_export_queries_per_chunk_do_not_grow_with_answers(filled, django_assert_max_num_queries):
    loaded = form_load(filled)
    columns = export_columns(loaded, with_people=True)
    with django_assert_max_num_queries(6):
        assert len(list(response_rows(loaded, columns))) == 2
