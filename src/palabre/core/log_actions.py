"""Sentences of the activity log for what the core records (see `core.action_log`), and the
generic actions every app may record on its own items: create, update, delete, publish,
unpublish, export."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action, register_resource_type
from palabre.core.models import Component, Organization, Space, SpaceRole, Step, User
from palabre.core.translations import translated

register_resource_type(
    "organization", _("Organization"), _("the organization “%(label)s”"), model=Organization
)
register_resource_type("space", _("Space"), _("the space “%(label)s”"), model=Space)
register_resource_type("step", _("Step"), _("the step “%(label)s”"), model=Step)
register_resource_type("component", _("Component"), _("the component “%(label)s”"), model=Component)
# A person is named by the name they had then.
register_resource_type("user", _("Person"), "%(label)s", model=User)

# Generic actions ---------------------------------------------------------------------------
register_action("create", _("Created"), _("%(who)s created %(item)s."))
register_action(
    "update",
    _("Updated"),
    _("%(who)s changed %(item)s."),
    with_changes=_("%(who)s changed %(item)s: %(changes)s."),
)
register_action("delete", _("Deleted"), _("%(who)s deleted %(item)s."))
register_action("publish", _("Published"), _("%(who)s published %(item)s."))
register_action("unpublish", _("Unpublished"), _("%(who)s unpublished %(item)s."))
register_action("export", _("Exported"), _("%(who)s exported %(item)s."))
register_action("move", _("Moved"), _("%(who)s moved %(item)s."))
register_action("copy", _("Copied"), _("%(who)s copied %(item)s."))


# The core's own ----------------------------------------------------------------------------
def _role(data: dict) -> dict:
    role = data.get("role", "")
    return {"role": str(dict(SpaceRole.Role.choices).get(role, role))}


def _settings_changed(data: dict) -> dict:
    """The settings a component's update changed, by their labels, with the step of the
    step settings (its title as it was then)."""
    from palabre.core.registry import components

    manifest = components.get(data.get("manifest", "")) if data.get("manifest") else None
    labels = {}
    if manifest is not None:
        labels = {s.name: s.label for s in (*manifest.global_settings, *manifest.step_settings)}
    changes = []
    for change in data.get("settings", ()):
        label = str(labels.get(change.get("name"), change.get("name", "")))
        step = change.get("step")
        if step == "default":
            label = str(_("%(setting)s (without an active step)")) % {"setting": label}
        elif step:
            label = str(_("%(setting)s (step “%(step)s”)")) % {
                "setting": label,
                "step": translated(step),
            }
        changes.append(label)
    return {"changes": changes}


register_action(
    "update",
    _("Updated"),
    _("%(who)s changed %(item)s."),
    with_changes=_("%(who)s changed %(item)s: %(changes)s."),
    details=_settings_changed,
    resource_type="component",
)
register_action("activate", _("Activated"), _("%(who)s activated %(item)s."))
register_action(
    "activate_by_calendar",
    _("Activated by the calendar"),
    _("%(who)s activated %(item)s, as the calendar says."),
)
register_action(
    "reorder_steps", _("Reordered the steps"), _("%(who)s reordered the steps of %(item)s.")
)
register_action(
    "reorder_components",
    _("Reordered the components"),
    _("%(who)s reordered the components of %(item)s."),
)
register_action(
    "add_admin",
    _("Made organization administrator"),
    _("%(who)s made %(item)s an administrator of the organization."),
)
register_action(
    "remove_admin",
    _("Removed organization administrator"),
    _("%(who)s removed %(item)s from the administrators of the organization."),
)
register_action(
    "add_role", _("Gave a role"), _("%(who)s gave %(item)s the role “%(role)s”."), details=_role
)
register_action(
    "remove_role",
    _("Removed a role"),
    _("%(who)s took the role “%(role)s” from %(item)s."),
    details=_role,
)
register_action(
    "add_member", _("Added a member"), _("%(who)s added %(item)s to the members of the space.")
)
register_action(
    "remove_member",
    _("Removed a member"),
    _("%(who)s removed %(item)s from the members of the space."),
)
register_action(
    "import_members",
    _("Imported members"),
    _("%(who)s imported members into %(item)s: %(added)s added from %(lines)s lines."),
    details=lambda data: {"added": data.get("added", 0), "lines": data.get("lines", 0)},
)
