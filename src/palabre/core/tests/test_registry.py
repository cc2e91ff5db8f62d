"""The contract every registered component type and space type keeps."""

import pytest
from django.urls import reverse

from palabre.core.registry import Registry, components, space_types
from palabre.core.settings_schema import validate_settings
from palabre.core.tests.factories import ComponentFactory, SpaceFactory, StepFactory, UserFactory

MANIFESTS = components.all()


def test_the_platform_registers_its_types():
    assert {"pages", "blogs"} <= set(components.names())
    assert {"process", "assembly"} <= set(space_types.names())


def test_a_name_cannot_be_registered_twice():
    registry = Registry("name")
    registry.register(type("M", (), {"name": "x"})())
    with pytest.raises(ValueError):
        registry.register(type("M", (), {"name": "x"})())


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m.name)
def test_manifest_defaults_are_valid(manifest):
    settings = validate_settings(manifest, {}, step_ids=[1, 2], languages=["fr", "en"])
    for setting in manifest.global_settings:
        assert settings["global"][setting.name] == setting.clean(setting.default, languages=["fr"])
    action_names = [name for name, _label in manifest.actions]
    assert len(action_names) == len(set(action_names))
    assert manifest.permission is not None or not manifest.actions


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda m: m.name)
def test_manifest_seed_stats_and_sitemap_work(organization, manifest):
    space = SpaceFactory(organization=organization)
    StepFactory(space=space, active=True)
    component = ComponentFactory(
        space=space,
        manifest_name=manifest.name,
        settings=validate_settings(
            manifest,
            {},
            step_ids=list(space.steps.values_list("pk", flat=True)),
            languages=["fr", "en"],
        ),
    )
    users = [UserFactory(organization=organization) for _ in range(3)]
    if manifest.on_create:
        manifest.on_create(component)
    assert manifest.seed is not None, "every component type seeds demo content"
    manifest.seed(component, users)
    if manifest.stats:
        stats = manifest.stats([component])
        assert stats and all(isinstance(v, int) for v in stats.values())
        assert set(stats) <= set(manifest.stat_labels)
        assert any(stats.values()), "the seed creates content that the statistics count"
    if manifest.sitemap:
        for url in manifest.sitemap([component]):
            assert url.startswith(component.get_absolute_url())


@pytest.mark.parametrize("manifest", [m for m in MANIFESTS if m.public_urls], ids=lambda m: m.name)
def test_manifest_public_index_resolves(manifest):
    assert reverse("index", urlconf=manifest.public_urls) == "/"


@pytest.mark.parametrize("space_type", space_types.all(), ids=lambda t: t.kind)
def test_space_type_metadata_fields_are_unique(space_type):
    keys = [key for key, _label in space_type.metadata_fields]
    assert len(keys) == len(set(keys))
