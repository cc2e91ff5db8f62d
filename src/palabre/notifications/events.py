"""The kinds of notification and the sentence each one shows.

Apps call `notify(event="comments.created", …)` with a registered name; the sentence is a
lazily translated format string with `%(actor)s` and `%(title)s`, rendered in the reader's
language when the notification is shown or emailed. The events other apps send are
registered here, in one list, so that their sentences are translated in one place.

Each person chooses, per event, whether they get it in the app and by email (see
`models.NotificationPreference`). Events are grouped on the settings page by the part of
their name before the dot (`comments.reply` is in the `comments` group), under the label
given with `register_event_group`. An event registered with `switchable=False` ignores those
choices: it is an invitation or a request addressed to that one person, which they could
not learn about otherwise. Its emails still follow the person's frequency. The notice of a
hidden contribution goes to the space's moderators, who also find it in the moderation
queue: they may turn it off.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    name: str
    label: str | Promise
    sentence: str | Promise
    switchable: bool = True

    @property
    def group(self) -> str:
        return self.name.partition(".")[0]


@dataclass(frozen=True)
class EventGroup:
    key: str
    label: str | Promise
    events: list[Event] = field(default_factory=list)


_events: dict[str, Event] = {}
_group_labels: dict[str, str | Promise] = {}

FALLBACK_SENTENCE = _("Something new about “%(title)s”")


def register_event(
    name: str, label: str | Promise, sentence: str | Promise, *, switchable: bool = True
) -> Event:
    """Declare an event; registering a name again replaces it (apps are reloaded in tests).

    `label` names the kind of notification on the settings page; `switchable=False` makes
    it reach the person whatever they chose (see the module's docstring).
    """
    event = Event(name, label, sentence, switchable)
    _events[name] = event
    return event


def register_event_group(key: str, label: str | Promise) -> None:
    """Name the group of events whose names start with `key.`; groups are listed in the
    order they were named, then the unnamed ones under their key."""
    _group_labels[key] = label


def event_get(name: str) -> Event:
    """The registered event; an unknown name is a programming error, not a user's."""
    try:
        return _events[name]
    except KeyError:
        raise ValueError(f"Unknown notification event: {name!r}") from None


def event_list() -> list[Event]:
    return list(_events.values())


def unswitchable_event_names() -> set[str]:
    return {event.name for event in _events.values() if not event.switchable}


def event_groups() -> list[EventGroup]:
    """The registered events by group, for the settings page."""
    groups = {key: EventGroup(key, label) for key, label in _group_labels.items()}
    for event in _events.values():
        if event.group not in groups:
            groups[event.group] = EventGroup(event.group, event.group)
        groups[event.group].events.append(event)
    return [group for group in groups.values() if group.events]


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


register_event_group("proposals", _("Proposals"))
register_event_group("comments", _("Comments"))
register_event_group("accountability", _("Follow-up of results"))
register_event_group("moderation", _("Moderation of the spaces you moderate"))

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
    # Only this person can answer the invitation, and nothing else tells them about it.
    switchable=False,
)
register_event(
    "moderation.hidden",
    _("Contribution hidden"),
    _("“%(title)s” was hidden by moderation"),
)
