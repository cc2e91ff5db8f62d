"""Results and their tree, statuses and timelines, through the services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from palabre.components.accountability import services
from palabre.components.accountability.models import Result, Status, TimelineEntry
from palabre.components.accountability.tests.factories import (
    AccountabilityComponentFactory,
    ResultFactory,
    accountability_settings,
)
from palabre.core.models import ActionLog
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = Decimal


def create(actor, component, **fields):
    fields.setdefault("title", {"fr": "Un résultat"})
    return services.result_create(actor=actor, component=component, **fields)


def progress_of(result) -> Decimal:
    result.refresh_from_db()
    return result.progress


# Progress of the tree -----------------------------------------------------------------
def test_a_parent_progress_is_the_plain_average_of_its_children(component, space_admin):
    parent = create(space_admin, component)
    create(space_admin, component, parent=parent, progress=100, weight=3)
    create(space_admin, component, parent=parent, progress=0, weight=1)
    child = create(space_admin, component, parent=parent, progress=50, weight=1)
    assert progress_of(parent) == D("50.0")
    services.result_update(actor=space_admin, result=child, progress=D("100"))
    assert progress_of(parent) == D("66.7")


def test_a_weighted_component_weighs_the_children(space, space_admin):
    component = AccountabilityComponentFactory(
        space=space, settings=accountability_settings(weighted_progress=True)
    )
    parent = create(space_admin, component)
    create(space_admin, component, parent=parent, progress=100, weight=3)
    create(space_admin, component, parent=parent, progress=0, weight=1)
    assert progress_of(parent) == D("75.0")


def test_weights_all_zero_count_each_child_the_same(space, space_admin):
    assert services.average_progress([(D(100), D(0)), (D(0), D(0))], weighted=True) == D(50)
    assert services.average_progress([], weighted=True) == D(0)


def test_progress_is_recomputed_up_the_tree(component, space_admin):
    root = create(space_admin, component)
    middle = create(space_admin, component, parent=root)
    sibling = create(space_admin, component, parent=root, progress=100)
    leaf = create(space_admin, component, parent=middle, progress=0)
    assert progress_of(middle) == D(0) and progress_of(root) == D(50)
    services.result_update(actor=space_admin, result=leaf, progress=D(60))
    assert progress_of(middle) == D(60)
    assert progress_of(root) == D(80)
    services.result_delete(actor=space_admin, result=sibling)
    assert progress_of(root) == D(60)


def test_moving_a_child_recomputes_both_parents(component, space_admin):
    first = create(space_admin, component)
    second = create(space_admin, component)
    create(space_admin, component, parent=first, progress=20)
    moving = create(space_admin, component, parent=first, progress=100)
    create(space_admin, component, parent=second, progress=0)
    assert progress_of(first) == D(60)
    services.result_update(actor=space_admin, result=moving, parent=second)
    assert progress_of(first) == D(20)
    assert progress_of(second) == D(50)


def test_the_progress_of_a_parent_cannot_be_set_by_hand(component, space_admin):
    parent = create(space_admin, component)
    create(space_admin, component, parent=parent, progress=40)
    with pytest.raises(ValidationError) as error:
        services.result_update(actor=space_admin, result=parent, progress=D(90))
    assert "computed" in str(error.value)
    assert progress_of(parent) == D(40)


def test_a_new_child_replaces_the_progress_typed_on_a_leaf(component, space_admin):
    result = create(space_admin, component, progress=90)
    create(space_admin, component, parent=result, progress=10)
    assert progress_of(result) == D(10)


# Statuses ---------------------------------------------------------------------------
def test_a_status_gives_its_default_progress(component, space_admin, statuses):
    result = create(space_admin, component, status=statuses["in_progress"])
    assert result.progress == D(50)
    services.result_update(actor=space_admin, result=result, status=statuses["done"])
    assert progress_of(result) == D(100)


def test_a_given_progress_wins_over_the_status(component, space_admin, statuses):
    result = create(space_admin, component, status=statuses["in_progress"], progress=35)
    assert result.progress == D(35)
    services.result_update(
        actor=space_admin, result=result, status=statuses["done"], progress=D(80)
    )
    assert progress_of(result) == D(80)


def test_a_status_without_default_keeps_the_progress(component, space_admin, statuses):
    result = create(space_admin, component, progress=30)
    services.result_update(actor=space_admin, result=result, status=statuses["suspended"])
    assert progress_of(result) == D(30)


def test_status_crud_and_bad_inputs(component, space_admin):
    status = services.status_create(
        actor=space_admin, component=component, key="done", name={"fr": "Fait"}, progress="100"
    )
    assert status.progress == D(100)
    for key, name, progress, field in (
        ("done", {"fr": "Encore"}, "", "key"),
        ("new key!", {"fr": "X"}, "", "key"),
        ("other", {}, "", "name"),
        ("other", {"fr": "X"}, "101", "progress"),
    ):
        with pytest.raises(ValidationError) as error:
            services.status_create(
                actor=space_admin, component=component, key=key, name=name, progress=progress
            )
        assert field in error.value.message_dict
    assert Status.objects.filter(component=component).count() == 1
    services.status_update(actor=space_admin, status=status, key="finished", name={"fr": "Fini"})
    status.refresh_from_db()
    assert status.key == "finished" and status.progress is None
    services.status_delete(actor=space_admin, status=status)
    assert not Status.objects.filter(pk=status.pk).exists()


# Bad inputs -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"title": {}}, "title"),
        ({"progress": "101"}, "progress"),
        ({"progress": "-1"}, "progress"),
        ({"progress": "lots"}, "progress"),
        ({"weight": "-2"}, "weight"),
        ({"latitude": "95"}, "latitude"),
        ({"start_date": datetime.date(2026, 5, 1), "end_date": datetime.date(2026, 4, 1)},
         "end_date"),
        ({"start_date": "not a date"}, "start_date"),
    ],
)  # fmt: skip
def test_bad_inputs_are_refused_and_nothing_is_saved(component, space_admin, fields, key):
    with pytest.raises(ValidationError) as error:
        create(space_admin, component, **fields)
    assert key in error.value.message_dict
    assert not Result.objects.exists()


def test_a_parent_from_another_component_is_refused(component, space_admin, space):
    other = ResultFactory(component=AccountabilityComponentFactory(space=space))
    with pytest.raises(ValidationError) as error:
        create(space_admin, component, parent=other)
    assert "this component" in str(error.value)
    assert not Result.objects.filter(component=component).exists()


def test_the_tree_is_at_most_three_levels_deep(component, space_admin):
    root = create(space_admin, component)
    middle = create(space_admin, component, parent=root)
    leaf = create(space_admin, component, parent=middle)
    assert leaf.depth == 3
    with pytest.raises(ValidationError) as error:
        create(space_admin, component, parent=leaf)
    assert "3 levels" in str(error.value)
    # Moving a two-level branch under a second-level result would make four levels.
    other_root = create(space_admin, component)
    other_middle = create(space_admin, component, parent=other_root)
    with pytest.raises(ValidationError):
        services.result_update(actor=space_admin, result=middle, parent=other_middle)
    middle.refresh_from_db()
    assert middle.parent_id == root.pk


def test_a_result_cannot_go_under_itself_or_its_children(component, space_admin):
    root = create(space_admin, component)
    child = create(space_admin, component, parent=root)
    for parent in (root, child):
        with pytest.raises(ValidationError) as error:
            services.result_update(actor=space_admin, result=root, parent=parent)
        assert "under itself" in str(error.value)


def test_moving_a_branch_updates_depths(component, space_admin):
    root = create(space_admin, component)
    middle = create(space_admin, component, parent=root)
    leaf = create(space_admin, component, parent=middle)
    services.result_update(actor=space_admin, result=middle, parent=None)
    middle.refresh_from_db()
    leaf.refresh_from_db()
    assert (middle.depth, leaf.depth) == (1, 2)


def test_external_ids_are_unique_per_component(component, space_admin, space):
    create(space_admin, component, external_id="A1")
    with pytest.raises(ValidationError) as error:
        create(space_admin, component, external_id="A1")
    assert "external_id" in error.value.message_dict
    other = AccountabilityComponentFactory(space=space)
    assert create(space_admin, other, external_id="A1").external_id == "A1"


# Permissions and the log --------------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "allowed"),
    [("participant", False), ("collaborator", False), ("space admin", True),
     ("organization admin", True)],
)  # fmt: skip
def test_who_may_write(component, who, allowed, collaborator, space_admin, admin_user):
    people = {
        "participant": UserFactory(organization=component.space.organization),
        "collaborator": collaborator,
        "space admin": space_admin,
        "organization admin": admin_user,
    }
    person = people[who]
    if not allowed:
        with pytest.raises(PermissionDenied):
            create(person, component)
        assert not Result.objects.exists()
        return
    result = create(person, component)
    services.timeline_entry_create(
        actor=person, result=result, date=datetime.date(2026, 1, 5), title={"fr": "Début"}
    )
    services.result_delete(actor=person, result=result)
    actions = list(ActionLog.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["create", "create", "delete"]


def test_timeline_entries(component, space_admin):
    result = create(space_admin, component)
    entry = services.timeline_entry_create(
        actor=space_admin, result=result, date="2026-01-05", title={"fr": "Début"},
        text={"fr": "<p>Ok<script>x</script></p>"},
    )  # fmt: skip
    assert entry.text == {"fr": "<p>Ok</p>"}
    with pytest.raises(ValidationError) as error:
        services.timeline_entry_create(actor=space_admin, result=result, date="", title={})
    assert set(error.value.message_dict) == {"date", "title"}
    services.timeline_entry_update(
        actor=space_admin, entry=entry, date=datetime.date(2026, 2, 1), title={"fr": "Suite"}
    )
    entry.refresh_from_db()
    assert entry.date == datetime.date(2026, 2, 1)
    services.timeline_entry_delete(actor=space_admin, entry=entry)
    assert not TimelineEntry.objects.exists()


# Notifications ------------------------------------------------------------------------
def test_followers_hear_of_progress_changes(component, space_admin, statuses):
    from palabre.notifications.models import Notification
    from palabre.notifications.services import follow_create

    parent = create(space_admin, component)
    child = create(space_admin, component, parent=parent, progress=0)
    follower = UserFactory(organization=component.space.organization)
    follow_create(user=follower, target=parent)
    follow_create(user=follower, target=child)
    follow_create(user=space_admin, target=child)
    services.result_update(actor=space_admin, result=child, category="Nature")
    assert not Notification.objects.exists()
    services.result_update(actor=space_admin, result=child, status=statuses["in_progress"])
    notified = Notification.objects.order_by("object_id")
    assert [(n.recipient, n.object_id, n.data["progress"]) for n in notified] == [
        (follower, parent.pk, "50.0"),
        (follower, child.pk, "50.0"),
    ]
    assert {n.event for n in notified} == {"accountability.progress"}
