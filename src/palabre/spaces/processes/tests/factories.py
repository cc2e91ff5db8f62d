"""Factories of the processes app, plus a component type registered for page tests."""

from contextlib import contextmanager

import factory
import pytest

from palabre.core.registry import ComponentManifest, components
from palabre.core.tests.factories import OrganizationFactory
from palabre.spaces.processes.models import ProcessGroup


class ProcessGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcessGroup
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: {"fr": f"Groupe {n}", "en": f"Group {n}"})

    @factory.post_generation
    def spaces(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.spaces.set(extracted)


TEST_COMPONENT = "space_page_test"


def _stats(items):
    return {"test_items": 3 * len(items)}


TEST_MANIFEST = ComponentManifest(
    name=TEST_COMPONENT,
    label="Test component",
    public_urls="palabre.spaces.processes.tests.component_urls",
    stats=_stats,
    stat_labels={"test_items": "Test items"},
    sitemap=lambda items: [f"{c.get_absolute_url()}item-1/" for c in items],
)


@contextmanager
def registered_test_component():
    """Register a component type with stats and sitemap entries; remove it afterwards."""
    components.register(TEST_MANIFEST)
    try:
        yield TEST_COMPONENT
    finally:
        components._items.pop(TEST_COMPONENT, None)


@pytest.fixture
def test_component_type():
    with registered_test_component() as name:
        yield name
