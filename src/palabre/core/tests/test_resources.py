from palabre.components.pages.models import Page
from palabre.core.resources import ResourceRef, resource_get, resource_ref, resource_title
from palabre.core.tests.factories import ComponentFactory


def test_a_resource_round_trips_through_its_reference(organization):
    component = ComponentFactory(space__organization=organization)
    page = Page.objects.create(component=component, title={"fr": "FAQ"}, body={})
    ref = resource_ref(page)
    assert ResourceRef.parse(ref.as_string()) == ref
    assert resource_get(ref) == page
    assert resource_title(page) == "FAQ"


def test_bad_references_give_nothing(organization):
    from django.contrib.contenttypes.models import ContentType

    from palabre.core.models import User

    assert ResourceRef.parse("nope") is None
    assert ResourceRef.parse("1") is None
    assert resource_get(ResourceRef(999_999, 1)) is None
    # Only resources of components may be referenced, never people or other records.
    user_type = ContentType.objects.get_for_model(User)
    assert resource_get(ResourceRef(user_type.pk, 1)) is None


def test_resources_whose_component_is_reached_through_another_row(organization):
    from decimal import Decimal

    from palabre.components.budgets.models import Budget, Project

    component = ComponentFactory(space__organization=organization, manifest_name="budgets")
    budget = Budget.objects.create(component=component, title={"fr": "Centre"}, envelope=1000)
    project = Project.objects.create(budget=budget, title={"fr": "Banc"}, cost=Decimal("10"))
    assert resource_get(resource_ref(project)) == project
    assert resource_get(resource_ref(project)).component == component
