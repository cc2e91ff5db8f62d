"""Exports of a form's answers: one row per respondent, one column per question (per row of
a grid), read a thousand respondents at a time so that memory stays flat whatever the
number of answers. Writers (CSV, spreadsheet, JSON) are in `palabre.core.exports`.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from palabre.attachments.models import Attachment
from palabre.core.models import User
from palabre.core.translations import translated
from palabre.forms.models import (
    CHOICE_KINDS,
    GRID_KINDS,
    Answer,
    AnswerChoice,
    ItemKind,
    Response,
)
from palabre.forms.selectors import LoadedForm

CHUNK = 1000


@dataclass(frozen=True)
class Column:
    header: str
    question_id: int | None = None
    row_id: int | None = None


def _label(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def export_columns(loaded: LoadedForm, *, with_people: bool) -> list[Column]:
    """The columns, the respondent's first: their pseudonym (and, when the form keeps who
    answered, the participant), the time and language of the answers."""
    columns = [Column("respondent")]
    if with_people:
        columns += [Column("participant_id"), Column("participant")]
    columns += [Column("submitted_at"), Column("language")]
    seen: set[str] = {column.header for column in columns}
    for item in loaded.questions:
        base = f"{item.number}. {_label(translated(item.body))}"
        if item.kind in GRID_KINDS:
            for row in item.row_list:
                header = f"{base} [{_label(translated(row.body), 40)}]"
                columns.append(Column(_unique(header, seen), item.pk, row.pk))
        else:
            columns.append(Column(_unique(base, seen), item.pk))
    return columns


def _unique(header: str, seen: set[str]) -> str:
    candidate, number = header, 2
    while candidate in seen:
        candidate = f"{header} ({number})"
        number += 1
    seen.add(candidate)
    return candidate


def _display_name(nickname: str, name: str, deleted_at, blocked_at) -> str:
    if deleted_at:
        return str(_("Deleted participant"))
    if blocked_at:
        return str(_("Blocked participant"))
    return name or nickname


def response_rows(
    loaded: LoadedForm, columns: list[Column], *, base_url: str = ""
) -> Iterator[dict]:
    """Every response as a dict keyed by the columns' headers. Files are links to the
    download page (which checks, again, who may read them), made absolute with `base_url`."""
    form = loaded.form
    with_people = any(column.header == "participant" for column in columns)
    options = {
        option.pk: (option.position, translated(option.body))
        for item in loaded.questions
        for option in item.option_list
    }
    by_cell = {(column.question_id, column.row_id): column.header for column in columns}
    kinds = {item.pk: item.kind for item in loaded.questions}
    answer_type = ContentType.objects.get_for_model(Answer)
    last = 0
    while True:
        responses = list(
            Response.objects.filter(form=form, pk__gt=last)
            .order_by("pk")
            .values_list("pk", "respondent", "user_id", "locale", "created_at")[:CHUNK]
        )
        if not responses:
            return
        last = responses[-1][0]
        ids = [row[0] for row in responses]
        answers: dict[int, dict[int, tuple]] = {}
        answer_ids: dict[int, tuple[int, int]] = {}
        for answer_id, response_id, question_id, text, number in Answer.objects.filter(
            response_id__in=ids
        ).values_list("pk", "response_id", "question_id", "text", "number"):
            answers.setdefault(response_id, {})[question_id] = (text, number, [], [])
            answer_ids[answer_id] = (response_id, question_id)
        for answer_id, option_id, row_id, position, custom_text in AnswerChoice.objects.filter(
            answer__response_id__in=ids
        ).values_list("answer_id", "option_id", "row_id", "position", "custom_text"):
            response_id, question_id = answer_ids[answer_id]
            answers[response_id][question_id][2].append((option_id, row_id, position, custom_text))
        for answer_id, attachment_id in Attachment.objects.filter(
            content_type=answer_type,
            object_id__in=Answer.objects.filter(response_id__in=ids).values("pk"),
        ).values_list("object_id", "pk"):
            response_id, question_id = answer_ids[answer_id]
            answers[response_id][question_id][3].append(attachment_id)
        people = {}
        if with_people:
            user_ids = {row[2] for row in responses if row[2]}
            people = {
                pk: (pk, _display_name(nickname, name, deleted_at, blocked_at))
                for pk, nickname, name, deleted_at, blocked_at in User.objects.filter(
                    pk__in=user_ids
                ).values_list("pk", "nickname", "name", "deleted_at", "blocked_at")
            }
        for response_id, respondent, user_id, locale, created_at in responses:
            row = {column.header: "" for column in columns}
            row["respondent"] = respondent[:12]
            if with_people:
                row["participant_id"], row["participant"] = people.get(user_id, ("", ""))
            row["submitted_at"] = created_at.isoformat()
            row["language"] = locale
            for question_id, (text, number, choices, files) in answers.get(response_id, {}).items():
                kind = kinds.get(question_id)
                if kind is None:
                    continue
                if kind in GRID_KINDS:
                    by_row: dict[int, list] = {}
                    for option_id, row_id, _position, _text in choices:
                        by_row.setdefault(row_id, []).append(option_id)
                    for row_id, option_ids in by_row.items():
                        header = by_cell.get((question_id, row_id))
                        if header:
                            row[header] = _options_text(option_ids, options)
                    continue
                header = by_cell[(question_id, None)]
                row[header] = _value(kind, text, number, choices, files, options, base_url)
            yield row


def _options_text(option_ids, options) -> str:
    ordered = sorted(option_ids, key=lambda pk: options.get(pk, (0, ""))[0])
    return "; ".join(options.get(pk, (0, ""))[1] for pk in ordered)


def _value(kind, text, number, choices, files, options, base_url):
    if kind == ItemKind.SCALE:
        return number
    if kind == ItemKind.FILE:
        return " ".join(
            f"{base_url}{reverse('attachments:download', kwargs={'pk': pk})}" for pk in files
        )
    if kind == ItemKind.RANKING:
        ranked = sorted(choices, key=lambda choice: choice[2] or 0)
        return "; ".join(f"{choice[2]}. {options.get(choice[0], (0, ''))[1]}" for choice in ranked)
    if kind in CHOICE_KINDS:
        ordered = sorted(choices, key=lambda choice: options.get(choice[0], (0, ""))[0])
        return "; ".join(
            options.get(option_id, (0, ""))[1] + (f": {custom}" if custom else "")
            for option_id, _row, _position, custom in ordered
        )
    return text
