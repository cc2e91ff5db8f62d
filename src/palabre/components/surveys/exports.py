"""Exports of a surveys component.

- The manifest's exports are public data: the results of the published surveys whose
  results the administrators made public, one row per option (per grid row), per value of a
  scale, per text question (its number of answers).
- A survey's answers, one row per respondent, are exported in the backoffice by its
  administrators (`answer_columns` and `answer_rows`): anonymous surveys show only the
  respondents' pseudonyms.
"""

from collections.abc import Iterator

from palabre.components.surveys.models import Survey
from palabre.core.models import Component
from palabre.core.translations import translated
from palabre.forms.exports import Column, export_columns, response_rows
from palabre.forms.results import form_results
from palabre.forms.selectors import form_load

RESULT_COLUMNS = (
    "survey_id",
    "survey",
    "question_number",
    "question",
    "row",
    "answer",
    "count",
    "percent",
    "average",
)


def public_result_rows(component: Component) -> Iterator[dict]:
    from django.contrib.auth.models import AnonymousUser

    from palabre.core.permissions import can

    # Public data only: nothing of a component a visitor may not see (a private space).
    if not can(AnonymousUser(), "view", component):
        return
    surveys = Survey.objects.filter(
        component=component, published_at__isnull=False, public_results=True
    ).select_related("form")
    for survey in surveys.order_by("pk"):
        results = form_results(form_load(survey.form))
        base = {"survey_id": survey.pk, "survey": translated(survey.title)}
        for question in results.questions:
            item = question.item
            row = {
                **base,
                "question_number": item.number,
                "question": translated(item.body),
                "row": "",
                "answer": "",
                "count": question.answered,
                "percent": "",
                "average": question.average if question.average is not None else "",
            }
            groups = [("", question.shares)] + [(r.label, r.shares) for r in question.rows]
            shown = False
            for label, shares in groups:
                for share in shares:
                    shown = True
                    yield {
                        **row,
                        "row": label,
                        "answer": share.label,
                        "count": share.count,
                        "percent": share.percent,
                        "average": share.average_rank
                        if share.average_rank is not None
                        else row["average"],
                    }
            if not shown:
                yield row


def answer_columns(survey: Survey, loaded) -> list[Column]:
    return export_columns(loaded, with_people=not survey.anonymous)


def answer_rows(survey: Survey, *, base_url: str = "") -> tuple[list[str], Iterator[dict]]:
    """The headers and the rows of a survey's answers, one per respondent."""
    loaded = form_load(survey.form)
    columns = answer_columns(survey, loaded)
    return [column.header for column in columns], response_rows(loaded, columns, base_url=base_url)
