"""Registry of the models moderation may hide, with the field naming their author.

Comments and proposals register their models at start-up; blocking a participant "with
their content" hides every registered resource that person wrote.

A model may also give a function that moderation calls, inside its transaction, whenever it
hides or shows rows of that model (`on_visibility_change(ids, visible=...)`): comments keep
the comment count of their resource with it, since every public figure counts only what the
public can see.
"""

from collections.abc import Callable, Iterable

from django.db import models

VisibilityChange = Callable[..., None]

_registry: dict[type[models.Model], str] = {}
_on_visibility_change: dict[type[models.Model], VisibilityChange] = {}


def register(
    model: type[models.Model],
    author_field: str = "author",
    *,
    on_visibility_change: VisibilityChange | None = None,
) -> type[models.Model]:
    """Declare `model` hideable; its `author_field` is a foreign key to the author, and
    `on_visibility_change(ids, visible=bool)` is told of the rows moderation just hid or
    showed again."""
    _registry[model] = author_field
    if on_visibility_change is not None:
        _on_visibility_change[model] = on_visibility_change
    return model


def unregister(model: type[models.Model]) -> None:
    _registry.pop(model, None)
    _on_visibility_change.pop(model, None)


def visibility_changed(model: type[models.Model], ids: Iterable[int], *, visible: bool) -> None:
    """Tell `model`'s registered function that moderation hid (or showed) the rows `ids`.

    Called by the moderation services inside the transaction of the decision, once per row
    whose state changed, so that what follows it (a counter) changes with it or not at all.
    """
    ids = list(ids)
    handler = _on_visibility_change.get(model)
    if handler is not None and ids:
        handler(ids, visible=visible)


def registered() -> dict[type[models.Model], str]:
    return dict(_registry)


def author_id_of(resource: models.Model) -> int | None:
    """The primary key of the resource's author, read without a query."""
    field = _registry.get(type(resource), "author")
    return getattr(resource, f"{field}_id", None)
