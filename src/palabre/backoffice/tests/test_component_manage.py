import dataclasses

import pytest

from palabre.backoffice.tests.conftest import client_for
from palabre.core.components import component_admin_url
from palabre.core.registry import ComponentManifest, components
from palabre.core.tests.factories import ComponentFactory, OrganizationFactory, SpaceFactory

MANIFEST = ComponentManifest(
    name="managed", label="Managed", admin_urls="palabre.backoffice.tests.component_admin_urls"
)


@pytest.fixture(autouse=True)
def managed_type(monkeypatch):
    monkeypatch.setitem(components._items, MANIFEST.name, MANIFEST)


def test_dispatches_to_the_component_admin_view(admin_client, process):
    component = ComponentFactory(space=process, manifest_name="managed")
    response = admin_client.get(component_admin_url(component, "item", pk=7))
    assert response.status_code == 200
    assert response.content == f"{process.pk}:{component.pk}:7".encode()
    assert admin_client.get(component_admin_url(component)).status_code == 200
    listing = admin_client.get(f"/admin/spaces/{process.pk}/components/")
    assert component_admin_url(component).encode() in listing.content


def test_unknown_address_inside_the_component_is_not_found(admin_client, process):
    component = ComponentFactory(space=process, manifest_name="managed")
    url = f"/admin/spaces/{process.pk}/components/{component.pk}/manage/nowhere/"
    assert admin_client.get(url).status_code == 404


def test_component_of_another_space_is_not_found(admin_client, process, organization):
    other_space = SpaceFactory(organization=organization)
    component = ComponentFactory(space=other_space, manifest_name="managed")
    url = f"/admin/spaces/{process.pk}/components/{component.pk}/manage/"
    assert admin_client.get(url).status_code == 404


def test_space_of_another_organization_is_not_found(admin_client):
    elsewhere = SpaceFactory(organization=OrganizationFactory(host="elsewhere.example.org"))
    component = ComponentFactory(space=elsewhere, manifest_name="managed")
    assert admin_client.get(component_admin_url(component)).status_code == 404


def test_space_admin_of_another_space_is_not_let_in(space_admin, organization):
    other_space = SpaceFactory(organization=organization)
    component = ComponentFactory(space=other_space, manifest_name="managed")
    assert client_for(space_admin).get(component_admin_url(component)).status_code == 404


def test_component_without_admin_views_is_not_found(admin_client, process, monkeypatch):
    plain = ComponentManifest(name="plain", label="Plain")
    monkeypatch.setitem(components._items, plain.name, plain)
    component = ComponentFactory(space=process, manifest_name="plain")
    url = f"/admin/spaces/{process.pk}/components/{component.pk}/manage/"
    assert admin_client.get(url).status_code == 404


def test_valuators_reach_only_components_that_let_them_in(process, monkeypatch):
    from palabre.backoffice.tests.conftest import enable_totp
    from palabre.core.models import SpaceRole
    from palabre.core.tests.factories import SpaceRoleFactory

    valuator = SpaceRoleFactory(space=process, role=SpaceRole.Role.VALUATOR).user
    enable_totp(valuator)
    component = ComponentFactory(space=process, manifest_name=MANIFEST.name)
    url = f"/admin/spaces/{process.pk}/components/{component.pk}/manage/"
    client = client_for(valuator)
    assert client.get(url).status_code == 404
    monkeypatch.setitem(
        components._items, MANIFEST.name, dataclasses.replace(MANIFEST, admin_for_valuators=True)
    )
    assert client.get(url).status_code == 200
