import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palabre.backoffice.tests.conftest import client_for
from palabre.core.models import ActionLog, Component, Step
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting, current_settings
from palabre.core.tests.factories import ComponentFactory

MANIFEST = ComponentManifest(
    name="consultation",
    label="Consultation",
    global_settings=(
        Setting("max_per_person", "integer", 3, label="Most per person", min_value=1,
                max_value=10),
        Setting("mode", "choice", "open", label="Mode", choices=(("open", "Open"),
                                                                  ("closed", "Closed"))),
        Setting("intro", "translated", {}, label="Introduction"),
    ),
    step_settings=(
        Setting("creation_enabled", "boolean", False, label="Creation enabled"),
        Setting("threshold", "decimal", "0", label="Threshold", min_value=0),
    ),
)  # fmt: skip


@pytest.fixture(autouse=True)
def consultation_type(monkeypatch):
    """A component type declaring one setting of each kind, for these tests only."""
    monkeypatch.setitem(components._items, MANIFEST.name, MANIFEST)
    return MANIFEST


def test_create_process_with_steps_add_component_configure_and_publish(admin_client, process):
    for title in ("Propositions", "Vote"):
        response = admin_client.post(
            f"/admin/spaces/{process.pk}/steps/new/",
            {"title_fr": title, "start_date": "2026-01-01", "end_date": "2026-02-01"},
        )
        assert response.status_code == 302
    first, second = process.steps.order_by("position")
    assert [str(first), str(second)] == ["Propositions", "Vote"]

    response = admin_client.post(
        f"/admin/spaces/{process.pk}/components/new/", {"manifest_name": "consultation"}
    )
    component = Component.objects.get(space=process)
    assert response["Location"] == f"/admin/spaces/{process.pk}/components/{component.pk}/"
    assert component.name == {"fr": "Consultation", "en": "Consultation"}
    assert not component.is_published

    page = admin_client.get(response["Location"])
    form = page.context["form"]
    assert {"global__max_per_person", "default_step__creation_enabled",
            f"steps__{first.pk}__creation_enabled", f"steps__{second.pk}__threshold",
            "global__intro"} <= set(form.fields)  # fmt: skip
    assert f'href="#section-steps-{first.pk}"'.encode() in page.content

    response = admin_client.post(
        f"/admin/spaces/{process.pk}/components/{component.pk}/",
        {
            "name_fr": "Idées",
            "global__max_per_person": "5",
            "global__mode": "closed",
            "global__intro_fr": "Bienvenue",
            f"steps__{first.pk}__creation_enabled": "on",
            f"steps__{first.pk}__threshold": "2.5",
            f"steps__{second.pk}__threshold": "0",
            "default_step__threshold": "1",
        },
    )
    assert response.status_code == 302
    component.refresh_from_db()
    assert component.name == {"fr": "Idées"}
    assert component.settings["global"] == {
        "max_per_person": 5, "mode": "closed", "intro": {"fr": "Bienvenue"}
    }  # fmt: skip
    assert component.settings["steps"][str(first.pk)] == {
        "creation_enabled": True, "threshold": "2.5"
    }  # fmt: skip
    assert component.settings["steps"][str(second.pk)]["creation_enabled"] is False

    admin_client.post(f"/admin/spaces/{process.pk}/steps/{first.pk}/activate/")
    first.refresh_from_db()
    process.refresh_from_db()
    assert first.active and not process.automatic_steps
    assert current_settings(component).creation_enabled is True

    admin_client.post(
        f"/admin/spaces/{process.pk}/components/{component.pk}/publish/", {"published": "1"}
    )
    component.refresh_from_db()
    assert component.is_published
    actions = set(ActionLog.objects.filter(space=process).values_list("action", flat=True))
    assert {"create", "update", "activate", "publish"} <= actions


def test_invalid_settings_are_shown_next_to_their_input(admin_client, process):
    step = Step.objects.create(space=process, title={"fr": "Étape"})
    component = ComponentFactory(space=process, manifest_name="consultation", settings={})
    response = admin_client.post(
        f"/admin/spaces/{process.pk}/components/{component.pk}/",
        {
            "name_fr": "Renommé",
            "global__max_per_person": "50",
            "global__mode": "sometimes",
            f"steps__{step.pk}__threshold": "abc",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "at most 10" in errors["global__max_per_person"][0]
    assert "global__mode" in errors
    assert "must be a number" in errors[f"steps__{step.pk}__threshold"][0]
    component.refresh_from_db()
    assert component.name == {"fr": "Page", "en": "Page"} and component.settings == {}


def test_collaborator_sees_settings_read_only(collaborator, process):
    component = ComponentFactory(space=process, manifest_name="consultation")
    client = client_for(collaborator)
    url = f"/admin/spaces/{process.pk}/components/{component.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert client.post(url, {"name_fr": "X"}).status_code == 403
    assert client.post(f"{url}publish/", {"published": "0"}).status_code == 403


def test_remove_only_when_unpublished(admin_client, process):
    component = ComponentFactory(space=process, manifest_name="consultation")
    url = f"/admin/spaces/{process.pk}/components/{component.pk}/delete/"
    admin_client.post(url)
    assert Component.objects.filter(pk=component.pk).exists()
    component.published_at = None
    component.save()
    assert admin_client.get(url).status_code == 200
    admin_client.post(url)
    assert not Component.objects.filter(pk=component.pk).exists()


def test_reorder_components(admin_client, process):
    first = ComponentFactory(space=process, manifest_name="consultation", position=0)
    second = ComponentFactory(space=process, manifest_name="consultation", position=1)
    admin_client.post(
        f"/admin/spaces/{process.pk}/components/{second.pk}/move/", {"direction": "up"}
    )
    assert list(process.components.values_list("pk", flat=True)) == [second.pk, first.pk]


def test_unknown_component_type_is_refused(admin_client, process):
    response = admin_client.post(
        f"/admin/spaces/{process.pk}/components/new/", {"manifest_name": "nope"}
    )
    assert response.status_code == 200
    assert "manifest_name" in response.context["form"].errors
    assert not process.components.exists()


def _component_list_queries(client, process):
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/admin/spaces/{process.pk}/components/")
    assert response.status_code == 200
    return len(context)


def test_component_list_query_count_is_constant(admin_client, process):
    ComponentFactory(space=process, manifest_name="consultation")
    one = _component_list_queries(admin_client, process)
    ComponentFactory.create_batch(29, space=process, manifest_name="consultation")
    assert _component_list_queries(admin_client, process) == one
