"""The debates component type: questions put to discussion, arguments for and against."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from palabre.components.debates import search as component_search
from palabre.core.components import component_url
from palabre.core.permissions import Denied
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting
from palabre.notifications.events import register_event, register_event_group

UPDATE_EVENT = "debates.update"
CLOSED_EVENT = "debates.closed"
register_event_group("debates", _("Debates"))
register_event(
    UPDATE_EVENT,
    _("News of a debate"),
    _("The organizers of the debate “%(title)s” posted an information update"),
)
register_event(CLOSED_EVENT, _("A debate closed"), _("The debate “%(title)s” closed"))

CREATION_CLOSED = _("Participants cannot open debates in this phase.")
ENDORSEMENTS_CLOSED = _("Endorsements are not open in this phase.")
CLOSED = _("This debate is closed: it can be read, no longer changed.")
NOT_OPEN_YET = _("This debate has not started yet.")


def _is_author(user, debate) -> bool:
    return (
        debate is not None
        and not debate.official
        and debate.author_id is not None
        and debate.author_id == getattr(user, "pk", None)
    )


def permission(*, user, action, component, resource=None, settings=None) -> bool | Denied | None:
    """Actions follow the step settings; the core already checked that the person is signed
    in, not blocked and may take part in the space. A closed debate is read-only."""
    from palabre.components.debates.models import Debate
    from palabre.core.permissions import can

    debate = resource if isinstance(resource, Debate) else None
    if action == "view":
        if debate is not None and not debate.is_published:
            return None if can(user, "admin", component) else False
        return None
    if action == "create":
        return True if settings.creation_enabled else Denied(CREATION_CLOSED)
    if debate is not None:
        if not debate.is_published:
            return Denied(_("This debate is not published."))
        if debate.is_closed:
            return Denied(CLOSED)
    if action in ("edit", "close"):
        return _is_author(user, debate)
    if debate is not None and not debate.has_started:
        return Denied(NOT_OPEN_YET)
    if action == "endorse":
        return True if settings.endorsements == "enabled" else Denied(ENDORSEMENTS_CLOSED)
    if action == "comment":
        if settings.comments_blocked:
            return Denied(_("Comments are closed in this phase."))
        return True
    return None


def stats(component_list: list) -> dict[str, int]:
    """Public figures: published debates that moderation did not hide."""
    from django.db.models import Count, Q, Sum

    from palabre.components.debates.models import Debate
    from palabre.moderation.selectors import exclude_hidden

    public = exclude_hidden(
        Debate.objects.filter(component__in=component_list, published_at__isnull=False)
    )
    counts = public.aggregate(
        debates=Count("pk"),
        closed=Count("pk", filter=Q(closed_at__isnull=False)),
        arguments=Sum("comments_count"),
    )
    return {
        "debates": counts["debates"],
        "debates_closed": counts["closed"],
        "debate_arguments": counts["arguments"] or 0,
    }


def sitemap(component_list: list) -> Iterable[str]:
    from palabre.components.debates.models import Debate
    from palabre.moderation.selectors import exclude_hidden

    by_id = {component.pk: component for component in component_list}
    public = exclude_hidden(
        Debate.objects.filter(component__in=component_list, published_at__isnull=False)
    )
    for debate_id, component_id in public.order_by("-published_at", "-id").values_list(
        "pk", "component_id"
    ):
        yield component_url(by_id[component_id], "debate", pk=debate_id)


def export_rows(component) -> Iterable[dict]:
    from palabre.components.debates.exports import debate_rows

    return debate_rows(component)


def seed(component, users=()) -> None:
    from palabre.components.debates.seeds import seed_debates

    seed_debates(component, list(users))


manifest = components.register(
    ComponentManifest(
        name="debates",
        label=_("Debates"),
        description=_(
            "Questions put to discussion, with arguments in favour and against, and a "
            "conclusion when they close."
        ),
        step_settings=(
            Setting("creation_enabled", "boolean", False, label=_("Participants may open debates")),
            Setting(
                "endorsements",
                "choice",
                "enabled",
                label=_("Endorsements"),
                choices=(
                    ("disabled", _("Disabled")),
                    ("enabled", _("Enabled")),
                    ("blocked", _("Blocked (counts shown)")),
                ),
            ),
            Setting("comments_blocked", "boolean", False, label=_("Comments blocked")),
            Setting("announcement", "translated", {}, label=_("Announcement"), rich=True),
        ),
        actions=(
            ("create", _("Open a debate")),
            ("endorse", _("Endorse")),
            ("comment", _("Comment")),
            ("edit", _("Edit one's own debate")),
            ("close", _("Close one's own debate")),
        ),
        permission=permission,
        public_urls="palabre.components.debates.urls",
        admin_urls="palabre.components.debates.admin_urls",
        stats=stats,
        stat_labels={
            "debates": _("Debates"),
            "debates_closed": _("Closed debates"),
            "debate_arguments": _("Arguments in debates"),
        },
        exports={"csv": export_rows, "xlsx": export_rows, "json": export_rows},
        seed=seed,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="debates",
    )
)
