"""Backoffice: list, create, edit, publish, close with a conclusion, information updates,
exports behind a fresh second factor."""

import json

import pytest

from palabre.components.debates.models import Debate, DebateUpdate
from palabre.components.debates.tests.factories import DebateFactory
from palabre.core.components import component_admin_url
from palabre.core.models import ActionLog

pytestmark = pytest.mark.django_db


def _valid(**overrides):
    data = {
        "title_fr": "Une place piétonne ?",
        "title_en": "A pedestrian square?",
        "description_fr": "<p>Oui ou non<script>alert(1)</script></p>",
        "layout": "two_columns",
        "official": "on",
        "start_at": "",
        "end_at": "",
    }
    data.update(overrides)
    return data


def test_the_admin_creates_a_two_column_draft_then_publishes(signed_in, component, space_admin):
    client = signed_in(space_admin)
    response = client.post(component_admin_url(component, "debate_new"), _valid())
    assert response.status_code == 302
    debate = Debate.objects.get()
    assert debate.two_columns and not debate.is_published and debate.official
    assert "<script>" not in debate.description["fr"]
    index = client.get(component_admin_url(component)).content.decode()
    assert "A pedestrian square?" in index
    client.post(component_admin_url(component, "debate_publish", pk=debate.pk))
    debate.refresh_from_db()
    assert debate.is_published


def test_bad_dates_change_nothing_with_a_clear_message(signed_in, component, space_admin):
    debate = DebateFactory(component=component)
    response = signed_in(space_admin).post(
        component_admin_url(component, "debate_edit", pk=debate.pk),
        _valid(start_at="2026-05-02T10:00", end_at="2026-05-01T10:00"),
    )
    assert response.status_code == 200
    assert "The end must come after the start." in response.content.decode()
    debate.refresh_from_db()
    assert debate.start_at is None and debate.layout == "single"


def test_close_with_a_conclusion_and_post_an_update(signed_in, component, space_admin):
    debate = DebateFactory(component=component)
    client = signed_in(space_admin)
    client.post(
        component_admin_url(component, "debate_post_update", pk=debate.pk),
        {"body_fr": "<p>Réunion jeudi</p>"},
    )
    assert DebateUpdate.objects.filter(debate=debate).count() == 1
    response = client.post(component_admin_url(component, "debate_close", pk=debate.pk), {})
    assert response.status_code == 200
    debate.refresh_from_db()
    assert debate.closed_at is None
    client.post(
        component_admin_url(component, "debate_close", pk=debate.pk),
        {"conclusion_fr": "<p>La place sera piétonne le samedi.</p>"},
    )
    debate.refresh_from_db()
    assert debate.closed_at is not None and debate.closed_by == space_admin
    page = client.get(debate.get_absolute_url()).content.decode()
    assert page.index("La place sera piétonne") < page.index("Réunion jeudi")
    assert set(ActionLog.objects.values_list("action", flat=True)) >= {"post_update", "close"}


def test_a_participant_cannot_manage(signed_in, component, participant):
    debate = DebateFactory(component=component)
    client = signed_in(participant)
    for name, kwargs in (
        ("index", {}),
        ("debate_new", {}),
        ("debate_close", {"pk": debate.pk}),
        ("debate_post_update", {"pk": debate.pk}),
    ):
        url = (
            component_admin_url(component, name, **kwargs)
            if kwargs or name != "index"
            else component_admin_url(component)
        )
        assert client.post(url, {"conclusion_fr": "x", "body_fr": "x"}).status_code in (
            302,
            403,
            404,
        )
    debate.refresh_from_db()
    assert debate.closed_at is None and not DebateUpdate.objects.exists()


def test_exports_with_conclusions(signed_in, component, space_admin):
    DebateFactory(component=component, conclusion={"fr": "Conclue"}, title={"fr": "=HYPERLINK()"})
    DebateFactory(component=component, published_at=None, title={"fr": "Brouillon"})
    client = signed_in(space_admin)
    rows = json.loads(
        b"".join(client.get(component_admin_url(component, "export_json")).streaming_content)
    )
    assert [row["conclusion"] for row in rows] == ["Conclue"]
    csv = b"".join(client.get(component_admin_url(component, "export_csv")).streaming_content)
    assert b"'=HYPERLINK()" in csv and b"Brouillon" not in csv
    response = client.get(component_admin_url(component, "export_xlsx"))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["export_csv", "export_json", "export_xlsx"])
def test_exports_ask_the_second_factor_again(component, space_admin, name):
    import time

    from django.test import Client

    from palabre.accounts.tests.signing_in import (
        pass_second_factor,
        sign_in_without_second_factor,
    )

    DebateFactory(component=component)
    browser = sign_in_without_second_factor(Client(headers={"accept-language": "en"}), space_admin)
    pass_second_factor(browser, space_admin, at=time.time() - 31 * 60)
    response = browser.get(component_admin_url(component, name))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]


def test_a_participant_is_refused_exports_at_once(signed_in, component, participant):
    response = signed_in(participant).get(component_admin_url(component, "export_csv"))
    assert response.status_code in (403, 404)


def test_the_admin_attaches_documents_shown_on_the_debate(signed_in, component, space_admin):
    from palabre.attachments.selectors import attachments_of
    from palabre.attachments.tests.files import exe_bytes, pdf_upload, upload

    debate = DebateFactory(component=component)
    client = signed_in(space_admin)
    url = component_admin_url(component, "debate_edit", pk=debate.pk)
    # A program disguised as a document: nothing changes, and the form says why.
    response = client.post(
        url, _valid(title_fr="Changé", attachment_1=upload("study.pdf", exe_bytes()))
    )
    assert response.status_code == 200 and "study.pdf" in response.content.decode()
    debate.refresh_from_db()
    assert debate.title["fr"] != "Changé" and attachments_of(debate) == []
    response = client.post(
        url, _valid(attachment_1=pdf_upload("traffic.pdf"), attachment_1_title="Traffic counts")
    )
    assert response.status_code == 302
    assert [a.filename for a in attachments_of(debate)] == ["traffic.pdf"]
    assert "Traffic counts" in client.get(debate.get_absolute_url()).content.decode()


def test_categories_and_scopes_are_added_and_deleted_with_a_log(signed_in, component, space_admin):
    from palabre.components.debates.models import Category, Scope

    client = signed_in(space_admin)
    url = component_admin_url(component, "labels")
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "category", "category-name_fr": ""})
    assert response.status_code == 200 and not Category.objects.exists()
    client.post(url, {"kind": "category", "category-name_fr": "Mobilité"})
    client.post(url, {"kind": "scope", "scope-name_fr": "Centre-ville"})
    category = Category.objects.get(component=component)
    assert Scope.objects.filter(component=component, name__fr="Centre-ville").exists()
    # The participant's form then offers them.
    assert "Mobilité" in client.get(f"{component.get_absolute_url()}?state=").content.decode()
    client.post(component_admin_url(component, "label_delete", kind="category", pk=category.pk))
    assert not Category.objects.exists()
    assert set(ActionLog.objects.values_list("action", flat=True)) >= {
        "create_category",
        "create_scope",
        "delete_category",
    }
    from palabre.core.action_log import sentence

    said = [sentence(entry) for entry in ActionLog.objects.order_by("pk")]
    assert any("created the category “Mobilité”" in text for text in said), said
