"""A form as the page shows it: each item with what was typed or ticked (when the page comes
back with errors), its errors, and whether it applies now.

Every item is in the page: those whose display conditions do not hold carry the `hidden`
attribute and their conditions (`data-conditions`), which the page's script reads to show
them as soon as the answers make them apply. Without the script, the server shows them when
the page comes back (see `validation.SHOWN_FIELD`).
"""

import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from palabre.attachments.files import ACCEPTED_EXTENSIONS
from palabre.attachments.services import MAX_FILE_BYTES
from palabre.forms.conditions import conditions_data
from palabre.forms.models import ItemKind
from palabre.forms.selectors import LoadedForm
from palabre.forms.validation import (
    SHOWN_FIELD,
    data_value,
    data_values,
    free_text_limit,
    submission_clean,
    text_limit,
)


@dataclass
class RenderedOption:
    option: object
    id: str
    checked: bool = False
    text: str = ""
    rank: str = ""


@dataclass
class RenderedRow:
    row: object
    id: str
    cells: list = field(default_factory=list)


@dataclass
class RenderedItem:
    item: object
    kind: str
    name: str
    visible: bool
    errors: list[str]
    conditions: str = ""
    text: str = ""
    limit: int = 0
    free_text_limit: int = 0
    options: list[RenderedOption] = field(default_factory=list)
    rows: list[RenderedRow] = field(default_factory=list)
    scale: list[tuple[int, bool]] = field(default_factory=list)
    ranks: list[int] = field(default_factory=list)

    @property
    def template(self) -> str:
        return f"forms/items/{self.kind}.html"

    @property
    def described_by(self) -> str:
        ids = []
        if not self.item.is_question:
            return ""
        if self.item.description:
            ids.append(f"{self.name}-help")
        if self.errors:
            ids.append(f"{self.name}-errors")
        return " ".join(ids)


@dataclass
class RenderedForm:
    items: list[RenderedItem]
    shown: str
    shown_field: str = SHOWN_FIELD
    has_files: bool = False
    has_mandatory: bool = False
    file_help: str = ""

    @property
    def error_items(self) -> list[RenderedItem]:
        return [item for item in self.items if item.errors and item.visible]


def _options(item, data) -> list[RenderedOption]:
    chosen = set(data_values(data, item.name))
    return [
        RenderedOption(
            option=option,
            id=f"{item.name}_o{option.pk}",
            checked=str(option.pk) in chosen,
            text=data_value(data, f"{item.name}_o{option.pk}_text") if option.free_text else "",
            rank=data_value(data, f"{item.name}_o{option.pk}")
            if item.kind == ItemKind.RANKING
            else "",
        )
        for option in item.option_list
    ]


def _rows(item, data) -> list[RenderedRow]:
    rows = []
    for row in item.row_list:
        name = f"{item.name}_r{row.pk}"
        chosen = set(data_values(data, name))
        cells = [
            {
                "option": option,
                "id": f"{name}_o{option.pk}",
                "column_id": f"{item.name}_c{option.pk}",
                "checked": str(option.pk) in chosen,
                "name": name,
            }
            for option in item.option_list
        ]
        rows.append(RenderedRow(row=row, id=name, cells=cells))
    return rows


def form_render(
    loaded: LoadedForm,
    *,
    data=None,
    errors: dict[int, list[str]] | None = None,
    visible: set[int] | None = None,
) -> RenderedForm:
    """The items of the form for its template; `visible`: the questions that apply (by
    default, those that apply given `data`)."""
    errors = errors or {}
    if visible is None:
        visible = submission_clean(loaded, data or {}).visible
    items = []
    for item in loaded.items:
        rendered = RenderedItem(
            item=item,
            kind=item.kind,
            name=item.name,
            visible=not item.is_question or item.pk in visible,
            errors=errors.get(item.pk, []),
            conditions=json.dumps(conditions_data(item)) if item.condition_list else "",
        )
        if item.kind in (ItemKind.SHORT_ANSWER, ItemKind.LONG_ANSWER):
            rendered.text = data_value(data, item.name)
            rendered.limit = text_limit(item)
        elif item.kind in (
            ItemKind.SINGLE_CHOICE,
            ItemKind.MULTIPLE_CHOICE,
            ItemKind.RANKING,
        ):
            rendered.options = _options(item, data)
            rendered.free_text_limit = free_text_limit(item)
            rendered.ranks = list(range(1, len(item.option_list) + 1))
        elif item.kind in (ItemKind.GRID_SINGLE, ItemKind.GRID_MULTIPLE):
            rendered.options = _options(item, None)
            rendered.rows = _rows(item, data)
        elif item.kind == ItemKind.SCALE:
            value = data_value(data, item.name)
            rendered.scale = [(n, str(n) == value) for n in range(1, (item.scale_max or 5) + 1)]
        items.append(rendered)
    shown = ",".join(str(pk) for pk in sorted(visible))
    return RenderedForm(
        items=items,
        shown=shown,
        has_files=loaded.has_files,
        has_mandatory=any(item.mandatory for item in loaded.items),
        file_help=_("%(types)s; at most %(size)d MB.")
        % {"types": ", ".join(ACCEPTED_EXTENSIONS).upper(), "size": MAX_FILE_BYTES // 1_000_000},
    )
