"""The core domain: organizations, people, spaces, steps, components, roles and the action log.

The core knows no component and no space type by name: types register themselves
(see `registry.py`) and are stored here by their registered key.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from palabre.core.structure import WatchedManager
from palabre.core.translations import TranslatedField, translated
from palabre.core.validators import (
    currency_validator,
    hex_color_validator,
    nickname_validator,
    reference_prefix_validator,
    validate_image,
)


def default_locales() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class Organization(models.Model):
    """A tenant: one city, region or association, reached through its own host name."""

    host = models.CharField(_("host name"), max_length=255, unique=True)
    name = models.CharField(_("name"), max_length=200)
    reference_prefix = models.CharField(
        _("reference prefix"), max_length=12, validators=[reference_prefix_validator]
    )
    default_locale = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    available_locales = models.JSONField(_("available languages"), default=default_locales)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    # Amounts that have no currency of their own (the cost of an accepted proposal) are in
    # this one; it is also the first currency offered for a new budget.
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", validators=[currency_validator]
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to="organizations/", blank=True, validators=[validate_image]
    )
    primary_color = models.CharField(
        _("main colour"), max_length=7, default="#1c4f8c", validators=[hex_color_validator]
    )
    secondary_color = models.CharField(
        _("second colour"), max_length=7, default="#a3361d", validators=[hex_color_validator]
    )
    description = TranslatedField(_("welcome text"), rich=True)
    announcement = TranslatedField(_("announcement"), rich=True)
    report_hide_threshold = models.PositiveSmallIntegerField(
        _("reports that hide a contribution until a moderator looks at it"), default=3
    )
    # A signed-in session ends after this long without activity (palabre.core.security):
    # sooner for people who hold a role in the administration.
    staff_idle_minutes = models.PositiveIntegerField(
        _("minutes without activity before staff are signed out"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
    )
    participant_idle_minutes = models.PositiveIntegerField(
        _("minutes without activity before participants are signed out"),
        default=7 * 24 * 60,
        validators=[MinValueValidator(5), MaxValueValidator(14 * 24 * 60)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchedManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    @property
    def locales(self) -> list[str]:
        """Available languages with the default one first."""
        rest = [code for code in self.available_locales if code != self.default_locale]
        return [self.default_locale, *rest]


class PalabreUserManager(UserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email)
        extra_fields.setdefault("nickname", email.split("@")[0][:30])
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class NotificationFrequency(models.TextChoices):
    REAL_TIME = "real_time", _("As they happen")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NONE = "none", _("Never")


class User(AbstractUser):
    """A person. One account serves every organization of an installation; `organization`
    is the one where the account was opened, which decides whose participants list it is in.
    """

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    nickname = models.CharField(
        _("nickname"), max_length=30, unique=True, validators=[nickname_validator]
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    avatar = models.ImageField(
        _("avatar"), upload_to="avatars/", blank=True, validators=[validate_image]
    )
    about = models.TextField(_("about"), blank=True, max_length=2000)
    locale = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    notification_frequency = models.CharField(
        _("email notifications"),
        max_length=20,
        choices=NotificationFrequency.choices,
        default=NotificationFrequency.REAL_TIME,
    )
    newsletter_opt_in_at = models.DateTimeField(_("newsletter consent"), null=True, blank=True)
    accepted_terms_at = models.DateTimeField(_("terms accepted"), null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Set by moderation (with a justification kept there): the person can no longer act and
    # is shown as "Blocked participant".
    blocked_at = models.DateTimeField(null=True, blank=True)
    # Part of what signs a session in (get_session_auth_hash): one more, and every session
    # opened before ends ("sign out everywhere").
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["nickname"]

    objects = PalabreUserManager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            # "Marie" and "marie" are one nickname, even when two sign-ups race.
            models.UniqueConstraint(Lower("nickname"), name="unique_nickname_case_insensitive")
        ]

    def __str__(self) -> str:
        return self.display_name

    def _get_session_auth_hash(self, secret=None):
        # Django's hash of the password, which ends other sessions when it changes; with the
        # session generation in it once someone signed out everywhere.
        if not self.session_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "palabre.core.models.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_blocked(self) -> bool:
        return self.blocked_at is not None

    @property
    def display_name(self) -> str:
        if self.deleted_at:
            return str(_("Deleted participant"))
        if self.blocked_at:
            return str(_("Blocked participant"))
        return self.name or self.nickname


class OrganizationAdmin(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="admins")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="organization_admin_of")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="unique_org_admin")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"


class Space(models.Model):
    """A participatory space: a process, an assembly… (`kind` is a registered space type)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="spaces")
    kind = models.CharField(_("kind"), max_length=30)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    subtitle = TranslatedField(_("subtitle"), max_length_per_language=200)
    short_description = TranslatedField(_("short description"), rich=True)
    description = TranslatedField(_("description"), rich=True)
    announcement = TranslatedField(_("announcement"), rich=True)
    hero_image = models.ImageField(
        _("main image"), upload_to="spaces/", blank=True, validators=[validate_image]
    )
    # Presentation fields declared by the space type, each a translated text.
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    reference_code = models.CharField(_("reference code"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    promoted = models.BooleanField(_("promoted on the home page"), default=False)
    private = models.BooleanField(_("private (members only)"), default=False)
    transparent = models.BooleanField(
        _("transparent (readable by everyone, actions for members only)"), default=False
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    automatic_steps = models.BooleanField(_("the active step follows the calendar"), default=False)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WatchedManager()

    class Meta:
        ordering = ["position", "-start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "slug"], name="unique_space_slug"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="space_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["organization", "kind", "published_at"])]

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return f"/{self.space_type.url_prefix}/{self.slug}/"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def space_type(self):
        from palabre.core.registry import space_types

        return space_types.get(self.kind)


class Step(models.Model):
    """A phase of a space. At most one step of a space is active (a database constraint)."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="steps")
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    description = TranslatedField(_("description"), rich=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("active"), default=False)
    cta_text = TranslatedField(_("call to action"), max_length_per_language=80)
    cta_path = models.CharField(_("call to action address"), max_length=200, blank=True)

    objects = WatchedManager()

    class Meta:
        ordering = ["position", "start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["space"], condition=Q(active=True), name="one_active_step_per_space"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="step_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return translated(self.title)


class Component(models.Model):
    """A feature added to a space; `manifest_name` is the key of a registered component type.

    `settings` holds `{"global": {...}, "default_step": {...}, "steps": {"<step id>": {...}}}`
    and is read through `palabre.core.settings_schema.current_settings`.
    """

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="components")
    manifest_name = models.CharField(_("type"), max_length=50)
    name = TranslatedField(_("name"), blank=False, max_length_per_language=200)
    position = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    settings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchedManager()

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["space", "published_at"])]

    def __str__(self) -> str:
        return translated(self.name)

    def get_absolute_url(self) -> str:
        return f"{self.space.get_absolute_url()}f/{self.pk}/"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def manifest(self):
        from palabre.core.registry import components

        return components.get(self.manifest_name)


class SpaceRole(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        COLLABORATOR = "collaborator", _("Collaborator")
        MODERATOR = "moderator", _("Moderator")
        VALUATOR = "valuator", _("Valuator")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="space_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user", "role"], name="unique_space_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class SpaceMember(models.Model):
    """A member of a private space."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="space_memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="unique_space_member")
        ]

    def __str__(self) -> str:
        return str(self.user)


class ActionLog(models.Model):
    """Who did what, when, on which resource: every backoffice write leaves one entry."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="action_logs"
    )
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=60)
    resource_type = models.CharField(max_length=60)
    resource_id = models.CharField(max_length=40, blank=True)
    resource_label = models.CharField(max_length=255, blank=True)
    space = models.ForeignKey(
        Space, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.resource_type} {self.resource_id}"


class StructureStamp(models.Model):
    """One row whose value changes whenever the rows every request reads change
    (organizations, spaces, steps, components…): see `palabre.core.structure`."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.value)
