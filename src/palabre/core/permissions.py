"""The one entry point for permissions: `can(user, action, target)`.

Targets are an Organization, a Space, a Component, or a resource of a component (any object
with a `component` attribute). Deny wins: each layer below can only narrow what the layer
above allows. Views, admin views, the API and commands all ask here; templates never decide.

Actions:
  view                         see a space, component or resource
  admin                        manage an organization, space or component in the backoffice
  read_admin                   see a space in the backoffice without changing it (collaborators)
  moderate                     handle reports in a space
  valuate                      answer the resources assigned to one (valuators)
  backoffice                   enter the backoffice of an organization at all
  moderate (organization)      moderate in at least one of its spaces
  <component action>           any action a component manifest declares (create, vote…)
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Value
from django.utils.translation import gettext_lazy as _

from palabre.core.models import (
    Component,
    Organization,
    OrganizationAdmin,
    Space,
    SpaceMember,
    SpaceRole,
)

ADMIN_ROLES = frozenset({SpaceRole.Role.ADMIN})
READ_ADMIN_ROLES = frozenset({SpaceRole.Role.ADMIN, SpaceRole.Role.COLLABORATOR})
MODERATE_ROLES = frozenset({SpaceRole.Role.ADMIN, SpaceRole.Role.MODERATOR})
VALUATE_ROLES = frozenset({SpaceRole.Role.ADMIN, SpaceRole.Role.VALUATOR})


@dataclass
class _RoleCache:
    org_admin_of: frozenset[int]
    roles: dict[int, frozenset[str]]
    member_of: frozenset[int]


def preload_roles(people) -> None:
    """Load the roles of many people in one query and cache them on each person, so that
    deciding what each may see costs no further query (notifications, for instance).

    The three kinds of role (organization administrator, role in a space, member of a
    private space) come back as the rows of one UNION, told apart by their `kind`.
    """
    people = [p for p in people if getattr(p, "is_authenticated", False)]
    ids = [person.pk for person in people]
    org_admin_of: dict[int, set[int]] = {}
    roles: dict[int, dict[int, set[str]]] = {}
    member_of: dict[int, set[int]] = {}
    if ids:
        admins = OrganizationAdmin.objects.filter(user__in=ids).values_list(
            "user_id", "organization_id", Value("", output_field=CharField()), Value("admin")
        )
        space_roles_ = SpaceRole.objects.filter(user__in=ids).values_list(
            "user_id", "space_id", "role", Value("role")
        )
        members = SpaceMember.objects.filter(user__in=ids).values_list(
            "user_id", "space_id", Value("", output_field=CharField()), Value("member")
        )
        for user_id, target_id, role, kind in admins.union(space_roles_, members, all=True):
            if kind == "admin":
                org_admin_of.setdefault(user_id, set()).add(target_id)
            elif kind == "role":
                roles.setdefault(user_id, {}).setdefault(target_id, set()).add(role)
            else:
                member_of.setdefault(user_id, set()).add(target_id)
    for person in people:
        person._palabre_roles = _RoleCache(
            org_admin_of=frozenset(org_admin_of.get(person.pk, ())),
            roles={k: frozenset(v) for k, v in roles.get(person.pk, {}).items()},
            member_of=frozenset(member_of.get(person.pk, ())),
        )


def _roles(user) -> _RoleCache:
    """Every role of a person, loaded once per request (one small query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return _RoleCache(frozenset(), {}, frozenset())
    if getattr(user, "_palabre_roles", None) is None:
        preload_roles([user])
    return user._palabre_roles


def forget_roles(user) -> None:
    """Drop the per-request role cache after a role changed."""
    if hasattr(user, "_palabre_roles"):
        del user._palabre_roles


def is_org_admin(user, organization: Organization | int) -> bool:
    organization_id = organization if isinstance(organization, int) else organization.pk
    return organization_id in _roles(user).org_admin_of


def space_roles(user, space: Space) -> frozenset[str]:
    return _roles(user).roles.get(space.pk, frozenset())


def is_space_member(user, space: Space) -> bool:
    return space.pk in _roles(user).member_of


def has_any_role_in(user, organization: Organization, roles: frozenset[str] | None = None) -> bool:
    """Whether the person administers the organization or holds a role (one of `roles`,
    if given) in one of its spaces."""
    cache = _roles(user)
    if organization.pk in cache.org_admin_of:
        return True
    space_ids = [
        space_id for space_id, held in cache.roles.items() if roles is None or held & roles
    ]
    if not space_ids:
        return False
    return Space.objects.filter(organization=organization, pk__in=space_ids).exists()


def _can_view_space(user, space: Space) -> bool:
    if space.is_published and not (space.private and not space.transparent):
        return True  # open to everyone: no need to load the person's roles
    if is_org_admin(user, space.organization_id):
        return True
    roles = space_roles(user, space)
    if not space.is_published:
        return bool(roles)
    if space.private and not space.transparent:
        return bool(roles) or is_space_member(user, space)
    return True


def _can_take_part_in_space(user, space: Space) -> bool:
    """Private spaces, transparent or not, take actions from their members only."""
    if not space.private:
        return True
    return (
        is_org_admin(user, space.organization_id)
        or bool(space_roles(user, space))
        or is_space_member(user, space)
    )


def _space_role_allows(user, space: Space, allowed: frozenset[str]) -> bool:
    return is_org_admin(user, space.organization_id) or bool(space_roles(user, space) & allowed)


def _can_view_component(user, component: Component) -> bool:
    space = component.space
    if not _can_view_space(user, space):
        return False
    return component.is_published or _space_role_allows(user, space, READ_ADMIN_ROLES)


def _component_action(user, action: str, component: Component, resource=None) -> bool:
    from palabre.core.settings_schema import current_settings

    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_active
        or user.is_deleted
        or user.is_blocked
    ):
        return False
    if not component.is_published or not component.space.is_published:
        return False
    if not _can_view_component(user, component) or not _can_take_part_in_space(
        user, component.space
    ):
        return False
    manifest = component.manifest
    if manifest is None or action not in dict(manifest.actions) or manifest.permission is None:
        return False
    verdict = manifest.permission(
        user=user,
        action=action,
        component=component,
        resource=resource,
        settings=current_settings(component),
    )
    return bool(verdict)


def can(user, action: str, target) -> bool:
    """Whether `user` may do `action` on `target` (see the module docstring)."""
    if isinstance(target, Organization):
        if action == "admin":
            return is_org_admin(user, target)
        if action == "backoffice":
            return has_any_role_in(user, target)
        if action == "moderate":
            return has_any_role_in(user, target, MODERATE_ROLES)
        return action == "view"
    if isinstance(target, Space):
        if action == "view":
            return _can_view_space(user, target)
        if action == "admin":
            return _space_role_allows(user, target, ADMIN_ROLES)
        if action == "read_admin":
            return _space_role_allows(user, target, READ_ADMIN_ROLES)
        if action == "moderate":
            return _space_role_allows(user, target, MODERATE_ROLES)
        if action == "valuate":
            return _space_role_allows(user, target, VALUATE_ROLES)
        if action == "take_part":
            return _can_view_space(user, target) and _can_take_part_in_space(user, target)
        return False
    if isinstance(target, Component):
        if action == "view":
            return _can_view_component(user, target)
        if action in {"admin", "read_admin", "moderate", "valuate"}:
            return can(user, action, target.space)
        return _component_action(user, action, target)
    component = getattr(target, "component", None)
    if isinstance(component, Component):
        if action == "view":
            if not _can_view_component(user, component):
                return False
            manifest = component.manifest
            if manifest and manifest.permission:
                verdict = manifest.permission(
                    user=user, action="view", component=component, resource=target, settings=None
                )
                if verdict is False:
                    return False
            return True
        if action in {"admin", "read_admin", "moderate", "valuate"}:
            return can(user, action, component.space)
        return _component_action(user, action, component, resource=target)
    return False


def require(user, action: str, target, message=None) -> None:
    """Raise PermissionDenied unless `can(user, action, target)`; services call this first."""
    if not can(user, action, target):
        raise PermissionDenied(message or _("You are not allowed to do this."))
