import pytest
from django.utils.translation import gettext_lazy as _

from palabre.notifications.events import event_get, event_list, register_event
from palabre.notifications.models import Notification


@pytest.fixture(autouse=True)
def registry_restored(monkeypatch):
    """Events registered by a test are forgotten after it."""
    from palabre.notifications import events

    monkeypatch.setattr(events, "_events", dict(events._events))


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
