import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from palabre.core.models import OrganizationAdmin, SpaceMember, SpaceRole
from palabre.core.tests.factories import ComponentFactory, SpaceFactory, StepFactory, UserFactory
from palabre.spaces.processes.tests.factories import ProcessGroupFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

VIEWERS = ["anonymous", "participant", "member", "space_admin", "org_admin"]
SPACE_STATES = {
    "public": {},
    "private": {"private": True},
    "transparent": {"private": True, "transparent": True},
    "unpublished": {"published_at": None},
}
# Who may open the landing page of a space in each state.
CAN_VIEW = {
    "public": set(VIEWERS),
    "private": {"member", "space_admin", "org_admin"},
    "transparent": set(VIEWERS),
    "unpublished": {"space_admin", "org_admin"},
}


def make_viewer(client, viewer: str, space, organization):
    """Sign `client` in as the kind of person named by `viewer` towards `space`."""
    if viewer == "anonymous":
        return AnonymousUser()
    person = UserFactory(organization=organization)
    if viewer == "member":
        SpaceMember.objects.create(space=space, user=person)
    elif viewer == "space_admin":
        SpaceRole.objects.create(space=space, user=person, role=SpaceRole.Role.ADMIN)
    elif viewer == "org_admin":
        OrganizationAdmin.objects.create(organization=organization, user=person)
    client.force_login(person)
    return person


@pytest.mark.parametrize("state", SPACE_STATES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_landing_page_visibility(client, organization, viewer, state):
    space = SpaceFactory(organization=organization, slug="budget", **SPACE_STATES[state])
    make_viewer(client, viewer, space, organization)
    response = client.get("/processes/budget/")
    # Hidden spaces answer like missing ones: 404, never 403, so existence does not leak.
    assert response.status_code == (200 if viewer in CAN_VIEW[state] else 404)


@pytest.mark.parametrize("state", SPACE_STATES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_embed_visibility(client, organization, viewer, state):
    space = SpaceFactory(organization=organization, slug="budget", **SPACE_STATES[state])
    make_viewer(client, viewer, space, organization)
    response = client.get("/processes/budget/embed/")
    assert response.status_code == (200 if viewer in CAN_VIEW[state] else 404)


@pytest.mark.parametrize("state", SPACE_STATES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_list_visibility(client, organization, viewer, state):
    space = SpaceFactory(
        organization=organization, title={"fr": "Le budget secret"}, **SPACE_STATES[state]
    )
    make_viewer(client, viewer, space, organization)
    response = client.get("/processes/?filter=all")
    listed = {"public", "transparent"} | ({"private"} if viewer in CAN_VIEW["private"] else set())
    # Unpublished spaces are listed for nobody: admins reach them from the backoffice.
    assert ("Le budget secret" in response.text) == (state in listed)


def test_list_filters_by_date(client, organization):
    SpaceFactory(
        organization=organization,
        title={"fr": "Courant"},
        start_date=TODAY - DAY,
        end_date=TODAY + DAY,
    )
    SpaceFactory(organization=organization, title={"fr": "Futur"}, start_date=TODAY + 10 * DAY)
    SpaceFactory(
        organization=organization,
        title={"fr": "Passé"},
        start_date=TODAY - 10 * DAY,
        end_date=TODAY - DAY,
    )
    expected = {
        "active": {"Courant"},
        "upcoming": {"Futur"},
        "past": {"Passé"},
        "all": {"Courant", "Futur", "Passé"},
    }
    for name, titles in expected.items():
        response = client.get(f"/processes/?filter={name}")
        shown = {t for t in ("Courant", "Futur", "Passé") if f">{t}</a>" in response.text}
        assert shown == titles, name
        assert f'href="?filter={name}" aria-current="page"' in response.text
    response = client.get("/processes/")
    assert 'href="?filter=active" aria-current="page"' in response.text
    assert "Actifs" in response.text or "Active" in response.text
    assert "(1)" in response.text and "(3)" in response.text


def test_list_falls_back_to_upcoming_then_all(client, organization):
    future = SpaceFactory(organization=organization, start_date=TODAY + 5 * DAY)
    response = client.get("/processes/")
    assert response.context["current_filter"] == "upcoming"
    future.start_date = TODAY - 10 * DAY
    future.end_date = TODAY - 5 * DAY
    future.save()
    assert client.get("/processes/").context["current_filter"] == "all"


def test_unknown_filter_uses_the_default(client, organization):
    SpaceFactory(organization=organization)
    response = client.get("/processes/?filter=nonsense")
    assert response.status_code == 200
    assert response.context["current_filter"] == "active"


def test_card_shows_active_step_and_description(client, organization):
    space = SpaceFactory(
        organization=organization,
        subtitle={"fr": "Sous-titre"},
        short_description={"fr": "<p>Un résumé court</p>"},
    )
    StepFactory(space=space, title={"fr": "Vote"}, active=True)
    StepFactory(space=space, title={"fr": "Dépôt des idées"})
    text = client.get("/processes/?filter=all").text
    assert "Sous-titre" in text and "Un résumé court" in text
    assert "Vote" in text and "Dépôt des idées" not in text


def test_landing_page_blocks(client, organization, test_component_type):
    space = SpaceFactory(
        organization=organization,
        slug="budget",
        title={"fr": "Budget participatif"},
        announcement={"fr": "<p>Votes ouverts !</p>"},
        description={"fr": "<p>Longue description</p>"},
        metadata={"objectives": {"fr": "Mieux décider"}, "organizer": {"fr": "La mairie"}},
        reference_code="BP-2026",
        start_date=datetime.date(2026, 1, 5),
    )
    StepFactory(space=space, title={"fr": "Idées"})
    StepFactory(
        space=space,
        title={"fr": "Vote"},
        active=True,
        cta_path="/processes/budget/f/1/",
        cta_text={"fr": "Voter maintenant"},
    )
    shown = ComponentFactory(space=space, manifest_name=test_component_type, name={"fr": "Idées"})
    ComponentFactory(
        space=space, manifest_name=test_component_type, name={"fr": "Brouillon"}, published_at=None
    )
    response = client.get("/processes/budget/")
    text = response.text
    assert text.index("Votes ouverts") < text.index("Longue description")
    assert "Mieux décider" in text and "La mairie" in text and "BP-2026" in text
    assert 'aria-current="step"' in text and "Voter maintenant" in text
    assert f'href="{shown.get_absolute_url()}"' in text
    assert "Brouillon" not in text
    assert "Test items" in text and "<dd>3</dd>" in text
    assert "mailto:?subject=" in text and "http://testserver/processes/budget/" in text
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver" in text
    assert "&lt;iframe src=&quot;http://testserver/processes/budget/embed/&quot;" in text


def test_landing_page_hides_share_and_embed_of_members_only_space(client, organization, user):
    space = SpaceFactory(organization=organization, slug="secret", private=True)
    SpaceMember.objects.create(space=space, user=user)
    client.force_login(user)
    text = client.get("/processes/secret/").text
    assert "iframe" not in text and "mailto:?subject" not in text


def test_embed_is_framable_and_links_out(client, organization):
    space = SpaceFactory(organization=organization, slug="budget", title={"fr": "Budget"})
    StepFactory(space=space, title={"fr": "Vote"}, active=True)
    response = client.get("/processes/budget/embed/")
    assert "X-Frame-Options" not in response.headers
    assert 'href="http://testserver/processes/budget/" target="_blank"' in response.text
    assert "Vote" in response.text
    assert client.get("/processes/budget/").headers["X-Frame-Options"] == "DENY"


def test_group_page_and_cards(client, organization):
    visible = SpaceFactory(organization=organization, title={"fr": "Quartier nord"})
    hidden = SpaceFactory(organization=organization, title={"fr": "Secret"}, private=True)
    group = ProcessGroupFactory(
        organization=organization, title={"fr": "Budgets"}, spaces=[visible, hidden]
    )
    text = client.get("/processes/?filter=all").text
    assert f'href="/processes/groups/{group.pk}/"' in text
    response = client.get(f"/processes/groups/{group.pk}/")
    assert response.status_code == 200
    assert "Quartier nord" in response.text and "Secret" not in response.text


def test_group_of_hidden_processes_is_not_found(client, organization):
    hidden = SpaceFactory(organization=organization, private=True)
    group = ProcessGroupFactory(
        organization=organization, title={"fr": "Commission"}, spaces=[hidden]
    )
    assert "Commission" not in client.get("/processes/?filter=all").text
    assert client.get(f"/processes/groups/{group.pk}/").status_code == 404
    assert client.get("/processes/groups/999999/").status_code == 404


def test_other_organization_process_is_not_found(client, organization):
    from palabre.core.tests.factories import OrganizationFactory

    other = OrganizationFactory(host="other.example.org")
    SpaceFactory(organization=other, slug="elsewhere")
    assert client.get("/processes/elsewhere/").status_code == 404


def _fill(organization, count, component_type):
    for n in range(count):
        space = SpaceFactory(organization=organization, start_date=TODAY - DAY, promoted=n % 2 == 0)
        StepFactory(space=space, active=True, start_date=TODAY + DAY)
        ComponentFactory(space=space, manifest_name=component_type)
    group = ProcessGroupFactory(organization=organization)
    group.spaces.set(organization.spaces.all())


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_query_count_is_constant(
    client, organization, user, django_assert_max_num_queries, test_component_type, signed_in
):
    if signed_in:
        client.force_login(user)
    _fill(organization, 1, test_component_type)
    with django_assert_max_num_queries(16) as few:
        client.get("/processes/?filter=all")
    _fill(organization, 20, test_component_type)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/processes/?filter=all")
    assert len(response.context["processes"]) == 21


def test_landing_query_count_is_constant(
    client, organization, user, django_assert_max_num_queries, test_component_type
):
    client.force_login(user)
    space = SpaceFactory(organization=organization, slug="budget")
    StepFactory(space=space, active=True)
    ComponentFactory(space=space, manifest_name=test_component_type)
    with django_assert_max_num_queries(15) as few:
        client.get("/processes/budget/")
    for _n in range(20):
        StepFactory(space=space)
        ComponentFactory(space=space, manifest_name=test_component_type)
        ComponentFactory(space=space, manifest_name=test_component_type, published_at=None)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/processes/budget/")
    assert len(response.context["components"]) == 21
