"""What each app holds about a person, for the archive a person downloads ("download my
data"). Every app that stores something about people declares it in a `personal_data.py`
of its own, discovered at start-up:

    register_section(Section(
        name="comments", label=_("Your comments"),
        columns=(("created_at", _("When you wrote it")), ...),
        rows=lambda user, organization: ...,   # dicts keyed by the columns
    ))

`rows(user, organization)` yields what the person did on this organization's site (their
account, shared by the installation's sites, is in the "account" section); it reads its
rows by chunks, never the whole table. `files(user, organization)`, when given, yields
(name in the archive, open file) for the files the person uploaded.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from palabre.core.registry import Registry


@dataclass(frozen=True)
class Section:
    name: str
    label: Any
    columns: tuple[tuple[str, Any], ...]
    rows: Callable[..., Iterable[dict]]
    files: Callable[..., Iterable[tuple[str, Any]]] | None = None


sections: Registry[Section] = Registry("name")


def register_section(section: Section) -> Section:
    return sections.register(section)
