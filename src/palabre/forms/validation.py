"""Checking a submission against a form: every rule of every question, before anything is
written, with messages to show next to each question.

The inputs are named after the question (`q<id>`): its text, its option or options, its
value on the scale, its file; `q<id>_r<row id>` for a grid's row, `q<id>_o<option id>` for
the rank of an option, `q<id>_o<option id>_text` for the text that specifies an option.
Questions are read in their order: a question whose display conditions do not hold (given
the answers read so far) is hidden; it is never required and whatever was sent for it is
left out. The page says which questions it showed (`SHOWN_FIELD`): when the answers make
questions apply that were not shown, nothing is saved and the page comes back with them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.attachments.services import CheckedUpload, Upload, uploads_clean
from palabre.core.translations import translated
from palabre.core.validation import FieldErrors
from palabre.forms.conditions import item_visible
from palabre.forms.models import ItemKind
from palabre.forms.selectors import LoadedForm

SHOWN_FIELD = "form_shown"
# Limits of texts when the question sets none: one line, several paragraphs, a precision.
SHORT_ANSWER_MAX = 1000
LONG_ANSWER_MAX = 10_000
FREE_TEXT_MAX = 1000
SCALE_MAX = 10


@dataclass
class ChoiceValue:
    option_id: int
    row_id: int | None = None
    position: int | None = None
    custom_text: str = ""


@dataclass
class AnswerValue:
    text: str = ""
    number: int | None = None
    choices: list[ChoiceValue] = field(default_factory=list)
    upload: CheckedUpload | None = None

    @property
    def option_ids(self) -> set[int]:
        return {choice.option_id for choice in self.choices}

    @property
    def texts(self) -> list[str]:
        return [t for t in (self.text, *(c.custom_text for c in self.choices)) if t]


@dataclass
class Submission:
    values: dict[int, AnswerValue] = field(default_factory=dict)
    errors: dict[int, list[str]] = field(default_factory=dict)
    # Questions that apply given the answers, and those among them the page did not show.
    visible: set[int] = field(default_factory=set)
    newly_visible: set[int] = field(default_factory=set)

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.newly_visible


def text_limit(item) -> int:
    default = LONG_ANSWER_MAX if item.kind == ItemKind.LONG_ANSWER else SHORT_ANSWER_MAX
    return item.max_characters or default


def free_text_limit(item) -> int:
    return min(item.max_characters or FREE_TEXT_MAX, FREE_TEXT_MAX)


def parse_shown(value) -> set[int] | None:
    """The questions a page showed, from its hidden field (None: not said, no check)."""
    if value is None:
        return None
    return {int(part) for part in str(value).split(",") if part.strip().isdigit()}


def data_values(data, name: str) -> list[str]:
    if data is None:
        return []
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


def data_value(data, name: str) -> str:
    values = data_values(data, name)
    return values[-1] if values else ""


def _text(value: str) -> str:
    # Browsers send line breaks as CR LF and count them as one character.
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _too_long(limit: int, length: int) -> str:
    return ngettext(
        "At most %(max)d character (%(length)d now).",
        "At most %(max)d characters (%(length)d now).",
        limit,
    ) % {"max": limit, "length": length}


def _not_an_option() -> str:
    return _("This choice is not one of the proposed answers.")


def _option_id(value: str, options: dict) -> int | None:
    return int(value) if value.isdigit() and int(value) in options else None


def _custom_text(item, option, data, errors: list[str]) -> str:
    if not option.free_text:
        return ""
    text = _text(data_value(data, f"{item.name}_o{option.pk}_text"))
    limit = free_text_limit(item)
    if len(text) > limit:
        errors.append(_too_long(limit, len(text)))
    return text


def _clean_text(item, data, errors) -> AnswerValue | None:
    text = _text(data_value(data, item.name))
    if not text:
        return None
    limit = text_limit(item)
    if len(text) > limit:
        errors.append(_too_long(limit, len(text)))
    return AnswerValue(text=text)


def _clean_single(item, data, errors) -> AnswerValue | None:
    values = [v for v in data_values(data, item.name) if v]
    if not values:
        return None
    if len(set(values)) > 1:
        errors.append(_("Choose only one answer."))
        return None
    options = {option.pk: option for option in item.option_list}
    option_id = _option_id(values[0], options)
    if option_id is None:
        errors.append(_not_an_option())
        return None
    custom = _custom_text(item, options[option_id], data, errors)
    return AnswerValue(choices=[ChoiceValue(option_id, custom_text=custom)])


def _clean_multiple(item, data, errors) -> AnswerValue | None:
    values = list(dict.fromkeys(v for v in data_values(data, item.name) if v))
    if not values:
        return None
    options = {option.pk: option for option in item.option_list}
    ids = [_option_id(value, options) for value in values]
    if None in ids:
        errors.append(_not_an_option())
        return None
    if item.max_choices and len(ids) > item.max_choices:
        errors.append(
            ngettext(
                "Choose at most %(max)d answer.",
                "Choose at most %(max)d answers.",
                item.max_choices,
            )
            % {"max": item.max_choices}
        )
    chosen = set(ids)
    # The options in their order, whatever order the browser sent them in.
    choices = [
        ChoiceValue(option.pk, custom_text=_custom_text(item, option, data, errors))
        for option in item.option_list
        if option.pk in chosen
    ]
    return AnswerValue(choices=choices)


def _clean_ranking(item, data, errors) -> AnswerValue | None:
    options = item.option_list
    count = len(options)
    ranks = {option.pk: data_value(data, f"{item.name}_o{option.pk}").strip() for option in options}
    given = {pk: value for pk, value in ranks.items() if value}
    if not given:
        return None
    if len(given) < count:
        errors.append(_("Rank every option."))
        return None
    numbers = {pk: int(value) for pk, value in given.items() if value.isdigit()}
    if len(numbers) < count or sorted(numbers.values()) != list(range(1, count + 1)):
        errors.append(
            _("Give each option a different rank, from 1 to %(count)d.") % {"count": count}
        )
        return None
    choices = sorted(
        (ChoiceValue(pk, position=rank) for pk, rank in numbers.items()),
        key=lambda choice: choice.position,
    )
    return AnswerValue(choices=choices)


def _clean_grid(item, data, errors) -> AnswerValue | None:
    options = {option.pk: option for option in item.option_list}
    several = item.kind == ItemKind.GRID_MULTIPLE
    choices: list[ChoiceValue] = []
    missing = []
    for row in item.row_list:
        values = list(dict.fromkeys(v for v in data_values(data, f"{item.name}_r{row.pk}") if v))
        if not values:
            missing.append(translated(row.body))
            continue
        ids = [_option_id(value, options) for value in values]
        if None in ids:
            errors.append(_not_an_option())
            return None
        if not several and len(ids) > 1:
            errors.append(
                _("Choose only one answer in the row “%(row)s”.") % {"row": translated(row.body)}
            )
            return None
        if several and item.max_choices and len(ids) > item.max_choices:
            errors.append(
                ngettext(
                    "Choose at most %(max)d answer in the row “%(row)s”.",
                    "Choose at most %(max)d answers in the row “%(row)s”.",
                    item.max_choices,
                )
                % {"max": item.max_choices, "row": translated(row.body)}
            )
        chosen = set(ids)
        choices += [ChoiceValue(pk, row_id=row.pk) for pk in options if pk in chosen]
    if not choices:
        return None
    if item.mandatory and missing:
        errors.append(_("Answer every row (missing: %(rows)s).") % {"rows": ", ".join(missing)})
    return AnswerValue(choices=choices)


def _clean_scale(item, data, errors) -> AnswerValue | None:
    value = data_value(data, item.name).strip()
    if not value:
        return None
    highest = item.scale_max or SCALE_MAX
    if not value.isdigit() or not 1 <= int(value) <= highest:
        errors.append(_("Choose a value from 1 to %(max)d.") % {"max": highest})
        return None
    return AnswerValue(number=int(value))


def _clean_file(item, files, errors) -> AnswerValue | None:
    upload = files.get(item.name) if files is not None else None
    if not upload:
        return None
    found = FieldErrors()
    checked = uploads_clean([Upload(file=upload, field=item.name)], existing=0, errors=found)
    for messages in found.errors.values():
        errors.extend(messages)
    if not checked:
        return None
    return AnswerValue(text=checked[0].filename, upload=checked[0])


CLEANERS = {
    ItemKind.SHORT_ANSWER: _clean_text,
    ItemKind.LONG_ANSWER: _clean_text,
    ItemKind.SINGLE_CHOICE: _clean_single,
    ItemKind.MULTIPLE_CHOICE: _clean_multiple,
    ItemKind.RANKING: _clean_ranking,
    ItemKind.GRID_SINGLE: _clean_grid,
    ItemKind.GRID_MULTIPLE: _clean_grid,
    ItemKind.SCALE: _clean_scale,
}


def _mandatory_message(item) -> str:
    if item.kind == ItemKind.RANKING:
        return _("Rank every option.")
    if item.kind in (ItemKind.GRID_SINGLE, ItemKind.GRID_MULTIPLE):
        return _("Answer every row.")
    if item.kind == ItemKind.FILE:
        return _("Choose a file.")
    return _("This question is mandatory.")


def submission_clean(
    loaded: LoadedForm, data, files=None, *, shown: Iterable[int] | None = None
) -> Submission:
    """Check every answer of a submission; nothing is written.

    `data` holds the inputs (a QueryDict or a dict of strings or lists), `files` the
    uploaded files, `shown` the questions the page showed (None: no check of newly
    applying questions, for callers that send every answer at once).
    """
    submission = Submission()
    for item in loaded.items:
        if not item.is_question or not item_visible(item, submission.values):
            continue
        submission.visible.add(item.pk)
        errors: list[str] = []
        if item.kind == ItemKind.FILE:
            value = _clean_file(item, files, errors)
        else:
            value = CLEANERS[item.kind](item, data, errors)
        if errors:
            submission.errors[item.pk] = errors
        elif value is not None:
            submission.values[item.pk] = value
        elif item.mandatory:
            submission.errors[item.pk] = [_mandatory_message(item)]
    if shown is not None:
        submission.newly_visible = submission.visible - set(shown)
    return submission
