"""The form as the page shows it: every type renders, with what was typed and its errors,
conditional questions hidden with their conditions, in a fixed number of queries."""

import json

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from palabre.forms.models import ConditionKind, ItemKind
from palabre.forms.rendering import form_render
from palabre.forms.selectors import form_load
from palabre.forms.tests.factories import add_condition, add_item, big_form, form_create, option_of
from palabre.forms.validation import submission_clean

pytestmark = pytest.mark.django_db


def html_of(rendered) -> str:
    request = RequestFactory().get("/")
    return render_to_string("forms/_fields.html", {"rendered": rendered}, request=request)


def test_a_60_question_form_loads_renders_and_validates_in_bounded_queries(
    organization, django_assert_max_num_queries
):
    form = big_form(organization, 60)
    with django_assert_max_num_queries(4):
        loaded = form_load(form)
        html = html_of(form_render(loaded))
        submission_clean(loaded, {})
    assert html.count('class="form-item') == 60


def test_every_type_renders_with_labels_and_values_sent_back(organization):
    form = form_create(organization)
    text = add_item(form, ItemKind.SHORT_ANSWER, "Votre quartier", mandatory=True)
    single = add_item(form, ItemKind.SINGLE_CHOICE, "Transport", options=["Bus", "Autre…"])
    ranking = add_item(form, ItemKind.RANKING, "Priorités", options=["Pistes", "Parkings"])
    grid = add_item(form, ItemKind.GRID_SINGLE, "Grille", options=["Oui", "Non"], rows=["Lundi"])
    scale = add_item(
        form,
        ItemKind.SCALE,
        "Satisfaction",
        scale_max=4,
        scale_min_label={"en": "Not at all"},
        scale_max_label={"en": "Completely"},
    )
    add_item(form, ItemKind.FILE, "Photo")
    add_item(form, ItemKind.TITLE, "Partie 2")
    other = option_of(single, "Autre")
    first = ranking.options.first()
    row = grid.rows.get()
    data = {
        text.name: "<Centre>",
        single.name: str(other.pk),
        f"{single.name}_o{other.pk}_text": "Roller",
        f"{ranking.name}_o{first.pk}": "2",
        f"{grid.name}_r{row.pk}": str(option_of(grid, "Non").pk),
        scale.name: "3",
    }
    loaded = form_load(form)
    submission = submission_clean(loaded, data)
    html = html_of(form_render(loaded, data=data, errors=submission.errors))
    assert f'<label for="{text.name}" class="form-question">' in html
    assert 'value="&lt;Centre&gt;"' in html
    assert f'id="{single.name}_o{other.pk}" name="{single.name}" value="{other.pk}" checked' in html
    assert 'value="Roller"' in html
    assert '<option value="2" selected>2</option>' in html
    assert f'aria-labelledby="{grid.name}_r{row.pk}_label {grid.name}_c' in html
    assert f'id="{scale.name}_3" name="{scale.name}" value="3" checked' in html
    assert "(Not at all)" in html and 'type="file"' in html
    assert '<h2 class="form-block-title">Partie 2</h2>' in html
    assert "Rank every option." in html  # the ranking was half done
    assert f'aria-describedby="{ranking.name}-errors"' in html


def test_conditional_questions_are_hidden_with_their_conditions(organization):
    form = form_create(organization)
    single = add_item(form, ItemKind.SINGLE_CHOICE, "Transport", options=["Bus", "Vélo"])
    follow_up = add_item(form, ItemKind.SHORT_ANSWER, "Pourquoi le vélo ?")
    bike = option_of(single, "Vélo")
    add_condition(follow_up, single, ConditionKind.EQUAL, option=bike)
    loaded = form_load(form)
    rendered = form_render(loaded)
    html = html_of(rendered)
    [box] = [item for item in rendered.items if item.item.pk == follow_up.pk]
    assert not box.visible
    assert json.loads(box.conditions) == {
        "mandatory": [{"source": single.pk, "kind": "equal", "option": bike.pk, "pattern": ""}],
        "optional": [],
    }
    assert f'id="item-{follow_up.pk}"' in html and " hidden" in html
    assert f'name="form_shown" value="{single.pk}"' in html
    shown = form_render(loaded, data={single.name: str(bike.pk)})
    assert shown.shown == f"{single.pk},{follow_up.pk}"
