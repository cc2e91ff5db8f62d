"""The form engine: questionnaires any component can embed (surveys today, registration
forms of meetings and volunteer questionnaires of panels tomorrow).

A `Form` holds ordered items: questions and blocks (a title with a description, a
separator). Choice questions have options (the columns of a grid) and grids have rows; a
question may be shown only when conditions on earlier questions hold. People's answers are
`Response`s (one per respondent and form, a database constraint) made of `Answer`s (one per
answered question) made of `AnswerChoice`s (the options ticked, per grid row, with their
rank and the "please specify" text).

A respondent is a key, not necessarily a person: the component that embeds the form decides
whether it is a keyed hash of the account or of the browser session (see
`services.respondent_key`) and whether the account is kept beside it (`Response.user`).

A component embedding a form must answer `view` of an `Answer` in its permission function
(files sent in answer to a file question are attachments of the answer, downloaded after
`can(user, "view", answer)`): its administrators only.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from palabre.core.models import Component, Organization
from palabre.core.translations import TranslatedField, translated


def new_secret() -> str:
    return secrets.token_hex(32)


class Form(models.Model):
    """A questionnaire: embedded in a component's resource (a survey), or a reusable
    template of the organization (`is_template`, no component)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="forms")
    component = models.ForeignKey(
        Component, on_delete=models.CASCADE, null=True, blank=True, related_name="forms"
    )
    # The name of a template; forms embedded in a resource take the resource's title.
    title = TranslatedField(_("title"), max_length_per_language=200)
    is_template = models.BooleanField(_("template"), default=False)
    # Mixed with the installation's secret key to derive the respondents' pseudonyms: the
    # same person has another pseudonym in every form.
    secret = models.CharField(max_length=64, default=new_secret, editable=False)
    # Raised by every structural change, so that an answer checked against the questions
    # as they were is refused when they changed meanwhile.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(is_template=False) | Q(component__isnull=True),
                name="form_template_without_component",
            )
        ]
        indexes = [models.Index(fields=["organization", "is_template"])]
        verbose_name = _("form")
        verbose_name_plural = _("forms")

    def __str__(self) -> str:
        return translated(self.title) or f"form {self.pk}"


class ItemKind(models.TextChoices):
    SHORT_ANSWER = "short_answer", _("Short answer")
    LONG_ANSWER = "long_answer", _("Long answer")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    RANKING = "ranking", _("Ranking")
    GRID_SINGLE = "grid_single", _("Grid, one answer per row")
    GRID_MULTIPLE = "grid_multiple", _("Grid, several answers per row")
    FILE = "file", _("File")
    SCALE = "scale", _("Scale")
    TITLE = "title", _("Title and description")
    SEPARATOR = "separator", _("Separator")


TEXT_KINDS = frozenset({ItemKind.SHORT_ANSWER, ItemKind.LONG_ANSWER})
CHOICE_KINDS = frozenset({ItemKind.SINGLE_CHOICE, ItemKind.MULTIPLE_CHOICE})
GRID_KINDS = frozenset({ItemKind.GRID_SINGLE, ItemKind.GRID_MULTIPLE})
# Questions whose answers are options of a list (grids: the columns).
OPTION_KINDS = CHOICE_KINDS | GRID_KINDS | {ItemKind.RANKING}
BLOCK_KINDS = frozenset({ItemKind.TITLE, ItemKind.SEPARATOR})
QUESTION_KINDS = frozenset(ItemKind.values) - BLOCK_KINDS
# Questions that take a number of choices at most.
MAX_CHOICES_KINDS = frozenset({ItemKind.MULTIPLE_CHOICE, ItemKind.GRID_MULTIPLE})


class FormItem(models.Model):
    """A question, or a block between questions (a title with a description, a separator)."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("type"), max_length=20, choices=ItemKind.choices)
    position = models.PositiveIntegerField(default=0)
    body = TranslatedField(_("question"), max_length_per_language=500)
    description = TranslatedField(_("description"), rich=True)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    # 0: the engine's own limit for the kind of text.
    max_characters = models.PositiveIntegerField(_("maximum number of characters"), default=0)
    max_choices = models.PositiveSmallIntegerField(
        _("maximum number of choices"), null=True, blank=True
    )
    scale_max = models.PositiveSmallIntegerField(_("highest value of the scale"), null=True)
    scale_min_label = TranslatedField(_("label of the lowest value"), max_length_per_language=60)
    scale_max_label = TranslatedField(_("label of the highest value"), max_length_per_language=60)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["form", "position"])]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return translated(self.body) or self.get_kind_display()

    @property
    def is_question(self) -> bool:
        return self.kind in QUESTION_KINDS

    @property
    def name(self) -> str:
        """The name of the question's input in an HTML form."""
        return f"q{self.pk}"


class FormOption(models.Model):
    """An answer to pick (a column of a grid); `free_text` adds "please specify"."""

    item = models.ForeignKey(FormItem, on_delete=models.CASCADE, related_name="options")
    body = TranslatedField(_("option"), max_length_per_language=200)
    free_text = models.BooleanField(_("with a text to specify"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return translated(self.body)


class FormRow(models.Model):
    """A row of a grid question."""

    item = models.ForeignKey(FormItem, on_delete=models.CASCADE, related_name="rows")
    body = TranslatedField(_("row"), max_length_per_language=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("row")
        verbose_name_plural = _("rows")

    def __str__(self) -> str:
        return translated(self.body)


class ConditionKind(models.TextChoices):
    ANSWERED = "answered", _("is answered")
    NOT_ANSWERED = "not_answered", _("is not answered")
    EQUAL = "equal", _("has the option")
    NOT_EQUAL = "not_equal", _("does not have the option")
    MATCH = "match", _("matches the pattern")


class FormCondition(models.Model):
    """Show `item` only when `source` (an earlier question) is answered, not answered, has
    or has not an option, or has a text matching a pattern (case-insensitive).

    All mandatory conditions of an item must hold; when it has none, any optional one is
    enough (see `conditions.item_visible`).
    """

    item = models.ForeignKey(FormItem, on_delete=models.CASCADE, related_name="conditions")
    source = models.ForeignKey(
        FormItem, on_delete=models.CASCADE, related_name="dependent_conditions"
    )
    kind = models.CharField(_("condition"), max_length=20, choices=ConditionKind.choices)
    option = models.ForeignKey(
        FormOption, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pattern = models.CharField(_("pattern"), max_length=200, blank=True)
    mandatory = models.BooleanField(_("mandatory condition"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("display condition")
        verbose_name_plural = _("display conditions")

    def __str__(self) -> str:
        return f"{self.source} {self.get_kind_display()}"


class Response(models.Model):
    """One respondent's answers to a form, sent at once. `respondent` is a pseudonym (see
    `services.respondent_key`): one response per respondent, even under simultaneous
    submissions, by the unique constraint. `user` is kept only where the component says so
    (a survey that is not anonymous)."""

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="form_responses",
    )
    locale = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "respondent"], name="one_response_per_respondent"
            )
        ]
        indexes = [models.Index(fields=["form", "id"])]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def pseudonym(self) -> str:
        """The short code shown to administrators instead of the person."""
        return self.respondent[:12]


class Answer(models.Model):
    """The answer to one question: its text, its number (a scale), its choices, or files
    (attachments of the answer)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FormItem, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    number = models.SmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
        # The answers of a question (their number), its scale's values, its latest texts.
        indexes = [
            models.Index(fields=["question", "number"]),
            models.Index(fields=["question", "-id"], name="forms_answer_latest"),
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"

    @property
    def component(self):
        """The component of the form (attachments and permissions reach it this way)."""
        return self.response.form.component


class AnswerChoice(models.Model):
    """An option ticked in an answer: in a grid row (`row`), with its rank (`position`, a
    ranking) and the text that specifies it (`custom_text`, "other, please specify")."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="choices")
    # The answer's question again, so that results are counted without joining the answers.
    question = models.ForeignKey(FormItem, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(FormOption, on_delete=models.CASCADE, related_name="+")
    row = models.ForeignKey(
        FormRow, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(null=True, blank=True)
    custom_text = models.TextField(blank=True)

    class Meta:
        # Results are counted from these indexes, never from the table itself: the choices
        # per option (and row), with the ranks; the texts that specify an option; and the
        # answers that ticked something in each row of a grid.
        indexes = [
            models.Index(
                fields=["question", "option", "row", "position"], name="forms_choice_counts"
            ),
            models.Index(
                fields=["question"],
                condition=~Q(custom_text=""),
                name="forms_choice_specified",
            ),
            models.Index(
                fields=["question", "row", "answer"],
                condition=Q(row__isnull=False),
                name="forms_choice_grid_rows",
            ),
        ]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return f"{self.answer_id}:{self.option_id}"
