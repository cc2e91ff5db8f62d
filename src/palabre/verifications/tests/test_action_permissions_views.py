"""Per-action permissions in pages: the backoffice where administrators set them, the
refusals with their next step where the action's button is, the way back to a kept basket or
draft, and pages whose number of queries does not change."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from palabre.components.budgets.models import OrderLine
from palabre.components.budgets.tests.factories import BudgetFactory, ProjectFactory
from palabre.components.proposals.tests.factories import (
    ProposalFactory,
    ProposalsComponentFactory,
)
from palabre.core import action_log
from palabre.core.components import component_url
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import (
    OrganizationFactory,
    SpaceRoleFactory,
    UserFactory,
    with_two_factor,
)
from palabre.verifications import crypto
from palabre.verifications.action_permission_models import ActionPermission
from palabre.verifications.models import OrganizationVerificationMethod, Verification
from palabre.verifications.registry import VerificationMethod, method_start_url, methods

METHOD = "residence_test"


@pytest.fixture
def residence(organization):
    method = methods.register(
        VerificationMethod(
            name=METHOD,
            label="Residence",
            validity=timedelta(days=365),
            metadata_fields=("postal_code", "birth_date", "scope"),
        )
    )
    OrganizationVerificationMethod.objects.create(organization=organization, method=METHOD)
    yield method
    methods.unregister(METHOD)


@pytest.fixture
def participant(organization):
    return UserFactory(organization=organization)


@pytest.fixture
def org_admin(admin_user):
    return with_two_factor(admin_user)


def verify(person, organization, **metadata):
    Verification.objects.update_or_create(
        organization=organization,
        user=person,
        method=METHOD,
        defaults={
            "status": "granted",
            "metadata": crypto.encrypt(metadata),
            "granted_at": timezone.now(),
        },
    )


def rule(component, action, resource=None, **options):
    extra = {}
    if resource is not None:
        extra = {
            "resource_type": ContentType.objects.get_for_model(resource),
            "resource_id": resource.pk,
        }
    return ActionPermission.objects.create(
        component=component,
        action=action,
        requirements=[{"method": METHOD, "options": options}],
        **extra,
    )


def permissions_url(component, name="index", **kwargs) -> str:
    return reverse(
        f"action_permissions:{name}",
        kwargs={"space_id": component.space_id, "component_id": component.pk, **kwargs},
    )


def ref_of(resource) -> str:
    return f"{ContentType.objects.get_for_model(resource).pk}-{resource.pk}"


# The backoffice ----------------------------------------------------------------------------
def test_administrators_require_a_verification_with_its_options(
    signed_in, organization, residence, org_admin, django_assert_max_num_queries
):
    budget = BudgetFactory(component__space__organization=organization)
    component = budget.component
    browser = signed_in(org_admin)
    settings_page = browser.get(
        reverse(
            "backoffice:component_edit",
            kwargs={"space_id": component.space_id, "component_id": component.pk},
        )
    )
    assert permissions_url(component) in settings_page.text
    with django_assert_max_num_queries(20):
        index = browser.get(permissions_url(component))
    assert index.status_code == 200
    assert "Vote" in index.text and str(budget) in index.text
    form = browser.get(permissions_url(component, "edit", action="vote"))
    assert "Residence" in form.text and "Allowed postal codes" in form.text
    response = browser.post(
        permissions_url(component, "edit", action="vote"),
        {
            f"{METHOD}-required": "on",
            f"{METHOD}-postal_codes": "31000, 31100",
            f"{METHOD}-minimum_age": "16",
            f"{METHOD}-age_on": "2027-03-01",
        },
    )
    assert response.status_code == 302
    saved = ActionPermission.objects.get(component=component)
    assert saved.requirements == [
        {
            "method": METHOD,
            "options": {
                "postal_codes": ["31000", "31100"],
                "minimum_age": 16,
                "age_on": "2027-03-01",
            },
        }
    ]
    entry = ActionLog.objects.get(action="action_permission_set")
    sentence = action_log.sentence(entry)
    assert "required these verifications to “Vote” in the component" in sentence
    assert sentence.endswith(": Residence.")
    # The summary is on the index, and removing every method removes the rule.
    assert "postal codes 31000, 31100" in browser.get(permissions_url(component)).text
    browser.post(permissions_url(component, "edit", action="vote"), {})
    assert not ActionPermission.objects.exists()
    assert ActionLog.objects.filter(action="action_permission_clear").exists()


def test_wrong_options_change_nothing_and_say_why(signed_in, organization, residence, org_admin):
    budget = BudgetFactory(component__space__organization=organization)
    response = signed_in(org_admin).post(
        permissions_url(budget.component, "edit", action="vote"),
        {f"{METHOD}-required": "on", f"{METHOD}-postal_codes": "not a postal code at all"},
    )
    assert response.status_code == 200
    assert "is not a valid postal code" in response.text
    assert not ActionPermission.objects.exists()


def test_only_the_methods_the_organization_offers_are_offered(
    signed_in, organization, residence, org_admin
):
    methods.register(VerificationMethod(name="not_offered", label="Not offered here"))
    try:
        budget = BudgetFactory(component__space__organization=organization)
        page = signed_in(org_admin).get(permissions_url(budget.component, "edit", action="vote"))
        assert "Residence" in page.text and "Not offered here" not in page.text
        signed_in(org_admin).post(
            permissions_url(budget.component, "edit", action="vote"),
            {"not_offered-required": "on"},
        )
        assert not ActionPermission.objects.exists()
    finally:
        methods.unregister("not_offered")


def test_one_budget_has_rules_of_its_own(signed_in, organization, residence, org_admin):
    budget = BudgetFactory(component__space__organization=organization)
    other = BudgetFactory(component=budget.component)
    browser = signed_in(org_admin)
    page = browser.get(permissions_url(budget.component, "resource", ref=ref_of(budget)))
    assert page.status_code == 200
    response = browser.post(
        permissions_url(budget.component, "resource_edit", ref=ref_of(budget), action="vote"),
        {f"{METHOD}-required": "on"},
    )
    assert response.status_code == 302
    saved = ActionPermission.objects.get()
    assert (saved.resource_type.model_class(), saved.resource_id) == (type(budget), budget.pk)
    assert ActionLog.objects.get(action="action_permission_set").resource_type == "budget"
    participant = UserFactory(organization=organization)
    from palabre.core.permissions import can

    assert not can(participant, "vote", budget) and can(participant, "vote", other)


def test_a_resource_of_another_component_or_organization_cannot_be_configured(
    signed_in, organization, residence, org_admin
):
    from palabre.verifications.action_permission_services import action_permission_set

    budget = BudgetFactory(component__space__organization=organization)
    elsewhere = BudgetFactory(
        component__space__organization=OrganizationFactory(host="b.example.org")
    )
    neighbour = BudgetFactory(component__space__organization=organization)
    browser = signed_in(org_admin)
    for foreign in (elsewhere, neighbour):
        url = permissions_url(budget.component, "resource_edit", ref=ref_of(foreign), action="vote")
        assert browser.get(url).status_code == 404
        assert browser.post(url, {f"{METHOD}-required": "on"}).status_code == 404
    with pytest.raises(ValidationError):
        action_permission_set(
            actor=org_admin,
            component=budget.component,
            action="vote",
            resource=elsewhere,
            requirements=[{"method": METHOD}],
        )
    # Another organization's component is not found from this site.
    assert browser.get(permissions_url(elsewhere.component)).status_code == 404
    assert not ActionPermission.objects.exists()


def test_collaborators_read_and_do_not_change(signed_in, organization, residence):
    budget = BudgetFactory(component__space__organization=organization)
    collaborator = with_two_factor(
        SpaceRoleFactory(space=budget.component.space, role=SpaceRole.Role.COLLABORATOR).user
    )
    browser = signed_in(collaborator)
    page = browser.get(permissions_url(budget.component, "edit", action="vote"))
    assert page.status_code == 200 and "Save" not in page.text
    assert re.search(rf'<input[^>]*name="{METHOD}-required"[^>]*disabled', page.text)
    response = browser.post(
        permissions_url(budget.component, "edit", action="vote"), {f"{METHOD}-required": "on"}
    )
    assert response.status_code == 403
    assert not ActionPermission.objects.exists()


def test_participants_do_not_reach_the_pages(signed_in, organization, residence, participant):
    budget = BudgetFactory(component__space__organization=organization)
    assert signed_in(participant).get(permissions_url(budget.component)).status_code == 403


# Refusals where the button is, and the way back ----------------------------------------------
def test_a_kept_basket_waits_for_the_verification_and_is_cast_after_it(
    signed_in, organization, residence, participant
):
    budget = BudgetFactory(component__space__organization=organization, envelope=Decimal(100000))
    chosen = ProjectFactory(budget=budget, cost=Decimal(80000))
    rule(budget.component, "vote", resource=budget, postal_codes=["31000"])
    browser = signed_in(participant)
    budget_url = component_url(budget.component, "budget", budget_id=budget.pk)
    # The basket is filled without the verification…
    response = browser.post(
        component_url(budget.component, "basket_add", budget_id=budget.pk),
        {"project": [chosen.pk]},
    )
    assert response.status_code == 302
    page = browser.get(budget_url)
    # … casting it needs it: the reason and the step are where "Review and vote" would be.
    assert "“Vote” is open to participants verified by “Residence”." in page.text
    start = method_start_url(METHOD)
    assert f'href="{start}?next={budget_url}%23basket"' in page.text
    assert "Review and vote" not in page.text
    # A project's button sent with htmx answers with the basket: its step comes back to the
    # budget's page, not to the button's address.
    other = ProjectFactory(budget=budget, cost=Decimal(10000))
    swapped = browser.post(
        component_url(budget.component, "project_add", budget_id=budget.pk, pk=other.pk),
        headers={"HX-Request": "true"},
    )
    assert f'href="{start}?next={budget_url}%23basket"' in swapped.text
    checkout = component_url(budget.component, "checkout", budget_id=budget.pk)
    refused = browser.get(checkout)
    assert refused.status_code == 403 and "verified by “Residence”" in refused.text
    assert browser.post(checkout).status_code == 403
    # The person verifies (here: granted directly) and comes back: the basket is there.
    verify(participant, organization, postal_code="31000")
    page = browser.get(budget_url)
    assert "Review and vote" in page.text
    review = browser.get(checkout)
    assert review.status_code == 200 and str(chosen) in review.text
    assert browser.post(checkout).status_code == 302
    order = budget.orders.get(user=participant)
    assert order.is_checked_out
    assert set(OrderLine.objects.filter(order=order).values_list("project_id", flat=True)) == {
        chosen.pk,
        other.pk,
    }


def test_a_postal_code_that_does_not_match_is_said_with_no_step(
    signed_in, organization, residence, participant
):
    budget = BudgetFactory(component__space__organization=organization)
    rule(budget.component, "vote", postal_codes=["31000", "31100"])
    verify(participant, organization, postal_code="75011")
    page = signed_in(participant).get(
        component_url(budget.component, "budget", budget_id=budget.pk)
    )
    assert "“Vote” is for residents of these postal codes: 31000, 31100." in page.text


def test_a_kept_draft_waits_for_the_verification_and_is_published_after_it(
    signed_in, organization, residence, participant
):
    component = ProposalsComponentFactory(space__organization=organization)
    rule(component, "create")
    browser = signed_in(participant)
    index = browser.get(component.get_absolute_url())
    assert f'href="{component.get_absolute_url()}new/"' in index.text
    assert "kept as a draft until you can publish it" in index.text
    response = browser.post(
        f"{component.get_absolute_url()}new/",
        {
            "title": "Des bancs le long du canal, à l'ombre",
            "body": "Pour se reposer en marchant le long de l'eau, l'été surtout.",
        },
    )
    assert response.status_code == 302, response.content
    draft = component.proposals.get()
    preview = f"{component.get_absolute_url()}drafts/{draft.pk}/preview/"
    page = browser.get(preview)
    assert "is open to participants verified by “Residence”" in page.text
    assert f'{method_start_url(METHOD)}?next={preview}"' in page.text
    assert ">Publish<" not in page.text
    assert browser.post(preview).status_code == 403
    verify(participant, organization)
    assert ">Publish<" in browser.get(preview).text
    assert browser.post(preview).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "published"


def test_supports_endorsements_and_comments_say_why_on_the_proposal(
    signed_in, organization, residence, participant
):
    component = ProposalsComponentFactory(space__organization=organization)
    proposal = ProposalFactory(component=component)
    for action in ("support", "endorse", "comment"):
        rule(component, action, scopes=["Nord"])
    verify(participant, organization, scope="Sud")
    page = signed_in(participant).get(proposal.get_absolute_url())
    for label in ("Support", "Endorse", "Comment"):
        assert f"“{label}” is for the people of these districts: Nord." in page.text


# Costs ----------------------------------------------------------------------------------
def test_list_and_proposal_pages_cost_no_more_with_rules(
    client, signed_in, organization, residence, participant, django_assert_max_num_queries
):
    component = ProposalsComponentFactory(space__organization=organization)
    proposal = ProposalFactory(component=component)
    ProposalFactory.create_batch(10, component=component)
    browser = signed_in(participant)

    def cost(url) -> int:
        browser.get(url)
        with django_assert_max_num_queries(100) as captured:
            browser.get(url)
        return len(captured.captured_queries)

    pages = [component.get_absolute_url(), proposal.get_absolute_url()]
    before = [cost(url) for url in pages]
    for action in ("create", "support", "endorse", "comment"):
        rule(component, action, postal_codes=["31000"])
    verify(participant, organization, postal_code="31000")
    after = [cost(url) for url in pages]
    # At most the person's verifications, once per page, whatever the number of actions.
    assert all(a <= b + 1 for a, b in zip(after, before, strict=True)), (before, after)
    ProposalFactory.create_batch(10, component=component)
    assert cost(pages[0]) == after[0]


def test_a_budget_page_costs_no_more_with_rules(
    signed_in, organization, residence, participant, django_assert_max_num_queries
):
    budget = BudgetFactory(component__space__organization=organization)
    ProjectFactory.create_batch(10, budget=budget)
    browser = signed_in(participant)
    url = component_url(budget.component, "budget", budget_id=budget.pk)

    def cost() -> int:
        browser.get(url)
        with django_assert_max_num_queries(100) as captured:
            assert browser.get(url).status_code == 200
        return len(captured.captured_queries)

    before = cost()
    rule(budget.component, "vote", resource=budget, postal_codes=["31000"])
    rule(budget.component, "vote", minimum_age=16)
    verify(participant, organization, postal_code="31000")
    after = cost()
    assert after <= before + 1, (before, after)
    ProjectFactory.create_batch(10, budget=budget)
    assert cost() == after
