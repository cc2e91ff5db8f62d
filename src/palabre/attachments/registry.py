"""Registry of the models that take attachments, each with the rule that turns them on.

A component registers its resource model at start-up with `enabled(resource) -> bool`
(for instance a setting of the component); files of a resource whose attachments are off
are neither accepted nor served.
"""

from collections.abc import Callable

from django.db import models

_registry: dict[type[models.Model], Callable[[models.Model], bool]] = {}


def register(
    model: type[models.Model], *, enabled: Callable[[models.Model], bool] = lambda resource: True
) -> type[models.Model]:
    _registry[model] = enabled
    return model


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model, None)


def is_enabled(resource: models.Model) -> bool:
    """Whether `resource` takes attachments now (unregistered models never do)."""
    enabled = _registry.get(type(resource))
    return enabled is not None and bool(enabled(resource))
