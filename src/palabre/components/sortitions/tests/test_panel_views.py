"""Pages of citizen panels: the backoffice journey, the public page and files, privacy of
the volunteers, private spaces and query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from palabre.components.sortitions import lottery, services
from palabre.components.sortitions.models import Panel
from palabre.components.sortitions.tests.panels import pool_files
from palabre.core.components import component_admin_url, component_url
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import SpaceMemberFactory, SpaceRoleFactory, with_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(space_admin, component, django_capture_on_commit_callbacks):
    panel = services.panel_create(
        actor=space_admin, component=component, title={"fr": "Jury du climat"}, size=6
    )
    volunteers, quotas = pool_files(30, 6)
    services.panel_import_volunteers(actor=space_admin, panel=panel, upload=volunteers)
    services.panel_import_quotas(actor=space_admin, panel=panel, upload=quotas)
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_compute_request(actor=space_admin, panel=panel)
    panel.refresh_from_db()
    services.panel_publish(actor=space_admin, panel=panel)
    panel = services.panel_draw(actor=space_admin, panel=panel, public_value="12 7 33")
    services.panel_replace(
        actor=space_admin, panel=panel, declined=panel.selected[0], public_value="4"
    )
    return Panel.objects.get(pk=panel.pk)


def public_urls(panel) -> list[str]:
    component = panel.component
    replacement = panel.replacements.get()
    return [
        component.get_absolute_url(),
        panel.get_absolute_url(),
        component_url(component, "panel_inputs", pk=panel.pk),
        component_url(component, "panel_distribution", pk=panel.pk),
        component_url(component, "replacement_inputs", pk=panel.pk, replacement_id=replacement.pk),
    ]


def test_the_public_page_shows_chances_the_draw_and_its_replacement(client, drawn):
    html = client.get(drawn.get_absolute_url()).content.decode()
    assert "Jury du climat" in html
    assert f"palabre sortition replay panel-{drawn.pk}.json" in html
    assert drawn.seed in html
    for number in services.panel_members(drawn):
        assert f"<li>{number}</li>" in html
    replacement = drawn.replacements.get()
    assert replacement.inputs_filename() in html
    assert "<svg" in html and "The figures of the chart" in html
    assert html.count('<tr><th scope="row">') >= 30  # every volunteer's chance, and more


def test_the_published_files_replay_to_the_published_results(client, drawn):
    component = drawn.component
    inputs = json.loads(client.get(component_url(component, "panel_inputs", pk=drawn.pk)).content)
    assert lottery.replay(inputs) == drawn.selected
    replacement = drawn.replacements.get()
    url = component_url(component, "replacement_inputs", pk=drawn.pk,
                        replacement_id=replacement.pk)  # fmt: skip
    assert lottery.replay(json.loads(client.get(url).content)) == [replacement.replacement]
    distribution = json.loads(
        client.get(component_url(component, "panel_distribution", pk=drawn.pk)).content
    )
    assert (
        distribution["panels"] == inputs["panels"] and distribution["tickets"] == inputs["tickets"]
    )
    assert sum(distribution["probabilities"].values()) == pytest.approx(6)


def test_names_and_contacts_appear_on_no_public_page_nor_file(client, signed_in, drawn,
                                                              participant):  # fmt: skip
    secrets = [
        text for volunteer in drawn.volunteers.all() for text in (volunteer.name, volunteer.contact)
    ]
    assert len(secrets) == 60
    for browser in (client, signed_in(participant)):
        for url in public_urls(drawn):
            response = browser.get(url)
            assert response.status_code == 200, url
            content = response.content.decode()
            for secret in secrets:
                assert secret not in content, (url, secret)


def test_contacts_are_for_the_panels_administrators_only(signed_in, drawn, space_admin,
                                                         collaborator):  # fmt: skip
    volunteer = drawn.volunteers.first()
    manage = component_admin_url(drawn.component, "panel", pk=drawn.pk)
    export = component_admin_url(drawn.component, "volunteers_csv", pk=drawn.pk)
    admin_page = signed_in(space_admin).get(manage).content.decode()
    assert volunteer.contact in admin_page
    exported = b"".join(signed_in(space_admin).get(export).streaming_content).decode()
    assert f"{volunteer.number},{volunteer.name},{volunteer.contact}" in exported
    collaborator_page = signed_in(collaborator).get(manage).content.decode()
    assert volunteer.contact not in collaborator_page and volunteer.name not in collaborator_page
    assert signed_in(collaborator).get(export).status_code == 403


def test_a_panel_not_published_is_seen_by_the_space_staff_only(client, signed_in, space_admin,
                                                              component, collaborator):  # fmt: skip
    panel = services.panel_create(
        actor=space_admin, component=component, title={"fr": "En préparation"}, size=5
    )
    assert client.get(panel.get_absolute_url()).status_code == 404
    assert "En préparation" not in client.get(component.get_absolute_url()).content.decode()
    assert signed_in(collaborator).get(panel.get_absolute_url()).status_code == 200


def test_a_private_space_hides_its_panels(client, signed_in, drawn, space, participant):
    space.private = True
    space.save()
    for url in public_urls(drawn):
        assert client.get(url).status_code == 404
        assert signed_in(participant).get(url).status_code == 404
    SpaceMemberFactory(space=space, user=participant)
    for url in public_urls(drawn):
        assert signed_in(participant).get(url).status_code == 200


def test_the_panel_page_and_the_list_read_a_constant_number_of_queries(
    client, drawn, space_admin, component, django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with CaptureQueriesContext(connection) as small:
        client.get(drawn.get_absolute_url())
    with CaptureQueriesContext(connection) as index:
        client.get(component.get_absolute_url())
    bigger = services.panel_create(
        actor=space_admin, component=component, title={"fr": "Plus grand"}, size=8
    )
    volunteers, quotas = pool_files(48, 8, seed=9)
    services.panel_import_volunteers(actor=space_admin, panel=bigger, upload=volunteers)
    services.panel_import_quotas(actor=space_admin, panel=bigger, upload=quotas)
    with django_capture_on_commit_callbacks(execute=True):
        services.panel_compute_request(actor=space_admin, panel=bigger)
    bigger.refresh_from_db()
    services.panel_publish(actor=space_admin, panel=bigger)
    bigger = services.panel_draw(actor=space_admin, panel=bigger, public_value="1")
    for number in bigger.selected[:2]:
        services.panel_replace(actor=space_admin, panel=bigger, declined=number, public_value="2")
    with django_assert_max_num_queries(len(small)):
        client.get(bigger.get_absolute_url())
    with django_assert_max_num_queries(len(index)):
        client.get(component.get_absolute_url())


# Backoffice --------------------------------------------------------------------------
@pytest.fixture
def people(space, organization, admin_user, participant, collaborator, space_admin):
    other = SpaceRoleFactory(space__organization=organization, role=SpaceRole.Role.ADMIN).user
    return {
        "participant": participant,
        "admin of another space": with_two_factor(other),
        "collaborator": collaborator,
        "space admin": space_admin,
        "organization admin": admin_user,
    }


@pytest.mark.parametrize(
    ("who", "read_status", "write_status"),
    [
        ("participant", 403, 403),
        ("admin of another space", 404, 404),
        ("collaborator", 200, 403),
        ("space admin", 200, 302),
        ("organization admin", 200, 302),
    ],
)
def test_who_may_see_and_change_a_panel_in_the_backoffice(
    signed_in, people, space_admin, component, who, read_status, write_status
):
    panel = services.panel_create(
        actor=space_admin, component=component, title={"fr": "Jury"}, size=5
    )
    client = signed_in(people[who])
    assert client.get(component_admin_url(component, "panel", pk=panel.pk)).status_code == (
        read_status
    )
    volunteers, _quotas = pool_files(20, 5)
    response = client.post(
        component_admin_url(component, "volunteers_import", pk=panel.pk), {"file": volunteers}
    )
    assert response.status_code == write_status
    assert panel.volunteers.exists() is (write_status == 302)


def test_an_administrator_prepares_computes_publishes_and_draws(
    signed_in, space_admin, component, django_capture_on_commit_callbacks
):
    client = signed_in(space_admin)
    response = client.post(component_admin_url(component, "panel_new"), {
        "title_fr": "Convention citoyenne", "title_en": "", "description_fr": "",
        "description_en": "", "size": "6", "method": "nash",
    })  # fmt: skip
    panel = Panel.objects.get()
    manage = component_admin_url(component, "panel", pk=panel.pk)
    assert response["Location"] == manage
    volunteers, quotas = pool_files(30, 6)
    client.post(
        component_admin_url(component, "volunteers_import", pk=panel.pk), {"file": volunteers}
    )
    client.post(component_admin_url(component, "quotas_import", pk=panel.pk), {"file": quotas})
    quota = panel.quotas.first()
    client.post(component_admin_url(component, "quotas_set", pk=panel.pk), {
        f"min_{quota.pk}": str(quota.minimum), f"max_{quota.pk}": str(quota.maximum),
    })  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        client.post(component_admin_url(component, "panel_compute", pk=panel.pk))
    panel.refresh_from_db()
    assert panel.status == Panel.Status.COMPUTED and panel.method == "nash"
    page = client.get(manage).content.decode()
    assert "Publish the distribution" in page
    client.post(component_admin_url(component, "panel_publish", pk=panel.pk), {
        "value_source_fr": "Tirage du loto", "value_source_en": "",
    })  # fmt: skip
    client.post(component_admin_url(component, "panel_draw", pk=panel.pk), {"public_value": "9"})
    panel.refresh_from_db()
    assert panel.is_drawn and panel.value_source == {"fr": "Tirage du loto"}
    assert lottery.replay(panel.inputs()) == panel.selected
    response = client.post(component_admin_url(component, "panel_replace", pk=panel.pk),
                           {"declined": "12", "public_value": "1"})  # fmt: skip
    assert "is not a member of the panel" in client.get(response["Location"]).content.decode()
    actions = set(ActionLog.objects.values_list("action", flat=True))
    assert {"create_panel", "import_volunteers", "import_quotas", "set_quotas", "compute_panel",
            "publish_panel", "draw_panel"} <= actions  # fmt: skip


def test_progress_is_shown_while_computing(signed_in, space_admin, component):
    panel = services.panel_create(
        actor=space_admin, component=component, title={"fr": "Jury"}, size=5
    )
    Panel.objects.filter(pk=panel.pk).update(
        status=Panel.Status.COMPUTING, progress="Greedy method, for comparison: run 12 of 60"
    )
    url = component_admin_url(component, "panel_progress", pk=panel.pk)
    client = signed_in(space_admin)
    response = client.get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "run 12 of 60" in html and 'hx-trigger="every 3s"' in html
    assert "HX-Refresh" not in response
    Panel.objects.filter(pk=panel.pk).update(status=Panel.Status.COMPUTED)
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"


def test_comments_are_taken_on_published_panels_only(space_admin, component, participant):
    from palabre.core.permissions import can

    panel = services.panel_create(
        actor=space_admin, component=component, title={"fr": "Jury"}, size=5
    )
    assert not can(participant, "comment", panel)
    Panel.objects.filter(pk=panel.pk).update(published_at=timezone.now())
    panel.refresh_from_db()
    assert can(participant, "comment", panel)


def test_the_button_emails_the_numbers_and_says_how_many(
    signed_in, space_admin, collaborator, component, mailoutbox, django_capture_on_commit_callbacks
):
    panel = services.panel_create(
        actor=space_admin, component=component, title={"fr": "Jury"}, size=5
    )
    volunteers, _quotas = pool_files(12, 5)
    services.panel_import_volunteers(actor=space_admin, panel=panel, upload=volunteers)
    url = component_admin_url(component, "numbers_send", pk=panel.pk)
    assert signed_in(collaborator).post(url).status_code == 403
    client = signed_in(space_admin)
    assert (
        "Email each volunteer their number"
        in client.get(component_admin_url(component, "panel", pk=panel.pk)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "12 volunteers will receive their number by email." in response.content.decode()
    assert len(mailoutbox) == 12
