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

`why_not(user, action, target)` tells why not: a `Denied` with a reason in the reader's
language ("proposals are not open in this phase", "sign in first"…) and, where there is one,
the next step. A component's `permission()` may return a `Denied` of its own instead of
False to say why; `require()` raises PermissionDenied with it, and the 403 page shows it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Value
from django.utils.functional import Promise
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


@dataclass(frozen=True)
class Denied:
    """A refusal and its reason: false wherever a boolean is expected, so a component's
    `permission()` may return one instead of False.

    `reason` is shown to the person (lazily translated); `next_url` and `next_label` name a
    step that may lift the refusal (a verification to pass, for instance), when there is
    one. `generic` marks the reason given when nothing more precise is known: a caller's own
    message is then clearer.
    """

    reason: str | Promise
    next_url: str = ""
    next_label: str | Promise = ""
    generic: bool = False
    # The step's page brings the person back where they were refused (`?next=`).
    next_returns: bool = False

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return str(self.reason)


NOT_ALLOWED = Denied(_("You are not allowed to do this."), generic=True)
NOT_VISIBLE = Denied(_("This page is not open to you."))
UNPUBLISHED = Denied(_("This is not published yet."))
ACCOUNT_CLOSED = Denied(_("This account can no longer take part."))
BLOCKED = Denied(_("Your account is blocked: you cannot take part."))
MEMBERS_ONLY = Denied(_("Only the members of this private space can take part."))
NOT_HERE = Denied(_("This cannot be done here."))
ADMINS_ONLY = Denied(_("Only the administrators can do this."))


# What other apps ask before any contribution a component allows, as
# `check(user, organization_id) -> Denied | None` (the legal app: the current terms of use
# accepted). Asked last, so that a refusal for another reason is said first.
participation_checks: list[Callable[..., "Denied | None"]] = []

# What other apps ask about one action of a component, as
# `check(user, action, component, resource) -> Denied | None` (the verifications app: the
# verifications administrators require for it, with their options). Asked after the
# manifest's permission and before `participation_checks`, never for the preparation of an
# action (a basket, a draft: `ComponentManifest.preparations`). The check answers people who
# are not signed in too, for the callers that let them act (`action_check`).
action_checks: list[Callable[..., "Denied | None"]] = []


def action_check(user, action: str, component: Component, resource=None) -> "Denied | None":
    """What `action_checks` say about `action`: the first refusal, or None. `can()` asks
    them itself; a component that lets people without an account act (a survey open to
    everyone) asks here before letting them."""
    for check in action_checks:
        denial = check(user, action, component, resource)
        if denial is not None:
            return denial
    return None


def sign_in_first(action_label: str | Promise | None = None) -> Denied:
    """The refusal a visitor who is not signed in gets for an action of participants."""
    if action_label:
        return Denied(
            _("Sign in to take part: “%(action)s” is open to signed-in participants.")
            % {"action": action_label}
        )
    return Denied(_("Sign in to take part: this is open to signed-in participants."))


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


def _component_action(user, action: str, component: Component, resource=None) -> bool | Denied:
    from palabre.core.settings_schema import current_settings

    manifest = component.manifest
    # A preparation (a basket, a draft) is decided as the action it prepares, without the
    # requirements added to that action.
    prepares = manifest.preparations.get(action) if manifest is not None else None
    decided = prepares or action
    if not getattr(user, "is_authenticated", False):
        label = dict(manifest.actions).get(decided) if manifest is not None else None
        return sign_in_first(label)
    if not user.is_active or user.is_deleted:
        return ACCOUNT_CLOSED
    if user.is_blocked:
        return BLOCKED
    if not component.is_published or not component.space.is_published:
        return UNPUBLISHED
    if not _can_view_component(user, component):
        return NOT_VISIBLE
    if not _can_take_part_in_space(user, component.space):
        return MEMBERS_ONLY
    if manifest is None or decided not in dict(manifest.actions) or manifest.permission is None:
        return NOT_HERE
    verdict = manifest.permission(
        user=user,
        action=decided,
        component=component,
        resource=resource,
        settings=current_settings(component),
    )
    if isinstance(verdict, Denied):
        return verdict
    if not verdict:
        return NOT_ALLOWED
    if prepares is None:
        denial = action_check(user, action, component, resource)
        if denial is not None:
            return denial
    for check in participation_checks:
        denial = check(user, component.space.organization_id)
        if denial is not None:
            return denial
    return True


def _space_action(user, action: str, space: Space) -> bool:
    if action == "view":
        return _can_view_space(user, space)
    if action == "admin":
        return _space_role_allows(user, space, ADMIN_ROLES)
    if action == "read_admin":
        return _space_role_allows(user, space, READ_ADMIN_ROLES)
    if action == "moderate":
        return _space_role_allows(user, space, MODERATE_ROLES)
    if action == "valuate":
        return _space_role_allows(user, space, VALUATE_ROLES)
    if action == "take_part":
        return _can_view_space(user, space) and _can_take_part_in_space(user, space)
    return False


def _decide(user, action: str, target) -> bool | Denied:
    """True, or why not: a `Denied` where a reason is known, else False."""
    if isinstance(target, Organization):
        if action == "admin":
            return is_org_admin(user, target)
        if action == "backoffice":
            return has_any_role_in(user, target)
        if action == "moderate":
            return has_any_role_in(user, target, MODERATE_ROLES)
        return action == "view"
    if isinstance(target, Space):
        return _space_action(user, action, target)
    if isinstance(target, Component):
        if action == "view":
            return _can_view_component(user, target)
        if action in {"admin", "read_admin", "moderate", "valuate"}:
            return _space_action(user, action, target.space)
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
                if verdict is False or isinstance(verdict, Denied):
                    return False
            return True
        if action in {"admin", "read_admin", "moderate", "valuate"}:
            return _space_action(user, action, component.space)
        return _component_action(user, action, component, resource=target)
    return False


def can(user, action: str, target) -> bool:
    """Whether `user` may do `action` on `target` (see the module docstring)."""
    return _decide(user, action, target) is True


def why_not(user, action: str, target) -> Denied | None:
    """None when `can(user, action, target)`, else why not, as a `Denied` to show."""
    verdict = _decide(user, action, target)
    if verdict is True:
        return None
    if isinstance(verdict, Denied):
        return verdict
    if not getattr(user, "is_authenticated", False):
        return sign_in_first()
    if action == "view":
        return NOT_VISIBLE
    if action in {"admin", "read_admin", "moderate", "valuate", "backoffice"}:
        return ADMINS_ONLY
    return NOT_ALLOWED


def require(user, action: str, target, message=None) -> None:
    """Raise PermissionDenied unless `can(user, action, target)`; services call this first.

    The exception carries the `Denied` reason; `message` replaces it only where no precise
    reason is known.
    """
    denial = why_not(user, action, target)
    if denial is None:
        return
    if message and denial.generic:
        denial = Denied(message, generic=True)
    raise PermissionDenied(denial)
