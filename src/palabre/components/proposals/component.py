"""The proposals component type: ideas citizens submit, support and the organization answers."""

import random
from collections.abc import Iterable

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from palabre.components.proposals import search as component_search
from palabre.core.components import component_url
from palabre.core.permissions import Denied
from palabre.core.registry import ComponentManifest, components
from palabre.core.settings_schema import Setting

SORTS = (
    ("random", _("Random")),
    ("recent", _("Most recent")),
    ("most_supported", _("Most supported")),
    ("most_commented", _("Most commented")),
    ("most_endorsed", _("Most endorsed")),
)


CREATION_CLOSED = _("Proposals are not open in this phase: new ones cannot be submitted now.")
SUPPORTS_CLOSED = _("Supports are not open in this phase.")
ENDORSEMENTS_CLOSED = _("Endorsements are not open in this phase.")


def permission(*, user, action, component, resource=None, settings=None) -> bool | Denied | None:
    """Actions follow the step settings; the core already checked that the person is signed
    in, not blocked, may take part in the space and that everything is published. A refusal
    says why (`Denied`)."""
    from palabre.components.proposals.models import Proposal

    proposal = resource if isinstance(resource, Proposal) else None
    if action == "view":
        if proposal is not None and proposal.state == Proposal.State.DRAFT:
            # A draft is its authors' work in progress: nobody else sees it.
            if not getattr(user, "is_authenticated", False):
                return False
            return proposal.authors.filter(user=user, accepted_at__isnull=False).exists()
        return None
    if action == "create":
        return True if settings.creation_enabled else Denied(CREATION_CLOSED)
    published = proposal is None or proposal.state == Proposal.State.PUBLISHED
    if not published and action in ("support", "endorse", "comment"):
        return Denied(_("This proposal is not published."))
    if action == "support":
        if settings.supports in ("enabled", "hidden"):
            return True
        return Denied(SUPPORTS_CLOSED)
    if action == "endorse":
        return True if settings.endorsements == "enabled" else Denied(ENDORSEMENTS_CLOSED)
    if action == "comment":
        if not settings.comments_enabled:
            return Denied(_("Comments are turned off for these proposals."))
        if settings.comments_blocked:
            return Denied(_("Comments are closed in this phase."))
        if proposal is not None and proposal.comments_closed:
            return Denied(_("Comments on this proposal are closed."))
        return True
    if action == "withdraw":
        return (
            proposal is not None
            and published
            and proposal.authors.filter(user=user, accepted_at__isnull=False).exists()
        )
    return None


def check_settings(values: dict) -> dict[str, str]:
    """Rules across the global settings that each setting cannot check alone."""
    errors: dict[str, str] = {}
    threshold = values.get("threshold_per_proposal") or 0
    if values.get("can_accumulate_supports_beyond_threshold") and not threshold:
        errors["global.can_accumulate_supports_beyond_threshold"] = _(
            "Accumulating supports beyond the threshold needs a threshold per proposal."
        )
    shortest, longest = values.get("body_min_length") or 0, values.get("body_max_length") or 0
    if longest and shortest > longest:
        errors["global.body_min_length"] = _(
            "The minimum length of the text cannot be above its maximum length."
        )
    limit = values.get("supports_limit") or 0
    minimum = values.get("minimum_supports_per_user") or 0
    if limit and minimum > limit:
        errors["global.minimum_supports_per_user"] = _(
            "The minimum of supports per person cannot be above the supports limit."
        )
    return errors


def stats(component_list: list) -> dict[str, int]:
    """Public figures: only what anyone may read counts, so proposals hidden by moderation,
    drafts and withdrawn ones are left out, with the supports they hold."""
    from palabre.components.proposals.models import Proposal, Support
    from palabre.moderation.selectors import exclude_hidden

    public = exclude_hidden(
        Proposal.objects.filter(component__in=component_list, state=Proposal.State.PUBLISHED)
    )
    counts = public.aggregate(
        published=Count("pk"),
        accepted=Count(
            "pk",
            filter=Q(answer_state=Proposal.AnswerState.ACCEPTED, answer_published_at__isnull=False),
        ),
    )
    supports = Support.objects.filter(proposal__in=public.values("pk"), temporary=False).count()
    return {
        "proposals": counts["published"],
        "proposals_accepted": counts["accepted"],
        "proposal_supports": supports,
    }


def sitemap(component_list: list) -> Iterable[str]:
    from palabre.components.proposals.models import Proposal
    from palabre.moderation.selectors import exclude_hidden

    by_id = {component.pk: component for component in component_list}
    public = exclude_hidden(
        Proposal.objects.filter(component__in=component_list).exclude(state="draft")
    )
    for proposal_id, component_id in public.order_by("-published_at", "-id").values_list(
        "pk", "component_id"
    ):
        yield component_url(by_id[component_id], "proposal", pk=proposal_id)


def export_rows(component) -> Iterable[dict]:
    from palabre.components.proposals.exports import proposal_rows

    return proposal_rows(component)


def seed(component, users=()) -> None:
    from palabre.components.proposals.seeds import seed_proposals

    seed_proposals(component, list(users), rng=random.Random(component.pk))


manifest = components.register(
    ComponentManifest(
        name="proposals",
        label=_("Proposals"),
        description=_(
            "An idea box: people submit proposals, support them, and the organization answers."
        ),
        global_settings=(
            Setting(
                "supports_limit",
                "integer",
                0,
                label=_("Supports per person"),
                help_text=_("0: unlimited."),
                min_value=0,
            ),
            Setting(
                "minimum_supports_per_user",
                "integer",
                0,
                label=_("Minimum supports per person"),
                help_text=_(
                    "A person's supports count only once they gave this many. 0: no minimum."
                ),
                min_value=0,
            ),
            Setting(
                "threshold_per_proposal",
                "integer",
                0,
                label=_("Threshold per proposal"),
                help_text=_("Supports a proposal needs. 0: no threshold."),
                min_value=0,
            ),
            Setting(
                "can_accumulate_supports_beyond_threshold",
                "boolean",
                False,
                label=_("Supports can go on beyond the threshold"),
            ),
            Setting(
                "proposal_limit",
                "integer",
                0,
                label=_("Proposals per person"),
                help_text=_("0: unlimited."),
                min_value=0,
            ),
            Setting(
                "body_min_length",
                "integer",
                15,
                label=_("Minimum length of the text"),
                help_text=_("In characters. 0: any text, however short."),
                min_value=0,
                max_value=1000,
            ),
            Setting(
                "body_max_length",
                "integer",
                1000,
                label=_("Maximum length of the text"),
                min_value=100,
                max_value=20000,
            ),
            Setting(
                "edit_window_minutes",
                "integer",
                5,
                label=_("Minutes during which authors may edit a published proposal"),
                min_value=0,
                max_value=10080,
            ),
            Setting("geocoding_enabled", "boolean", False, label=_("Addresses and map")),
            Setting("attachments_enabled", "boolean", False, label=_("Attachments")),
            Setting("comments_enabled", "boolean", True, label=_("Comments")),
            Setting("official_proposals_enabled", "boolean", True, label=_("Official proposals")),
            Setting(
                "anonymous_proposals_enabled",
                "boolean",
                False,
                label=_("Authors may appear as an anonymous participant"),
                help_text=_(
                    "Their names are hidden from the public; moderators and administrators "
                    "still see them, and limits and verifications apply as usual."
                ),
            ),
            Setting(
                "answers_with_costs", "boolean", False, label=_("Accepted answers give a cost")
            ),
            Setting("default_sort", "choice", "random", label=_("Default order"), choices=SORTS),
        ),
        step_settings=(
            Setting("creation_enabled", "boolean", False, label=_("People may submit proposals")),
            Setting(
                "supports",
                "choice",
                "disabled",
                label=_("Supports"),
                choices=(
                    ("disabled", _("Disabled")),
                    ("enabled", _("Enabled")),
                    ("blocked", _("Blocked (counts shown)")),
                    ("hidden", _("Enabled, counts hidden")),
                ),
            ),
            Setting(
                "endorsements",
                "choice",
                "disabled",
                label=_("Endorsements"),
                choices=(
                    ("disabled", _("Disabled")),
                    ("enabled", _("Enabled")),
                    ("blocked", _("Blocked (counts shown)")),
                ),
            ),
            Setting("comments_blocked", "boolean", False, label=_("Comments blocked")),
            Setting(
                "publish_answers_immediately",
                "boolean",
                True,
                label=_("Publish answers immediately"),
            ),
            Setting("announcement", "translated", {}, label=_("Announcement"), rich=True),
        ),
        check_settings=check_settings,
        actions=(
            ("create", _("Submit a proposal")),
            ("support", _("Support")),
            ("endorse", _("Endorse")),
            ("comment", _("Comment")),
            ("withdraw", _("Withdraw")),
        ),
        permission=permission,
        # Writing a draft prepares a proposal: the verifications required to submit one are
        # asked when it is published, so that the draft waits while the person verifies.
        preparations={"draft": "create"},
        public_urls="palabre.components.proposals.urls",
        admin_urls="palabre.components.proposals.admin_urls",
        admin_for_valuators=True,
        stats=stats,
        stat_labels={
            "proposals": _("Proposals"),
            "proposals_accepted": _("Accepted proposals"),
            "proposal_supports": _("Supports"),
        },
        # One row per proposal, written out as CSV, a spreadsheet or JSON.
        exports={"csv": export_rows, "xlsx": export_rows, "json": export_rows},
        seed=seed,
        sitemap=sitemap,
        search=component_search.SEARCH,
        icon="proposals",
    )
)
