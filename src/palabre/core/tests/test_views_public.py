import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from palabre.core.models import SpaceMember, Step
from palabre.core.tests.factories import (
    ComponentFactory,
    OrganizationFactory,
    SpaceFactory,
    StepFactory,
    UserFactory,
)
from palabre.spaces.processes.tests.factories import registered_test_component
from palabre.spaces.processes.tests.test_views import CAN_VIEW, SPACE_STATES, VIEWERS, make_viewer

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def test_component_type():
    with registered_test_component() as name:
        yield name


# Home ------------------------------------------------------------------------------------
def test_home_shows_welcome_promoted_active_and_upcoming(client, organization):
    organization.description = {"fr": "<p>Bienvenue à Test</p>"}
    organization.save()
    promoted = SpaceFactory(organization=organization, promoted=True, title={"fr": "Mis en avant"})
    SpaceFactory(organization=organization, title={"fr": "En cours"}, start_date=TODAY - DAY)
    SpaceFactory(organization=organization, title={"fr": "Terminé"}, end_date=TODAY - DAY)
    StepFactory(space=promoted, title={"fr": "Grand vote"}, start_date=TODAY + 3 * DAY)
    StepFactory(space=promoted, title={"fr": "Étape passée"}, start_date=TODAY - 3 * DAY)
    response = client.get("/")
    text = response.text
    assert "Bienvenue à Test" in text
    assert "Mis en avant" in text and "En cours" in text and "Terminé" not in text
    assert "Grand vote" in text and "Étape passée" not in text
    assert 'href="/processes/"' in text and 'href="/assemblies/"' in text


def test_home_statistics_do_not_count_private_content(client, organization, test_component_type):
    public = SpaceFactory(organization=organization)
    secret = SpaceFactory(organization=organization, private=True)
    ComponentFactory(space=public, manifest_name=test_component_type)
    ComponentFactory(space=secret, manifest_name=test_component_type)
    stats = dict(client.get("/").context["statistics"])
    assert stats["Test items"] == 3
    member = UserFactory(organization=organization)
    SpaceMember.objects.create(space=secret, user=member)
    client.force_login(member)
    stats = dict(client.get("/").context["statistics"])
    assert stats["Test items"] == 6


@pytest.mark.parametrize("state", SPACE_STATES)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_home_lists_only_visible_spaces(client, organization, viewer, state):
    space = SpaceFactory(
        organization=organization, promoted=True, title={"fr": "Le secret"}, **SPACE_STATES[state]
    )
    StepFactory(space=space, title={"fr": "Étape cachée"}, start_date=TODAY + DAY)
    make_viewer(client, viewer, space, organization)
    text = client.get("/").text
    listed = state in {"public", "transparent"} or (
        state == "private" and viewer in CAN_VIEW["private"]
    )
    assert ("Le secret" in text) == listed
    assert ("Étape cachée" in text) == listed


def test_home_query_count_is_constant(
    client, organization, user, django_assert_max_num_queries, test_component_type
):
    client.force_login(user)

    def add(count):
        for n in range(count):
            space = SpaceFactory(organization=organization, promoted=n % 2 == 0)
            StepFactory(space=space, active=True, start_date=TODAY + DAY)
            ComponentFactory(space=space, manifest_name=test_component_type)

    add(2)  # one promoted and one not, so that every list of the page has a first item
    with django_assert_max_num_queries(20) as few:
        client.get("/")
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


# Sitemap ---------------------------------------------------------------------------------
def test_sitemap_lists_public_content_only(client, organization, test_component_type):
    public = SpaceFactory(organization=organization, slug="public")
    transparent = SpaceFactory(
        organization=organization, slug="transparent", private=True, transparent=True
    )
    SpaceFactory(organization=organization, slug="private", private=True)
    SpaceFactory(organization=organization, slug="draft", published_at=None)
    SpaceFactory(organization=OrganizationFactory(host="other.example.org"), slug="elsewhere")
    SpaceFactory(organization=organization, kind="assembly", slug="council")
    shown = ComponentFactory(space=public, manifest_name=test_component_type)
    hidden = ComponentFactory(space=public, manifest_name=test_component_type, published_at=None)
    ComponentFactory(space=transparent, manifest_name=test_component_type)
    response = client.get("/sitemap.xml")
    assert response["Content-Type"].startswith("application/xml")
    text = response.text
    assert "<loc>http://testserver/</loc>" in text
    assert "<loc>http://testserver/processes/public/</loc>" in text
    assert "<loc>http://testserver/processes/transparent/</loc>" in text
    assert "<loc>http://testserver/assemblies/council/</loc>" in text
    assert "/private/" not in text and "/draft/" not in text and "elsewhere" not in text
    assert f"<loc>http://testserver/processes/public/f/{shown.pk}/</loc>" in text
    assert f"<loc>http://testserver/processes/public/f/{shown.pk}/item-1/</loc>" in text
    assert f"/f/{hidden.pk}/" not in text


def test_sitemap_ignores_who_asks(client, organization, admin_user):
    SpaceFactory(organization=organization, slug="private", private=True)
    client.force_login(admin_user)
    assert "/private/" not in client.get("/sitemap.xml").text


def test_sitemap_uses_the_request_scheme(client, organization):
    text = client.get("/sitemap.xml", secure=True).text
    assert "<loc>https://testserver/</loc>" in text


def test_sitemap_query_count_is_constant(
    client, organization, django_assert_max_num_queries, test_component_type
):
    ComponentFactory(
        space=SpaceFactory(organization=organization), manifest_name=test_component_type
    )
    with django_assert_max_num_queries(10) as few:
        client.get("/sitemap.xml")
    for _n in range(20):
        ComponentFactory(
            space=SpaceFactory(organization=organization), manifest_name=test_component_type
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/sitemap.xml")


# Error pages -----------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["fr", "en"])
def test_404_page_is_in_the_visitors_language(client, organization, language):
    response = client.get("/processes/nothing-here/", headers={"accept-language": language})
    assert response.status_code == 404
    assert "error-page" in response.text
    assert f'<html lang="{language}">' in response.text


def test_403_page(rf, organization):
    from django.contrib.auth.models import AnonymousUser

    from palabre.core.views import permission_denied

    request = rf.get("/")
    request.organization = organization
    request.user = AnonymousUser()
    response = permission_denied(request)
    assert response.status_code == 403
    assert b"error-page" in response.content


def test_500_page_renders_without_database_or_context(rf):
    from palabre.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert 'lang="fr"' in response.text and "Something went wrong" in response.text


def test_unknown_host_page(client, db):
    response = client.get("/", headers={"host": "nowhere.example.org"})
    assert response.status_code == 404
    assert "nowhere.example.org" in response.text


# Steps follow the calendar ---------------------------------------------------------------
def _calendar_space(organization):
    space = SpaceFactory(organization=organization, automatic_steps=True)
    StepFactory(space=space, start_date=TODAY - 10 * DAY, end_date=TODAY - DAY, active=True)
    current = StepFactory(space=space, start_date=TODAY, end_date=TODAY + 10 * DAY)
    return space, current


def test_activate_steps_command_is_idempotent(organization):
    _space, current = _calendar_space(organization)
    manual = SpaceFactory(organization=organization, automatic_steps=False)
    by_hand = StepFactory(
        space=manual, start_date=TODAY - 10 * DAY, end_date=TODAY - DAY, active=True
    )
    StepFactory(space=manual, start_date=TODAY, end_date=TODAY + DAY)
    out = StringIO()
    call_command("activate_steps", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert set(Step.objects.filter(active=True)) == {by_hand, current}
    out = StringIO()
    call_command("activate_steps", stdout=out)
    assert out.getvalue().startswith("0 ")
    assert set(Step.objects.filter(active=True)) == {by_hand, current}


def test_activate_steps_task(organization):
    from palabre.core.tasks import activate_steps_by_calendar

    _space, current = _calendar_space(organization)
    result = activate_steps_by_calendar.enqueue()
    assert result.return_value == 1
    current.refresh_from_db()
    assert current.active
    assert activate_steps_by_calendar.enqueue().return_value == 0
