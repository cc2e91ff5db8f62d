"""The kinds of notification and the sentence each one shows.

Apps call `notify(event="comments.created", …)` with a registered name; the sentence is a
lazily translated format string with `%(actor)s` and `%(title)s`, rendered in the reader's
language when the notification is shown or emailed. The events other apps send are
registered here, in one list, so that their sentences are translated in one place.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    name: str
    label: str | Promise
    sentence: str | Promise


_events: dict[str, Event] = {}

FALLBACK_SENTENCE = _("Something new about “%(title)s”")


def register_event(name: str, label: str | Promise, sentence: str | Promise) -> Event:
    """Declare an event; registering a name again replaces it (apps are reloaded in tests)."""
    event = Event(name, label, sentence)
    _events[name] = event
    return event


def event_get(name: str) -> Event:
    """The registered event; an unknown name is a programming error, not a user's."""
    try:
        return _events[name]
    except KeyError:
        raise ValueError(f"Unknown notification event: {name!r}") from None


def event_list() -> list[Event]:
    return list(_events.values())


def notification_sentence(notification) -> str:
    """The sentence of a notification in the active language."""
    event = _events.get(notification.event)
    actor = notification.actor
    params = {
        **(notification.data or {}),
        "actor": actor.display_name if actor is not None else _("Someone"),
        "title": notification.title,
    }
    try:
        return str(event.sentence if event else FALLBACK_SENTENCE) % params
    except (KeyError, ValueError, TypeError):
        # A sentence and the data sent with it disagree (e.g. a translation with a typo in
        # a placeholder): show something true rather than break the page.
        return str(FALLBACK_SENTENCE) % {"title": notification.title}


register_event("comments.created", _("New comment"), _("%(actor)s commented on “%(title)s”"))
register_event(
    "comments.reply",
    _("Reply to your comment"),
    _("%(actor)s replied to your comment on “%(title)s”"),
)
register_event(
    "comments.mention",
    _("Mention in a comment"),
    _("%(actor)s mentioned you in a comment on “%(title)s”"),
)
register_event(
    "proposals.published",
    _("New proposal"),
    _("%(actor)s published a new proposal: “%(title)s”"),
)
register_event(
    "proposals.answered",
    _("Answer to a proposal"),
    _("The proposal “%(title)s” has been answered"),
)
register_event(
    "proposals.coauthor_invited",
    _("Invitation to co-author"),
    _("%(actor)s invited you to co-author the proposal “%(title)s”"),
)
register_event(
    "moderation.hidden",
    _("Contribution hidden"),
    _("“%(title)s” was hidden by moderation"),
)
