import importlib.util

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from palabre.components.blogs.tests.factories import PostFactory
from palabre.core.models import ActionLog, SpaceRole
from palabre.core.tests.factories import (
    OrganizationFactory,
    SpaceFactory,
    SpaceRoleFactory,
    UserFactory,
)
from palabre.moderation import selectors, services
from palabre.moderation.models import Moderation, Report, UserBlock, UserReport
from palabre.moderation.tests.conftest import person_with_role

pytestmark = pytest.mark.django_db


def report(person, target, reason="spam", details=""):
    return services.report_create(reporter=person, target=target, reason=reason, details=details)


def moderation_of(post):
    return Moderation.objects.get(object_id=post.pk)


# Reports ------------------------------------------------------------------------------
def test_a_report_is_counted(post, user):
    created = report(user, post, reason="offensive", details="Insults")
    assert created.reason == "offensive" and created.details == "Insults"
    assert created.space == post.component.space
    assert moderation_of(post).reports_count == 1
    assert not selectors.is_hidden(post)


def test_once_per_person_per_target(post, user):
    report(user, post)
    with pytest.raises(ValidationError, match="already reported"):
        report(user, post, reason="other", details="Again")
    assert Report.objects.count() == 1
    assert moderation_of(post).reports_count == 1


def test_the_author_cannot_report_their_own_contribution(post, author):
    with pytest.raises(ValidationError, match="your own"):
        report(author, post)
    assert not Report.objects.exists() and not Moderation.objects.exists()


@pytest.mark.parametrize(
    ("reason", "details", "field", "message"),
    [
        ("rude", "", "reason", "proposed reasons"),
        ("", "", "reason", "proposed reasons"),
        ("other", "", "details", "Explain what is wrong"),
        ("other", "   ", "details", "Explain what is wrong"),
        ("spam", "x" * 1001, "details", "under 1000 characters"),
    ],
)
def test_bad_inputs_are_refused_and_change_nothing(post, user, reason, details, field, message):
    with pytest.raises(ValidationError) as raised:
        report(user, post, reason=reason, details=details)
    assert message in " ".join(raised.value.message_dict[field])
    assert not Report.objects.exists() and not Moderation.objects.exists()


def test_details_of_exactly_1000_characters_are_accepted(post, user):
    assert len(report(user, post, reason="other", details="x" * 1000).details) == 1000


def test_threshold_of_three_by_default_hides_on_the_third_report(post, participants):
    first, second, third, fourth = participants(4)
    report(first, post)
    report(second, post)
    assert not selectors.is_hidden(post)
    report(third, post)
    moderation = moderation_of(post)
    assert moderation.reports_count == 3 and moderation.hidden_at is not None
    assert moderation.hidden_by is None
    hidden_at = moderation.hidden_at
    report(fourth, post)
    moderation.refresh_from_db()
    assert moderation.reports_count == 4 and moderation.hidden_at == hidden_at


def test_a_custom_threshold_is_reached_exactly(organization, post, participants):
    organization.report_hide_threshold = 5
    organization.save()
    people = participants(5)
    for person in people[:4]:
        report(person, post)
    assert not selectors.is_hidden(post)
    report(people[4], post)
    assert selectors.is_hidden(post)


def test_a_threshold_of_one_hides_at_the_first_report(organization, post, user):
    organization.report_hide_threshold = 1
    organization.save()
    report(user, post)
    assert selectors.is_hidden(post)


def test_a_threshold_of_zero_never_hides_by_itself(organization, post, participants):
    organization.report_hide_threshold = 0
    organization.save()
    for person in participants(4):
        report(person, post)
    assert moderation_of(post).reports_count == 4 and not selectors.is_hidden(post)


def test_after_a_moderator_showed_it_again_reports_no_longer_hide_it(post, participants, moderator):
    people = participants(4)
    for person in people[:3]:
        report(person, post)
    services.resource_unhide(actor=moderator, target=post)
    report(people[3], post)
    moderation = moderation_of(post)
    assert moderation.reports_count == 4 and moderation.hidden_at is None


@pytest.mark.skipif(
    importlib.util.find_spec("palabre.notifications.services") is None,
    reason="the notifications app is not there",
)
def test_hiding_by_reports_tells_the_moderators_once(
    organization, space, post, participants, moderator, org_admin
):
    from palabre.notifications.models import Notification

    space_admin = person_with_role(space, SpaceRole.Role.ADMIN)
    other_space_moderator = person_with_role(
        SpaceFactory(organization=organization), SpaceRole.Role.MODERATOR
    )
    people = participants(4)
    for person in people[:2]:
        report(person, post)
    assert not Notification.objects.filter(event="moderation.hidden").exists()
    report(people[2], post)
    report(people[3], post)
    notified = set(
        Notification.objects.filter(event="moderation.hidden").values_list("recipient", flat=True)
    )
    assert notified == {moderator.pk, space_admin.pk, org_admin.pk}
    assert other_space_moderator.pk not in notified


# Who may report ----------------------------------------------------------------------
def test_anonymous_blocked_and_deleted_people_cannot_report(post):
    from django.contrib.auth.models import AnonymousUser

    blocked = UserFactory(blocked_at=timezone.now())
    deleted = UserFactory(deleted_at=timezone.now())
    inactive = UserFactory(is_active=False)
    for person in (AnonymousUser(), blocked, deleted, inactive):
        with pytest.raises(PermissionDenied):
            report(person, post)
    assert not Report.objects.exists()


def test_people_who_cannot_see_the_contribution_cannot_report_it(space, post, user):
    space.private = True
    space.save()
    with pytest.raises(PermissionDenied):
        report(user, post)
    assert not Report.objects.exists()


def test_a_draft_post_cannot_be_reported_by_participants(component, author, user):
    draft = PostFactory(component=component, author=author, official=False, published_at=None)
    with pytest.raises(PermissionDenied):
        report(user, draft)


# Hide and unhide -------------------------------------------------------------------------
ROLE_CAN_MODERATE = [
    (None, False),
    (SpaceRole.Role.COLLABORATOR, False),
    (SpaceRole.Role.VALUATOR, False),
    (SpaceRole.Role.MODERATOR, True),
    (SpaceRole.Role.ADMIN, True),
]


@pytest.mark.parametrize(("role", "allowed"), ROLE_CAN_MODERATE)
def test_who_can_hide_and_unhide(space, post, role, allowed):
    person = UserFactory() if role is None else SpaceRoleFactory(space=space, role=role).user
    if not allowed:
        with pytest.raises(PermissionDenied):
            services.resource_hide(actor=person, target=post)
        assert not selectors.is_hidden(post)
        services.resource_hide(actor=SpaceRoleFactory(space=space).user, target=post)
        with pytest.raises(PermissionDenied):
            services.resource_unhide(actor=person, target=post)
        assert selectors.is_hidden(post)
        return
    services.resource_hide(actor=person, target=post, reason="Insults")
    assert selectors.is_hidden(post)
    services.resource_unhide(actor=person, target=post)
    assert not selectors.is_hidden(post)


def test_organization_admins_moderate_every_space(post, admin_user):
    services.resource_hide(actor=admin_user, target=post)
    assert selectors.is_hidden(post)


def test_moderators_of_another_space_cannot_hide(organization, post):
    elsewhere = SpaceRoleFactory(
        space=SpaceFactory(organization=organization), role=SpaceRole.Role.MODERATOR
    ).user
    with pytest.raises(PermissionDenied):
        services.resource_hide(actor=elsewhere, target=post)


def test_hide_and_unhide_are_logged(space, post, moderator):
    services.resource_hide(actor=moderator, target=post, reason="Insults")
    moderation = moderation_of(post)
    assert moderation.hidden_by == moderator and moderation.hidden_reason == "Insults"
    services.resource_unhide(actor=moderator, target=post)
    logs = list(ActionLog.objects.order_by("id"))
    assert [(log.action, log.user, log.space, log.resource_id) for log in logs] == [
        ("hide", moderator, space, str(post.pk)),
        ("unhide", moderator, space, str(post.pk)),
    ]
    assert logs[0].data == {"reason": "Insults"}


def test_hiding_twice_or_unhiding_a_visible_contribution_is_refused(post, moderator):
    with pytest.raises(ValidationError, match="not hidden"):
        services.resource_unhide(actor=moderator, target=post)
    services.resource_hide(actor=moderator, target=post)
    with pytest.raises(ValidationError, match="already hidden"):
        services.resource_hide(actor=moderator, target=post)
    assert ActionLog.objects.count() == 1


# Participants ------------------------------------------------------------------------
def test_a_participant_is_reported_once(user, author):
    services.user_report_create(reporter=user, reported=author, reason="spam")
    with pytest.raises(ValidationError, match="already reported"):
        services.user_report_create(reporter=user, reported=author, reason="offensive")
    assert UserReport.objects.count() == 1


def test_nobody_reports_themselves_and_bad_inputs_are_refused(user, author):
    with pytest.raises(ValidationError, match="yourself"):
        services.user_report_create(reporter=user, reported=user, reason="spam")
    with pytest.raises(ValidationError):
        services.user_report_create(reporter=user, reported=author, reason="other")
    with pytest.raises(ValidationError):
        services.user_report_create(reporter=user, reported=author, reason="nope")
    assert not UserReport.objects.exists()


def block(actor, person, justification="Repeated insults", hide_content=False):
    return services.user_block(
        actor=actor, user=person, justification=justification, hide_content=hide_content
    )


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("participant", False),
        ("moderator", False),
        ("space_admin", False),
        ("admin_of_another_organization", False),
        ("organization_admin", True),
    ],
)
def test_who_can_block_and_unblock(organization, space, author, role, allowed):
    from palabre.core.models import OrganizationAdmin

    if role == "participant":
        actor = UserFactory(organization=organization)
    elif role == "moderator":
        actor = SpaceRoleFactory(space=space, role=SpaceRole.Role.MODERATOR).user
    elif role == "space_admin":
        actor = SpaceRoleFactory(space=space, role=SpaceRole.Role.ADMIN).user
    elif role == "admin_of_another_organization":
        other = OrganizationFactory(host="other.example.org")
        actor = UserFactory(organization=other)
        OrganizationAdmin.objects.create(organization=other, user=actor)
    else:
        actor = UserFactory(organization=organization)
        OrganizationAdmin.objects.create(organization=organization, user=actor)
    if not allowed:
        with pytest.raises(PermissionDenied):
            block(actor, author)
        author.refresh_from_db()
        assert not author.is_blocked and not UserBlock.objects.exists()
        return
    block(actor, author)
    author.refresh_from_db()
    assert author.is_blocked and author.display_name == "Blocked participant"
    services.user_unblock(actor=actor, user=author)
    author.refresh_from_db()
    assert not author.is_blocked


def test_a_justification_is_required_to_block(admin_user, author):
    for justification in ("", "   ", "x" * 2001):
        with pytest.raises(ValidationError) as raised:
            block(admin_user, author, justification=justification)
        assert "justification" in raised.value.message_dict
    author.refresh_from_db()
    assert not author.is_blocked and not ActionLog.objects.exists()


def test_admins_cannot_block_themselves_nor_block_twice(admin_user, author):
    with pytest.raises(ValidationError, match="yourself"):
        block(admin_user, admin_user)
    block(admin_user, author)
    with pytest.raises(ValidationError, match="already blocked"):
        block(admin_user, author)
    assert UserBlock.objects.count() == 1


def test_a_blocked_participant_cannot_act(post, admin_user, author, user):
    block(admin_user, user)
    with pytest.raises(PermissionDenied):
        report(user, post)


def test_block_without_content_hiding_leaves_contributions_visible(
    hideable_posts, admin_user, author, post
):
    created = block(admin_user, author)
    assert created.blocked_by == admin_user and not created.hide_content
    assert not selectors.is_hidden(post)
    log = ActionLog.objects.get(action="block")
    assert log.user == admin_user and log.resource_type == "user"
    assert log.data == {"justification": "Repeated insults", "hide_content": False}


def test_block_with_content_hiding_hides_everything_they_wrote(
    hideable_posts, organization, component, admin_user, author, post, user
):
    already_reported = PostFactory(component=component, author=author, official=False)
    report(user, already_reported)
    someone_elses = PostFactory(component=component, author=user, official=False)
    elsewhere = PostFactory(
        component__space__organization=OrganizationFactory(host="elsewhere.example.org"),
        author=author,
        official=False,
    )
    block(admin_user, author, hide_content=True)
    assert set(
        hideable_posts.objects.filter(pk__in=[post.pk, already_reported.pk, someone_elses.pk])
        .annotate(hidden=selectors.hidden_flag(hideable_posts))
        .filter(hidden=True)
        .values_list("pk", flat=True)
    ) == {post.pk, already_reported.pk}
    assert moderation_of(already_reported).reports_count == 1
    assert moderation_of(post).hidden_by == admin_user
    assert not selectors.is_hidden(someone_elses)
    # Another organization's spaces are moderated by its own administrators.
    assert not selectors.is_hidden(elsewhere)


def test_unblocking_lifts_the_block_and_keeps_content_hidden(
    hideable_posts, admin_user, author, post
):
    block(admin_user, author, hide_content=True)
    services.user_unblock(actor=admin_user, user=author)
    author.refresh_from_db()
    assert not author.is_blocked
    assert UserBlock.objects.get().lifted_at is not None
    assert selectors.is_hidden(post)
    assert list(ActionLog.objects.order_by("id").values_list("action", flat=True)) == [
        "block",
        "unblock",
    ]
    with pytest.raises(ValidationError, match="not blocked"):
        services.user_unblock(actor=admin_user, user=author)
