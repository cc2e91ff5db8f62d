import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from palabre.core.tests.factories import UserFactory
from palabre.limits import services
from palabre.limits.models import ContributionLimits

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


def test_defaults_fill_what_the_organization_left_out(admin_user, organization):
    services.limits_save(
        actor=admin_user, organization=organization, limits={"comments": {"hour": 2, "day": 0}}
    )

    limits = services.limits_of(organization)

    assert limits["comments"] == {"hour": 2, "day": 0}
    assert limits["proposals"] == services.DEFAULTS["proposals"]


def test_bad_stored_values_take_the_default(organization):
    ContributionLimits.objects.create(
        organization=organization, limits={"comments": {"hour": -3, "day": "x"}, "reports": 7}
    )

    limits = services.limits_of(organization)

    assert limits["comments"] == services.DEFAULTS["comments"]
    assert limits["reports"] == services.DEFAULTS["reports"]


def _count(organization, kind, django_capture_on_commit_callbacks, **who):
    with django_capture_on_commit_callbacks(execute=True):
        services.record(organization=organization, kind=kind, **who)


def test_the_limit_is_reached_at_its_number_per_person_and_per_address(
    admin_user, organization, django_capture_on_commit_callbacks
):
    services.limits_save(
        actor=admin_user, organization=organization, limits={"answers": {"hour": 2, "day": 0}}
    )
    person = UserFactory(organization=organization)
    for _ in range(2):
        services.enforce(organization=organization, kind="answers", user=person)
        _count(organization, "answers", django_capture_on_commit_callbacks, user=person)

    with pytest.raises(ValidationError, match="limit of 2 survey answers per hour"):
        services.enforce(organization=organization, kind="answers", user=person)
    # Someone else: counted apart.
    services.enforce(
        organization=organization, kind="answers", user=UserFactory(organization=organization)
    )

    for _ in range(2):
        _count(organization, "answers", django_capture_on_commit_callbacks, address="10.0.0.1")
    with pytest.raises(ValidationError, match="per hour"):
        services.enforce(organization=organization, kind="answers", address="10.0.0.1")
    services.enforce(organization=organization, kind="answers", address="10.0.0.2")


def test_a_day_limit_says_tomorrow(admin_user, organization, django_capture_on_commit_callbacks):
    services.limits_save(
        actor=admin_user, organization=organization, limits={"reports": {"hour": 0, "day": 1}}
    )
    person = UserFactory(organization=organization)
    _count(organization, "reports", django_capture_on_commit_callbacks, user=person)

    with pytest.raises(ValidationError, match="per day on this site: try again tomorrow"):
        services.enforce(organization=organization, kind="reports", user=person)


def test_nothing_is_counted_when_the_transaction_is_rolled_back(admin_user, organization):
    person = UserFactory(organization=organization)
    services.limits_save(
        actor=admin_user, organization=organization, limits={"comments": {"hour": 1, "day": 0}}
    )

    services.record(organization=organization, kind="comments", user=person)  # never committed

    services.enforce(organization=organization, kind="comments", user=person)


def test_only_administrators_change_the_limits_and_it_is_logged(admin_user, organization):
    from django.core.exceptions import PermissionDenied

    from palabre.core.models import ActionLog

    with pytest.raises(PermissionDenied):
        services.limits_save(
            actor=UserFactory(organization=organization),
            organization=organization,
            limits={"comments": {"hour": 1, "day": 1}},
        )
    with pytest.raises(ValidationError):
        services.limits_save(
            actor=admin_user, organization=organization, limits={"comments": {"hour": -1}}
        )
    assert not ContributionLimits.objects.exists()

    services.limits_save(
        actor=admin_user, organization=organization, limits={"comments": {"hour": 1, "day": 1}}
    )

    assert services.limits_of(organization)["comments"] == {"hour": 1, "day": 1}
    assert ActionLog.objects.filter(action="update", data__fields=["contribution_limits"]).exists()
