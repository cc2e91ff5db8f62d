"""Every backoffice page renders for an organization admin, with the navigation around it."""

import pytest

from palabre.core.tests.factories import ComponentFactory, SpaceFactory, StepFactory


@pytest.fixture
def private_process(organization):
    space = SpaceFactory(organization=organization, private=True, slug="private")
    StepFactory(space=space)
    ComponentFactory(space=space, manifest_name="pages")
    return space


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/organization/",
        "/admin/logs/",
        "/admin/spaces/process/",
        "/admin/spaces/assembly/new/",
        "/admin/spaces/{space}/",
        "/admin/spaces/{space}/announcement/",
        "/admin/spaces/{space}/steps/",
        "/admin/spaces/{space}/steps/new/",
        "/admin/spaces/{space}/steps/{step}/",
        "/admin/spaces/{space}/components/",
        "/admin/spaces/{space}/components/new/",
        "/admin/spaces/{space}/components/{component}/",
        "/admin/spaces/{space}/roles/",
        "/admin/spaces/{space}/members/",
    ],
)
def test_page_renders(admin_client, private_process, path):
    url = path.format(
        space=private_process.pk,
        step=private_process.steps.get().pk,
        component=private_process.components.get().pk,
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<main id="main"' in content
    assert 'class="bo-sidenav"' in content
    if "{space}" in path:
        assert f'href="/admin/spaces/{private_process.pk}/members/"' in content
