import pytest
from django.utils.translation import gettext_lazy as _

from palabre.notifications.events import (
    event_get,
    event_groups,
    event_list,
    register_event,
    register_event_group,
)
from palabre.notifications.models import Notification


@pytest.fixture(autouse=True)
def registry_restored(monkeypatch):
    """Events registered by a test are forgotten after it."""
    from palabre.notifications import events

    monkeypatch.setattr(events, "_events", dict(events._events))
    monkeypatch.setattr(events, "_group_labels", dict(events._group_labels))


CONTRACT_EVENTS = {
    "comments.created",
    "comments.reply",
    "comments.mention",
    "proposals.published",
    "proposals.answered",
    "proposals.coauthor_invited",
    "moderation.hidden",
}


def test_the_events_other_apps_send_are_registered():
    assert {event.name for event in event_list()} >= CONTRACT_EVENTS
    for name in CONTRACT_EVENTS:
        assert "%(title)s" in str(event_get(name).sentence)


def test_unknown_events_are_refused():
    with pytest.raises(ValueError):
        event_get("nothing.here")


def test_sentence_without_an_actor_and_with_extra_data():
    register_event("tests.progress", "Progress", _("“%(title)s” reached %(percent)s %%"))
    notification = Notification(event="tests.progress", title="Pool", data={"percent": 60})
    assert notification.sentence == "“Pool” reached 60 %"
    notification.event = "comments.created"
    assert notification.sentence == "Someone commented on “Pool”"


def test_a_sentence_missing_its_data_still_reads():
    register_event("tests.broken", "Broken", "%(title)s: %(missing)s")
    assert Notification(event="tests.broken", title="Pool").sentence == "Something new about “Pool”"


def test_events_are_grouped_by_the_app_that_sends_them():
    groups = {group.key: group for group in event_groups()}
    assert [event.name for event in groups["comments"].events] == [
        "comments.created",
        "comments.reply",
        "comments.mention",
    ]
    assert str(groups["comments"].label) == "Comments"
    assert "accountability.progress" in {event.name for event in groups["accountability"].events}
    # Moderators' duties come after what participants follow.
    assert list(groups).index("moderation") > list(groups).index("proposals")


def test_a_group_without_a_name_shows_its_key_and_a_named_group_without_events_is_left_out():
    register_event_group("tests_empty", "Nothing here")
    register_event("tests_unnamed.thing", "Thing", "%(title)s")
    keys = [group.key for group in event_groups()]
    assert "tests_empty" not in keys
    assert keys[-1] == "tests_unnamed"
    assert event_groups()[-1].label == "tests_unnamed"


def test_only_invitations_awaiting_an_answer_cannot_be_turned_off():
    assert {event.name for event in event_list() if not event.switchable} == {
        "proposals.coauthor_invited"
    }
