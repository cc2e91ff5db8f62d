"""Registry of the models moderation may hide, with the field naming their author.

Comments and proposals register their models at start-up; blocking a participant "with
their content" hides every registered resource that person wrote.
"""

from django.db import models

_registry: dict[type[models.Model], str] = {}


def register(model: type[models.Model], author_field: str = "author") -> type[models.Model]:
    """Declare `model` hideable; its `author_field` is a foreign key to the author."""
    _registry[model] = author_field
    return model


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model, None)


def registered() -> dict[type[models.Model], str]:
    return dict(_registry)


def author_id_of(resource: models.Model) -> int | None:
    """The primary key of the resource's author, read without a query."""
    field = _registry.get(type(resource), "author")
    return getattr(resource, f"{field}_id", None)
