import datetime

import pytest
from django.utils import timezone

from palabre.core.models import SpaceMember
from palabre.core.tests.factories import ComponentFactory
from palabre.spaces.assemblies.tests.factories import AssemblyFactory, AssemblyMemberFactory
from palabre.spaces.processes.tests.test_views import CAN_VIEW, SPACE_STATES, VIEWERS, make_viewer

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.mark.parametrize("state", SPACE_STATES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_detail_and_list_visibility(client, organization, viewer, state):
    space = AssemblyFactory(
        organization=organization,
        slug="conseil",
        title={"fr": "Conseil secret"},
        **SPACE_STATES[state],
    )
    make_viewer(client, viewer, space, organization)
    response = client.get("/assemblies/conseil/")
    assert response.status_code == (200 if viewer in CAN_VIEW[state] else 404)
    listed = client.get("/assemblies/").text
    expected = state in {"public", "transparent"} or (
        state == "private" and viewer in CAN_VIEW["private"]
    )
    assert ("Conseil secret" in listed) == expected


def test_detail_shows_members_and_transparent_notice(client, organization):
    space = AssemblyFactory(
        organization=organization,
        slug="conseil",
        private=True,
        transparent=True,
        metadata={"composition": {"fr": "Douze habitants"}},
    )
    AssemblyMemberFactory(assembly=space, full_name="Ada Lovelace", role={"fr": "Présidente"})
    AssemblyMemberFactory(assembly=space, full_name="Grace Hopper", ceased_at=YESTERDAY)
    text = client.get("/assemblies/conseil/").text
    assert "Ada Lovelace" in text and "Présidente" in text
    assert "Grace Hopper" in text and text.index("Ada Lovelace") < text.index("Grace Hopper")
    assert "Transparent" in text or "transparent" in text
    assert "Douze habitants" in text


def test_detail_query_count_is_constant(
    client, organization, user, django_assert_max_num_queries, test_component_type
):
    space = AssemblyFactory(organization=organization, slug="conseil")
    SpaceMember.objects.create(space=space, user=user)
    client.force_login(user)
    AssemblyMemberFactory(assembly=space, user=user)
    ComponentFactory(space=space, manifest_name=test_component_type)
    with django_assert_max_num_queries(15) as few:
        client.get("/assemblies/conseil/")
    for _n in range(20):
        AssemblyMemberFactory(assembly=space, user=user)
        ComponentFactory(space=space, manifest_name=test_component_type)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/assemblies/conseil/")
    assert len(response.context["current_members"]) == 21


def test_list_query_count_is_constant(client, organization, django_assert_max_num_queries):
    AssemblyFactory(organization=organization)
    with django_assert_max_num_queries(10) as few:
        client.get("/assemblies/")
    AssemblyFactory.create_batch(20, organization=organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/assemblies/")
