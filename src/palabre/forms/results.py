"""Results of a form, counted by the database: a handful of aggregate queries whatever the
number of questions and of answers (no answer is read into Python to be counted).

Per question: how many answered; per option, how many chose it and their share of those
who answered the question (of those who answered the row, in a grid), and its average rank
(a ranking); the distribution and the average of a scale; the latest texts, the others on
pages of their own (`texts_page`).
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count
from django.db.models.expressions import RawSQL

from palabre.core.translations import translated
from palabre.forms.models import (
    CHOICE_KINDS,
    GRID_KINDS,
    OPTION_KINDS,
    TEXT_KINDS,
    Answer,
    AnswerChoice,
    FormItem,
    ItemKind,
    Response,
)
from palabre.forms.selectors import LoadedForm

TEXT_SAMPLE = 5
TEXTS_PER_PAGE = 50


@dataclass
class Share:
    label: str
    count: int
    percent: float
    average_rank: float | None = None


@dataclass
class RowResult:
    label: str
    answered: int
    shares: list[Share]


@dataclass
class QuestionResult:
    item: FormItem
    answered: int
    shares: list[Share] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)
    # Texts that specify an option ("other, please specify"): how many.
    specified: int = 0

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def has_text_page(self) -> bool:
        return self.item.kind in TEXT_KINDS or self.specified > 0


@dataclass
class FormResults:
    respondents: int
    questions: list[QuestionResult]


def _percent(count: int, total: int) -> float:
    return round(100 * count / total, 1) if total else 0.0


def _grouped(queryset, *fields) -> list[tuple]:
    """Counts of `queryset`'s rows per value of `fields`, read from an index where one
    covers them (COUNT(*) needs no column of the table)."""
    return list(queryset.values_list(*fields).annotate(n=Count("*")).order_by())


def _latest_ids(question_ids: list[int]) -> RawSQL:
    """The ids of the latest `TEXT_SAMPLE` answers of each question, as one subquery: a
    union of one seek in the index (question, id) per question, each stopping after a few
    entries (a window over every answer would read them all)."""
    parts, params = [], []
    for index, question_id in enumerate(question_ids):
        sql, part_params = (
            Answer.objects.filter(question_id=question_id)
            .order_by("-id")
            .values_list("id")[:TEXT_SAMPLE]
            .query.sql_with_params()
        )
        parts.append(f"SELECT * FROM ({sql}) latest_{index}")
        params.extend(part_params)
    return RawSQL(" UNION ALL ".join(parts), params)


def form_results(loaded: LoadedForm) -> FormResults:
    """Every question's results, in at most eight aggregate queries however many questions
    and answers; each one reads an index made for it rather than the answers themselves."""
    questions = loaded.questions
    of_kind = {
        kind: [item.pk for item in questions if item.kind in kinds]
        for kind, kinds in (
            ("options", OPTION_KINDS),
            ("ranking", {ItemKind.RANKING}),
            ("grid_multiple", {ItemKind.GRID_MULTIPLE}),
            ("scale", {ItemKind.SCALE}),
            ("text", TEXT_KINDS),
        )
    }
    free_text_ids = [
        item.pk for item in questions if any(option.free_text for option in item.option_list)
    ]
    respondents = Response.objects.filter(form=loaded.form).count()
    answered = dict(
        _grouped(Answer.objects.filter(question_id__in=[q.pk for q in questions]), "question_id")
    )
    chosen: dict[tuple, int] = {}
    if of_kind["options"]:
        chosen = {
            (question_id, option_id, row_id): count
            for question_id, option_id, row_id, count in _grouped(
                AnswerChoice.objects.filter(question_id__in=of_kind["options"]),
                "question_id",
                "option_id",
                "row_id",
            )
        }
    ranks: dict[tuple, float] = {}
    if of_kind["ranking"]:
        ranks = {
            (question_id, option_id): rank
            for question_id, option_id, rank in AnswerChoice.objects.filter(
                question_id__in=of_kind["ranking"]
            )
            .values_list("question_id", "option_id")
            .annotate(rank=Avg("position"))
            .order_by()
        }
    specified: dict[int, int] = {}
    if free_text_ids:
        specified = dict(
            _grouped(
                AnswerChoice.objects.filter(question_id__in=free_text_ids).exclude(custom_text=""),
                "question_id",
            )
        )
    rows_answered: dict[tuple, int] = {}
    if of_kind["grid_multiple"]:
        rows_answered = {
            (question_id, row_id): count
            for question_id, row_id, count in AnswerChoice.objects.filter(
                question_id__in=of_kind["grid_multiple"], row__isnull=False
            )
            .values_list("question_id", "row_id")
            .annotate(n=Count("answer_id", distinct=True))
            .order_by()
        }
    # A grid with one answer per row: each answer of a row is one choice.
    for (question_id, _option_id, row_id), count in chosen.items():
        if row_id is not None and question_id not in of_kind["grid_multiple"]:
            rows_answered[(question_id, row_id)] = (
                rows_answered.get((question_id, row_id), 0) + count
            )
    scale: dict[tuple, int] = {}
    if of_kind["scale"]:
        scale = {
            (question_id, number): count
            for question_id, number, count in _grouped(
                Answer.objects.filter(question_id__in=of_kind["scale"]), "question_id", "number"
            )
        }
    texts: dict[int, list[str]] = {}
    if of_kind["text"]:
        for question_id, text in (
            Answer.objects.filter(pk__in=_latest_ids(of_kind["text"]))
            .order_by("question_id", "-id")
            .values_list("question_id", "text")
        ):
            texts.setdefault(question_id, []).append(text)

    results = []
    for item in questions:
        total = answered.get(item.pk, 0)
        result = QuestionResult(item=item, answered=total, specified=specified.get(item.pk, 0))
        if item.kind in CHOICE_KINDS or item.kind == ItemKind.RANKING:
            for option in item.option_list:
                count = chosen.get((item.pk, option.pk, None), 0)
                rank = ranks.get((item.pk, option.pk))
                result.shares.append(
                    Share(
                        translated(option.body),
                        count,
                        _percent(count, total),
                        round(rank, 2) if rank is not None else None,
                    )
                )
            if item.kind == ItemKind.RANKING:
                result.shares.sort(key=lambda share: share.average_rank or float("inf"))
        elif item.kind in GRID_KINDS:
            for row in item.row_list:
                row_total = rows_answered.get((item.pk, row.pk), 0)
                shares = []
                for option in item.option_list:
                    count = chosen.get((item.pk, option.pk, row.pk), 0)
                    shares.append(Share(translated(option.body), count, _percent(count, row_total)))
                result.rows.append(RowResult(translated(row.body), row_total, shares))
        elif item.kind == ItemKind.SCALE:
            weighted = 0
            for number in range(1, (item.scale_max or 0) + 1):
                count = scale.get((item.pk, number), 0)
                weighted += number * count
                result.shares.append(Share(str(number), count, _percent(count, total)))
            result.average = round(weighted / total, 2) if total else None
        elif item.kind in TEXT_KINDS:
            result.texts = texts.get(item.pk, [])
        results.append(result)
    return FormResults(respondents=respondents, questions=results)


def texts_page(item: FormItem, page_number) -> Page:
    """The texts given in answer to a question, newest first, a page at a time: the answers
    of a text question, or the texts specifying the options of a choice question (each as
    `(option label, text)`)."""
    if item.kind in TEXT_KINDS:
        texts = Answer.objects.filter(question=item).order_by("-id").values_list("text", flat=True)
        return Paginator(texts, TEXTS_PER_PAGE).get_page(page_number)
    labels = {option.pk: translated(option.body) for option in item.options.all()}
    rows = (
        AnswerChoice.objects.filter(question=item)
        .exclude(custom_text="")
        .order_by("-id")
        .values_list("option_id", "custom_text")
    )
    page = Paginator(rows, TEXTS_PER_PAGE).get_page(page_number)
    page.object_list = [(labels.get(option_id, ""), text) for option_id, text in page.object_list]
    return page
