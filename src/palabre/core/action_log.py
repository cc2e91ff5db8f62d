"""What the admin activity log says: one translated sentence per entry.

An entry (`core.ActionLog`) keeps names: its `action` ("update", "compute_results"), the type
of what it acted on (`resource_type`, a model name such as "budget"), the label of that item
when it was written, and `data`, whose "fields" are the names of what changed. The sentence
is made when the log is read, in the reader's language, from what the apps registered:

- `register_resource_type(name, label, item, model=…)`: how to name an item of that type
  inside a sentence (`item`, e.g. "the budget “%(label)s”", with its article, so that each
  language can agree it), its label in the filters, and the model whose fields' verbose names
  label the changed fields;
- `register_action(name, label, sentence, with_changes=…, details=…)`: the sentence (with
  `%(who)s` and `%(item)s`, or `%(label)s` where the sentence names the type itself, as
  languages that contract an article with a preposition need: "du budget"), the one used
  when fields changed (with `%(changes)s` too), and a function giving the other values the
  sentence names from the entry's `data` (it may also give "changes", labels of what
  changed besides fields, and "note", a sentence added after it). An action may be
  registered again for one resource type (`resource_type=`), for a sentence of its own.

The core registers its own in `core/log_actions.py`; every app registers its actions in a
`log_actions.py` of its own, discovered at start-up like `component.py`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Text = str | Promise


@dataclass(frozen=True)
class ResourceType:
    name: str
    label: Text
    item: Text
    model: type | None = None
    field_labels: dict[str, Text] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionType:
    name: str
    label: Text
    sentence: Text
    with_changes: Text | None = None
    details: Callable[[dict], dict] | None = None


_resource_types: dict[str, ResourceType] = {}
_actions: dict[str, ActionType] = {}
_actions_by_type: dict[tuple[str, str], ActionType] = {}

# What an entry says when its action or its type was never registered (an app removed since,
# an action invented without its sentence): still a translated sentence, naming the action
# as it was recorded.
UNKNOWN_ACTION = _("%(who)s did “%(action)s” on %(item)s.")
UNKNOWN_ITEM = _("%(type)s “%(label)s”")
NO_LABEL_ITEM = _("%(type)s")


def register_resource_type(
    name: str,
    label: Text,
    item: Text,
    *,
    model: type | None = None,
    field_labels: dict[str, Text] | None = None,
) -> ResourceType:
    """Declare how log sentences name an item of type `name`; registering again replaces."""
    resource_type = ResourceType(name, label, item, model, dict(field_labels or {}))
    _resource_types[name] = resource_type
    return resource_type


def register_action(
    name: str,
    label: Text,
    sentence: Text,
    *,
    with_changes: Text | None = None,
    details: Callable[[dict], dict] | None = None,
    resource_type: str | None = None,
) -> ActionType:
    """Declare the sentence of an action (for one type of item only with `resource_type`)."""
    action = ActionType(name, label, sentence, with_changes, details)
    if resource_type is None:
        _actions[name] = action
    else:
        _actions_by_type[(resource_type, name)] = action
    return action


def is_registered(action: str) -> bool:
    return action in _actions or any(name == action for _type, name in _actions_by_type)


def action_names() -> set[str]:
    return set(_actions) | {name for _type, name in _actions_by_type}


def action_label(action: str) -> str:
    """The short name of an action, for the log's filters."""
    registered = _actions.get(action) or next(
        (found for (_type, name), found in _actions_by_type.items() if name == action), None
    )
    return str(registered.label) if registered else action.replace("_", " ")


def resource_type_label(resource_type: str) -> str:
    registered = _resource_types.get(resource_type)
    if registered is not None:
        return str(registered.label)
    model = _model_named(resource_type)
    if model is not None:
        return capfirst(str(model._meta.verbose_name))
    return resource_type.replace("_", " ")


def _model_named(resource_type: str):
    registered = _resource_types.get(resource_type)
    if registered is not None and registered.model is not None:
        return registered.model
    for model in apps.get_models():
        if model._meta.model_name == resource_type:
            return model
    return None


def field_label(resource_type: str, name: str) -> str:
    """The translated name of a field of an item of `resource_type`."""
    registered = _resource_types.get(resource_type)
    if registered is not None and name in registered.field_labels:
        return str(registered.field_labels[name])
    model = _model_named(resource_type)
    if model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return name.replace("_", " ")


def changed_fields(instance, values: dict) -> list[str]:
    """The names of `values` that differ from what `instance` holds: what an update
    changes, to be logged as `data={"fields": …}` (the same value written again is not a
    change)."""
    return sorted(name for name, value in values.items() if getattr(instance, name, None) != value)


def _item(entry) -> str:
    registered = _resource_types.get(entry.resource_type)
    label = entry.resource_label
    if registered is not None:
        return str(registered.item) % {"label": label} if label else str(registered.label)
    type_label = resource_type_label(entry.resource_type)
    if label:
        return str(UNKNOWN_ITEM) % {"type": type_label, "label": label}
    return str(NO_LABEL_ITEM) % {"type": type_label}


def _action(entry) -> ActionType | None:
    return _actions_by_type.get((entry.resource_type, entry.action)) or _actions.get(entry.action)


def sentence(entry) -> str:
    """The sentence of one log entry, in the active language."""
    who = entry.user.display_name if entry.user_id and entry.user else gettext("The platform")
    values = {"who": who, "item": _item(entry), "label": entry.resource_label}
    action = _action(entry)
    if action is None:
        return str(UNKNOWN_ACTION) % {**values, "action": entry.action.replace("_", " ")}
    data = entry.data or {}
    extra = action.details(data) if action.details is not None else {}
    note = extra.pop("note", "")
    changes = [
        field_label(entry.resource_type, name)
        for name in data.get("fields") or ()
        if isinstance(name, str)
    ] + [str(label) for label in extra.pop("changes", ())]
    values.update(extra)
    if changes and action.with_changes:
        text = str(action.with_changes) % {**values, "changes": ", ".join(changes)}
    else:
        text = str(action.sentence) % values
    return f"{text} {note}" if note else text


def describe_entries(entries: Iterable) -> list:
    """The entries with their sentence (`entry.sentence`), for a page of the log."""
    entries = list(entries)
    for entry in entries:
        entry.sentence = sentence(entry)
    return entries
