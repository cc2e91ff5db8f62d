"""Sentences of the activity log for proposals (see `core.action_log`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from palabre.components.proposals.models import Category, Proposal, ProposalState, Scope
from palabre.core.action_log import register_action, register_resource_type

register_resource_type("proposal", _("Proposal"), _("the proposal “%(label)s”"), model=Proposal)
register_resource_type("category", _("Category"), _("the category “%(label)s”"), model=Category)
register_resource_type("scope", _("Scope"), _("the scope “%(label)s”"), model=Scope)
register_resource_type(
    "proposalstate", _("Answer state"), _("the answer state “%(label)s”"), model=ProposalState
)


def _count(data: dict) -> dict:
    return {"count": len(data.get("proposals") or ())}


def _answer(data: dict) -> dict:
    state = data.get("state", "")
    published = data.get("published")
    return {
        "state": str(dict(Proposal.AnswerState.choices).get(state, state)),
        "note": str(
            _("The answer is published.") if published else _("The answer waits to be published.")
        ),
    }


def _files(data: dict) -> dict:
    count = len(data.get("attachments") or ())
    return {
        "count": count,
        "files": ngettext("%(count)s file", "%(count)s files", count) % {"count": count},
    }


register_action(
    "answer",
    _("Answered"),
    _("%(who)s answered %(item)s: %(state)s."),
    details=_answer,
)
register_action(
    "publish_answer", _("Published an answer"), _("%(who)s published the answer to %(item)s.")
)
register_action(
    "assign_valuator",
    _("Assigned a valuator"),
    _("%(who)s assigned proposals to a valuator: %(count)s."),
    details=_count,
)
register_action(
    "change_category",
    _("Changed the category"),
    _("%(who)s changed the category of proposals: %(count)s."),
    details=_count,
)
register_action(
    "change_scope",
    _("Changed the scope"),
    _("%(who)s changed the scope of proposals: %(count)s."),
    details=_count,
)
register_action(
    "copy",
    _("Copied"),
    _("%(who)s copied proposals to another component: %(count)s."),
    details=_count,
    resource_type="proposal",
)
register_action(
    "close_comments", _("Closed the comments"), _("%(who)s closed the comments on %(item)s.")
)
register_action(
    "open_comments", _("Opened the comments"), _("%(who)s opened the comments on %(item)s again.")
)
register_action(
    "create_official",
    _("Entered an official proposal"),
    _("%(who)s entered %(item)s as an official proposal."),
)
register_action("merge", _("Merged"), _("%(who)s merged proposals into %(item)s."))
register_action("split", _("Split"), _("%(who)s split %(item)s in two."))
register_action("create_category", _("Created"), _("%(who)s created %(item)s."))
register_action("delete_category", _("Deleted"), _("%(who)s deleted %(item)s."))
register_action("create_scope", _("Created"), _("%(who)s created %(item)s."))
register_action("delete_scope", _("Deleted"), _("%(who)s deleted %(item)s."))
register_action("save_state", _("Saved an answer state"), _("%(who)s saved %(item)s."))
register_action("delete_state", _("Deleted"), _("%(who)s deleted %(item)s."))
register_action(
    "add_attachments",
    _("Attached files"),
    _("%(who)s attached %(files)s to %(item)s."),
    details=_files,
)
register_action(
    "delete_attachment",
    _("Removed a file"),
    _("%(who)s removed the file “%(file)s” from %(item)s."),
    details=lambda data: {"file": data.get("file", "")},
)
