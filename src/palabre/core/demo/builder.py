"""Build the demo through the same services as the backoffice, so the demo shows what an
admin would get, with the same validation, positions and action log.

Idempotent: each organization, person, space and group is looked up by its natural key
(host, email, slug, title) and only created when missing. A space is built whole (steps,
components, members, publication) or not at all, so a second run never adds a component
or a step to a space that already exists.
"""

import copy
import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import services
from palabre.core.demo import (
    content,
    light_participation,
    meetings,
    verifications,
    verifications_documents,
)
from palabre.core.demo.images import hero_image, logo_image
from palabre.core.models import Organization, Space, User
from palabre.core.registry import components as component_registry


@dataclass
class DemoResult:
    organizations: list[Organization] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _formatted(value: dict, **names) -> dict:
    return {language: text.format(**names) for language, text in value.items()}


def _organization(data: dict, result: DemoResult) -> Organization:
    organization = Organization.objects.filter(host=data["host"]).first()
    if organization is None:
        organization = services.organization_create(
            host=data["host"],
            name=data["name"],
            reference_prefix=data["reference_prefix"],
            default_locale="fr",
            available_locales=["fr", "en"],
            primary_color=data["primary_color"],
            secondary_color=data["secondary_color"],
            contact_email=data["contact_email"],
            logo=logo_image(
                data["reference_prefix"].lower(), data["primary_color"], data["secondary_color"]
            ),
        )
        result.created.append(_("organization %(name)s") % {"name": organization.name})
    return organization


def _person(data: dict, organization: Organization, result: DemoResult) -> User:
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=data["email"]).first()
    if user is None:
        user = User.objects.create_user(
            email=data["email"],
            password=content.PASSWORD,
            nickname=data["nickname"],
            name=data["name"],
            about=data["about"],
            locale=data["locale"],
            organization=organization,
            accepted_terms_at=timezone.now(),
        )
        result.created.append(_("person %(email)s") % {"email": user.email})
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _second_factor(admin: User) -> None:
    """TOTP with the published demo secret, and recovery codes, through allauth's own API."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(admin, content.ADMIN_TOTP_SECRET)
    RecoveryCodes.activate(admin)  # keeps existing codes


def _welcome_texts(admin: User, organization: Organization, data: dict) -> None:
    if organization.description:
        return
    services.organization_update(
        actor=admin,
        organization=organization,
        description=data["description"],
        announcement=data["announcement"],
    )


def _wanted_components(wanted, settings: dict) -> list[tuple[str, dict | None, dict]]:
    """`(type, name or None, settings)` for each component to add: those listed, or every
    installed type for `content.EVERY_COMPONENT` (named as the backoffice would, with the
    settings given by type)."""
    if wanted == content.EVERY_COMPONENT:
        return [
            (manifest.name, None, settings.get(manifest.name, {}))
            for manifest in component_registry.all()
        ]
    return [(item[0], item[1], item[2] if len(item) > 2 else {}) for item in wanted]


def _settings(component, wanted: dict, steps: list) -> dict:
    """The component's settings with the demo's values: global ones, those of the default
    step, and those of steps given by their index in the process."""
    settings = copy.deepcopy(component.settings)
    settings["global"].update(wanted.get("global", {}))
    settings["default_step"].update(wanted.get("default_step", {}))
    for index, values in wanted.get("steps", {}).items():
        settings["steps"].setdefault(str(steps[index].pk), {}).update(values)
    return settings


def _add_components(
    admin: User,
    space: Space,
    wanted,
    seed_users: list[User],
    result: DemoResult,
    steps: list | None = None,
    settings_by_type: dict | None = None,
) -> None:
    for manifest_name, name, settings in _wanted_components(wanted, settings_by_type or {}):
        manifest = component_registry.get(manifest_name)
        if manifest is None:
            note = _("Component type “%(name)s” is not installed: not added to %(space)s.")
            result.notes.append(note % {"name": manifest_name, "space": space.slug})
            continue
        component = services.component_create(
            actor=admin, space=space, manifest_name=manifest_name, name=name
        )
        if settings:
            # Through the backoffice's service: the demo's settings are validated like an
            # administrator's.
            component = services.component_update(
                actor=admin, component=component, settings=_settings(component, settings, steps)
            )
        if manifest.seed is not None:
            manifest.seed(component, seed_users)
        services.component_set_published(actor=admin, component=component, published=True)


def _process(
    admin: User,
    organization: Organization,
    data: dict,
    people: dict[str, User],
    today: datetime.date,
    result: DemoResult,
) -> Space:
    space = Space.objects.filter(
        organization=organization, kind="process", slug=data["slug"]
    ).first()
    if space is not None:
        return space
    names = {
        "year": today.year + data.get("year_offset", 0),
        "next_year": today.year + 1,
    }
    steps = data["steps"]
    space = services.space_create(
        actor=admin,
        organization=organization,
        kind="process",
        slug=data["slug"],
        title=_formatted(data["title"], **names),
        subtitle=data["subtitle"],
        short_description=data["short_description"],
        description=_formatted(data["description"], **names),
        announcement=data.get("announcement", {}),
        metadata=data["metadata"],
        reference_code=data["reference_code"],
        start_date=today + datetime.timedelta(days=steps[0]["start"]),
        end_date=today + datetime.timedelta(days=steps[-1]["end"]),
        promoted=data.get("promoted", False),
        private=data.get("private", False),
        transparent=data.get("transparent", False),
        hero_image=hero_image(data["slug"], palette=data["palette"]),
    )
    created_steps = [
        services.step_create(
            actor=admin,
            space=space,
            title=step["title"],
            description=step["description"],
            start_date=today + datetime.timedelta(days=step["start"]),
            end_date=today + datetime.timedelta(days=step["end"]),
        )
        for step in steps
    ]
    if data["active_step"] is not None:
        services.step_activate(actor=admin, step=created_steps[data["active_step"]])
    seed_users = [people["alice@palabre.test"], people["bob@palabre.test"]]
    _add_components(
        admin,
        space,
        data["components"],
        seed_users,
        result,
        created_steps,
        data.get("component_settings"),
    )
    for email in data.get("members", []):
        services.space_member_add(actor=admin, space=space, user=people[email])
    space = services.space_set_published(actor=admin, space=space, published=True)
    result.created.append(_("process %(slug)s") % {"slug": space.slug})
    return space


def _budget_group(admin: User, organization: Organization, spaces: list[Space], result) -> None:
    if not apps.is_installed("palabre.spaces.processes"):
        return
    from palabre.spaces.processes.models import ProcessGroup
    from palabre.spaces.processes.services import process_group_create

    title = content.BUDGET_GROUP["title"]
    if ProcessGroup.objects.filter(organization=organization, title__fr=title["fr"]).exists():
        return
    process_group_create(
        actor=admin,
        organization=organization,
        title=title,
        description=content.BUDGET_GROUP["description"],
        hero_image=hero_image("budget-group", palette=0),
        space_ids=[space.pk for space in spaces],
    )
    result.created.append(_("process group %(title)s") % {"title": title["fr"]})


def _assembly(
    admin: User, organization: Organization, people: dict[str, User], result: DemoResult
) -> None:
    data = content.ASSEMBLY
    if not apps.is_installed("palabre.spaces.assemblies"):
        result.notes.append(_("Assemblies are not installed: no citizens' council."))
        return
    if Space.objects.filter(organization=organization, kind="assembly", slug=data["slug"]).exists():
        return
    from palabre.spaces.assemblies.services import assembly_member_create

    space = services.space_create(
        actor=admin,
        organization=organization,
        kind="assembly",
        slug=data["slug"],
        title=data["title"],
        subtitle=data["subtitle"],
        short_description=data["short_description"],
        description=data["description"],
        metadata=data["metadata"],
        reference_code=data["reference_code"],
        promoted=True,
        hero_image=hero_image(data["slug"], palette=data["palette"]),
    )
    for member in data["members"]:
        assembly_member_create(
            actor=admin,
            assembly=space,
            full_name=member["full_name"],
            role=member["role"],
            user=people.get(member.get("email", "")),
        )
    services.space_set_published(actor=admin, space=space, published=True)
    result.created.append(_("assembly %(slug)s") % {"slug": space.slug})


def _follows(people: dict[str, User], processes: dict[str, Space]) -> None:
    """Spaces the demo people follow, so that their notifications fill up as others act."""
    if not apps.is_installed("palabre.notifications"):
        return
    from palabre.notifications.services import follow_create

    for email, slug in content.FOLLOWS:
        follow_create(user=people[email], target=processes[slug])


def build_demo(*, today: datetime.date | None = None) -> DemoResult:
    """Create whatever of the demo is missing; returns what was created and any notes."""
    today = today or timezone.localdate()
    result = DemoResult()
    with transaction.atomic():
        city = _organization(content.CITY, result)
        metropolis = _organization(content.METROPOLIS, result)
        people = {data["email"]: _person(data, city, result) for data in content.PEOPLE}
        admin = people[content.ADMIN_EMAIL]
        for organization in (city, metropolis):
            services.organization_admin_add(actor=None, organization=organization, user=admin)
        _second_factor(admin)
        _welcome_texts(admin, city, content.CITY)
        _welcome_texts(admin, metropolis, content.METROPOLIS)

        processes = {
            data["slug"]: _process(admin, city, data, people, today, result)
            for data in content.PROCESSES
        }
        budgets = [
            processes[data["slug"]] for data in content.PROCESSES if data.get("in_budget_group")
        ]
        _budget_group(admin, city, budgets, result)
        _assembly(admin, city, people, result)
        _process(admin, metropolis, content.METROPOLIS_PROCESS, people, today, result)
        _follows(people, processes)
        verifications.add_verifications(admin=admin, city=city, result=result)
        verifications_documents.add_documents(
            admin=admin, city=city, metropolis=metropolis, result=result
        )
        from palabre.core.demo.verification_codes import add_verification_codes

        add_verification_codes(admin=admin, city=city, metropolis=metropolis, result=result)
        meetings.add_meetings(
            admin=admin, organizations=[city, metropolis], people=people, today=today, result=result
        )
        light_participation.add_light_participation(
            admin=admin, organizations=[city, metropolis], result=result
        )
        from palabre.core.demo.debates import add_debates

        add_debates(admin=admin, organizations=[city, metropolis], people=people, result=result)
        from palabre.core.demo.invitations import add_invitations

        add_invitations(admin=admin, organizations=[city, metropolis], result=result)
    result.organizations = [city, metropolis]
    from palabre.core.demo.open_data import add_open_data

    add_open_data(organizations=[city, metropolis])
    return result
