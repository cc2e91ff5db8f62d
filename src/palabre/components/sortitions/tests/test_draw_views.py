"""Pages of draws: the public list and page, the inputs file, the backoffice forms."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palabre.comments.models import Comment
from palabre.components.proposals.tests.factories import ProposalFactory
from palabre.components.sortitions import lottery, services
from palabre.components.sortitions.models import ProposalDraw
from palabre.core.components import component_admin_url, component_url
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.resources import resource_ref
from palabre.core.tests.factories import SpaceMemberFactory, SpaceRoleFactory, with_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def draw(space_admin, component, proposals):
    for _ in range(6):
        ProposalFactory(component=proposals)
    return services.draw_create(
        actor=space_admin,
        component=component,
        title={"fr": "Tirage public", "en": "Public draw"},
        proposals_component=proposals,
        count=2,
        value_source={"fr": "Le dé du conseil", "en": "The council's die"},
        public_value="3",
    )


def test_the_draw_page_shows_the_result_the_inputs_and_the_replay_command(client, draw):
    html = client.get(draw.get_absolute_url()).content.decode()
    assert "Public draw" in html
    for pk in draw.selected:
        assert f"(#{pk})" in html
    assert f"palabre sortition replay draw-{draw.pk}.json" in html
    assert draw.seed in html
    assert "The council&#x27;s die" in html


def test_the_inputs_file_replays_to_the_published_result(client, draw):
    response = client.get(component_url(draw.component, "draw_inputs", pk=draw.pk))
    assert response["Content-Type"].startswith("application/json")
    assert f'filename="draw-{draw.pk}.json"' in response["Content-Disposition"]
    inputs = json.loads(response.content)
    assert inputs == draw.inputs()
    assert lottery.replay(inputs) == draw.selected


def test_a_cancelled_draw_is_listed_and_marked_with_its_reason(client, draw, space_admin):
    services.draw_cancel(actor=space_admin, draw=draw, reason={"fr": "Salle indisponible"})
    index = client.get(draw.component.get_absolute_url()).content.decode()
    assert "Public draw" in index and "Cancelled" in index
    page = client.get(draw.get_absolute_url()).content.decode()
    assert "This draw was cancelled." in page and "Salle indisponible" in page


def test_participants_may_comment_on_a_draw(signed_in, draw, participant):
    response = signed_in(participant).post(
        f"/comments/{resource_ref(draw).as_string()}/new/",
        {"body": "Merci pour la transparence"},
    )
    assert response.status_code in (200, 302)
    assert Comment.objects.filter(object_id=draw.pk).count() == 1


def test_comments_can_be_blocked_by_the_step(draw, participant):
    from palabre.core.permissions import can

    assert can(participant, "comment", draw)
    component = draw.component
    component.settings = {"default_step": {"comments_blocked": True}}
    component.save()
    draw.refresh_from_db()
    assert not can(participant, "comment", draw)


def test_a_private_space_hides_its_draws_from_everyone_but_members(
    client, signed_in, draw, space, participant
):
    space.private = True
    space.save()
    urls = [
        draw.component.get_absolute_url(),
        draw.get_absolute_url(),
        component_url(draw.component, "draw_inputs", pk=draw.pk),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert signed_in(participant).get(url).status_code == 404
    SpaceMemberFactory(space=space, user=participant)
    for url in urls:
        assert signed_in(participant).get(url).status_code == 200


def test_a_draw_of_another_component_is_a_404(client, draw, space):
    from palabre.core.tests.factories import ComponentFactory

    other = ComponentFactory(space=space, manifest_name="sortitions")
    assert client.get(component_url(other, "draw", pk=draw.pk)).status_code == 404


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_pages_read_a_constant_number_of_queries(
    client, draw, space_admin, component, proposals, django_assert_max_num_queries
):
    index_before = _count(client, component.get_absolute_url())
    page_before = _count(client, draw.get_absolute_url())
    for _ in range(30):
        ProposalFactory(component=proposals)
    big = services.draw_create(
        actor=space_admin,
        component=component,
        title={"fr": "Grand tirage"},
        proposals_component=proposals,
        count=12,
        public_value="1",
    )
    for _ in range(4):
        services.draw_create(
            actor=space_admin, component=component, title={"fr": "Autre"},
            proposals_component=proposals, count=1,
        )  # fmt: skip
    with django_assert_max_num_queries(index_before):
        client.get(component.get_absolute_url())
    with django_assert_max_num_queries(page_before):
        client.get(big.get_absolute_url())


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
    ("who", "index_status", "write_status"),
    [
        ("participant", 403, 403),
        ("admin of another space", 404, 404),
        ("collaborator", 200, 403),
        ("space admin", 200, 200),
        ("organization admin", 200, 200),
    ],
)
def test_who_may_see_and_draw_in_the_backoffice(
    signed_in, people, component, proposals, draw, who, index_status, write_status
):
    client = signed_in(people[who])
    assert client.get(component_admin_url(component)).status_code == index_status
    assert client.get(component_admin_url(component, "draw_new")).status_code == write_status
    assert (
        client.get(component_admin_url(component, "draw_cancel", pk=draw.pk)).status_code
        == write_status
    )


def _form(proposals, **extra) -> dict:
    return {
        "title_fr": "Tirage du jury",
        "title_en": "",
        "description_fr": "",
        "description_en": "",
        "source": f"c{proposals.pk}",
        "count": "2",
        "value_source_fr": "Un dé lancé en réunion publique",
        "value_source_en": "",
        "public_value": "",
        **extra,
    }


def test_an_admin_publishes_a_draw_then_enters_the_value(signed_in, space_admin, component,
                                                         proposals):  # fmt: skip
    for _ in range(4):
        ProposalFactory(component=proposals)
    client = signed_in(space_admin)
    response = client.post(component_admin_url(component, "draw_new"), _form(proposals))
    draw = ProposalDraw.objects.get()
    assert response.status_code == 302
    assert response["Location"] == component_admin_url(component, "draw", pk=draw.pk)
    assert not draw.is_drawn
    page = client.get(response["Location"]).content.decode()
    assert "Make the draw" in page
    client.post(response["Location"], {"public_value": "5"})
    draw.refresh_from_db()
    assert draw.is_drawn and draw.selected == lottery.replay(draw.inputs())
    assert set(ActionLog.objects.values_list("action", flat=True)) == {"create_draw", "make_draw"}


def test_the_form_shows_service_errors_and_saves_nothing(signed_in, space_admin, component,
                                                        proposals):  # fmt: skip
    ProposalFactory(component=proposals)
    response = signed_in(space_admin).post(
        component_admin_url(component, "draw_new"), _form(proposals, count="4")
    )
    assert response.status_code == 200
    assert "There are only 1 candidates" in response.content.decode()
    assert not ProposalDraw.objects.exists()


def test_an_admin_cancels_a_draw_with_a_reason(signed_in, space_admin, component, draw):
    url = component_admin_url(component, "draw_cancel", pk=draw.pk)
    client = signed_in(space_admin)
    assert client.post(url, {"reason_fr": "", "reason_en": ""}).status_code == 200
    draw.refresh_from_db()
    assert not draw.is_cancelled
    assert client.post(url, {"reason_fr": "Doublon", "reason_en": ""}).status_code == 302
    draw.refresh_from_db()
    assert draw.is_cancelled and draw.cancel_reason == {"fr": "Doublon"}
