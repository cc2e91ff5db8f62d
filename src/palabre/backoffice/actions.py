"""Readable names of what the action log records."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "create": _("Created"),
    "update": _("Updated"),
    "delete": _("Deleted"),
    "publish": _("Published"),
    "unpublish": _("Unpublished"),
    "activate": _("Activated"),
    "activate_by_calendar": _("Activated by the calendar"),
    "reorder_steps": _("Reordered the steps"),
    "reorder_components": _("Reordered the components"),
    "add_admin": _("Made organization administrator"),
    "add_role": _("Gave a role"),
    "remove_role": _("Removed a role"),
    "add_member": _("Added a member"),
    "remove_member": _("Removed a member"),
    "import_members": _("Imported members"),
    "hide": _("Hid"),
    "unhide": _("Unhid"),
    "block": _("Blocked a participant"),
    "unblock": _("Unblocked a participant"),
    "answer": _("Answered"),
    "export": _("Exported"),
}

RESOURCE_TYPE_LABELS = {
    "organization": _("Organization"),
    "space": _("Space"),
    "step": _("Step"),
    "component": _("Component"),
    "user": _("Person"),
}


def action_label(action: str) -> str:
    """The readable name of an action; actions other apps invent show as recorded."""
    return ACTION_LABELS.get(action, action.replace("_", " "))


def resource_type_label(resource_type: str) -> str:
    return RESOURCE_TYPE_LABELS.get(resource_type, resource_type.replace("_", " "))


def details_text(data: dict) -> str:
    """A short readable rendering of an entry's extra data (changed fields, role, counts)."""
    parts = []
    for key, value in (data or {}).items():
        if isinstance(value, list | tuple):
            value = ", ".join(str(item) for item in value)
        parts.append(f"{key.replace('_', ' ')}: {value}")
    return "; ".join(parts)


def describe_entries(entries) -> list:
    """Attach readable labels to log entries for display."""
    entries = list(entries)
    for entry in entries:
        entry.action_label = action_label(entry.action)
        entry.resource_type_label = resource_type_label(entry.resource_type)
        entry.details = details_text(entry.data)
    return entries
