"""Public pages of the pages component, through the full site (middleware, dispatcher)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palabre.components.pages.tests.factories import PageFactory
from palabre.core.tests.factories import ComponentFactory, SpaceMemberFactory

pytestmark = pytest.mark.django_db


def _index(component):
    return component.get_absolute_url()


def test_empty_component_shows_a_friendly_message(client, component):
    response = client.get(_index(component))
    assert response.status_code == 200
    assert "There are no pages here yet" in response.content.decode()


def test_one_page_is_shown_directly(client, component):
    PageFactory(component=component, title={"fr": "Règlement"}, body={"fr": "<p>Article 1</p>"})
    response = client.get(_index(component))
    html = response.content.decode()
    assert "<h1>Règlement</h1>" in html
    assert "<p>Article 1</p>" in html
    assert 'aria-label="Breadcrumb"' in html


def test_several_pages_get_a_table_of_contents(client, component):
    pages = [
        PageFactory(component=component, title={"fr": f"Sujet {n}"}, body={"fr": f"<p>C{n}</p>"})
        for n in range(3)
    ]
    html = client.get(_index(component)).content.decode()
    for page in pages:
        assert f'href="{page.get_absolute_url()}"' in html
    assert "<p>C0</p>" not in html
    assert html.index("Sujet 0") < html.index("Sujet 1") < html.index("Sujet 2")


def test_without_table_of_contents_every_page_is_shown_in_full(client, component):
    component.settings = {"global": {"show_table_of_contents": False}}
    component.save()
    for n in range(2):
        PageFactory(component=component, title={"fr": f"Sujet {n}"}, body={"fr": f"<p>C{n}</p>"})
    html = client.get(_index(component)).content.decode()
    assert "<p>C0</p>" in html and "<p>C1</p>" in html


def test_step_announcement_is_shown_above_the_content(client, component):
    component.settings = {"default_step": {"announcement": {"fr": "<p>Vote ouvert</p>"}}}
    component.save()
    PageFactory(component=component)
    html = client.get(_index(component)).content.decode()
    assert '<div class="announcement" role="note"><p>Vote ouvert</p></div>' in html


def test_page_detail(client, component):
    PageFactory(component=component)
    page = PageFactory(component=component, title={"fr": "Calendrier"})
    response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert "<h1>Calendrier</h1>" in response.content.decode()


def test_unknown_page_is_a_404(client, component):
    assert client.get(f"{_index(component)}999999/").status_code == 404


def test_page_of_another_component_is_a_404(client, component, space):
    other = PageFactory(component=ComponentFactory(space=space, manifest_name="pages"))
    assert client.get(f"{_index(component)}{other.pk}/").status_code == 404


def test_unpublished_component_is_hidden_except_from_space_admins(
    client, component, space_admin, participant
):
    component.published_at = None
    component.save()
    page = PageFactory(component=component)
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(participant)
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(space_admin)
    assert client.get(page.get_absolute_url()).status_code == 200


def test_private_space_is_a_404_except_for_members(client, component, space, participant):
    space.private = True
    space.save()
    page = PageFactory(component=component)
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(participant)
    assert client.get(page.get_absolute_url()).status_code == 404
    SpaceMemberFactory(space=space, user=participant)
    assert client.get(page.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/123456789",
    ],
)
def test_known_video_providers_are_embedded(client, component, url):
    page = PageFactory(component=component, title={"fr": "Réunion"}, video_url=url)
    html = client.get(page.get_absolute_url()).content.decode()
    assert "<iframe" in html
    assert 'title="Video: Réunion"' in html
    assert url not in html  # the embed address is used, never the raw link


def test_other_video_links_are_plain_links(client, component):
    url = "https://videos.example.org/some/film.mp4"
    page = PageFactory(component=component, video_url=url)
    html = client.get(page.get_absolute_url()).content.decode()
    assert "<iframe" not in html
    assert f'href="{url}"' in html


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("show_table_of_contents", [True, False])
def test_index_queries_do_not_grow_with_pages(
    client, component, django_assert_max_num_queries, show_table_of_contents
):
    component.settings = {"global": {"show_table_of_contents": show_table_of_contents}}
    component.save()
    PageFactory(component=component)
    baseline = _count_queries(client, _index(component))
    PageFactory.create_batch(24, component=component)
    with django_assert_max_num_queries(baseline):
        client.get(_index(component))
