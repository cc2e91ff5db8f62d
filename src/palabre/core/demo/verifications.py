"""The demo's verifications: the city keeps a census of its residents, and voting in the
city-centre budget of this year's participatory budget needs it.

The census holds identities, not accounts: anyone signed in who types one of the lines
below is verified (documented in the README's demo logins). Bob has a basket there that he
has not cast yet: signed in as him, the basket shows why the vote waits ("“Vote” is open to
participants verified by “Census”") and leads to the census, then back to the same basket.
The last line lives outside the budget's postal codes: verified, and told why not.
"""

from django.apps import apps
from django.utils.translation import gettext as _

from palabre.core.models import Organization, Space, User

# Last name, first name, birth date, postal code (README: "Demo logins").
CENSUS_LINES = [
    ("NGUYEN", "Bob", "08/11/1985", "49100"),
    ("MOREAU", "Alice", "12/03/1990", "49000"),
    ("DURAND", "Claude", "15/06/2001", "49100"),
    ("LEROY", "Sam", "02/02/1999", "49130"),
]
# What voting in the city-centre budget requires.
VOTE_REQUIREMENTS = [
    {"method": "census", "options": {"postal_codes": ["49000", "49100"], "minimum_age": 16}}
]


def _census_csv() -> bytes:
    rows = ["nom;prénom;date de naissance;code postal"]
    rows += [";".join(line) for line in CENSUS_LINES]
    return ("\n".join(rows) + "\n").encode("utf-8")


def add_verifications(*, admin: User, city: Organization, result) -> None:
    """The city's census (uploaded once) and the rule of its city-centre budget."""
    if not apps.is_installed("palabre.verifications"):
        return
    from palabre.components.budgets.models import Budget
    from palabre.verifications.action_permission_models import ActionPermission
    from palabre.verifications.action_permission_services import action_permission_set
    from palabre.verifications.methods import census
    from palabre.verifications.models import OrganizationVerificationMethod

    if census.census_current(city) is None:
        census.census_upload(
            actor=admin, organization=city, raw=_census_csv(), filename="recensement-demo.csv"
        )
        result.created.append(_("census of %(name)s") % {"name": "Ville de Démo"})
    # Offered to the participants, beside whatever other method the demo offers.
    OrganizationVerificationMethod.objects.update_or_create(
        organization=city, method=census.NAME, defaults={"enabled": True}
    )
    space = Space.objects.filter(organization=city, slug="budget-participatif").first()
    component = space.components.filter(manifest_name="budgets").first() if space else None
    budget = (
        Budget.objects.filter(component=component).order_by("position", "pk").first()
        if component
        else None
    )
    if budget is None:
        result.notes.append("No budget found for the census rule of the demo.")
        return
    component.space = space
    if not ActionPermission.objects.filter(
        component=component, action="vote", resource_id=budget.pk
    ).exists():
        action_permission_set(
            actor=admin,
            component=component,
            action="vote",
            resource=budget,
            requirements=VOTE_REQUIREMENTS,
        )
        result.created.append(_("census required to vote in %(budget)s") % {"budget": budget})
