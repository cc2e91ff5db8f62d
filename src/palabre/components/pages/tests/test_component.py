"""The pages manifest honours the component contract: settings, stats, sitemap, seed."""

import pytest

from palabre.components.pages.models import Page
from palabre.components.pages.tests.factories import PageFactory
from palabre.core.registry import components
from palabre.core.settings_schema import current_settings, validate_settings
from palabre.core.tests.factories import ComponentFactory, UserFactory


def test_manifest_is_registered_with_its_urls():
    manifest = components.get("pages")
    assert manifest is not None
    assert manifest.public_urls == "palabre.components.pages.urls"
    assert manifest.admin_urls == "palabre.components.pages.admin_urls"
    assert manifest.actions == ()
    assert set(manifest.stat_labels) == {"pages"}


def test_every_default_setting_is_valid():
    manifest = components.get("pages")
    result = validate_settings(manifest, {}, step_ids=[], languages=["fr", "en"])
    assert result["global"] == {"show_table_of_contents": True}
    assert result["default_step"] == {"announcement": {}}


def test_announcement_setting_is_sanitized():
    manifest = components.get("pages")
    data = {"default_step": {"announcement": {"fr": "<p>Vote<script>x()</script></p>"}}}
    result = validate_settings(manifest, data, step_ids=[], languages=["fr", "en"])
    assert result["default_step"]["announcement"] == {"fr": "<p>Vote</p>"}


@pytest.mark.django_db
def test_permission_has_no_opinion_on_viewing(user):
    page = PageFactory()
    verdict = components["pages"].permission(
        user=user, action="view", component=page.component, resource=page, settings=None
    )
    assert verdict is None


@pytest.mark.django_db
def test_stats_count_pages_of_the_given_components_in_one_query(
    django_assert_num_queries, organization
):
    first, second, other = (ComponentFactory(space__organization=organization) for _ in range(3))
    PageFactory.create_batch(3, component=first)
    PageFactory.create_batch(2, component=second)
    PageFactory(component=other)
    with django_assert_num_queries(1):
        assert components["pages"].stats([first, second]) == {"pages": 5}


@pytest.mark.django_db
def test_sitemap_lists_every_page_address(django_assert_num_queries, organization):
    component = ComponentFactory(space__organization=organization, space__slug="budget")
    pages = PageFactory.create_batch(2, component=component)
    with django_assert_num_queries(1):
        urls = list(components["pages"].sitemap([component]))
    assert sorted(urls) == sorted(
        f"/processes/budget/f/{component.pk}/{page.pk}/" for page in pages
    )


@pytest.mark.django_db
def test_seed_writes_a_bilingual_faq_after_existing_pages(organization):
    component = ComponentFactory(space__organization=organization)
    existing = PageFactory(component=component, position=0)
    components["pages"].seed(component, [UserFactory(organization=organization)])
    pages = list(Page.objects.filter(component=component))
    assert pages[0] == existing
    assert len(pages) == 3
    for page in pages[1:]:
        assert page.title["fr"] and page.title["en"]
        assert len(page.body["fr"]) > 500 and len(page.body["en"]) > 500
        assert "<script" not in page.body["fr"]


@pytest.mark.django_db
def test_a_new_component_has_no_page_and_default_settings(organization, admin_user):
    from palabre.core.services import component_create
    from palabre.core.tests.factories import SpaceFactory

    space = SpaceFactory(organization=organization)
    component = component_create(actor=admin_user, space=space, manifest_name="pages")
    assert not Page.objects.filter(component=component).exists()
    assert current_settings(component).show_table_of_contents is True
