"""Queries compiled once and run with other values (`palabre.core.prepared`)."""

import threading

import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.test.utils import CaptureQueriesContext

from palabre.accounts.backends import AuthenticationBackend
from palabre.core.models import Organization, User
from palabre.core.prepared import Prepared
from palabre.core.tests.factories import UserFactory


@pytest.fixture
def people(organization):
    return [UserFactory(organization=organization) for _ in range(4)]


def _counting(build):
    """`build` wrapped so that the test sees how many times it was compiled."""
    calls = []

    def counted(**values):
        calls.append(values)
        return build(**values)

    return counted, calls


def test_model_rows_equal_what_the_orm_reads(people):
    query = Prepared(lambda pk: User.objects.filter(pk=pk))
    for person in people:
        (found,) = query.objects(pk=person.pk)
        expected = User.objects.get(pk=person.pk)
        assert found == expected
        # Converted as the ORM converts them: aware datetimes, strings, foreign keys.
        assert found.date_joined == expected.date_joined
        assert found.date_joined.tzinfo is not None
        assert found.accepted_terms_at == expected.accepted_terms_at
        assert found.organization_id == expected.organization_id
        assert found.email == expected.email
        assert not found._state.adding and found._state.db == "default"


def test_values_rows_and_lists_of_every_length(people):
    query = Prepared(
        lambda ids: User.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "nickname")
    )
    for size in range(1, len(people) + 1):
        chosen = [p.pk for p in people[:size]]
        assert query.rows(ids=chosen) == list(
            User.objects.filter(pk__in=chosen).order_by("pk").values_list("pk", "nickname")
        )


def test_compiled_once_per_connection_and_shape(people):
    build, calls = _counting(lambda ids: User.objects.filter(pk__in=ids).values_list("pk"))
    query = Prepared(build)
    query.rows(ids=[people[0].pk])
    query.rows(ids=[people[1].pk])
    assert len(calls) == 1
    query.rows(ids=[people[0].pk, people[1].pk])  # another length: another SQL
    assert len(calls) == 2
    assert sorted(query.rows(ids=[people[2].pk, people[3].pk])) == sorted(
        [(people[2].pk,), (people[3].pk,)]
    )
    assert len(calls) == 2


def test_each_run_is_one_counted_query(people, django_assert_num_queries):
    query = Prepared(lambda pk: User.objects.filter(pk=pk))
    query.first(pk=people[0].pk)
    with django_assert_num_queries(1):
        assert query.first(pk=people[1].pk) == people[1]
    with CaptureQueriesContext(connection) as queries:
        assert query.first(pk=10**9) is None
    assert len(queries) == 1


def test_deferred_fields_load_on_first_use(people):
    query = Prepared(lambda pk: User.objects.filter(pk=pk).only("id", "nickname"))
    found = query.first(pk=people[0].pk)
    assert found.get_deferred_fields() >= {"email", "name"}
    assert found.nickname == people[0].nickname
    assert found.name == people[0].name  # read now, from the database


def test_an_empty_list_asks_nothing(people, django_assert_num_queries):
    query = Prepared(lambda ids: User.objects.filter(pk__in=ids))
    with django_assert_num_queries(0):
        assert query.objects(ids=[]) == []


def test_values_of_other_types_are_refused_before_anything_runs(people):
    query = Prepared(lambda pk: User.objects.filter(pk=pk))
    query.first(pk=people[0].pk)
    with CaptureQueriesContext(connection) as queries:
        for wrong in ("1", True, 1.5, None, b"1", [1]):
            with pytest.raises(TypeError):
                query.first(pk=wrong)
    assert len(queries) == 0


def test_queries_it_cannot_keep_are_refused(people):
    from django.db.models import Count

    flat = Prepared(lambda pk: User.objects.filter(pk=pk).values("pk"))
    with pytest.raises(ValueError, match="values_list"):
        flat.rows(pk=people[0].pk)
    prefetching = Prepared(lambda pk: User.objects.filter(pk=pk).prefetch_related("groups"))
    with pytest.raises(ValueError, match="prefetch"):
        prefetching.first(pk=people[0].pk)
    counted = Prepared(
        lambda pk: User.objects.filter(pk=pk).annotate(n=Count("pk")).values_list("pk", "n")
    )
    with pytest.raises(ValueError, match="plain columns"):
        counted.rows(pk=people[0].pk)
    constant = Prepared(lambda pk: Organization.objects.filter(pk=7))
    with pytest.raises(ValueError, match="not found"):
        constant.objects(pk=people[0].pk)


def test_related_rows_and_annotations_are_set_as_the_orm_sets_them(people, organization):
    from django.db.models import Count, Exists, OuterRef, Subquery

    def build(pk, organization_id):
        others = User.objects.filter(organization_id=organization_id).exclude(pk=OuterRef("pk"))
        count = (
            User.objects.filter(organization_id=organization_id)
            .order_by()
            .values("organization_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            User.objects.select_related("organization")
            .only("nickname", "organization__name")
            .filter(pk=pk)
            .annotate(has_others=Exists(others), colleagues=Subquery(count))
        )

    query = Prepared(build)
    for person in people:
        found = query.first(pk=person.pk, organization_id=organization.pk)
        with CaptureQueriesContext(connection) as queries:
            assert found.organization.name == organization.name
            assert found.nickname == person.nickname
        assert len(queries) == 0  # the related row came with the query
        assert found.has_others is True and found.colleagues == len(people)
    # The organization's id, used in both subqueries, is replaced at both places.
    elsewhere = query.first(pk=people[0].pk, organization_id=organization.pk + 1000)
    assert elsewhere.has_others is False and elsewhere.colleagues is None


def test_rows_and_objects_are_not_mixed_up(people):
    with pytest.raises(TypeError):
        Prepared(lambda pk: User.objects.filter(pk=pk)).rows(pk=people[0].pk)
    with pytest.raises(TypeError):
        Prepared(lambda pk: User.objects.filter(pk=pk).values_list("pk")).objects(pk=1)


@pytest.mark.django_db(transaction=True)
def test_another_thread_compiles_on_its_own_connection():
    person = UserFactory()
    query = Prepared(lambda pk: User.objects.filter(pk=pk))
    assert query.first(pk=person.pk) == person
    found = []

    def other():
        try:
            found.append(query.first(pk=person.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert found == [person]


# The sign-in backend that uses it ------------------------------------------------------
def test_the_backend_finds_active_people_only(people):
    backend = AuthenticationBackend()
    assert backend.get_user(people[0].pk) == people[0]
    assert backend.get_user(str(people[1].pk)) == people[1]
    assert backend.get_user(10**9) is None
    assert backend.get_user("not a number") is None
    User.objects.filter(pk=people[2].pk).update(is_active=False)
    assert backend.get_user(people[2].pk) is None


def test_a_signed_in_request_finds_its_person(signed_in, user, rf):
    browser = signed_in(user)
    response = browser.get("/account/")
    assert response.status_code == 200
    assert response.context["user"] == user
    request = rf.get("/")
    request.session = browser.session
    assert get_user(request) == user
