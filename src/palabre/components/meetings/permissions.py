"""Who may see and act on meetings.

`permission` is the manifest's: the core asks it after checking that the person may see
the space and the component (and, for actions, that they are signed in, not blocked and
may take part in the space). A refusal says why (`Denied`).
"""

from django.utils.translation import gettext_lazy as _

from palabre.core.permissions import Denied, can

CREATION_CLOSED = _("Participants cannot organize meetings in this phase.")


def _is_author(user, meeting) -> bool:
    return (
        meeting is not None
        and getattr(user, "is_authenticated", False)
        and meeting.author_id is not None
        and meeting.author_id == user.pk
    )


def _is_invited(user, meeting) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(meeting, "_invited_ids", None)
    if cached is not None:
        return user.pk in cached
    return meeting.invitees.filter(pk=user.pk).exists()


def may_see_meeting(user, meeting) -> bool:
    """Whether `user` may read `meeting`, the component being visible to them: published
    (or their own), and, when private, invited or transparent; staff see everything."""
    if _is_author(user, meeting):
        return True
    if not meeting.is_published or (meeting.private and not meeting.transparent):
        if can(user, "read_admin", meeting.component):
            return True
        if not meeting.is_published:
            return False
        return _is_invited(user, meeting)
    return True


def may_take_part(user, meeting) -> bool:
    """Whether `user` may act on a visible meeting (comment, register): a private meeting,
    even transparent, is for the people invited to it."""
    if not meeting.private:
        return True
    return _is_author(user, meeting) or _is_invited(user, meeting)


def permission(*, user, action, component, resource=None, settings=None):
    from palabre.components.meetings.models import Meeting

    meeting = resource if isinstance(resource, Meeting) else None
    if action == "view":
        if meeting is None:
            from palabre.forms.models import Answer

            if isinstance(resource, Answer):
                # Answers to registration forms (and the files sent with them) are for
                # the space's staff only.
                return None if can(user, "read_admin", component) else False
            return None
        return None if may_see_meeting(user, meeting) else False
    if action == "create":
        return True if settings.creation_enabled else Denied(CREATION_CLOSED)
    if meeting is not None and not may_see_meeting(user, meeting):
        return False
    if action in ("edit", "withdraw"):
        return (
            _is_author(user, meeting)
            and not meeting.is_withdrawn
            and not meeting.is_closed
            and bool(settings.creation_enabled or action == "withdraw")
        )
    if action == "close":
        # Participants who organized a meeting close it themselves and edit its minutes
        # (the minutes' service checks that it has started).
        return _is_author(user, meeting) and not meeting.is_withdrawn
    if action == "comment":
        if not settings.comments_enabled:
            return Denied(_("Comments are turned off for these meetings."))
        if settings.comments_blocked:
            return Denied(_("Comments are closed in this phase."))
        if meeting is not None:
            if not meeting.is_published or meeting.is_withdrawn:
                return Denied(_("This meeting is not open to comments."))
            if meeting.comments_closed:
                return Denied(_("Comments on this meeting are closed."))
            if not may_take_part(user, meeting):
                return Denied(_("Only the people invited to this meeting can comment."))
        return True
    if action == "register":
        if not settings.registrations_enabled:
            return Denied(_("Registrations are closed in this phase."))
        if meeting is not None:
            if not meeting.is_published or meeting.is_withdrawn or meeting.is_closed:
                return Denied(_("Registrations for this meeting are closed."))
            if not may_take_part(user, meeting):
                return Denied(_("Only the people invited to this meeting can register."))
        return True
    return None
