"""Registrations at the same instant: with N seats and N + 20 people, exactly N seats are
taken and the others wait in the order they came; a seat given up while others register
goes to the first person waiting. Run on PostgreSQL (or a SQLite file); the in-memory
SQLite test database is one connection."""

import threading

import pytest

from palabre.components.meetings import registrations as services
from palabre.components.meetings.models import Registration
from palabre.components.meetings.tests.registrations.helpers import open_meeting
from palabre.core.tests.concurrency import run_together, skip_without_shared_database
from palabre.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
Status = Registration.Status
SEATS = 10


@pytest.fixture(autouse=True)
def shared_database():
    skip_without_shared_database()


def test_n_seats_and_n_plus_20_people_at_once(component, organization):
    meeting = open_meeting(component, capacity=SEATS)
    people = UserFactory.create_batch(SEATS + 20, organization=organization)
    # When each call got the meeting's lock: the order the waiting list must follow.
    arrivals: list[int] = []
    arrivals_lock = threading.Lock()
    original = services._lock

    def recording_lock(meeting_):
        locked = original(meeting_)
        with arrivals_lock:
            arrivals.append(threading.get_ident())
        return locked

    services._lock = recording_lock
    try:
        threads: dict[int, int] = {}

        def call(person):
            threads[threading.get_ident()] = person.pk
            return services.registration_create(meeting=meeting, user=person)

        outcomes = run_together([lambda p=p: call(p) for p in people])
    finally:
        services._lock = original
    assert all(isinstance(outcome, Registration) for outcome in outcomes)
    rows = list(Registration.objects.filter(meeting=meeting).order_by("position"))
    assert len(rows) == SEATS + 20
    assert len({row.user_id for row in rows}) == SEATS + 20
    assert [row.position for row in rows] == list(range(1, SEATS + 21))
    assert [row.status for row in rows] == [Status.CONFIRMED] * SEATS + [Status.WAITING] * 20
    # The order of the list is the order in which they got the lock.
    assert [row.user_id for row in rows] == [threads[ident] for ident in arrivals]
    assert len({row.code for row in rows}) == SEATS + 20


def test_a_seat_given_up_during_a_rush_goes_to_the_first_person_waiting(component, organization):
    meeting = open_meeting(component, capacity=3)
    seated = UserFactory.create_batch(3, organization=organization)
    for person in seated:
        services.registration_create(meeting=meeting, user=person)
    first_waiting = UserFactory(organization=organization)
    services.registration_create(meeting=meeting, user=first_waiting)
    rush = UserFactory.create_batch(8, organization=organization)
    leaving = Registration.objects.get(user=seated[0])
    calls = [lambda: services.registration_cancel(user=seated[0], registration=leaving)] + [
        (lambda p=p: services.registration_create(meeting=meeting, user=p)) for p in rush
    ]
    run_together(calls)
    confirmed = set(
        Registration.objects.filter(meeting=meeting, status=Status.CONFIRMED).values_list(
            "user_id", flat=True
        )
    )
    assert len(confirmed) == 3
    # The person who waited first got the seat, not one of the rush.
    assert confirmed == {seated[1].pk, seated[2].pk, first_waiting.pk}
    assert Registration.objects.filter(meeting=meeting, status=Status.WAITING).count() == 8


def test_a_double_click_makes_one_registration(component, organization):
    meeting = open_meeting(component, capacity=5)
    person = UserFactory(organization=organization)
    outcomes = run_together(
        [lambda: services.registration_create(meeting=meeting, user=person)] * 6
    )
    assert sum(isinstance(o, Registration) for o in outcomes) == 1
    assert all(
        isinstance(o, services.AlreadyRegistered)
        for o in outcomes
        if not isinstance(o, Registration)
    )
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_raising_the_capacity_while_people_register_seats_in_order(
    component, organization, space_admin_for_races
):
    meeting = open_meeting(component, capacity=2)
    early = UserFactory.create_batch(5, organization=organization)
    for person in early:
        services.registration_create(meeting=meeting, user=person)
    late = UserFactory.create_batch(6, organization=organization)
    run_together(
        [
            lambda: services.registration_capacity_set(
                actor=space_admin_for_races, meeting=meeting, capacity=6, reserved_seats=0
            )
        ]
        + [(lambda p=p: services.registration_create(meeting=meeting, user=p)) for p in late]
    )
    rows = list(Registration.objects.filter(meeting=meeting).order_by("position"))
    confirmed = [row for row in rows if row.status == Status.CONFIRMED]
    assert len(confirmed) == 6
    # Every seat went to someone who came before everyone still waiting.
    last_seated = max(row.position for row in confirmed)
    assert all(row.position > last_seated for row in rows if row.status == Status.WAITING)


@pytest.fixture
def space_admin_for_races(space):
    from palabre.core.models import SpaceRole
    from palabre.core.tests.factories import SpaceRoleFactory

    return SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user
