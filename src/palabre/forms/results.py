"""Results of a form, counted by the database: a handful of aggregate queries whatever the
number of questions and of answers (no answer is read into Python to be counted).

Per question: how many answered; per option, how many chose it and their share of those
who answered the question (of those who answered the row, in a grid), and its average rank
(a ranking); the distribution and the average of a scale; the latest texts, the others on
pages of their own (`texts_page`).
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, F, Q, Window
from django.db.models.functions import RowNumber

from palabre.core.translations import translated
from palabre.forms.models import (
    CHOICE_KINDS,
    GRID_KINDS,
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


def form_results(loaded: LoadedForm) -> FormResults:
    questions = loaded.questions
    ids = [item.pk for item in questions]
    respondents = Response.objects.filter(form=loaded.form).count()
    answered = dict(
        Answer.objects.filter(question_id__in=ids)
        .values_list("question_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    option_ids = [item.pk for item in questions if item.option_list]
    chosen: dict[tuple, tuple[int, float | None]] = {}
    specified: dict[int, int] = {}
    rows_answered: dict[tuple, int] = {}
    if option_ids:
        for question_id, option_id, row_id, count, rank, texts in (
            AnswerChoice.objects.filter(question_id__in=option_ids)
            .values_list("question_id", "option_id", "row_id")
            .annotate(
                n=Count("id"),
                rank=Avg("position"),
                texts=Count("id", filter=~Q(custom_text="")),
            )
            .order_by()
        ):
            chosen[(question_id, option_id, row_id)] = (count, rank)
            specified[question_id] = specified.get(question_id, 0) + texts
        grid_ids = [item.pk for item in questions if item.kind in GRID_KINDS]
        if grid_ids:
            rows_answered = {
                (question_id, row_id): count
                for question_id, row_id, count in AnswerChoice.objects.filter(
                    question_id__in=grid_ids
                )
                .values_list("question_id", "row_id")
                .annotate(n=Count("answer_id", distinct=True))
                .order_by()
            }
    scale_ids = [item.pk for item in questions if item.kind == ItemKind.SCALE]
    scale: dict[tuple, int] = {}
    if scale_ids:
        scale = {
            (question_id, number): count
            for question_id, number, count in Answer.objects.filter(question_id__in=scale_ids)
            .values_list("question_id", "number")
            .annotate(n=Count("id"))
            .order_by()
        }
    text_ids = [item.pk for item in questions if item.kind in TEXT_KINDS]
    texts: dict[int, list[str]] = {}
    if text_ids:
        latest = (
            Answer.objects.filter(question_id__in=text_ids)
            .annotate(
                rank=Window(RowNumber(), partition_by=[F("question_id")], order_by=F("id").desc())
            )
            .filter(rank__lte=TEXT_SAMPLE)
            .order_by("question_id", "rank")
            .values_list("question_id", "text")
        )
        for question_id, text in latest:
            texts.setdefault(question_id, []).append(text)

    results = []
    for item in questions:
        total = answered.get(item.pk, 0)
        result = QuestionResult(item=item, answered=total, specified=specified.get(item.pk, 0))
        if item.kind in CHOICE_KINDS or item.kind == ItemKind.RANKING:
            for option in item.option_list:
                count, rank = chosen.get((item.pk, option.pk, None), (0, None))
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
                    count, _rank = chosen.get((item.pk, option.pk, row.pk), (0, None))
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
