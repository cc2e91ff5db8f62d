"""A refusal says why: `why_not` gives the reason of each layer, `require` raises it, and
the 403 page shows it with the next step."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone

from palabre.core.permissions import Denied, can, require, why_not
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting
from palabre.core.tests.factories import (
    ComponentFactory,
    SpaceFactory,
    SpaceMemberFactory,
    UserFactory,
)
from palabre.core.views import permission_denied

pytestmark = pytest.mark.django_db


@pytest.fixture
def explained_manifest():
    """A component type whose `create` says why it is closed, and whose `vote` only says no."""
    manifest = ComponentManifest(
        name="test_explained",
        label="Explained",
        step_settings=(Setting("creation_enabled", "boolean", False),),
        actions=(("create", "Write a letter"), ("vote", "Vote")),
        permission=lambda *, user, action, component, resource, settings: (
            (settings.creation_enabled or Denied("Letters are closed."))
            if action == "create"
            else False
        ),
    )
    components.register(manifest)
    yield manifest
    components.unregister("test_explained")


def component_with(organization, *, creation_enabled=True, **space):
    return ComponentFactory(
        space=SpaceFactory(organization=organization, **space),
        manifest_name="test_explained",
        settings={"default_step": {"creation_enabled": creation_enabled}},
    )


def test_nothing_to_explain_when_allowed(organization, explained_manifest):
    component = component_with(organization)
    person = UserFactory(organization=organization)
    assert can(person, "create", component)
    assert why_not(person, "create", component) is None
    require(person, "create", component)


def test_a_visitor_is_asked_to_sign_in_for_the_named_action(organization, explained_manifest):
    denial = why_not(AnonymousUser(), "create", component_with(organization))
    assert "Sign in" in str(denial)
    assert "“Write a letter”" in str(denial)


def test_the_component_says_why_in_its_own_words(organization, explained_manifest):
    component = component_with(organization, creation_enabled=False)
    person = UserFactory(organization=organization)
    assert not can(person, "create", component)
    assert str(why_not(person, "create", component)) == "Letters are closed."
    with pytest.raises(PermissionDenied) as refusal:
        require(person, "create", component, "A message of the caller")
    # A precise reason wins over the caller's general message…
    assert str(refusal.value.args[0]) == "Letters are closed."
    # …which is kept where the component only says no.
    with pytest.raises(PermissionDenied) as refusal:
        require(person, "vote", component, "Votes are for another day.")
    assert str(refusal.value.args[0]) == "Votes are for another day."
    assert str(why_not(person, "vote", component)) == "You are not allowed to do this."


def test_members_only_blocked_and_closed_accounts_each_have_their_reason(
    organization, explained_manifest
):
    component = component_with(organization, private=True, transparent=True)
    outsider = UserFactory(organization=organization)
    assert "members" in str(why_not(outsider, "create", component))
    member = SpaceMemberFactory(space=component.space).user
    assert why_not(member, "create", component) is None
    member.blocked_at = timezone.now()
    assert "blocked" in str(why_not(member, "create", component))
    outsider.is_active = False
    assert "no longer take part" in str(why_not(outsider, "create", component))
    member.blocked_at = None
    component.published_at = None
    assert "not published" in str(why_not(member, "create", component))


def test_staff_actions_name_who_may(organization):
    space = SpaceFactory(organization=organization)
    assert "administrators" in str(why_not(UserFactory(organization=organization), "admin", space))
    assert "Sign in" in str(why_not(AnonymousUser(), "admin", space))


# The 403 page --------------------------------------------------------------------------
def render_refusal(request, exception):
    return permission_denied(request, exception).content.decode()


@pytest.fixture
def get(organization):
    def build(path="/somewhere/?page=2", user=None, **meta):
        request = RequestFactory().get(path, HTTP_HOST="testserver", **meta)
        request.organization = organization
        request.user = user or AnonymousUser()
        return request

    return build


def test_the_page_shows_the_reason_and_a_sign_in_link_back_here(get):
    html = render_refusal(get(), PermissionDenied(Denied("Letters are closed.")))
    assert "Letters are closed." in html
    assert "/accounts/login/?next=%2Fsomewhere%2F%3Fpage%3D2" in html


def test_the_page_offers_the_step_that_lifts_the_refusal(get, organization):
    denial = Denied("Check your address first.", next_url="/verify/", next_label="Verify")
    html = render_refusal(
        get(user=UserFactory(organization=organization)), PermissionDenied(denial)
    )
    assert "Check your address first." in html
    assert 'href="/verify/">Verify</a>' in html
    assert "/accounts/login/" not in html  # already signed in


def test_the_page_leads_back_to_the_space_or_the_page_before(get, organization):
    request = get()
    request.space = SpaceFactory(organization=organization, title={"en": "The park"})
    html = render_refusal(request, PermissionDenied("No."))
    assert f'href="{request.space.get_absolute_url()}">Back to The park</a>' in html
    html = render_refusal(get(HTTP_REFERER="http://testserver/before/"), PermissionDenied())
    assert 'href="http://testserver/before/">Back to the previous page</a>' in html
    assert "You are not allowed to do this." in html
    html = render_refusal(get(HTTP_REFERER="https://evil.example/"), PermissionDenied())
    assert "evil.example" not in html


def test_in_the_backoffice_the_way_back_stays_in_the_backoffice(get, organization):
    space = SpaceFactory(organization=organization, title={"en": "The park"})
    request = get(path=f"/admin/spaces/{space.pk}/roles/")
    request.space = space
    html = render_refusal(request, PermissionDenied("No."))
    assert space.get_absolute_url() not in html
    assert 'href="/admin/">Back to the administration</a>' in html
    request = get(
        path=f"/admin/spaces/{space.pk}/roles/",
        HTTP_REFERER=f"http://testserver/admin/spaces/{space.pk}/",
    )
    request.space = space
    html = render_refusal(request, PermissionDenied("No."))
    assert (
        f'href="http://testserver/admin/spaces/{space.pk}/">Back to the previous page</a>' in html
    )
