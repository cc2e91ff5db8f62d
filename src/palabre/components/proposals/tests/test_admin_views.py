"""Backoffice: the table, answers, bulk actions, custom states, official proposals, merge,
split, copy, exports; valuators see only their proposals."""

import csv
import io
import json
import re

import pytest

from palabre.components.proposals import services
from palabre.components.proposals.models import Category, Proposal, ProposalState
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
    proposals_settings,
)
from palabre.core.components import component_admin_url


@pytest.fixture
def admin_client(signed_in, space_admin):
    return signed_in(space_admin)


def test_table_lists_proposals(admin_client, component):
    proposals = ProposalFactory.create_batch(3, component=component)
    ProposalFactory(component=component, state="draft", title={"fr": "Brouillon secret"})
    response = admin_client.get(component_admin_url(component))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(p.reference in html for p in proposals)
    assert "Brouillon secret" not in html


def test_answer_form(admin_client, component):
    proposal = ProposalFactory(component=component)
    address = component_admin_url(component, "proposal", pk=proposal.pk)
    response = admin_client.post(address, {"state": "rejected"})
    assert response.status_code == 200
    assert "reason" in response.content.decode()
    response = admin_client.post(
        address, {"state": "rejected", "answer_fr": "<p>Hors compétence</p>", "publish": "on"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.public_answer_state == "rejected"


@pytest.mark.parametrize("immediately", [True, False])
def test_publish_now_starts_as_the_step_says_and_means_what_it_shows(
    admin_client, component, immediately
):
    """ "Publish the answer now" is ticked when the phase publishes answers immediately, and
    an unticked box keeps the answer for a later publication whatever the setting."""
    component.settings = proposals_settings(step={"publish_answers_immediately": immediately})
    component.save()
    proposal = ProposalFactory(component=component)
    address = component_admin_url(component, "proposal", pk=proposal.pk)
    page = admin_client.get(address).content.decode()
    checkbox = re.search(r'<input type="checkbox" name="publish"[^>]*>', page).group(0)
    assert ("checked" in checkbox) is immediately
    admin_client.post(address, {"state": "evaluating"})
    proposal.refresh_from_db()
    assert proposal.answered_at is not None and proposal.answer_published_at is None
    admin_client.post(address, {"state": "evaluating", "publish": "on"})
    proposal.refresh_from_db()
    assert proposal.answer_published_at is not None
    # Once published, the box stays ticked: saving the form again keeps it published.
    checkbox = re.search(
        r'<input type="checkbox" name="publish"[^>]*>', admin_client.get(address).content.decode()
    ).group(0)
    assert "checked" in checkbox


def test_bulk_actions(admin_client, component, valuator):
    category = Category.objects.create(component=component, name={"fr": "Voirie"})
    first, second = ProposalFactory.create_batch(2, component=component)
    bulk = component_admin_url(component, "bulk")
    admin_client.post(
        bulk,
        {"action": "change_category", "category": category.pk, "proposals": [first.pk, second.pk]},
    )
    admin_client.post(
        bulk, {"action": "assign_valuator", "valuator": valuator.pk, "proposals": [first.pk]}
    )
    first.refresh_from_db()
    assert first.category == category
    assert list(first.valuator_assignments.values_list("valuator", flat=True)) == [valuator.pk]


def test_valuators_see_only_their_proposals(component, space_admin, valuator):
    mine, _other = ProposalFactory.create_batch(2, component=component)
    services.proposals_assign_valuator(
        actor=space_admin, component=component, proposal_ids=[mine.pk], valuator=valuator
    )
    from palabre.components.proposals import selectors

    listed = selectors.backoffice_list(component=component, user=valuator, filters={})
    assert list(listed) == [mine]


def test_custom_state_crud(admin_client, component):
    admin_client.post(
        component_admin_url(component, "state_new"),
        {
            "key": "done",
            "name_fr": "Déjà fait",
            "text_color": "#000000",
            "background_color": "#ffffff",
        },
    )
    state = ProposalState.objects.get()
    assert state.name == {"fr": "Déjà fait"}
    admin_client.post(component_admin_url(component, "state_delete", pk=state.pk))
    assert not ProposalState.objects.exists()


def test_official_proposal_form(admin_client, component):
    response = admin_client.post(
        component_admin_url(component, "official_new"),
        {
            "title_fr": "Rénover le lavoir du bourg",
            "body_fr": "Lettre reçue",
            "source": "offline",
            "source_details": "paper 2024-17",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.source, proposal.state) == ("offline", "published")


def test_merge_split_copy(admin_client, component):
    first, second = ProposalFactory.create_batch(2, component=component)
    merge = component_admin_url(component, "merge")
    admin_client.post(
        f"{merge}?proposals={first.pk}&proposals={second.pk}",
        {"title_fr": "Les deux idées ensemble"},
    )
    merged = Proposal.objects.get(title={"fr": "Les deux idées ensemble"})
    split = component_admin_url(component, "split", pk=merged.pk)
    admin_client.post(split, {"first_title_fr": "Première partie", "second_title_fr": "Seconde"})
    part = Proposal.objects.get(title={"fr": "Seconde"})
    target = ProposalsComponentFactory(space=component.space)
    admin_client.post(component_admin_url(component, "copy", pk=part.pk), {"target": target.pk})
    assert Proposal.objects.filter(component=target, title={"fr": "Seconde"}).exists()


def test_exports_stream(admin_client, component):
    ProposalFactory.create_batch(3, component=component, latitude=45.7, longitude=4.8)
    response = admin_client.get(component_admin_url(component, "export_csv"))
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 3 and rows[0]["latitude"] == "45.7"
    response = admin_client.get(component_admin_url(component, "export_json"))
    assert response.streaming
    data = json.loads(b"".join(response.streaming_content))
    assert [row["id"] for row in data] == sorted(row["id"] for row in data)


def test_export_xlsx_opens_with_the_csv_columns(admin_client, component):
    import openpyxl

    from palabre.components.proposals.exports import COLUMNS

    first = ProposalFactory(component=component, title={"fr": '=HYPERLINK("x")\x07 bonjour'})
    ProposalFactory.create_batch(2, component=component, latitude=45.7, longitude=4.8)
    ProposalFactory(component=component, state="draft")
    response = admin_client.get(component_admin_url(component, "export_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"proposals-{component.pk}.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert len(rows) == 4
    header = {name: index for index, name in enumerate(COLUMNS)}
    assert rows[1][header["id"]] == first.pk
    # A title that looks like a formula stays text, and is not run by the spreadsheet.
    assert rows[1][header["title"]] == '=HYPERLINK("x") bonjour'
    assert workbook.active.cell(row=2, column=header["title"] + 1).data_type == "s"
    assert rows[2][header["latitude"]] == 45.7


def test_participants_cannot_export(signed_in, component, user):
    response = signed_in(user).get(component_admin_url(component, "export_xlsx"))
    assert response.status_code in (302, 403)


def test_export_reads_in_chunks(component, django_assert_max_num_queries):
    from palabre.components.proposals.exports import proposal_rows

    ProposalFactory.create_batch(5, component=component)
    with django_assert_max_num_queries(4):
        assert len(list(proposal_rows(component))) == 5


def test_participants_have_no_backoffice(signed_in, component, user):
    assert signed_in(user).get(component_admin_url(component)).status_code in (302, 403)


def test_categories(admin_client, component):
    address = component_admin_url(component, "categories")
    response = admin_client.post(address, {"name_fr": ""})
    assert response.status_code == 200 and not Category.objects.exists()
    admin_client.post(address, {"name_fr": "Voirie", "name_en": "Roads"})
    category = Category.objects.get()
    assert category.name == {"fr": "Voirie", "en": "Roads"}
    proposal = ProposalFactory(component=component, category=category)
    admin_client.post(component_admin_url(component, "category_delete", pk=category.pk))
    proposal.refresh_from_db()
    assert proposal.category is None


def test_export_csv_keeps_formulas_from_running(admin_client, component):
    import csv

    ProposalFactory(component=component, title={"fr": '=HYPERLINK("http://x.example")'})
    response = admin_client.get(component_admin_url(component, "export_csv"))
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["title"] == '\'=HYPERLINK("http://x.example")'


def test_every_export_format_of_the_manifest_is_offered_and_streamed(admin_client, component):
    import openpyxl

    from palabre.core.registry import components

    ProposalFactory.create_batch(2, component=component)
    exports = components["proposals"].exports
    assert list(exports) == ["csv", "xlsx", "json"]
    html = admin_client.get(component_admin_url(component)).content.decode()
    read = {
        "csv": lambda data: list(csv.DictReader(io.StringIO(data.decode()))),
        "xlsx": lambda data: list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows())[1:],
        "json": json.loads,
    }
    content_types = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json": "application/json",
    }
    for name, rows in exports.items():
        address = component_admin_url(component, f"export_{name}")
        assert f'href="{address}"' in html
        response = admin_client.get(address)
        assert response.streaming
        assert response["Content-Type"].startswith(content_types[name])
        assert f'filename="proposals-{component.pk}.{name}"' in response["Content-Disposition"]
        assert len(read[name](b"".join(response.streaming_content))) == 2
        assert len(list(rows(component))) == 2
