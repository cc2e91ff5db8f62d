"""The demo: voting in the city-centre budget needs the census, and the identities the
README documents match it."""

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from palabre.components.budgets.models import Budget, Order
from palabre.core.demo.verifications import CENSUS_LINES
from palabre.core.models import Organization, User
from palabre.core.permissions import can, why_not
from palabre.verifications.action_permission_models import ActionPermission
from palabre.verifications.methods import census

pytestmark = pytest.mark.django_db


def _identity(line) -> dict:
    last_name, first_name, birth_date, postal_code = line
    return {
        "last_name": last_name,
        "first_name": first_name,
        "birth_date": census.parse_date(birth_date),
        "postal_code": postal_code,
    }


def test_the_demo_s_census_opens_the_vote_of_one_budget(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("en"):
        call_command("demo", stdout=io.StringIO())
        call_command("demo", stdout=io.StringIO())  # again: nothing doubled
    city = Organization.objects.get(name="Ville de Démo")
    assert ActionPermission.objects.filter(component__space__organization=city).count() == 1
    rule = ActionPermission.objects.get()
    guarded = Budget.objects.get(pk=rule.resource_id)
    other = Budget.objects.filter(component=guarded.component).exclude(pk=guarded.pk).first()
    bob = User.objects.get(email="bob@palabre.test")
    # Bob's basket waits there for his verification; the other budget asks for nothing.
    assert Order.objects.filter(budget=guarded, user=bob, checked_out_at__isnull=True).exists()
    with translation.override("en"):
        assert "verified by “Census”" in str(why_not(bob, "vote", guarded).reason)
    assert can(bob, "basket", guarded) and can(bob, "vote", other)
    census.census_verify(user=bob, organization=city, identity=_identity(CENSUS_LINES[0]))
    bob = User.objects.get(pk=bob.pk)
    assert can(bob, "vote", guarded)
    # The last identity lives outside the budget's postal codes: verified, and told why not.
    sam = User.objects.create_user(email="sam@example.org", nickname="sam", organization=city)
    census.census_verify(user=sam, organization=city, identity=_identity(CENSUS_LINES[-1]))
    with translation.override("en"):
        assert "postal codes: 49000, 49100" in str(why_not(sam, "vote", guarded).reason)
