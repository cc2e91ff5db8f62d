"""The demo's debates: a city asks residents to argue for and against.

The market-square consultation of the city, the private space of the young climate
ambassadors and the climate plan of the metropolis each get a debates component (people may
open debates there) with an open two-column debate holding arguments on both sides and an
information update, an open single-column debate a participant opened, and a closed debate
with its conclusion (`components/debates/seeds.py`).

Idempotent like the rest of the demo: a space that has a debates component is left alone.
"""

from django.apps import apps
from django.utils.translation import gettext as _

from palabre.core import services
from palabre.core.models import Space, User

COMPONENT_NAME = {"fr": "Débats", "en": "Debates"}
OPEN = {"creation_enabled": True, "endorsements": "enabled"}


def _add(admin: User, space: Space | None, people: list[User], result) -> None:
    if space is None or space.components.filter(manifest_name="debates").exists():
        return
    from palabre.components.debates.seeds import seed_debates

    component = services.component_create(
        actor=admin, space=space, manifest_name="debates", name=COMPONENT_NAME
    )
    settings = component.settings
    settings["default_step"].update(OPEN)
    for step in space.steps.all():
        settings["steps"].setdefault(str(step.pk), {}).update(OPEN)
    component = services.component_update(actor=admin, component=component, settings=settings)
    seed_debates(component, people)
    services.component_set_published(actor=admin, component=component, published=True)
    result.created.append(_("debates of %(space)s") % {"space": space.slug})


def add_debates(*, admin: User, organizations: list, people: dict[str, User], result) -> None:
    if not apps.is_installed("palabre.components.debates"):
        return
    city, metropolis = organizations
    arguing = [people["alice@palabre.test"], people["bob@palabre.test"], admin]

    def space(organization, slug):
        return Space.objects.filter(organization=organization, slug=slug).first()

    _add(admin, space(city, "place-du-marche"), arguing, result)
    # In the private space, only its member and its administrator argue.
    members = [people["alice@palabre.test"], admin, people["alice@palabre.test"]]
    _add(admin, space(city, "jeunes-ambassadeurs-climat"), members, result)
    _add(admin, space(metropolis, "plan-climat"), arguing, result)
