"""Sentences of the activity log for per-action permissions (see `core.action_log`);
imported by `permissions.connect()` at start-up."""

from django.utils.translation import gettext_lazy as _

from palabre.core.action_log import register_action


def _details(data: dict) -> dict:
    """The action by its label and the methods required, in the reader's language."""
    from palabre.core.registry import components
    from palabre.verifications.registry import methods

    manifest = components.get(data.get("manifest", "")) if data.get("manifest") else None
    action = data.get("action", "")
    label = dict(manifest.actions).get(action, action) if manifest is not None else action
    names = []
    for name in data.get("methods", ()):
        method = methods.get(name)
        names.append(str(method.label) if method is not None else name)
    return {"action": str(label), "methods": ", ".join(names)}


register_action(
    "action_permission_set",
    _("Set the verifications an action requires"),
    _("%(who)s required these verifications to “%(action)s” in %(item)s: %(methods)s."),
    details=_details,
)
register_action(
    "action_permission_clear",
    _("Removed the verifications an action required"),
    _("%(who)s removed the verifications required to “%(action)s” in %(item)s."),
    details=_details,
)
