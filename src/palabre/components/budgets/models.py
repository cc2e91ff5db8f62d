"""A budgets component holds budgets (one per district, say), each an envelope of money and
costed projects. A participant fills a basket (an `Order`) and casts it (checkout).

Money: amounts are `DecimalField(max_digits=14, decimal_places=2)`, i.e. exact amounts in the
currency's unit with cents. Pabulib files write costs like `100000.0`, municipal budgets are
in euros and cents, and the counting rules want exact `Decimal`s, never floats: two decimal
places hold every real election we know of, and anything finer is refused on import.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.components import component_url
from palabre.core.models import Component
from palabre.core.structure import WatchedManager
from palabre.core.translations import TranslatedField, translated
from palabre.core.validators import validate_image

MONEY = {"max_digits": 14, "decimal_places": 2}


class Budget(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="budgets")
    title = TranslatedField(_("title"), blank=False, max_length_per_language=200)
    description = TranslatedField(_("description"), rich=True)
    envelope = models.DecimalField(_("envelope"), validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    scope = TranslatedField(_("district or scope"), max_length_per_language=200)
    position = models.PositiveIntegerField(default=0)
    # The META section of an imported Pabulib file, kept so that an export says the same.
    pabulib_meta = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WatchedManager()

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["component", "position"])]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "budget", budget_id=self.pk)


class Project(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="projects")
    title = TranslatedField(_("title"), blank=False, max_length_per_language=300)
    description = TranslatedField(_("description"), rich=True)
    cost = models.DecimalField(_("cost"), validators=[MinValueValidator(0)], **MONEY)
    image = models.ImageField(
        _("image"), upload_to="budgets/", blank=True, validators=[validate_image]
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    category = TranslatedField(_("category"), max_length_per_language=200)
    external_id = models.CharField(_("external identifier"), max_length=64, blank=True)
    selected = models.BooleanField(_("selected"), default=False)
    # Checked-out votes, kept by the services in the transaction that changes them;
    # `selectors.budget_recount` recounts from the orders to prove it.
    votes_count = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "external_id"],
                condition=~Q(external_id=""),
                name="budgets_unique_external_id",
            ),
        ]
        indexes = [
            models.Index(fields=["budget", "position"]),
            models.Index(fields=["budget", "-votes_count"]),
        ]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.budget.component, "project", budget_id=self.budget_id, pk=self.pk)

    @property
    def component(self) -> Component:
        """Projects are resources of the component: `can(user, action, project)` works."""
        return self.budget.component


class Order(models.Model):
    """One voter's basket in one budget; a vote once `checked_out_at` is set.

    Online voters are users. Paper and imported ballots have no account: they are orders
    with `user=None` and a `voter_reference` (the number on the paper ballot or the voter id
    of a Pabulib file). One kind of row for every ballot keeps a single counting path for
    votes, recounts, results and exports, whatever the source. The database refuses a second
    order of the same person (`budget, user`; NULLs never collide) and a reused voter
    reference (`budget, voter_reference` when set).
    """

    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        PAPER = "paper", _("Paper ballot")
        IMPORT = "import", _("Imported")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="orders")
    # PROTECT: accounts are anonymized, not deleted, so that their votes stay counted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_orders",
    )
    voter_reference = models.CharField(_("voter reference"), max_length=100, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_out_at = models.DateTimeField(null=True, blank=True)
    # When the person was last reminded to finish this basket: a new reminder round skips
    # baskets reminded in the last day, so that a second click sends nothing twice.
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["budget", "user"], name="budgets_one_order_per_person"),
            models.UniqueConstraint(
                fields=["budget", "voter_reference"],
                condition=~Q(voter_reference=""),
                name="budgets_one_order_per_voter_reference",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(voter_reference=""),
                name="budgets_order_has_a_voter",
            ),
        ]
        indexes = [models.Index(fields=["budget", "checked_out_at"])]

    def __str__(self) -> str:
        voter = self.voter_reference or (self.user.display_name if self.user_id else "")
        return f"{self.budget} · {voter}"

    @property
    def is_checked_out(self) -> bool:
        return self.checked_out_at is not None


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="order_lines")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order", "project"], name="budgets_project_once_per_order"
            )
        ]
        indexes = [models.Index(fields=["project", "order"])]

    def __str__(self) -> str:
        return f"{self.order} · {self.project}"


class BudgetResult(models.Model):
    """The outcome of a counting rule over the checked-out votes at one moment."""

    class Rule(models.TextChoices):
        GREEDY = "greedy", _("Most voted first (greedy)")
        MES = "mes", _("Method of Equal Shares")

    class Status(models.TextChoices):
        # Asked for: the background task has not stored the outcome yet.
        COMPUTING = "computing", _("Computing…")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="results")
    rule = models.CharField(max_length=10, choices=Rule.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.READY)
    computed_at = models.DateTimeField(auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    voters = models.PositiveIntegerField(default=0)
    # Project primary keys in selection order, and per project (key: pk as text) the
    # rule's explanation as plain JSON.
    selected_projects = models.JSONField(default=list)
    total_cost = models.DecimalField(default=0, **MONEY)
    explanations = models.JSONField(default=dict)
    # What the rule says about the whole count, such as the Method of Equal Shares' final
    # budget per voter, as plain JSON.
    summary = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(published_at__isnull=False),
                name="budgets_one_published_result",
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget} · {self.get_rule_display()} · {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
