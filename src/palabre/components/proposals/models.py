"""Proposals: ideas citizens submit, support, endorse and that the organization answers.

Participants' texts (title, body) are stored as a translated value holding the author's
language only, so that translations can be added later without changing the model.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from palabre.core.components import component_url
from palabre.core.models import Component
from palabre.core.structure import WatchedManager
from palabre.core.translations import TranslatedField, translated
from palabre.core.validators import hex_color_validator


class Label(models.Model):
    """What categories and scopes share: a translated name and a place in the list of
    their component."""

    name = TranslatedField(_("name"), blank=False, max_length_per_language=100)
    position = models.PositiveIntegerField(default=0)

    # Every list page shows the filters: each worker keeps them (`core.structure`).
    objects = WatchedManager()

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return translated(self.name)


class Category(Label):
    """A category of one proposals component (district, theme…), chosen by authors."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="proposal_categories"
    )

    class Meta(Label.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Scope(Label):
    """Where proposals of one component apply (a district, a neighbourhood, a village…),
    chosen by authors like a category."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="proposal_scopes"
    )

    class Meta(Label.Meta):
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")


class ProposalState(models.Model):
    """An answer state an administrator adds to the standard ones (e.g. "Already done")."""

    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, related_name="proposal_states"
    )
    key = models.SlugField(_("key"), max_length=40)
    name = TranslatedField(_("name"), blank=False, max_length_per_language=80)
    text_color = models.CharField(
        _("text colour"), max_length=7, default="#1a1d21", validators=[hex_color_validator]
    )
    background_color = models.CharField(
        _("background colour"), max_length=7, default="#e8f1fb", validators=[hex_color_validator]
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["component", "key"], name="unique_proposal_state_key")
        ]

    def __str__(self) -> str:
        return translated(self.name)


class Proposal(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class AnswerState(models.TextChoices):
        NOT_ANSWERED = "not_answered", _("Not answered")
        EVALUATING = "evaluating", _("Evaluating")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        CUSTOM = "custom", _("Other answer")

    class Source(models.TextChoices):
        PARTICIPANT = "participant", _("A participant")
        ORGANIZATION = "organization", _("The organization")
        MEETING = "meeting", _("A meeting")
        OFFLINE = "offline", _("Received on paper or by email")

    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="proposals")
    # The person who wrote it (none for official proposals). Co-authors are in
    # `ProposalAuthor`; moderation reads this one to know whose contribution it is.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = TranslatedField(_("title"), blank=False)
    body = TranslatedField(_("text"))
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    answer_state = models.CharField(
        max_length=14, choices=AnswerState.choices, default=AnswerState.NOT_ANSWERED
    )
    custom_state = models.ForeignKey(
        ProposalState, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answer = TranslatedField(_("answer"))
    answered_at = models.DateTimeField(null=True, blank=True)
    # An answer is public only once published: staff may prepare answers and publish them
    # together.
    answer_published_at = models.DateTimeField(null=True, blank=True)
    cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    cost_report = TranslatedField(_("cost report"))
    execution_period = models.CharField(_("execution period"), max_length=200, blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    scope = models.ForeignKey(
        Scope, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=14, choices=Source.choices, default=Source.PARTICIPANT)
    source_details = models.CharField(_("source details"), max_length=300, blank=True)
    # Closed by an administrator: the comments stay readable, nobody may add one.
    comments_closed = models.BooleanField(_("comments closed"), default=False)
    # Shown publicly as by "an anonymous participant" (where the component allows it): the
    # authors stay known to the space's moderators and administrators, and every limit and
    # verification applies to them as to anyone.
    anonymous = models.BooleanField(_("published as an anonymous participant"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Counters kept by the services, so that lists never count rows per proposal.
    supports_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)
    endorsements_count = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True)
    reference = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["component", "state", "-published_at"]),
            models.Index(fields=["component", "state", "-supports_count"]),
            # The list filtered by a category or a scope reads that category's rows only
            # (on SQLite the component's index was chosen, reading every row of the table).
            models.Index(fields=["component", "category", "state"]),
            models.Index(fields=["component", "scope", "state"]),
            # The last change of a component's proposals, which kept lists follow.
            models.Index(fields=["component", "updated_at"]),
        ]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return translated(self.title)

    def get_absolute_url(self) -> str:
        return component_url(self.component, "proposal", pk=self.pk)

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_official(self) -> bool:
        return self.source != self.Source.PARTICIPANT

    @property
    def public_answer_state(self) -> str:
        """The answer state visitors see: unanswered until the answer is published."""
        if self.answer_published_at is None:
            return self.AnswerState.NOT_ANSWERED
        return self.answer_state

    @property
    def public_answer_label(self) -> str:
        state = self.public_answer_state
        if state == self.AnswerState.CUSTOM and self.custom_state_id:
            return translated(self.custom_state.name)
        return str(self.AnswerState(state).label)


class ProposalAuthor(models.Model):
    """An author of a proposal. Co-authors are invited and become authors once they accept;
    the person who wrote the proposal is accepted from the start."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_authorships"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="unique_proposal_author")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Support(models.Model):
    """A person's support. `temporary` supports wait until the person has given the
    component's minimum number of supports; only final ones count."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    temporary = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="unique_proposal_support")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.proposal}"


class Endorsement(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="endorsements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_endorsements"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="unique_proposal_endorsement")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.proposal}"


class ValuatorAssignment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="valuator_assignments"
    )
    valuator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_valuations"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "valuator"], name="unique_valuator")
        ]

    def __str__(self) -> str:
        return f"{self.valuator} → {self.proposal}"


class ValuationNote(models.Model):
    """A private note of the people who evaluate a proposal; never shown publicly."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class ProposalLink(models.Model):
    """Where a proposal comes from: merged, split or copied proposals keep their history."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("Merged into")
        SPLIT = "split", _("Split into")
        COPIED = "copied", _("Copied to")

    from_proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="links_out")
    to_proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_proposal", "to_proposal", "kind"], name="unique_proposal_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_proposal_id} {self.kind} {self.to_proposal_id}"
