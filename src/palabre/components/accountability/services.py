"""Writes of the accountability component: results and their tree, statuses, timeline
entries, the import of a budget's selected projects and the CSV import.

Tree rules, kept here and nowhere else:
- a result's parent is a result of the same component, and the tree is at most
  `MAX_DEPTH` levels deep;
- a result with sub-results never has its progress set by hand: it is the average of its
  children's progress (weighted by their `weight` when the component says so), recomputed
  up the tree in the transaction that changes a child.

Recomputations lock the ancestors, root first, so that two admins changing two siblings
at once queue up at the parent and the second one averages what the first one wrote.
"""

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from palabre.components.accountability.component import PROGRESS_EVENT
from palabre.components.accountability.models import (
    MAX_DEPTH,
    Result,
    ResultOrigin,
    Status,
    TimelineEntry,
)
from palabre.core.action_log import changed_fields
from palabre.core.models import Component, User
from palabre.core.permissions import require
from palabre.core.resources import resource_ref
from palabre.core.services import CsvImportError, log_action
from palabre.core.settings_schema import global_settings
from palabre.core.translations import clean_translations
from palabre.core.validation import FieldErrors
from palabre.notifications.services import notify_followers

TENTH = Decimal("0.1")
RESULT_FIELDS = (
    "title", "description", "category", "start_date", "end_date", "status", "progress",
    "weight", "address", "latitude", "longitude", "external_id", "parent",
)  # fmt: skip
MAX_RESULT_CSV_BYTES = 2 * 1024 * 1024
CSV_COLUMNS = (
    "external_id", "parent_external_id", "title_fr", "title_en", "description_fr",
    "description_en", "category_fr", "category_en", "status_key", "progress", "start_date",
    "end_date", "weight", "latitude", "longitude",
)  # fmt: skip


# Validation -------------------------------------------------------------------------
def _decimal(value, *, places: int, low=None, high=None, message) -> Decimal | None:
    """A number from a form, a script or a CSV cell (comma decimals accepted); None if empty."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as error:
        raise ValidationError(message) from error
    if not number.is_finite():
        raise ValidationError(message)
    if (low is not None and number < low) or (high is not None and number > high):
        raise ValidationError(message)
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def clean_progress(value) -> Decimal | None:
    return _decimal(
        value, places=1, low=0, high=100,
        message=_("The progress must be a number between 0 and 100."),
    )  # fmt: skip


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from error


def _clean_result_fields(component: Component, fields: dict, *, errors: FieldErrors) -> dict:
    """Validate the given fields one by one; rules across fields are checked by the caller."""
    unknown = set(fields) - set(RESULT_FIELDS)
    if unknown:
        raise ValueError(f"Not a result field: {sorted(unknown)}")
    organization = component.space.organization
    cleaned: dict[str, Any] = {}
    if "title" in fields:
        with errors.collect("title"):
            cleaned["title"] = clean_translations(
                fields["title"], languages=organization.locales,
                required_language=organization.default_locale, max_length=300,
                field_label=_("Title"),
            )  # fmt: skip
    if "description" in fields:
        with errors.collect("description"):
            cleaned["description"] = clean_translations(
                fields["description"], languages=organization.locales, rich=True,
                field_label=_("Description"),
            )  # fmt: skip
    if "category" in fields:
        # Plain text (a file's column) is the category in the default language.
        with errors.collect("category"):
            cleaned["category"] = clean_translations(
                fields["category"] or {}, languages=organization.locales, max_length=200,
                field_label=_("Category"),
            )  # fmt: skip
    for key, limit in (("address", 300), ("external_id", 64)):
        if key in fields:
            text = str(fields[key] or "").strip()
            if len(text) > limit:
                errors.add(key, _("At most %(max)d characters.") % {"max": limit})
            cleaned[key] = text
    for key in ("start_date", "end_date"):
        if key in fields:
            with errors.collect(key):
                cleaned[key] = _date(fields[key])
    if "progress" in fields:
        with errors.collect("progress"):
            cleaned["progress"] = clean_progress(fields["progress"])
    if "weight" in fields:
        with errors.collect("weight"):
            weight = _decimal(
                fields["weight"], places=2, low=0, high=Decimal("999999.99"),
                message=_("The weight must be a positive number."),
            )  # fmt: skip
            cleaned["weight"] = Decimal(1) if weight is None else weight
    for key, bound in (("latitude", 90), ("longitude", 180)):
        if key in fields:
            with errors.collect(key):
                cleaned[key] = _decimal(
                    fields[key], places=6, low=-bound, high=bound,
                    message=_("Enter a number between -%(bound)s and %(bound)s.")
                    % {"bound": bound},
                )  # fmt: skip
    if "status" in fields:
        status = fields["status"]
        if status is not None and status.component_id != component.pk:
            errors.add("status", _("Choose a status of this component."))
        cleaned["status"] = status
    if "parent" in fields:
        parent = fields["parent"]
        if parent is not None and parent.component_id != component.pk:
            errors.add("parent", _("The parent must be a result of this component."))
        cleaned["parent"] = parent
    return cleaned


def _subtree(component: Component, result_id: int) -> tuple[set[int], int]:
    """The ids below `result_id` and how many levels they add under it (0: a leaf)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Result.objects.filter(component=component).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    below: set[int] = set()
    height = 0
    level = children.get(result_id, [])
    while level:
        height += 1
        below.update(level)
        level = [child for pk in level for child in children.get(pk, [])]
    return below, height


def _check_result(
    component: Component, result: Result | None, values: dict, *, errors: FieldErrors,
    has_children: bool,
) -> None:  # fmt: skip
    """Rules across fields and the tree, on the values the result would have."""
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors.add("end_date", _("The end date is before the start date."))
    external_id = values.get("external_id")
    if external_id:
        taken = Result.objects.filter(component=component, external_id=external_id)
        if result is not None:
            taken = taken.exclude(pk=result.pk)
        if taken.exists():
            errors.add("external_id", _("Another result already has this external identifier."))
    parent = values.get("parent")
    if parent is not None and parent.component_id == component.pk:
        below, height = (set(), 0) if result is None else _subtree(component, result.pk)
        if result is not None and (parent.pk == result.pk or parent.pk in below):
            errors.add("parent", _("A result cannot be placed under itself."))
        elif parent.depth + 1 + height > MAX_DEPTH:
            errors.add(
                "parent",
                _("Results are at most %(max)d levels deep: choose a higher parent.")
                % {"max": MAX_DEPTH},
            )
    if has_children and values.get("progress_given"):
        errors.add(
            "progress",
            _("This result has sub-results: its progress is computed from theirs."),
        )


# Progress ---------------------------------------------------------------------------
def average_progress(children: Iterable[tuple[Decimal, Decimal]], *, weighted: bool) -> Decimal:
    """The progress of a parent from its children's (progress, weight) pairs.

    Weighted, each child counts as much as its weight; without weights, or when they all
    are zero, each counts the same.
    """
    pairs = list(children)
    if not pairs:
        return Decimal(0)
    total_weight = sum((weight for _progress, weight in pairs), Decimal(0))
    if weighted and total_weight > 0:
        value = sum((progress * weight for progress, weight in pairs), Decimal(0)) / total_weight
    else:
        value = sum((progress for progress, _weight in pairs), Decimal(0)) / len(pairs)
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _ancestor_ids(component: Component, result_ids: Iterable[int]) -> list[int]:
    parents = dict(Result.objects.filter(component=component).values_list("pk", "parent_id"))
    found: set[int] = set()
    for pk in result_ids:
        while pk is not None and pk not in found and pk in parents:
            found.add(pk)
            pk = parents[pk]
    return list(found)


def _recompute(component: Component, result_ids: Iterable[int]) -> list[tuple[Result, Decimal]]:
    """Recompute the progress of these results and of all their ancestors, deepest first.

    Returns the results whose progress changed, with their former progress. Results
    without children keep theirs: it was set by hand.
    """
    ids = _ancestor_ids(component, [pk for pk in result_ids if pk is not None])
    if not ids:
        return []
    weighted = global_settings(component).weighted_progress
    # Root first, the order every writer follows, so that two recomputations never wait
    # for each other in a circle.
    nodes = list(Result.objects.select_for_update().filter(pk__in=ids).order_by("depth", "pk"))
    changed = []
    for node in reversed(nodes):
        pairs = list(Result.objects.filter(parent=node).values_list("progress", "weight"))
        if not pairs:
            continue
        progress = average_progress(pairs, weighted=weighted)
        if progress != node.progress:
            changed.append((node, node.progress))
            node.progress = progress
            Result.objects.filter(pk=node.pk).update(progress=progress)
    return changed


def _notify_progress(actor: User | None, changes: list[tuple[Result, Decimal]]) -> None:
    """Tell the followers of each result whose progress changed (parents included: their
    followers care about the project as a whole)."""
    for result, _former in changes:
        notify_followers(
            event=PROGRESS_EVENT,
            target=result,
            actor=actor,
            data={"progress": str(Decimal(result.progress).quantize(TENTH))},
        )


def _log(actor: User, action: str, resource, component: Component, data=None) -> None:
    log_action(actor=actor, action=action, resource=resource, space=component.space, data=data)


# Results ----------------------------------------------------------------------------
def result_create(*, actor: User, component: Component, **fields: Any) -> Result:
    """Add a result (under `parent` when given); its status gives its progress unless
    one is given. The parent's progress, and its ancestors', follow."""
    require(actor, "admin", component)
    errors = FieldErrors()
    cleaned = _clean_result_fields(component, fields, errors=errors)
    if "title" not in cleaned and not errors:
        errors.add("title", _("The title is required."))
    _check_result(component, None, cleaned, errors=errors, has_children=False)
    errors.raise_if_any()
    if cleaned.get("progress") is None:
        status = cleaned.get("status")
        cleaned["progress"] = (
            status.progress if status is not None and status.progress is not None else Decimal(0)
        )
    parent = cleaned.get("parent")
    with transaction.atomic():
        if parent is not None:
            # Locks the ancestors (root first) before the new child changes their average.
            _ancestor_locks(component, parent.pk)
            parent = Result.objects.get(pk=parent.pk)
            if parent.depth + 1 > MAX_DEPTH:
                raise ValidationError({"parent": _("Results are at most 3 levels deep.")})
            cleaned["parent"] = parent
        siblings = Result.objects.filter(component=component, parent=parent)
        last = siblings.aggregate(m=Max("position"))["m"]
        result = Result.objects.create(
            component=component,
            depth=1 if parent is None else parent.depth + 1,
            position=0 if last is None else last + 1,
            **cleaned,
        )
        changes = _recompute(component, [result.parent_id])
        _log(actor, "create", result, component)
        _notify_progress(actor, changes)
    return result


def _ancestor_locks(component: Component, result_id: int) -> None:
    ids = _ancestor_ids(component, [result_id])
    list(Result.objects.select_for_update().filter(pk__in=ids).order_by("depth", "pk"))


def result_update(*, actor: User, result: Result, **fields: Any) -> Result:
    """Change a result. Giving a progress to a result with sub-results is refused; choosing
    a new status without a progress gives the status's default progress."""
    component = result.component
    require(actor, "admin", component)
    errors = FieldErrors()
    cleaned = _clean_result_fields(component, fields, errors=errors)
    has_children = Result.objects.filter(parent=result).exists()
    values = {field: getattr(result, field) for field in RESULT_FIELDS}
    values.update(cleaned)
    values["progress_given"] = cleaned.get("progress") is not None and (
        cleaned["progress"] != result.progress
    )
    _check_result(component, result, values, errors=errors, has_children=has_children)
    errors.raise_if_any()
    status = cleaned.get("status", result.status)
    if "progress" in cleaned and cleaned["progress"] is None:
        del cleaned["progress"]
    if (
        "progress" not in cleaned
        and "status" in cleaned
        and status is not None
        and status.pk != result.status_id
        and status.progress is not None
        and not has_children
    ):
        cleaned["progress"] = status.progress
    if has_children:
        cleaned.pop("progress", None)
    with transaction.atomic():
        former_parent_id = result.parent_id
        new_parent = cleaned.get("parent", result.parent)
        for pk in {former_parent_id, new_parent.pk if new_parent else None} - {None}:
            _ancestor_locks(component, pk)
        result = Result.objects.select_for_update().get(pk=result.pk)
        former_progress = result.progress
        changed = changed_fields(result, cleaned)
        for key, value in cleaned.items():
            setattr(result, key, value)
        if "parent" in cleaned:
            new_depth = 1 if new_parent is None else new_parent.depth + 1
            if new_depth != result.depth:
                _shift_depths(component, result, new_depth - result.depth)
                result.depth = new_depth
        result.save()
        changes = _recompute(component, [former_parent_id, result.parent_id])
        if result.progress != former_progress:
            changes.insert(0, (result, former_progress))
        _log(actor, "update", result, component, data={"fields": changed})
        _notify_progress(actor, changes)
    return result


def _shift_depths(component: Component, result: Result, delta: int) -> None:
    below, _height = _subtree(component, result.pk)
    for pk, depth in Result.objects.filter(pk__in=below).values_list("pk", "depth"):
        Result.objects.filter(pk=pk).update(depth=depth + delta)


def result_delete(*, actor: User, result: Result) -> None:
    """Remove a result with its sub-results and timeline; the parent's progress follows."""
    component = result.component
    require(actor, "admin", component)
    with transaction.atomic():
        if result.parent_id:
            _ancestor_locks(component, result.parent_id)
        parent_id = result.parent_id
        _log(actor, "delete", result, component)
        result.delete()
        changes = _recompute(component, [parent_id])
        _notify_progress(actor, changes)


# Statuses ---------------------------------------------------------------------------
def _clean_status(component: Component, status: Status | None, *, key, name, progress) -> dict:
    errors = FieldErrors()
    organization = component.space.organization
    cleaned: dict[str, Any] = {"key": str(key or "").strip().lower()}
    if not cleaned["key"]:
        errors.add("key", _("The key is required."))
    elif not all(ch.isalnum() or ch in "-_" for ch in cleaned["key"]) or len(cleaned["key"]) > 50:
        errors.add("key", _("Use at most 50 letters, digits, - or _."))
    else:
        taken = Status.objects.filter(component=component, key=cleaned["key"])
        if status is not None:
            taken = taken.exclude(pk=status.pk)
        if taken.exists():
            errors.add("key", _("Another status already has this key."))
    with errors.collect("name"):
        cleaned["name"] = clean_translations(
            name, languages=organization.locales, required_language=organization.default_locale,
            max_length=100, field_label=_("Name"),
        )  # fmt: skip
    with errors.collect("progress"):
        cleaned["progress"] = clean_progress(progress)
    errors.raise_if_any()
    return cleaned


def status_create(
    *, actor: User, component: Component, key: str, name, progress=None, position=None
) -> Status:
    require(actor, "admin", component)
    cleaned = _clean_status(component, None, key=key, name=name, progress=progress)
    with transaction.atomic():
        if position is None:
            last = Status.objects.filter(component=component).aggregate(m=Max("position"))["m"]
            position = 0 if last is None else last + 1
        status = Status.objects.create(component=component, position=position, **cleaned)
        _log(actor, "create", status, component)
    return status


def status_update(*, actor: User, status: Status, key: str, name, progress=None) -> Status:
    """Change a status; results keep their progress (the default serves new choices only)."""
    component = status.component
    require(actor, "admin", component)
    cleaned = _clean_status(component, status, key=key, name=name, progress=progress)
    with transaction.atomic():
        changed = changed_fields(status, cleaned)
        for field, value in cleaned.items():
            setattr(status, field, value)
        status.save()
        _log(actor, "update", status, component, data={"fields": changed})
    return status


def status_delete(*, actor: User, status: Status) -> None:
    """Remove a status; its results keep their progress and have no status any more."""
    component = status.component
    require(actor, "admin", component)
    with transaction.atomic():
        _log(actor, "delete", status, component)
        status.delete()


# Timeline ---------------------------------------------------------------------------
def _clean_entry(component: Component, *, date, title, text) -> dict:
    errors = FieldErrors()
    organization = component.space.organization
    cleaned: dict[str, Any] = {}
    with errors.collect("date"):
        cleaned["date"] = _date(date)
        if cleaned["date"] is None:
            raise ValidationError(_("The date is required."))
    with errors.collect("title"):
        cleaned["title"] = clean_translations(
            title, languages=organization.locales, required_language=organization.default_locale,
            max_length=200, field_label=_("Title"),
        )  # fmt: skip
    with errors.collect("text"):
        cleaned["text"] = clean_translations(
            text, languages=organization.locales, rich=True, field_label=_("Text")
        )
    errors.raise_if_any()
    return cleaned


def timeline_entry_create(*, actor: User, result: Result, date, title, text=None) -> TimelineEntry:
    component = result.component
    require(actor, "admin", component)
    cleaned = _clean_entry(component, date=date, title=title, text=text)
    with transaction.atomic():
        entry = TimelineEntry.objects.create(result=result, **cleaned)
        _log(actor, "create", entry, component, data={"result": result.pk})
    return entry


def timeline_entry_update(
    *, actor: User, entry: TimelineEntry, date, title, text=None
) -> TimelineEntry:
    component = entry.result.component
    require(actor, "admin", component)
    cleaned = _clean_entry(component, date=date, title=title, text=text)
    with transaction.atomic():
        for field, value in cleaned.items():
            setattr(entry, field, value)
        entry.save()
        _log(actor, "update", entry, component, data={"result": entry.result_id})
    return entry


def timeline_entry_delete(*, actor: User, entry: TimelineEntry) -> None:
    component = entry.result.component
    require(actor, "admin", component)
    with transaction.atomic():
        _log(actor, "delete", entry, component, data={"result": entry.result_id})
        entry.delete()


# Import from a budget ---------------------------------------------------------------
def results_import_from_budget(*, actor: User, component: Component, budget) -> int:
    """One result per selected project of `budget`, linked to its project; returns how many
    were created. Projects already imported into this component are skipped, so running it
    again after more projects were selected adds only those."""
    require(actor, "admin", component)
    budget_component = budget.component
    if (
        budget_component.space_id != component.space_id
        or budget_component.manifest_name != "budgets"
    ):
        raise ValidationError(_("Choose a budget of this space."))
    projects = list(budget.projects.filter(selected=True).order_by("position", "pk"))
    if not projects:
        raise ValidationError(_("This budget has no selected project yet."))
    project_type = ContentType.objects.get_for_model(projects[0])
    first_status = Status.objects.filter(component=component).order_by("position", "pk").first()
    with transaction.atomic():
        # Two imports at once would both see the projects as new: the component row makes
        # them run one after the other.
        Component.objects.select_for_update().get(pk=component.pk)
        imported = set(
            ResultOrigin.objects.filter(
                result__component=component,
                content_type=project_type,
                object_id__in=[project.pk for project in projects],
            ).values_list("object_id", flat=True)
        )
        last = Result.objects.filter(component=component, parent=None).aggregate(m=Max("position"))[
            "m"
        ]
        position = 0 if last is None else last + 1
        created = 0
        for project in projects:
            if project.pk in imported:
                continue
            result = Result.objects.create(
                component=component,
                title=project.title,
                description=project.description,
                category=project.category,
                address=project.address,
                latitude=project.latitude,
                longitude=project.longitude,
                status=first_status,
                progress=(first_status.progress if first_status else None) or Decimal(0),
                position=position,
            )
            ResultOrigin.objects.create(
                result=result, content_type=project_type, object_id=project.pk
            )
            position += 1
            created += 1
        _log(
            actor, "import_budget", budget, component,
            data={"budget": budget.pk, "created": created},
        )  # fmt: skip
    return created


def result_origin_add(*, actor: User, result: Result, target) -> ResultOrigin:
    """Link a result to a resource it comes from (a proposal, a budget project…)."""
    component = result.component
    require(actor, "admin", component)
    target_component = getattr(target, "component", None)
    if target_component is None or target_component.space.organization_id != (
        component.space.organization_id
    ):
        raise ValidationError(_("Choose something of this organization."))
    ref = resource_ref(target)
    with transaction.atomic():
        origin, _created = ResultOrigin.objects.get_or_create(
            result=result, content_type_id=ref.content_type_id, object_id=ref.object_id
        )
        _log(actor, "link_origin", result, component, data={"origin": ref.as_string()})
    return origin


# CSV import -------------------------------------------------------------------------
def _read_csv(data: bytes) -> csv.DictReader:
    if len(data) > MAX_RESULT_CSV_BYTES:
        raise ValidationError(_("The file is too large (at most 2 MB)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    reader.fieldnames = [name.strip().lower() for name in (reader.fieldnames or [])]
    return reader


def results_import_csv(*, actor: User, component: Component, data: bytes) -> dict[str, int]:
    """Create or update results from a CSV file; returns `{"created": n, "updated": m}`.

    A line updates the result named by its `id` or `external_id` when there is one, and
    creates a result otherwise. `parent_external_id` places a result under another, named
    in the file or already there. On an update, empty cells keep the current values.
    All or nothing: if any line is wrong nothing changes, and every wrong line is reported
    with its number.
    """
    require(actor, "admin", component)
    organization = component.space.organization
    reader = _read_csv(data)
    title_column = f"title_{organization.default_locale}"
    if (
        "id" not in reader.fieldnames
        and "external_id" not in reader.fieldnames
        and (title_column not in reader.fieldnames)
    ):
        raise ValidationError(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": title_column}
        )
    existing = {result.pk: result for result in Result.objects.filter(component=component)}
    by_external = {r.external_id: r for r in existing.values() if r.external_id}
    statuses = {status.key: status for status in Status.objects.filter(component=component)}
    errors: list[tuple[int, str]] = []
    # One entry a line: (line, key, fields, parent external id or None when unchanged).
    lines: list[tuple[int, Any, dict, str | None]] = []
    seen: dict[Any, int] = {}
    for row in reader:
        line = reader.line_num
        row = {key: (value or "").strip() for key, value in row.items() if key}
        line_errors = FieldErrors()
        target = None
        if row.get("id"):
            target = existing.get(int(row["id"])) if row["id"].isdigit() else None
            if target is None:
                line_errors.add(
                    "id", _("no result of this component has the id %(id)s.") % {"id": row["id"]}
                )
        elif row.get("external_id"):
            target = by_external.get(row["external_id"])
        key = target.pk if target else ("new", row.get("external_id") or line)
        if key in seen:
            line_errors.add(
                "id", _("this result is already on line %(line)d.") % {"line": seen[key]}
            )
        seen[key] = line
        raw: dict[str, Any] = {}
        titles = {code: row.get(f"title_{code}", "") for code in organization.locales}
        descriptions = {code: row.get(f"description_{code}", "") for code in organization.locales}
        if target is None or any(titles.values()):
            raw["title"] = {
                **(target.title if target else {}),
                **{code: text for code, text in titles.items() if text},
            }
        if any(descriptions.values()):
            raw["description"] = {
                **(target.description if target else {}),
                **{code: text for code, text in descriptions.items() if text},
            }
        categories = {code: row.get(f"category_{code}", "") for code in organization.locales}
        if row.get("category") and not categories[organization.default_locale]:
            categories[organization.default_locale] = row["category"]
        if any(categories.values()):
            raw["category"] = {
                **(target.category if target else {}),
                **{code: text for code, text in categories.items() if text},
            }
        for column in (
            "start_date",
            "end_date",
            "weight",
            "latitude",
            "longitude",
            "progress",
        ):
            if row.get(column):
                raw[column] = row[column]
        if row.get("external_id"):
            raw["external_id"] = row["external_id"]
        if row.get("status_key"):
            status = statuses.get(row["status_key"])
            if status is None:
                line_errors.add(
                    "status", _("unknown status “%(key)s”.") % {"key": row["status_key"]}
                )
            else:
                raw["status"] = status
        cleaned = _clean_result_fields(component, raw, errors=line_errors)
        merged = {field: getattr(target, field) for field in RESULT_FIELDS} if target else {}
        merged.update(cleaned)
        start, end = merged.get("start_date"), merged.get("end_date")
        if start and end and end < start:
            line_errors.add("end_date", _("the end date is before the start date."))
        for messages in line_errors.errors.values():
            errors.extend((line, message) for message in messages)
        parent_ref = row.get("parent_external_id") if "parent_external_id" in row else None
        lines.append((line, target, cleaned, parent_ref))
    if not lines and not errors:
        errors.append((1, _("the file lists no result.")))
    if not errors:
        errors.extend(_csv_tree_errors(existing, lines))
    if errors:
        raise CsvImportError(sorted(errors, key=lambda item: item[0]))
    return _csv_write(actor, component, existing, lines)


def _csv_tree_errors(existing: dict[int, Result], lines: list) -> list[tuple[int, str]]:
    """Check the tree the file would make: known parents, no loop, at most 3 levels, and
    no progress typed for a result that has sub-results."""
    errors: list[tuple[int, str]] = []
    # Nodes: existing ids, and ("new", line) for created lines.
    parent_of: dict[Any, Any] = {pk: r.parent_id for pk, r in existing.items()}
    node_of_external: dict[str, Any] = {
        r.external_id: pk for pk, r in existing.items() if r.external_id
    }
    node_of_line: dict[int, Any] = {}
    for line, target, cleaned, _parent_ref in lines:
        node = target.pk if target else ("new", line)
        node_of_line[line] = node
        parent_of.setdefault(node, None)
        if cleaned.get("external_id"):
            node_of_external[cleaned["external_id"]] = node
    for line, _target, _cleaned, parent_ref in lines:
        if parent_ref is None:
            continue
        if parent_ref == "":
            parent_of[node_of_line[line]] = None
        elif parent_ref not in node_of_external:
            errors.append(
                (line, _("no result has the external identifier “%(id)s”.") % {"id": parent_ref})
            )
        else:
            parent_of[node_of_line[line]] = node_of_external[parent_ref]
    if errors:
        return errors
    has_children = {parent for parent in parent_of.values() if parent is not None}
    for line, _target, cleaned, _parent_ref in lines:
        node = node_of_line[line]
        depth, current, visited = 1, parent_of[node], {node}
        while current is not None:
            if current in visited:
                errors.append((line, _("a result cannot be placed under itself.")))
                break
            visited.add(current)
            depth += 1
            current = parent_of.get(current)
        else:
            if depth > MAX_DEPTH:
                errors.append(
                    (line, _("results are at most %(max)d levels deep.") % {"max": MAX_DEPTH})
                )
        if node in has_children and cleaned.get("progress") is not None:
            errors.append(
                (line, _("this result has sub-results: its progress is computed from theirs."))
            )
    return errors


def _csv_write(actor: User, component: Component, existing: dict, lines: list) -> dict[str, int]:
    created = updated = 0
    with transaction.atomic():
        Component.objects.select_for_update().get(pk=component.pk)
        results: dict[Any, Result] = dict(existing)
        node_of_external = {r.external_id: r for r in existing.values() if r.external_id}
        touched: list[tuple[Result, str | None, Decimal | None]] = []
        last = Result.objects.filter(component=component).aggregate(m=Max("position"))["m"]
        position = 0 if last is None else last + 1
        for _line, target, cleaned, parent_ref in lines:
            if target is None:
                if cleaned.get("progress") is None:
                    status = cleaned.get("status")
                    cleaned["progress"] = (
                        status.progress if status and status.progress is not None else Decimal(0)
                    )
                result = Result(component=component, position=position, **cleaned)
                position += 1
                former = None
                created += 1
            else:
                result = results[target.pk]
                former = result.progress
                status = cleaned.get("status")
                if (
                    cleaned.get("progress") is None
                    and status is not None
                    and status.pk != result.status_id
                    and status.progress is not None
                ):
                    cleaned["progress"] = status.progress
                for key, value in cleaned.items():
                    setattr(result, key, value)
                updated += 1
            # Saved once without its parent, so that a parent further down the file exists
            # before its children point at it.
            if result.pk is None:
                result.save()
            if result.external_id:
                node_of_external[result.external_id] = result
            touched.append((result, parent_ref, former))
        for result, parent_ref, _former in touched:
            if parent_ref is not None:
                result.parent = node_of_external[parent_ref] if parent_ref else None
        _set_depths(component, touched)
        for result, _parent_ref, _former in touched:
            result.save()
        # Results may have moved away from their former parents too: every parent of the
        # component is averaged again (an import is rare, a tree is small).
        changes = _recompute(
            component,
            Result.objects.filter(component=component, children__isnull=False)
            .values_list("pk", flat=True)
            .distinct(),
        )
        changed_ids = {r.pk for r, _f in changes}
        for result, _parent_ref, former in touched:
            if former is not None and result.progress != former and result.pk not in changed_ids:
                changes.append((result, former))
        _log(
            actor,
            "import_results",
            component,
            component,
            data={"created": created, "updated": updated},
        )
        _notify_progress(actor, changes)
    return {"created": created, "updated": updated}


def _set_depths(component: Component, touched: list) -> None:
    """Depths of every result of the component after the import moved some of them."""
    in_memory = {result.pk: result for result, _p, _f in touched}
    parent_of = dict(Result.objects.filter(component=component).values_list("pk", "parent_id"))
    parent_of.update({pk: result.parent_id for pk, result in in_memory.items()})
    for pk in parent_of:
        depth, current = 1, parent_of[pk]
        while current is not None:
            depth += 1
            current = parent_of[current]
        if pk in in_memory:
            in_memory[pk].depth = depth
        else:
            Result.objects.filter(pk=pk).exclude(depth=depth).update(depth=depth)
