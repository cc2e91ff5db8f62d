"""The copies of organizations, spaces and components kept by each process
(`palabre.core.structure`): used when nothing changed, forgotten as soon as something did,
in this process and in the others."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from palabre.core import services, structure
from palabre.core.models import Component, Space, StructureStamp
from palabre.core.tests.factories import ComponentFactory, SpaceFactory


@pytest.fixture
def space(organization):
    return SpaceFactory(organization=organization, title={"fr": "Vélo", "en": "Cycling"})


def page(client, space) -> tuple[int, str]:
    response = client.get(space.get_absolute_url())
    return response.status_code, response.content.decode() if response.status_code == 200 else ""


def raw_title(space, title: str) -> None:
    """Change a title behind the ORM's back, as another process's write would look here."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Space._meta.db_table} SET title = %s WHERE id = %s",
            [f'{{"fr": "{title}", "en": "{title}"}}', space.pk],
        )


def raw_stamp(value: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {StructureStamp._meta.db_table} SET value = %s", [value])


def test_a_second_request_reads_neither_the_organization_nor_the_space(client, space):
    with CaptureQueriesContext(connection) as first:
        assert page(client, space)[0] == 200
    with CaptureQueriesContext(connection) as second:
        assert page(client, space)[0] == 200
    read = lambda queries, table: [q for q in queries if f'FROM "{table}"' in q["sql"]]  # noqa: E731
    assert read(first, "core_organization") and read(first, "core_space")
    assert not read(second, "core_organization") and not read(second, "core_space")
    # And nothing new: the second request makes the first one's queries, less those of the
    # rows kept in memory (these two, and what other apps keep the same way, such as the
    # legal pages of the footer).
    first_sql = [query["sql"] for query in first]
    assert all(query["sql"] in first_sql for query in second)
    assert len(second) <= len(first) - 2


def test_copies_are_kept_until_the_stamp_changes(client, space):
    assert "Cycling" in page(client, space)[1]
    raw_title(space, "Walking")  # no signal: this process does not know
    assert "Cycling" in page(client, space)[1]
    raw_stamp(12345)  # what another process's commit writes
    assert "Walking" in page(client, space)[1]


def test_a_save_is_seen_by_the_next_request_at_once(client, space, admin_user):
    assert page(client, space)[0] == 200
    services.space_set_published(actor=admin_user, space=space, published=False)
    assert page(client, space)[0] == 404


def test_a_queryset_update_is_seen_by_the_next_request_at_once(client, space):
    assert page(client, space)[0] == 200
    Space.objects.filter(pk=space.pk).update(private=True)
    assert page(client, space)[0] == 404


def test_a_deletion_is_seen_by_the_next_request_at_once(client, space):
    component = ComponentFactory(space=space)
    assert client.get(component.get_absolute_url()).status_code == 200
    Component.objects.filter(pk=component.pk).delete()
    assert client.get(component.get_absolute_url()).status_code == 404


def test_copies_are_too_old_after_max_age(client, space, monkeypatch):
    assert "Cycling" in page(client, space)[1]
    raw_title(space, "Walking")
    now = structure.time.monotonic()
    monkeypatch.setattr(structure.time, "monotonic", lambda: now + structure.MAX_AGE + 1)
    assert "Walking" in page(client, space)[1]


def test_callers_get_their_own_copy(db):
    structure.request_started()
    try:
        first = structure.cached("key", lambda: Space(title={"fr": "Vélo"}, slug="velo"))
        first.title["fr"] = "changed"
        first.slug = "changed"
        second = structure.cached("key", lambda: pytest.fail("should come from memory"))
        assert second.title == {"fr": "Vélo"} and second.slug == "velo"
        assert second is not first
    finally:
        structure.request_finished()


def test_nothing_is_kept_outside_a_request_or_inside_a_transaction(db):
    calls = []

    def load():
        calls.append(1)
        return Space(slug=f"s{len(calls)}")

    structure.cached("outside", load)
    structure.cached("outside", load)
    assert len(calls) == 2
    structure.request_started()
    try:
        with transaction.atomic():
            structure.cached("inside", load)
            structure.cached("inside", load)
        assert len(calls) == 4
    finally:
        structure.request_finished()


def test_a_value_read_before_a_clearing_is_not_kept(db):
    structure.request_started()
    try:

        def load_while_someone_changes_things():
            structure.clear()
            return Space(slug="old")

        structure.cached("key", load_while_someone_changes_things)
        fresh = structure.cached("key", lambda: Space(slug="new"))
        assert fresh.slug == "new"
    finally:
        structure.request_finished()


def test_missing_rows_are_not_kept(db):
    structure.request_started()
    try:
        assert structure.cached("missing", lambda: None) is None
        assert structure.cached("missing", lambda: "found") == "found"
    finally:
        structure.request_finished()


def test_a_model_without_a_watched_manager_cannot_be_watched():
    from palabre.core.models import SpaceRole

    with pytest.raises(TypeError):
        structure.watch(SpaceRole)


@pytest.mark.django_db(transaction=True)
def test_a_commit_announces_a_new_stamp_to_other_processes(organization):
    before = StructureStamp.objects.get(pk=1).value if StructureStamp.objects.exists() else 0
    SpaceFactory(organization=organization)
    after = StructureStamp.objects.get(pk=1).value
    assert after != before
    with transaction.atomic():
        SpaceFactory(organization=organization)
        assert StructureStamp.objects.get(pk=1).value == after  # not before the commit
    assert StructureStamp.objects.get(pk=1).value != after


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_announces_nothing_and_leaves_nothing(client, organization):
    space = SpaceFactory(organization=organization, title={"fr": "Vélo", "en": "Cycling"})
    stamp = StructureStamp.objects.get(pk=1).value
    assert "Cycling" in page(client, space)[1]
    with pytest.raises(RuntimeError), transaction.atomic():
        Space.objects.filter(pk=space.pk).update(title={"fr": "Marche", "en": "Walking"})
        raise RuntimeError
    assert StructureStamp.objects.get(pk=1).value == stamp
    assert "Cycling" in page(client, space)[1]


def test_without_a_stamp_to_read_pages_are_served_from_the_database(client, space, monkeypatch):
    def missing_table():
        raise DatabaseError("no such table")

    monkeypatch.setattr(structure, "_read_stamp", missing_table)
    assert "Cycling" in page(client, space)[1]
    raw_title(space, "Walking")
    assert "Walking" in page(client, space)[1]
