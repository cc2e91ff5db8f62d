from palabre.core.models import Step
from palabre.core.tests.factories import SpaceFactory, StepFactory


def test_step_ending_before_it_starts_is_refused(admin_client, process):
    response = admin_client.post(
        f"/admin/spaces/{process.pk}/steps/new/",
        {"title_fr": "Vote", "start_date": "2026-05-01", "end_date": "2026-04-01"},
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert not process.steps.exists()


def test_edit_move_and_delete_steps(admin_client, process):
    first = StepFactory(space=process, position=0)
    second = StepFactory(space=process, position=1)
    base = f"/admin/spaces/{process.pk}/steps/"
    response = admin_client.post(f"{base}{first.pk}/", {"title_fr": "Idées"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.title == {"fr": "Idées"}
    admin_client.post(f"{base}{second.pk}/move/", {"direction": "up"})
    assert list(process.steps.values_list("pk", flat=True)) == [second.pk, first.pk]
    admin_client.post(f"{base}{first.pk}/delete/")
    assert not Step.objects.filter(pk=first.pk).exists()


def test_steps_list_shows_the_active_step(admin_client, process):
    StepFactory(space=process, active=True, title={"fr": "En cours"})
    response = admin_client.get(f"/admin/spaces/{process.pk}/steps/")
    assert response.status_code == 200
    assert b"bo-badge-active" in response.content


def test_assemblies_have_no_steps(admin_client, organization):
    assembly = SpaceFactory(organization=organization, kind="assembly")
    assert admin_client.get(f"/admin/spaces/{assembly.pk}/steps/").status_code == 404
