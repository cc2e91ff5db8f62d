"""Per-action permissions: `can()` and `why_not()` follow the verifications administrators
require for an action, in every component, and say precisely why not."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from palabre.core import structure
from palabre.core.models import User
from palabre.core.permissions import action_check, can, why_not
from palabre.core.tests.factories import ComponentFactory, UserFactory
from palabre.verifications import crypto
from palabre.verifications.action_permission_models import ActionPermission
from palabre.verifications.models import OrganizationVerificationMethod, Verification
from palabre.verifications.permissions import age_on
from palabre.verifications.registry import VerificationMethod, method_start_url, methods

METHOD = "residence_test"


@pytest.fixture
def residence(organization):
    """A throwaway method that keeps a postal code, a birth date and a district, offered by
    the test organization."""
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


def verify(person, organization, status="granted", expired=False, **metadata):
    """Give `person` a verification row of the test method."""
    now = timezone.now()
    Verification.objects.update_or_create(
        organization=organization,
        user=person,
        method=METHOD,
        defaults={
            "status": status,
            "metadata": crypto.encrypt(metadata),
            "granted_at": now if status == "granted" else None,
            "expires_at": now - timedelta(days=1) if expired else now + timedelta(days=30),
        },
    )


def fresh(person) -> User:
    """The person as a new request reads them (nothing kept on the object)."""
    return User.objects.get(pk=person.pk)


def require(component, action, resource=None, **options):
    kwargs = {}
    if resource is not None:
        from django.contrib.contenttypes.models import ContentType

        kwargs = {
            "resource_type": ContentType.objects.get_for_model(resource),
            "resource_id": resource.pk,
        }
    return ActionPermission.objects.create(
        component=component,
        action=action,
        requirements=[{"method": METHOD, "options": options}],
        **kwargs,
    )


# What each component guards: (component, action, target) for a component of `organization`
def _proposals(organization, action):
    from palabre.components.proposals.tests.factories import (
        ProposalFactory,
        ProposalsComponentFactory,
    )

    component = ProposalsComponentFactory(space__organization=organization)
    if action == "create":
        return component, component
    return component, ProposalFactory(component=component)


def _budgets(organization, action):
    from palabre.components.budgets.tests.factories import BudgetFactory

    budget = BudgetFactory(component__space__organization=organization)
    return budget.component, budget


def _blogs(organization, action):
    from palabre.components.blogs.tests.factories import PostFactory

    post = PostFactory(component__space__organization=organization)
    return post.component, post


def _accountability(organization, action):
    from palabre.components.accountability.tests.factories import ResultFactory

    result = ResultFactory(component__space__organization=organization)
    return result.component, result


def _sortitions(organization, action):
    component = ComponentFactory(space__organization=organization, manifest_name="sortitions")
    return component, component


def _surveys(organization, action):
    from palabre.components.surveys.tests.factories import (
        SurveysComponentFactory,
        survey_create,
        surveys_settings,
    )

    component = SurveysComponentFactory(
        space__organization=organization, settings=surveys_settings()
    )
    return component, survey_create(component)


def _sortitions_panel(organization, action):
    from palabre.components.sortitions.models import Panel

    component = ComponentFactory(space__organization=organization, manifest_name="sortitions")
    panel = Panel.objects.create(
        component=component, title={"fr": "Jury citoyen"}, size=6, call_open=True
    )
    return component, panel


def _meetings(organization, action):
    from palabre.components.meetings.tests.factories import MeetingFactory

    meeting = MeetingFactory(
        component__space__organization=organization,
        registration_type="on_platform",
        registrations_enabled=True,
    )
    return meeting.component, meeting


GUARDED = [
    ("proposals", "create", _proposals),
    ("proposals", "support", _proposals),
    ("proposals", "endorse", _proposals),
    ("proposals", "comment", _proposals),
    ("budgets", "vote", _budgets),
    ("blogs", "comment", _blogs),
    ("accountability", "comment", _accountability),
    ("sortitions", "comment", _sortitions),
    ("sortitions", "volunteer", _sortitions_panel),
    ("surveys", "answer", _surveys),
    ("meetings", "register", _meetings),
    ("meetings", "comment", _meetings),
]

STATUSES = [
    # (what the person holds, the refusal's words, whether the next step is the method)
    ("missing", "is open to participants verified by “Residence”", True),
    ("pending", "Your verification “Residence” is being reviewed", False),
    ("granted", None, False),
    ("expired", "Your verification “Residence” has expired", True),
    ("rejected", "Your verification “Residence” was not accepted", False),
    ("revoked", "Your verification “Residence” was withdrawn", True),
]


@pytest.mark.parametrize(
    "manifest, action, build", GUARDED, ids=[f"{m}-{a}" for m, a, _ in GUARDED]
)
@pytest.mark.parametrize("status, words, restart", STATUSES, ids=[s[0] for s in STATUSES])
def test_every_component_says_why_by_the_status_of_the_verification(
    organization, residence, participant, manifest, action, build, status, words, restart
):
    component, target = build(organization, action)
    assert can(participant, action, target), "allowed before any rule"
    require(component, action)
    if status == "expired":
        verify(participant, organization, "granted", expired=True)
    elif status != "missing":
        verify(participant, organization, status)
    person = fresh(participant)
    denial = why_not(person, action, target)
    if words is None:
        assert denial is None
        assert can(person, action, target)
        return
    assert not can(person, action, target)
    assert words in str(denial.reason)
    label = dict(component.manifest.actions)[action]
    assert f"“{label}”" in str(denial.reason)
    assert denial.next_returns
    if restart:
        assert denial.next_url == method_start_url(METHOD)
    else:
        assert denial.next_url == reverse("verifications:index")


@pytest.mark.parametrize(
    "manifest, action, build", GUARDED, ids=[f"{m}-{a}" for m, a, _ in GUARDED]
)
def test_a_visitor_is_asked_to_sign_in_first(organization, residence, manifest, action, build):
    from django.contrib.auth.models import AnonymousUser

    component, target = build(organization, action)
    require(component, action)
    assert "Sign in" in str(why_not(AnonymousUser(), action, target).reason)


@pytest.mark.parametrize(
    "manifest, action, build", GUARDED, ids=[f"{m}-{a}" for m, a, _ in GUARDED]
)
@pytest.mark.parametrize(
    "metadata, allowed",
    [
        ({"postal_code": "31000"}, True),
        ({"postal_code": " 31100 "}, True),
        ({"postal_code": "75011"}, False),
        ({}, False),  # a verification that does not say where the person lives
    ],
)
def test_postal_codes_in_every_component(
    organization, residence, participant, manifest, action, build, metadata, allowed
):
    component, target = build(organization, action)
    require(component, action, postal_codes=["31000", "31100"])
    verify(participant, organization, **metadata)
    denial = why_not(fresh(participant), action, target)
    if allowed:
        assert denial is None
    else:
        assert "is for residents of these postal codes: 31000, 31100." in str(denial.reason)
        assert denial.next_url == ""  # nothing the person can do about it


@pytest.mark.parametrize(
    "birth_date, allowed",
    [
        ("2011-03-01", True),  # 16 on the very day: counts
        ("2011-03-02", False),  # 16 the day after
        ("2011-02-28", True),
        ("", False),
    ],
)
def test_minimum_age_on_a_date_counts_the_boundary_day(
    organization, residence, participant, birth_date, allowed
):
    component, budget = _budgets(organization, "vote")
    require(component, "vote", minimum_age=16, age_on="2027-03-01")
    verify(participant, organization, birth_date=birth_date)
    denial = why_not(fresh(participant), "vote", budget)
    if allowed:
        assert denial is None
    else:
        assert str(denial.reason) == "“Vote” is for people aged 16 or older on March 1, 2027."


def test_minimum_age_without_a_date_is_counted_on_the_day_of_the_action(
    organization, residence, participant
):
    component, budget = _budgets(organization, "vote")
    require(component, "vote", minimum_age=16)
    today = timezone.localdate()
    born = (
        today.replace(year=today.year - 16)
        if not (today.month == 2 and today.day == 29)
        else today.replace(year=today.year - 16, day=28)
    )
    verify(participant, organization, birth_date=born.isoformat())
    assert why_not(fresh(participant), "vote", budget) is None
    verify(participant, organization, birth_date=(born + timedelta(days=1)).isoformat())
    assert str(why_not(fresh(participant), "vote", budget).reason) == (
        "“Vote” is for people aged 16 or older."
    )


def test_age_on_counts_birthdays_reached_that_day():
    assert age_on(datetime.date(2008, 5, 1), datetime.date(2024, 5, 1)) == 16
    assert age_on(datetime.date(2008, 5, 1), datetime.date(2024, 4, 30)) == 15
    assert age_on(datetime.date(2008, 2, 29), datetime.date(2024, 2, 28)) == 15
    assert age_on(datetime.date(2008, 2, 29), datetime.date(2024, 3, 1)) == 16


@pytest.mark.parametrize(
    "scope, allowed", [("Nord", True), ("nord", True), ("Sud", False), ("", False)]
)
def test_allowed_districts(organization, residence, participant, scope, allowed):
    component, proposal = _proposals(organization, "support")
    require(component, "support", scopes=["Nord", "Centre"])
    verify(participant, organization, scope=scope)
    denial = why_not(fresh(participant), "support", proposal)
    if allowed:
        assert denial is None
    else:
        assert str(denial.reason) == (
            "“Support” is for the people of these districts: Nord, Centre."
        )


def test_every_required_method_must_be_held(organization, residence, participant):
    other = methods.register(VerificationMethod(name="other_test", label="Other"))
    try:
        OrganizationVerificationMethod.objects.create(
            organization=organization, method="other_test"
        )
        component, budget = _budgets(organization, "vote")
        ActionPermission.objects.create(
            component=component,
            action="vote",
            requirements=[{"method": METHOD}, {"method": other.name}],
        )
        verify(participant, organization)
        assert "“Other”" in str(why_not(fresh(participant), "vote", budget).reason)
    finally:
        methods.unregister("other_test")


# Preparations: the basket and the draft wait for the verification --------------------
def test_a_basket_is_filled_before_the_verification_that_casting_it_needs(
    organization, residence, participant
):
    from palabre.components.budgets import services
    from palabre.components.budgets.tests.factories import ProjectFactory

    component, budget = _budgets(organization, "vote")
    project = ProjectFactory(budget=budget, cost=80000)
    require(component, "vote")
    services.order_add_project(user=participant, project=project)
    assert can(participant, "basket", budget)
    assert not can(participant, "vote", budget)
    with pytest.raises(Exception, match="is open to participants verified"):
        services.order_checkout(user=participant, budget=budget)
    verify(participant, organization)
    order = services.order_checkout(user=fresh(participant), budget=budget)
    assert order.is_checked_out
    assert [line.project_id for line in order.lines.all()] == [project.pk]


def test_a_draft_is_written_before_the_verification_that_publishing_it_needs(
    organization, residence, participant
):
    from palabre.components.proposals import services

    component, _ = _proposals(organization, "create")
    require(component, "create")
    draft = services.proposal_create_draft(
        author=participant,
        component=component,
        title="Des bancs le long du canal, à l'ombre",
        body="Pour se reposer en marchant le long de l'eau, l'été surtout.",
    )
    with pytest.raises(Exception, match="is open to participants verified"):
        services.proposal_publish(actor=participant, proposal=draft)
    verify(participant, organization)
    published = services.proposal_publish(actor=fresh(participant), proposal=draft)
    assert published.pk == draft.pk and published.state == "published"


def test_a_rule_on_a_preparation_is_refused(organization, residence, admin_user):
    from palabre.verifications.action_permission_services import action_permission_set

    component, _budget = _budgets(organization, "vote")
    with pytest.raises(ValidationError):
        action_permission_set(
            actor=admin_user,
            component=component,
            action="basket",
            requirements=[{"method": METHOD, "options": {}}],
        )


# One budget may differ ------------------------------------------------------------------
def test_one_budget_may_require_what_the_others_do_not(organization, residence, participant):
    from palabre.components.budgets.tests.factories import BudgetFactory, ProjectFactory

    component, north = _budgets(organization, "vote")
    south = BudgetFactory(component=component)
    require(component, "vote", resource=north, postal_codes=["31000"])
    person = fresh(participant)
    assert not can(person, "vote", north)
    assert can(person, "vote", south)
    # A project answers with its budget's rules (without reading its budget).
    assert why_not(person, "vote", ProjectFactory(budget=north)) is not None
    # A component rule applies where a budget has none of its own; the budget's replaces it.
    require(component, "vote", postal_codes=["75011"])
    verify(participant, organization, postal_code="31000")
    person = fresh(participant)
    assert can(person, "vote", north)
    assert "75011" in str(why_not(person, "vote", south).reason)


# Validation ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "requirements",
    [
        [{"method": "nope"}],
        [{"method": METHOD, "options": {"postal_codes": ["31 000 000 000"]}}],
        [{"method": METHOD, "options": {"minimum_age": 0}}],
        [{"method": METHOD, "options": {"minimum_age": "seize"}}],
        [{"method": METHOD, "options": {"age_on": "2027-03-01"}}],
        [{"method": METHOD, "options": {"minimum_age": 16, "age_on": "2027-02-30"}}],
        [{"method": METHOD, "options": {"colour": "blue"}}],
        [{"method": METHOD}, {"method": METHOD}],
        {"method": METHOD},
    ],
)
def test_rules_that_do_not_hold_together_are_never_saved(organization, residence, requirements):
    component, _budget = _budgets(organization, "vote")
    with pytest.raises(ValidationError):
        ActionPermission.objects.create(
            component=component, action="vote", requirements=requirements
        )
    assert not ActionPermission.objects.exists()


def test_an_option_the_method_cannot_check_is_refused(organization):
    methods.register(VerificationMethod(name="email_only", label="Email", metadata_fields=()))
    try:
        component, _budget = _budgets(organization, "vote")
        with pytest.raises(ValidationError, match="does not check this"):
            ActionPermission.objects.create(
                component=component,
                action="vote",
                requirements=[{"method": "email_only", "options": {"postal_codes": ["31000"]}}],
            )
    finally:
        methods.unregister("email_only")


def test_options_are_normalized(organization, residence):
    component, _budget = _budgets(organization, "vote")
    rule = ActionPermission.objects.create(
        component=component,
        action="vote",
        requirements=[
            {
                "method": METHOD,
                "options": {
                    "postal_codes": "31000, 31100;31000",
                    "minimum_age": "16",
                    "age_on": "2027-03-01",
                    "scopes": [" Nord ", ""],
                },
            }
        ],
    )
    assert rule.requirements == [
        {
            "method": METHOD,
            "options": {
                "postal_codes": ["31000", "31100"],
                "minimum_age": 16,
                "age_on": "2027-03-01",
                "scopes": ["Nord"],
            },
        }
    ]


# Costs ---------------------------------------------------------------------------------
def test_rules_and_verifications_are_read_once_per_request(
    organization, residence, participant, django_assert_num_queries
):
    from palabre.components.proposals.tests.factories import ProposalFactory

    component, _ = _proposals(organization, "support")
    proposals = ProposalFactory.create_batch(5, component=component)
    require(component, "support", postal_codes=["31000"])
    verify(participant, organization, postal_code="31000")
    structure.request_started()
    try:
        person = fresh(participant)
        can(person, "support", proposals[0])  # rules kept, verifications read
        with django_assert_num_queries(0):
            assert all(can(person, "support", proposal) for proposal in proposals)
        person = fresh(participant)  # another request of the same process
        with django_assert_num_queries(1):  # only the person's verifications
            assert all(can(person, "support", proposal) for proposal in proposals)
    finally:
        structure.request_finished()


def test_an_edited_rule_is_seen_at_once(organization, residence, participant):
    component, budget = _budgets(organization, "vote")
    rule = require(component, "vote")
    structure.request_started()
    try:
        assert not can(fresh(participant), "vote", budget)
        rule.delete()
        assert can(fresh(participant), "vote", budget)
    finally:
        structure.request_finished()


def test_components_without_rules_ask_nothing_about_people(
    organization, residence, participant, django_assert_num_queries
):
    component, budget = _budgets(organization, "vote")
    structure.request_started()
    try:
        can(fresh(participant), "vote", budget)
        person = fresh(participant)
        with django_assert_num_queries(0):
            assert action_check(person, "vote", component, budget) is None
    finally:
        structure.request_finished()


def test_a_survey_open_to_people_without_an_account_asks_them_to_sign_in_when_verified(
    organization, residence
):
    from django.contrib.auth.models import AnonymousUser

    from palabre.components.surveys.permissions import answer_check

    component, survey = _surveys(organization, "answer")
    survey.allow_unregistered = True
    survey.save()
    assert answer_check(AnonymousUser(), survey).allowed
    require(component, "answer")
    check = answer_check(AnonymousUser(), survey)
    assert not check.allowed and check.sign_in


def test_guests_of_a_meeting_are_asked_to_sign_in_when_registering_is_verified(
    organization, residence
):
    from django.contrib.auth.models import AnonymousUser

    from palabre.components.meetings.registrations import register_check

    component, meeting = _meetings(organization, "register")
    meeting.guests_allowed = True
    meeting.save()
    assert register_check(AnonymousUser(), meeting).guest
    require(component, "register")
    check = register_check(AnonymousUser(), meeting)
    assert not check.allowed and check.sign_in and "Sign in" in check.reason


def test_one_survey_may_require_what_the_others_do_not(organization, residence, participant):
    from palabre.components.surveys.tests.factories import survey_create

    component, guarded = _surveys(organization, "answer")
    free = survey_create(component)
    require(component, "answer", resource=guarded)
    person = fresh(participant)
    assert not can(person, "answer", guarded) and can(person, "answer", free)
