"""Who may see and answer a survey, and why not.

`permission` is the manifest's: the core asks it for signed-in participants (it already
checked that the person may take part in the space and that everything is published).
`answer_check` is what pages and services ask: it adds the people without an account,
whom the core never lets act, where a survey allows them, and says why an answer is not
possible, in the reader's language.
"""

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from palabre.core.permissions import action_check, can, why_not
from palabre.core.settings_schema import current_settings


def permission(*, user, action, component, resource=None, settings=None) -> bool | None:
    from palabre.components.surveys.models import Survey
    from palabre.forms.models import Answer

    if action == "view":
        if isinstance(resource, Answer):
            # Answers (and the files sent with them) are for the space's staff only.
            return None if can(user, "read_admin", component) else False
        if isinstance(resource, Survey) and not resource.is_published:
            return None if can(user, "read_admin", component) else False
        return None
    if action == "answer":
        return (
            bool(settings.answers_enabled) and isinstance(resource, Survey) and resource.is_open()
        )
    return None


@dataclass(frozen=True)
class AnswerCheck:
    allowed: bool
    reason: str = ""
    # True when signing in would let the person answer.
    sign_in: bool = False
    # A step that may lift the refusal (accepting the terms of use, for instance), whose
    # page comes back here when `next_returns` (`?next=`).
    next_url: str = ""
    next_label: str = ""
    next_returns: bool = False


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def answer_check(user, survey) -> AnswerCheck:
    """Whether `user` (maybe not signed in) may answer `survey` now, or why not."""
    component = survey.component
    if not survey.is_published:
        return AnswerCheck(False, _("This survey is not published."))
    status = survey.status()
    if status == survey.Status.UPCOMING:
        return AnswerCheck(
            False, _("This survey opens on %(date)s.") % {"date": _date(survey.opens_at)}
        )
    if status == survey.Status.CLOSED:
        return AnswerCheck(
            False, _("This survey closed on %(date)s.") % {"date": _date(survey.closes_at)}
        )
    if not current_settings(component).answers_enabled:
        return AnswerCheck(False, _("Answers are closed in this phase."))
    if getattr(user, "is_authenticated", False):
        denial = why_not(user, "answer", survey)
        if denial is None:
            return AnswerCheck(True)
        space = component.space
        if space.private and not can(user, "take_part", space):
            return AnswerCheck(False, _("Only the members of this private space can answer."))
        return AnswerCheck(
            False,
            _("You cannot answer this survey.") if denial.generic else str(denial.reason),
            next_url=denial.next_url,
            next_label=str(denial.next_label or ""),
            next_returns=denial.next_returns,
        )
    if (
        survey.allow_unregistered
        and not component.space.private
        and component.is_published
        and component.space.is_published
    ):
        # Unless answering requires a verification, which needs an account.
        denial = action_check(user, "answer", component, survey)
        if denial is None:
            return AnswerCheck(True)
        return AnswerCheck(False, str(denial.reason), sign_in=True)
    return AnswerCheck(False, _("Sign in to answer this survey."), sign_in=True)


def may_see_results(user, survey) -> bool:
    """The space's staff see the results of every survey; everyone else, those the
    administrators published the results of, once the survey is published."""
    if can(user, "read_admin", survey.component):
        return True
    return survey.is_published and survey.public_results and can(user, "view", survey)
