"""A standing security check: every address of the project, asked by people who have no
business there, is refused.

The walker reads every URL pattern from the resolver — through every include, the urlconf of
every registered component (its public pages under a space of each type, its backoffice pages
under the backoffice) and of every space type — fills each parameter with an object those
people may not reach (`values`), and asks each address, as:

- an anonymous visitor,
- a participant of the organization (signed in, no role),
- the administrator of another space of the organization,
- the administrator of another organization, on this organization's site and on their own.

Every answer must be a refusal — 403, 404, or a redirect to the sign-in or to the second
factor — unless `EXPECTED` names the address with the answers expected there (public pages,
one's own pages, what a role elsewhere legitimately opens); no answer is ever a server error.
An address that answers 405 to a GET is sent an empty POST instead.

A new view is walked as soon as it is in the URLs: if the walker cannot fill one of its
parameters, the test fails and says which value to add to `values`; a new public page fails
until it is added to `EXPECTED`.

Component pages are walked twice: in private spaces (nobody here is a member), and in a
public space where what the parameters name belongs to someone else (a draft, a proposal to
edit, a file…): there too, everything not in `EXPECTED` must be refused.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from allauth.account.internal.flows.login import record_authentication
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from palabre.backoffice.views.components import component_manage
from palabre.core.components import component_admin_url
from palabre.core.models import OrganizationAdmin, SpaceMember, SpaceRole
from palabre.core.registry import components as component_registry
from palabre.core.resources import resource_ref
from palabre.core.tests.factories import (
    ComponentFactory,
    OrganizationFactory,
    SpaceFactory,
    SpaceRoleFactory,
    StepFactory,
    UserFactory,
    with_two_factor,
)
from palabre.core.views import component_dispatch
from palabre.profile_questions.models import ProfileOption, ProfileQuestion
from palabre.sso.models import IdentityProvider

pytestmark = pytest.mark.django_db

HOST = "testserver"
OTHER_HOST = "other.example.org"

# Who asks, and on which site.
VISITOR = "visitor"
PARTICIPANT = "participant"
OTHER_SPACE_ADMIN = "admin of another space"
OTHER_ORG_ADMIN = "admin of another organization"
OTHER_ORG_ADMIN_AT_HOME = "admin of another organization, on its own site"
PERSONAS = (VISITOR, PARTICIPANT, OTHER_SPACE_ADMIN, OTHER_ORG_ADMIN, OTHER_ORG_ADMIN_AT_HOME)
SIGNED_IN = PERSONAS[1:]
# Who is worth asking where, to keep the walk short (every persona asks every page of the
# project and the first page of every component; the rest goes through the same door):
# - a component's backoffice pages: the people with a role in a backoffice (participants
#   and visitors stop at its door, `backoffice_required`, asked on the first page);
STAFF = (OTHER_SPACE_ADMIN, OTHER_ORG_ADMIN, OTHER_ORG_ADMIN_AT_HOME)
# - a component's pages in a private space: everyone stops at `component_dispatch`;
OUTSIDERS = (VISITOR, PARTICIPANT, OTHER_ORG_ADMIN)
# - the operators' area (Django's admin) and allauth's pages: one visitor, one account.
SYSTEM = (VISITOR, OTHER_ORG_ADMIN)
ALLAUTH = (VISITOR, PARTICIPANT)

# Where a refusal may send people: the sign-in, the second factor (set up, given, given
# again), the operators' sign-in.
SIGN_IN_PATHS = (
    "/accounts/login/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/system/login/",
)

# Expected answers other than a refusal, per address: {persona: statuses}; a persona left
# out must be refused. ANY: whatever it answers but a server error. SKIP: not asked.
ANY = "any"
SKIP = "skip"
OK = {200}


def answers(personas, statuses) -> dict:
    return {persona: statuses for persona in personas}


PUBLIC = answers(PERSONAS, OK)
# Pages of a space of this organization: its site only (elsewhere a 404, like any address).
HERE = (VISITOR, PARTICIPANT, OTHER_SPACE_ADMIN, OTHER_ORG_ADMIN)
PUBLIC_HERE = answers(HERE, OK)
# Anyone signed in takes part in a public space: one account serves every organization.
TAKING_PART = (PARTICIPANT, OTHER_SPACE_ADMIN, OTHER_ORG_ADMIN)
# A person's own pages (sign in first); forms sent empty answer with a redirection.
OWN_PAGE = answers(SIGNED_IN, OK)
OWN_ACTION = answers(SIGNED_IN, {302})
# The backoffice's home and lists show the administrator of a space their own spaces only.
BACKOFFICE_LIST = {OTHER_SPACE_ADMIN: OK}

# Keyed by context ("" for the project's urlconf, "public:<component>" for a component's
# pages in a public space, "admin:<component>" for its backoffice pages) and the route as
# written in its urlconf. Every entry says why the answer is not a refusal.
EXPECTED = {
    # Public pages of the site.
    ("", ""): PUBLIC,
    ("", "healthz"): PUBLIC,
    ("", "sitemap.xml"): PUBLIC,
    # The search finds what each person may see, and answers everyone.
    ("", "search/"): PUBLIC,
    ("", "processes/"): PUBLIC,
    ("", "assemblies/"): PUBLIC,
    # A group shows the spaces each person may see (the public process here).
    ("", "processes/groups/<int:pk>/"): PUBLIC_HERE,
    # Choosing a language answers everyone with a redirection back.
    ("", "i18n/setlang/"): answers(PERSONAS, {302}),
    # The goodbye page after deleting an account says goodbye, to anyone.
    ("", "account/deleted/"): PUBLIC,
    # One's own account, notifications and settings.
    ("", "account/"): OWN_PAGE,
    ("", "account/notifications/"): OWN_PAGE,
    ("", "account/delete/"): OWN_PAGE,
    # Download my data (palabre.privacy): one's own archives; someone else's is a 404.
    ("", "account/data/"): OWN_PAGE,
    ("", "account/data/request/"): OWN_ACTION,
    # One's own verifications (palabre.verifications).
    ("", "account/verifications/"): OWN_PAGE,
    # Identity document and postal letter, offered by this organization: one's own flow
    # (a code typed without a letter: the form's error).
    ("", "account/verifications/id-document/"): answers(TAKING_PART, OK),
    ("", "account/verifications/postal-letter/"): answers(TAKING_PART, OK),
    ("", "account/verifications/postal-letter/code/"): answers(TAKING_PART, {400}),
    ("", "account/sign-out-everywhere/"): OWN_ACTION,
    # One's own answers to the optional profile questions (palabre.profile_questions); the
    # page offered after sign-up goes on to the questions, or on when there are none.
    ("", "account/questions/"): OWN_PAGE,
    ("", "account/questions/welcome/"): answers(SIGNED_IN, {302}),
    ("", "account/questions/erase/"): OWN_ACTION,
    ("", "notifications/"): OWN_PAGE,
    ("", "notifications/read/"): OWN_ACTION,
    # Nicknames are not public: every nickname gets the same form (moderation.views).
    ("", "moderation/report-user/<str:nickname>/"): OWN_PAGE,
    ("", "admin/"): BACKOFFICE_LIST,
    ("", "admin/spaces/<slug:kind>/"): BACKOFFICE_LIST,
    ("", "admin/moderation/"): BACKOFFICE_LIST,
    # Staff invitations: a space's administrator sees (and sends) those of their spaces.
    ("", "admin/invitations/"): BACKOFFICE_LIST,
    # An invitation's link (to the victim's address): a visitor is asked to sign in as the
    # invited account; any other account is refused (palabre.invitations).
    ("", "invitations/<str:token>/"): answers((VISITOR,), OK),
    ("", "admin/logs/"): BACKOFFICE_LIST,
    ("", "admin/assemblies/"): BACKOFFICE_LIST,
    # The legal and help pages of the organization are public; accepting its terms is each
    # person's own (with nothing to accept, back to where they came from).
    **dict.fromkeys(
        [
            ("", f"legal/{page}/")
            for page in ("terms", "notice", "privacy", "accessibility", "cookies")
        ]
        + [("", "help/")],
        PUBLIC_HERE,
    ),
    ("", "legal/terms/accept/"): answers(TAKING_PART, {302}),
    # The open data page is public (palabre.opendata); its backoffice page, which rebuilds
    # the files, is this organization's administrators' only ("admin/open-data/": refused).
    ("", "open-data/"): PUBLIC_HERE,
    # The operators' sign-in and sign-out pages.
    ("", "system/login/"): dict.fromkeys(PERSONAS, ANY),
    ("", "system/logout/"): dict.fromkeys(PERSONAS, SKIP),
    # Public pages of components, in a public space.
    ("public:pages", ""): PUBLIC_HERE,
    ("public:pages", "<int:pk>/"): PUBLIC_HERE,
    ("public:blogs", ""): PUBLIC_HERE,
    ("public:blogs", "<int:pk>/"): PUBLIC_HERE,
    ("public:accountability", ""): PUBLIC_HERE,
    ("public:accountability", "map.json"): PUBLIC_HERE,
    ("public:accountability", "results/<int:pk>/"): PUBLIC_HERE,
    # A component with one budget opens it at once.
    ("public:budgets", ""): answers(HERE, {302}),
    ("public:budgets", "<int:budget_id>/"): PUBLIC_HERE,
    ("public:budgets", "<int:budget_id>/projects/<int:pk>/"): PUBLIC_HERE,
    ("public:budgets", "<int:budget_id>/results/"): PUBLIC_HERE,
    # Each person fills, casts and cancels their own basket.
    ("public:budgets", "<int:budget_id>/basket/add/"): answers(TAKING_PART, {302}),
    ("public:budgets", "<int:budget_id>/projects/<int:pk>/add/"): answers(TAKING_PART, {302}),
    ("public:budgets", "<int:budget_id>/projects/<int:pk>/remove/"): answers(TAKING_PART, {302}),
    ("public:budgets", "<int:budget_id>/vote/"): answers(TAKING_PART, OK),
    ("public:budgets", "<int:budget_id>/cancel/"): answers(TAKING_PART, {302}),
    ("public:proposals", ""): PUBLIC_HERE,
    ("public:proposals", "map/"): PUBLIC_HERE,
    ("public:proposals", "map.json"): PUBLIC_HERE,
    ("public:proposals", "<int:pk>/"): PUBLIC_HERE,
    # One's own drafts, and the form of a new proposal.
    ("public:proposals", "drafts/"): answers(TAKING_PART, OK),
    ("public:proposals", "new/"): answers(TAKING_PART, OK),
    # Supporting and endorsing someone's proposal is what participants do.
    ("public:proposals", "<int:pk>/support/"): answers(TAKING_PART, {302}),
    ("public:proposals", "<int:pk>/endorse/"): answers(TAKING_PART, {302}),
    ("public:surveys", ""): PUBLIC_HERE,
    ("public:surveys", "<int:pk>/"): PUBLIC_HERE,
    # The thanks of someone who has not answered: back to the survey.
    ("public:surveys", "<int:pk>/thanks/"): answers(HERE, {302}),
    # Meetings: lists, map, calendars and a meeting's page; organizing one's own.
    ("", "meetings/"): PUBLIC,
    ("", "meetings/calendar.ics"): PUBLIC,
    ("public:meetings", ""): PUBLIC_HERE,
    ("public:meetings", "map/"): PUBLIC_HERE,
    ("public:meetings", "map.json"): PUBLIC_HERE,
    ("public:meetings", "calendar.ics"): PUBLIC_HERE,
    ("public:meetings", "<int:pk>/"): PUBLIC_HERE,
    ("public:meetings", "<int:pk>/meeting.ics"): PUBLIC_HERE,
    ("public:meetings", "new/"): answers(TAKING_PART, OK),
    # Registering: the form (or why not) for everyone; one's own registrations (none
    # here: to the form) and list.
    ("public:meetings", "<int:pk>/register/"): PUBLIC_HERE,
    ("public:meetings", "<int:pk>/registration/"): answers(TAKING_PART, {302}),
    ("public:meetings", "registrations/"): answers(TAKING_PART, OK),
    # One's own registrations in every space.
    ("", "meetings/registrations/"): OWN_PAGE,
    ("public:sortitions", ""): PUBLIC_HERE,
    ("public:sortitions", "draws/<int:pk>/"): PUBLIC_HERE,
    ("public:sortitions", "draws/<int:pk>/inputs.json"): PUBLIC_HERE,
    # Debates: the list and a debate for everyone; endorsing is what participants do.
    ("public:debates", ""): PUBLIC_HERE,
    ("public:debates", "<int:pk>/"): PUBLIC_HERE,
    ("public:debates", "<int:pk>/endorse/"): answers(TAKING_PART, {302}),
}
# allauth's pages (sign-in, sign-up, passwords, second factor) answer the session that asks
# according to its own state and show nobody else's data.
ALLAUTH_PREFIX = "accounts/"


# The objects ------------------------------------------------------------------------------
@dataclass
class World:
    """What the walker fills the addresses with, and who asks."""

    people: dict = field(default_factory=dict)
    # Parameter values: {context: {param: value}}, "" for the project's urlconf; a context
    # may also hold {route prefix: {param: value}} for routes where a name means another row.
    values: dict = field(default_factory=dict)
    # Spaces whose components are walked, with the component of each type: (space, {name:
    # component}, public?).
    spaces: list = field(default_factory=list)


def _component_objects(space, victim, staff) -> tuple[dict, object, object]:
    """One published component of each registered type in `space`, with rows owned by
    `victim` (a member) or made by `staff`: ({type name: (component, values of its
    addresses' parameters)}, the victim's proposal, a file attached to it).

    A component type without objects here is reported by the walker: add them.
    """
    from palabre.attachments.models import Attachment
    from palabre.components.accountability.tests.factories import (
        AccountabilityComponentFactory,
        ResultFactory,
        StatusFactory,
        TimelineEntryFactory,
    )
    from palabre.components.blogs.tests.factories import PostFactory
    from palabre.components.budgets.models import BudgetResult
    from palabre.components.budgets.tests.factories import (
        BudgetFactory,
        BudgetsComponentFactory,
        ProjectFactory,
    )
    from palabre.components.pages.tests.factories import PageFactory
    from palabre.components.proposals.models import Category, ProposalState, Scope
    from palabre.components.proposals.tests.factories import (
        ProposalFactory,
        ProposalsComponentFactory,
    )

    built = {}

    component = ComponentFactory(space=space, manifest_name="pages")
    page = PageFactory(component=component)
    built["pages"] = (component, {"pk": page.pk})

    component = ComponentFactory(space=space, manifest_name="blogs")
    post = PostFactory(component=component)
    built["blogs"] = (component, {"pk": post.pk})

    component = BudgetsComponentFactory(space=space)
    budget = BudgetFactory(component=component, envelope=Decimal("100000"))
    project = ProjectFactory(budget=budget)
    result = BudgetResult.objects.create(budget=budget, rule=BudgetResult.Rule.GREEDY)
    built["budgets"] = (
        component,
        {"budget_id": budget.pk, "pk": project.pk, "result_id": result.pk},
    )

    component = AccountabilityComponentFactory(space=space)
    status = StatusFactory(component=component)
    outcome = ResultFactory(component=component, status=status)
    entry = TimelineEntryFactory(result=outcome)
    built["accountability"] = (
        component,
        {"pk": outcome.pk, "entry_id": entry.pk, "status_id": status.pk},
    )

    proposals = ProposalsComponentFactory(space=space)
    proposal = ProposalFactory(component=proposals, author=victim)
    draft = ProposalFactory(component=proposals, author=victim, state="draft")
    attachment = Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(proposal),
        object_id=proposal.pk,
        component=proposals,
        file="attachments/walker.txt",
        filename="walker.txt",
        kind=Attachment.Kind.DOCUMENT,
        size=1,
        mime_type="text/plain",
    )
    category = Category.objects.create(component=proposals, name={"fr": "Quartier"})
    scope = Scope.objects.create(component=proposals, name={"fr": "Centre"})
    state = ProposalState.objects.create(component=proposals, key="fait", name={"fr": "Fait"})
    built["proposals"] = (
        proposals,
        {
            "pk": proposal.pk,
            "attachment_pk": attachment.pk,
            "drafts/": {"pk": draft.pk},
            "categories/": {"pk": category.pk},
            "scopes/": {"pk": scope.pk},
            "states/": {"pk": state.pk},
        },
    )

    if "sortitions" in component_registry:
        from palabre.components.sortitions import services as sortition_services
        from palabre.components.sortitions.models import Panel, Replacement

        component = ComponentFactory(space=space, manifest_name="sortitions")
        for _ in range(3):
            ProposalFactory(component=proposals)
        draw = sortition_services.draw_create(
            actor=staff,
            component=component,
            title={"fr": "Tirage"},
            proposals_component=proposals,
            count=1,
            value_source={"fr": "Un dé"},
            public_value="3",
        )
        panel = Panel.objects.create(component=component, title={"fr": "Panel"}, size=1)
        replacement = Replacement.objects.create(
            panel=panel,
            declined=1,
            replacement=2,
            public_value="4",
            requested_at=timezone.now(),
            seed="0" * 64,
        )
        built["sortitions"] = (
            component,
            {"pk": draw.pk, "panels/": {"pk": panel.pk, "replacement_id": replacement.pk}},
        )
    if "surveys" in component_registry:
        from palabre.components.surveys.tests.factories import (
            SurveysComponentFactory,
            mobility_survey,
            surveys_settings,
        )
        from palabre.forms.models import Form

        component = SurveysComponentFactory(space=space, settings=surveys_settings())
        survey = mobility_survey(component)
        items = list(survey.form.items.all())
        condition = next(c for item in items for c in item.conditions.all())
        template = Form.objects.create(
            organization=space.organization, title={"fr": "Modèle"}, is_template=True
        )
        built["surveys"] = (
            component,
            {
                "pk": survey.pk,
                "question_pk": items[-1].pk,
                "item_pk": condition.item_id,
                "condition_pk": condition.pk,
                "template_pk": template.pk,
            },
        )
    if "meetings" in component_registry:
        from palabre.components.meetings.tests.factories import (
            AgendaItemFactory,
            MeetingFactory,
            MeetingsComponentFactory,
        )

        component = MeetingsComponentFactory(space=space)
        meeting = MeetingFactory(component=component, author=victim, official=False)
        item = AgendaItemFactory(meeting=meeting)
        from palabre.components.meetings.models import Registration

        registration = Registration.objects.create(
            meeting=meeting, user=victim, code="WALKER23", status="confirmed"
        )
        built["meetings"] = (
            component,
            {
                "pk": meeting.pk,
                "item_pk": item.pk,
                "registration_pk": registration.pk,
                # A guest's link (confirm, cancel): a made-up one.
                "token": "walker-token",
            },
        )
    if "debates" in component_registry:
        from palabre.components.debates.tests.factories import DebateFactory

        component = ComponentFactory(space=space, manifest_name="debates")
        # Opened by the member: only they may edit or close it.
        debate = DebateFactory(component=component, official=False, author=victim)
        built["debates"] = (component, {"pk": debate.pk, "kind": "category"})
    return built, proposal, attachment


def build_world() -> World:
    from palabre.comments import services as comment_services
    from palabre.moderation.models import Moderation
    from palabre.notifications.models import Notification
    from palabre.spaces.assemblies.tests.factories import AssemblyFactory, AssemblyMemberFactory
    from palabre.spaces.processes.tests.factories import ProcessGroupFactory

    organization = OrganizationFactory(host=HOST)
    other_organization = OrganizationFactory(
        host=OTHER_HOST, name="Autre ville", reference_prefix="AUTRE"
    )
    victim = UserFactory(organization=organization, nickname="victim")
    staff = with_two_factor(UserFactory(organization=organization, nickname="staff"))
    OrganizationAdmin.objects.create(organization=organization, user=staff)

    # Who asks.
    participant = UserFactory(organization=organization, nickname="participant")
    elsewhere = SpaceFactory(organization=organization, slug="elsewhere")
    other_space_admin = with_two_factor(
        SpaceRoleFactory(space=elsewhere, role=SpaceRole.Role.ADMIN).user
    )
    # Two admins of the other organization: one asks on this site, one on theirs (each
    # persona is its own person: signing out everywhere ends no other persona's session).
    other_org_admins = [
        with_two_factor(UserFactory(organization=other_organization)) for _ in range(2)
    ]
    for person in other_org_admins:
        OrganizationAdmin.objects.create(organization=other_organization, user=person)

    # Where: a private space of each type (nobody asking is a member) and a public process.
    private_spaces = [
        SpaceFactory(organization=organization, slug="private-process", private=True),
        AssemblyFactory(organization=organization, slug="private-assembly", private=True),
    ]
    public_space = SpaceFactory(organization=organization, slug="public-process")
    world = World()
    by_kind = {}
    for space in [*private_spaces, public_space]:
        SpaceMember.objects.create(space=space, user=victim)
        built, proposal, attachment = _component_objects(space, victim, staff)
        world.spaces.append((space, built, space is public_space))
        if space.private:
            by_kind.setdefault(space.kind, (space, built, attachment, proposal))

    space, built, attachment, proposal = by_kind["process"]
    assembly = by_kind["assembly"][0]
    step = StepFactory(space=space)
    role = SpaceRoleFactory(space=space, role=SpaceRole.Role.MODERATOR)
    member = SpaceMember.objects.get(space=space, user=victim)
    comment = comment_services.comment_create(author=victim, target=proposal, body="Mine")
    notification = Notification.objects.create(
        recipient=victim,
        event="comments.created",
        content_type=ContentType.objects.get_for_model(proposal),
        object_id=proposal.pk,
        space=space,
        title="Hello",
        url=proposal.get_absolute_url(),
    )
    moderation = Moderation.objects.create(
        content_type=ContentType.objects.get_for_model(proposal),
        object_id=proposal.pk,
        space=space,
        reports_count=1,
    )
    group = ProcessGroupFactory(organization=organization, spaces=[public_space])
    assembly_member = AssemblyMemberFactory(assembly=assembly)
    ref = resource_ref(proposal).as_string()
    from palabre.components.meetings.models import MeetingKind

    meeting_kind = MeetingKind.objects.create(organization=organization, name={"fr": "Atelier"})
    proposals_component = built["proposals"][0]
    # A sign-in provider of the organization (palabre.sso).
    identity_provider = IdentityProvider.objects.create(
        organization=organization,
        key="portal-walker",
        label={"fr": "Portail"},
        issuer_url="https://portal.example.org",
        client_id="walker",
    )
    # Identity documents and postal letters (palabre.verifications), offered here: the
    # victim's document waiting for review, and a conflict over the victim's identity.
    from palabre.verifications.methods.id_document.services import id_document_submit
    from palabre.verifications.models import OrganizationVerificationMethod
    from palabre.verifications.services import verification_grant

    for method in ("id_document", "postal_letter"):
        OrganizationVerificationMethod.objects.create(organization=organization, method=method)
    id_document = id_document_submit(user=victim, organization=organization, mode="counter")
    for person in (staff, victim):
        verification_grant(
            user=person, organization=organization, method="id_document", unique_id="walker"
        )
    from palabre.verifications.models import VerificationConflict

    verification_conflict = VerificationConflict.objects.get(organization=organization)
    profile_question = ProfileQuestion.objects.create(
        organization=organization, label={"fr": "Âge"}
    )
    profile_option = ProfileOption.objects.create(
        question=profile_question, label={"fr": "16-24 ans"}, reference_share=12
    )

    # The victim's archive of personal data, ready (palabre.privacy).
    from palabre.privacy.models import DataExport

    data_export = DataExport.objects.create(
        user=victim,
        organization=organization,
        status=DataExport.Status.READY,
        file="personal-data/walker.zip",
        expires_at=timezone.now() + timedelta(days=7),
    )

    world.people = {
        VISITOR: (None, HOST),
        PARTICIPANT: (participant, HOST),
        OTHER_SPACE_ADMIN: (other_space_admin, HOST),
        OTHER_ORG_ADMIN: (other_org_admins[0], HOST),
        OTHER_ORG_ADMIN_AT_HOME: (other_org_admins[1], OTHER_HOST),
    }
    # An invitation of the victim's address to a role in the private process (by its staff).
    from palabre.invitations.services import invitation_create

    invitation, invitation_token = invitation_create(
        actor=staff, organization=organization, email=victim.email, role="moderator", space=space
    )
    world.values = {
        # Everywhere: the private process and one of its components.
        "*": {
            "space_id": space.pk,
            "component_id": proposals_component.pk,
            "space_slug": space.slug,
            "slug": space.slug,
            "kind": space.kind,
        },
        "comments": {"ref": ref, "pk": comment.pk},
        "moderation": {"ref": ref, "nickname": victim.nickname},
        "notifications": {"ref": ref, "pk": notification.pk},
        # The verifications an action requires (palabre.verifications.action_permission_urls).
        "action_permissions": {"ref": ref, "action": "create"},
        "attachments": {"pk": attachment.pk},
        "invitations": {"token": invitation_token},
        "invitations_admin": {"invitation_id": invitation.pk, "user_id": staff.pk},
        "moderation_admin": {"moderation_id": moderation.pk, "user_id": victim.pk},
        "profile_questions_admin": {
            "question_id": profile_question.pk,
            "option_id": profile_option.pk,
        },
        "backoffice": {
            "step_id": step.pk,
            "role_id": role.pk,
            "member_id": member.pk,
        },
        "processes": {"pk": group.pk},
        # The organization's kinds of meeting (its administrators' list).
        "meetings_admin": {"pk": meeting_kind.pk},
        "process_admin": {"pk": group.pk},
        "assembly_admin": {"space_id": assembly.pk, "pk": assembly_member.pk},
        # Django's admin (operators): the victim's account, any of its pages.
        "admin": {
            "object_id": victim.pk,
            "id": victim.pk,
            "content_type_id": ContentType.objects.get_for_model(victim).pk,
            "app_label": "core",
            "url": "core/user/",
        },
        # allauth's links with a key: a made-up key; a provider's sign-in (palabre.sso).
        "": {"key": "walker-key", "uidb36": "1", "provider_id": identity_provider.key},
        "sso": {"provider_id": identity_provider.key},
        "sso_admin": {"provider_id": identity_provider.pk},
        "verifications_admin": {"pk": verification_conflict.pk},
        "id_document": {"pk": id_document.pk},
        "privacy": {"pk": data_export.pk},
        # The media folder: an attached file, always refused there.
        "media": {"path": attachment.file.name},
    }
    return world


# The walk ---------------------------------------------------------------------------------
@dataclass
class Address:
    context: str  # "" (the project's urlconf), "public:…", "private:…", "admin:…"
    namespace: str  # of the include the pattern is in ("" for none)
    route: str  # as written, from the context's root
    view: object


def addresses(patterns, context: str = "", prefix: str = "", namespace: str = ""):
    """Every pattern under `patterns`, through every include."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from addresses(
                pattern.url_patterns, context, route, pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            yield Address(context, namespace, route, pattern.callback)


# `<int:pk>` in a route, `(?P<pk>…)` in a regular expression.
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def fill(route: str, values: dict) -> tuple[str, list[str]]:
    """The path of `route` with its parameters replaced by `values`, and the parameters
    that have none."""
    missing = [a or b for a, b in PARAMETER.findall(route) if (a or b) not in values]
    if missing:
        return "", missing
    path = PARAMETER.sub(lambda m: str(values[m.group(1) or m.group(2)]), route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", ""), []


def values_for(world: World, key: str, route: str) -> dict:
    """The shared values, then those of `key`, then those of the route prefixes of `key`
    that `route` starts with (where a parameter's name means another row)."""
    chosen = dict(world.values["*"])
    specific = world.values.get(key, {})
    chosen.update({name: v for name, v in specific.items() if not isinstance(v, dict)})
    for prefix, override in specific.items():
        if isinstance(override, dict) and route.startswith(prefix):
            chosen.update(override)
    return chosen


def is_refusal(response) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code in (301, 302, 303, 307):
        location = re.sub(r"^https?://[^/]+", "", response["Location"])
        return location.startswith(SIGN_IN_PATHS)
    return False


class Asker:
    """One browser per persona, signed in as its person with the second factor passed, as
    a staff session is (the walk must reach each view's own checks, not stop at the door)."""

    def __init__(self, world: World):
        self.world = world
        self.clients: dict[str, Client] = {}

    def _client(self, persona: str) -> Client:
        person, _host = self.world.people[persona]
        client = self.clients.get(persona)
        if client is not None and (person is None or client.session.get("_auth_user_id")):
            return client
        client = Client(headers={"accept-language": "en"})
        if person is not None:
            client.force_login(person)
            request = HttpRequest()
            request.session = client.session
            record_authentication(request, person, "mfa", type="totp")
            request.session.save()
        self.clients[persona] = client
        return client

    def ask(self, persona: str, path: str):
        """GET, or an empty POST where GET is not allowed."""
        _person, host = self.world.people[persona]
        client = self._client(persona)
        response = client.get(path, HTTP_HOST=host)
        if response.status_code == 405:
            response = client.post(path, HTTP_HOST=host)
        return response


def check(asker: Asker, address: Address, path: str, personas, failures: list[str]) -> None:
    expected = EXPECTED.get((address.context, address.route), {})
    if address.context == "" and address.route.startswith(ALLAUTH_PREFIX):
        expected = dict.fromkeys(PERSONAS, ANY)
    for persona in personas:
        wanted = expected.get(persona)
        if wanted == SKIP:
            continue
        label = f"{path} ({address.context or 'site'} {address.route!r}) as {persona}"
        try:
            response = asker.ask(persona, path)
        except Exception as error:  # every failure is reported at once
            failures.append(f"{label}: raised {error!r}")
            continue
        status = response.status_code
        if status >= 500:
            failures.append(f"{label}: server error {status}")
        elif wanted is None and not is_refusal(response):
            where = f" to {response['Location']}" if response.has_header("Location") else ""
            failures.append(f"{label}: answered {status}{where}, expected a refusal")
        elif wanted not in (None, ANY) and status not in wanted:
            failures.append(f"{label}: answered {status}, expected {sorted(wanted)}")


def _unfillable(address: Address, missing: list[str], key: str) -> str:
    view = f"{address.view.__module__}.{getattr(address.view, '__name__', address.view)}"
    return (
        f"{address.route!r} ({address.context or 'site'}, {view}): no value for {missing}. "
        f"Add to `values` of test_url_permissions.py, under {key!r}, an object the people of "
        f"this test may not reach (and, if anyone may open the page, its answers to EXPECTED)."
    )


# Parameters that name no row: the other organization's admin asking such an address on
# their own site gets their own organization's page.
NOT_ROWS = {"kind"}


def _personas(address: Address) -> tuple[str, ...]:
    personas = _askers(address)
    names = {a or b for a, b in PARAMETER.findall(address.route)}
    if address.context == "" and names <= NOT_ROWS:
        personas = tuple(p for p in personas if p != OTHER_ORG_ADMIN_AT_HOME)
    return personas


def _askers(address: Address) -> tuple[str, ...]:
    if address.context.startswith("admin:"):
        return PERSONAS if address.route == "" else STAFF
    if address.context.startswith("private:"):
        return PERSONAS if address.route == "" else OUTSIDERS
    if address.context == "" and address.route.startswith("system/"):
        return SYSTEM
    if address.context == "" and address.route.startswith(ALLAUTH_PREFIX):
        return ALLAUTH
    return PERSONAS


def _component_urlconfs(world: World):
    """(context, patterns, address of the component) of every component type, for each
    space of the world: public pages everywhere, backoffice pages in the private process."""
    for space, built, public in world.spaces:
        for manifest in component_registry.all():
            if manifest.name not in built:
                yield manifest.name, None, None, None
                continue
            component, values = built[manifest.name]
            kind = "public" if public else "private"
            if manifest.public_urls:
                # In a private space of another type, the first page goes through the same
                # door as the rest: it is enough.
                patterns = import_module(manifest.public_urls).urlpatterns
                if not public and space.kind != "process":
                    patterns = [p for p in patterns if str(p.pattern) == ""]
                yield f"{kind}:{manifest.name}", patterns, component.get_absolute_url(), values
            if not public and space.kind == "process" and manifest.admin_urls:
                patterns = import_module(manifest.admin_urls).urlpatterns
                yield f"admin:{manifest.name}", patterns, component_admin_url(component), values


def walk(world: World, patterns=None, components: bool = True) -> tuple[list[str], int]:
    """Ask every address of `patterns` (the project's, by default) and of every component
    as the personas it concerns; returns the failures and the number of addresses."""
    asker = Asker(world)
    failures: list[str] = []
    walked = 0
    for address in addresses(get_resolver().url_patterns if patterns is None else patterns):
        if address.view in (component_dispatch, component_manage):
            continue  # walked below, through each component's own urlconf
        key = "media" if address.route.startswith("^media/") else address.namespace
        path, missing = fill(address.route, values_for(world, key, address.route))
        if missing:
            failures.append(_unfillable(address, missing, key))
            continue
        check(asker, address, path, _personas(address), failures)
        walked += 1
    if not components:
        return failures, walked
    for context, urlconf_patterns, root, component_values in _component_urlconfs(world):
        if urlconf_patterns is None:
            message = (
                f"Component type {context!r} has no objects in this test: add them to "
                f"`_component_objects` of test_url_permissions.py."
            )
            if message not in failures:
                failures.append(message)
            continue
        world.values[context] = component_values
        for address in addresses(urlconf_patterns, context=context):
            path, missing = fill(address.route, values_for(world, context, address.route))
            if missing:
                failures.append(_unfillable(address, missing, context.split(":")[1]))
                continue
            check(asker, address, root.rstrip("/") + path, _personas(address), failures)
            walked += 1
    return failures, walked


def test_every_address_refuses_people_who_have_no_business_there():
    failures, walked = walk(build_world())
    assert walked > 300, "the walker lost its way: too few addresses"
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


@pytest.mark.urls("palabre.core.tests.walker_urls")
def test_the_walker_reports_a_view_without_check_and_an_address_it_cannot_fill():
    organization = OrganizationFactory(host=HOST)
    other = OrganizationFactory(host=OTHER_HOST, reference_prefix="AUTRE")
    world = World(
        people={
            VISITOR: (None, HOST),
            PARTICIPANT: (UserFactory(organization=organization), HOST),
            OTHER_SPACE_ADMIN: (UserFactory(organization=organization), HOST),
            OTHER_ORG_ADMIN: (UserFactory(organization=other), HOST),
            OTHER_ORG_ADMIN_AT_HOME: (UserFactory(organization=other), OTHER_HOST),
        },
        values={"*": {"space_id": 1}},
    )
    failures, walked = walk(world, components=False)
    assert walked == 2
    assert failures == [
        f"/open/1/ (site 'open/<int:space_id>/') as {persona}: answered 200, expected a refusal"
        for persona in PERSONAS
    ] + [
        "'mystery/<int:gizmo_id>/' (site, palabre.core.tests.walker_urls.guarded): no value "
        "for ['gizmo_id']. Add to `values` of test_url_permissions.py, under '', an object "
        "the people of this test may not reach (and, if anyone may open the page, its answers "
        "to EXPECTED)."
    ]
