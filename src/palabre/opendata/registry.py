"""The files of the open data archive of an organization. Every app that publishes
something declares its files in an `open_data.py` of its own, discovered at start-up:

    register_file(OpenDataFile(
        name="proposals", label=_("Proposals"), description=_("…"),
        columns=(("id", _("The proposal's number")), ...),
        rows=lambda organization: ...,   # dicts keyed by the columns
        resources=lambda organization: ...,   # optional: the public rows, a queryset
    ))

`rows(organization)` yields PUBLIC data only — published, in published components of
published spaces that are not private (transparent ones included: they are left out too),
not hidden by moderation, not withdrawn — and no personal data beyond the public name shown
on the site; it reads by chunks (`selectors.chunked`), never the whole table at once.
`resources(organization)`, when given, is the queryset of the public rows people can
comment on: the comments file keeps only comments on those.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from palabre.core.registry import Registry


@dataclass(frozen=True)
class OpenDataFile:
    name: str
    label: Any
    description: Any
    columns: tuple[tuple[str, Any], ...]
    rows: Callable[..., Iterable[dict]]
    resources: Callable[..., Any] | None = None
    position: int = 100


files: Registry[OpenDataFile] = Registry("name")


def register_file(file: OpenDataFile) -> OpenDataFile:
    return files.register(file)


def ordered_files() -> list[OpenDataFile]:
    return sorted(files.all(), key=lambda f: (f.position, f.name))
