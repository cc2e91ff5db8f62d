"""The free-text scopes of existing proposals become scopes of their component."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("proposals", "0003_proposal_author")]
AFTER = [("proposals", "0004_scopes_and_closed_comments")]


@pytest.mark.django_db(transaction=True)
def test_scope_texts_become_scopes_of_their_component():
    from palabre.core.tests.factories import ComponentFactory, OrganizationFactory, SpaceFactory

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        organization = OrganizationFactory()
        first = ComponentFactory(space=SpaceFactory(organization=organization))
        second = ComponentFactory(space=SpaceFactory(organization=organization))
        Proposal = old.get_model("proposals", "Proposal")
        made = {}
        for key, component, scope in [
            ("a", first, "Nord"),
            ("b", first, "nord "),
            ("c", first, "Sud"),
            ("d", second, "Nord"),
            ("e", second, ""),
        ]:
            made[key] = Proposal.objects.create(
                component_id=component.pk, title={"fr": key}, scope=scope
            ).pk
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        Proposal = new.get_model("proposals", "Proposal")
        Scope = new.get_model("proposals", "Scope")
        scopes = {
            pk: (component, name)
            for pk, component, name in Scope.objects.values_list("pk", "component_id", "name")
        }
        assert sorted(scopes.values(), key=str) == sorted(
            [(first.pk, {"fr": "Nord"}), (first.pk, {"fr": "Sud"}), (second.pk, {"fr": "Nord"})],
            key=str,
        )
        scope_of = dict(Proposal.objects.values_list("pk", "scope_id"))
        assert scope_of[made["a"]] == scope_of[made["b"]]
        assert scopes[scope_of[made["c"]]] == (first.pk, {"fr": "Sud"})
        assert scopes[scope_of[made["d"]]] == (second.pk, {"fr": "Nord"})
        assert scope_of[made["e"]] is None
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
