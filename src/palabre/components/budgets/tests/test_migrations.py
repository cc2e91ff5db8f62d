"""The single-language categories of existing projects become translated texts."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("budgets", "0003_order_reminded_at")]
AFTER = [("budgets", "0004_translated_project_category")]


def _project_model(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps.get_model("budgets", "Project")


@pytest.mark.django_db(transaction=True)
def test_category_texts_become_translated_in_the_default_language_and_back():
    from palabre.core.tests.factories import ComponentFactory, OrganizationFactory, SpaceFactory

    try:
        Project = _project_model(BEFORE)
        organization = OrganizationFactory(default_locale="en", available_locales=["en", "fr"])
        component = ComponentFactory(
            space=SpaceFactory(organization=organization), manifest_name="budgets"
        )
        Budget = (
            MigrationExecutor(connection)
            .loader.project_state(BEFORE)
            .apps.get_model("budgets", "Budget")
        )
        budget = Budget.objects.create(component_id=component.pk, title={"en": "B"}, envelope=1)
        named = Project.objects.create(budget_id=budget.pk, title={"en": "P"}, cost=1,
                                       category="Getting around").pk  # fmt: skip
        unnamed = Project.objects.create(budget_id=budget.pk, title={"en": "Q"}, cost=1).pk
        Project = _project_model(AFTER)
        categories = dict(Project.objects.values_list("pk", "category"))
        assert categories == {named: {"en": "Getting around"}, unnamed: {}}
        Project = _project_model(BEFORE)
        assert dict(Project.objects.values_list("pk", "category")) == {
            named: "Getting around",
            unnamed: "",
        }
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
