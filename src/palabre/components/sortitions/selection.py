"""Fair selection of citizen panels: the distribution of panels and each volunteer's chance.

`compute_distribution` asks the `sortition-algorithms` package (Flanigan et al., Nature 2021)
for a distribution over panels that meet every quota:

- "maximin" maximizes the smallest selection probability of any volunteer;
- "nash" maximizes the product of the probabilities (the sum of their logarithms);
- "greedy" is the legacy algorithm, which picks people one by one from the category most in
  need. It gives one panel per run; its probabilities are estimated by running it many times
  (`greedy_runs`), and are offered only for comparison.

(The package's "leximin" needs a commercial solver and is not offered.) Quotas that cannot be
met raise `QuotaError` with a message naming them, before any long computation where a
simple count shows it.
"""

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

METHODS = ("maximin", "nash", "greedy")
GREEDY_RUNS = 1000


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    minimum: int
    maximum: int

    def label(self) -> str:
        return f"{self.feature} = {self.value}"


@dataclass
class Distribution:
    """Panels (each a tuple of ids in the order of the pool) with their weights (adding up
    to 1), and what follows for each volunteer."""

    method: str
    panels: list[tuple]
    weights: list[float]
    probabilities: dict = field(default_factory=dict)
    minimum: float = 0.0
    runs: int = 0

    def as_contract(self) -> dict:
        return {
            "method": self.method,
            "probabilities": {str(key): value for key, value in self.probabilities.items()},
            "minimum": self.minimum,
            "panels": [list(panel) for panel in self.panels],
            "weights": self.weights,
        }


class QuotaError(ValueError):
    """Quotas that no panel can meet; the message names them."""


# progress(stage, count): the stage ("greedy", or a step of the package) and how far it is.
Progress = Callable[[str, int], None]


def check_quotas(people: dict, quotas: Sequence[Quota], size: int) -> None:
    """Refuse, with a message naming the quota, what counting alone shows impossible.

    `people` maps each id to its features ({feature: value}).
    """
    if size < 1:
        raise QuotaError(_("The panel size must be at least 1."))
    if size > len(people):
        raise QuotaError(
            _("The panel size (%(size)d) is larger than the pool (%(pool)d volunteers).")
            % {"size": size, "pool": len(people)}
        )
    if not quotas:
        raise QuotaError(_("Set at least one quota."))
    features: dict[str, list[Quota]] = {}
    for quota in quotas:
        features.setdefault(quota.feature, []).append(quota)
        if quota.minimum < 0 or quota.maximum < quota.minimum:
            raise QuotaError(
                _("Quota %(quota)s: the minimum (%(min)d) is more than the maximum (%(max)d).")
                % {"quota": quota.label(), "min": quota.minimum, "max": quota.maximum}
            )
    counts = {(quota.feature, quota.value): 0 for quota in quotas}
    for person_id, values in people.items():
        for feature in features:
            value = values.get(feature)
            if (feature, value) not in counts:
                raise QuotaError(
                    _(
                        "Volunteer %(id)s has the value “%(value)s” for %(feature)s, which no "
                        "quota names."
                    )
                    % {"id": person_id, "value": value or "", "feature": feature}
                )
            counts[(feature, value)] += 1
    for quota in quotas:
        available = counts[(quota.feature, quota.value)]
        if available < quota.minimum:
            raise QuotaError(
                _(
                    "Quota %(quota)s cannot be met: it asks for at least %(min)d, and the pool has "
                    "only %(count)d such volunteers."
                )
                % {"quota": quota.label(), "min": quota.minimum, "count": available}
            )
    for feature, feature_quotas in features.items():
        minimums = sum(quota.minimum for quota in feature_quotas)
        if minimums > size:
            raise QuotaError(
                _(
                    "The quotas of %(feature)s cannot be met: their minimums add up to %(sum)d, "
                    "more than the panel size (%(size)d)."
                )
                % {"feature": feature, "sum": minimums, "size": size}
            )
        reachable = sum(
            min(quota.maximum, counts[(quota.feature, quota.value)]) for quota in feature_quotas
        )
        if reachable < size:
            raise QuotaError(
                _(
                    "The quotas of %(feature)s cannot be met: their maximums (and the volunteers "
                    "there are) allow %(count)d people at most, fewer than the panel size "
                    "(%(size)d)."
                )
                % {"feature": feature, "count": reachable, "size": size}
            )


@contextlib.contextmanager
def _solver_output_hidden() -> Iterator[None]:
    """The HiGHS solver writes its banner on the process's standard output: keep it off (a
    command printing JSON must print nothing else)."""
    try:
        stdout_fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield
        return
    sys.stdout.flush()
    saved = os.dup(stdout_fd)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), stdout_fd)
            try:
                yield
            finally:
                os.dup2(saved, stdout_fd)
    finally:
        os.close(saved)


class _Reporter:
    """Passes the package's progress on as (stage, count), at most every `every` seconds
    (a stage's start is always passed)."""

    def __init__(self, progress: Progress | None, every: float = 2.0):
        self.progress = progress
        self.every = every
        self.last = 0.0
        self.stage = ""

    def _say(self, count: int, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress and (force or now - self.last >= self.every):
            self.last = now
            self.progress(self.stage, count)

    def start_phase(self, name, total=None, *, message=None) -> None:
        self.stage = name
        self._say(0, force=True)

    def update(self, current, *, message=None) -> None:
        self._say(current)

    def end_phase(self) -> None:
        pass


def _package_inputs(people: dict, quotas: Sequence[Quota]):
    from requests.structures import CaseInsensitiveDict
    from sortition_algorithms.features import FeatureValueMinMax, set_default_max_flex
    from sortition_algorithms.people import People

    collection = CaseInsensitiveDict()
    for quota in quotas:
        collection.setdefault(quota.feature, CaseInsensitiveDict())[quota.value] = (
            FeatureValueMinMax(min=quota.minimum, max=quota.maximum)
        )
    set_default_max_flex(collection)
    pool = People([])
    names = {}
    for row, (person_id, values) in enumerate(people.items(), start=2):
        key = str(person_id)
        names[key] = person_id
        pool.add(
            key,
            CaseInsensitiveDict({quota.feature: values[quota.feature] for quota in quotas}),
            collection,
            row,
        )
    return collection, pool, names


def _infeasible_message(error, quotas: Sequence[Quota]) -> str:
    """The package's suggested relaxation, as a sentence naming each quota to change."""
    changes = []
    relaxed = getattr(error, "features", None) or {}
    for quota in quotas:
        new = relaxed.get(quota.feature, {}).get(quota.value)
        if new is None:
            continue
        if new.min < quota.minimum:
            changes.append(
                _("%(quota)s: minimum %(old)d → %(new)d")
                % {"quota": quota.label(), "old": quota.minimum, "new": new.min}
            )
        if new.max > quota.maximum:
            changes.append(
                _("%(quota)s: maximum %(old)d → %(new)d")
                % {"quota": quota.label(), "old": quota.maximum, "new": new.max}
            )
    if not changes:
        return _("The quotas cannot all be met together by any panel of this size.")
    return _(
        "The quotas cannot all be met together. The smallest change that makes them possible: "
        "%(changes)s."
    ) % {"changes": "; ".join(changes)}


def _finish(method: str, panels: list, weights: list, people: dict, runs: int = 0):
    order = {person_id: index for index, person_id in enumerate(people)}
    total = float(sum(weights))
    merged: dict[tuple, float] = {}
    for panel, weight in zip(panels, weights, strict=True):
        key = tuple(sorted(panel, key=order.__getitem__))
        merged[key] = merged.get(key, 0.0) + weight / total
    ordered = sorted(merged, key=lambda panel: [order[person_id] for person_id in panel])
    weights = [merged[panel] for panel in ordered]
    probabilities = dict.fromkeys(people, 0.0)
    for panel, weight in zip(ordered, weights, strict=True):
        for person_id in panel:
            probabilities[person_id] += weight
    probabilities = {key: min(1.0, max(0.0, value)) for key, value in probabilities.items()}
    return Distribution(
        method=method,
        panels=ordered,
        weights=weights,
        probabilities=probabilities,
        minimum=min(probabilities.values()) if probabilities else 0.0,
        runs=runs,
    )


def compute_distribution(
    *,
    people: dict,
    quotas: Sequence[Quota],
    size: int,
    method: str,
    progress: Progress | None = None,
    greedy_runs: int = GREEDY_RUNS,
    random_seed: int = 1,
) -> Distribution:
    """The distribution of panels of `size` people from `people` ({id: {feature: value}},
    in the pool's order) under `quotas`, by `method` (see the module's docstring).

    The package's random choices (initial panels, the greedy runs) follow `random_seed`, so
    that the same pool gives the same distribution.
    """
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation import (
        find_distribution_maximin,
        find_distribution_nash,
        standardize_distribution,
    )
    from sortition_algorithms.utils import set_random_provider

    if method not in METHODS:
        raise ValueError(f"Unknown method {method!r}")
    check_quotas(people, quotas, size)
    collection, pool, names = _package_inputs(people, quotas)
    reporter = _Reporter(progress)
    # The package logs its steps on standard output; its errors come back as exceptions.
    for name in ("sortition_algorithms", "sortition_algorithms_user"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    set_random_provider(random_seed)
    try:
        with _solver_output_hidden():
            if method == "greedy":
                panels, runs = _greedy_runs(collection, pool, size, greedy_runs, reporter)
                return _finish(
                    method,
                    [[names[key] for key in panel] for panel in panels],
                    [1.0] * len(panels),
                    people,
                    runs=runs,
                )
            find = find_distribution_maximin if method == "maximin" else find_distribution_nash
            committees, weights, _report = find(
                collection, pool, size, [], progress_reporter=reporter
            )
            committees, weights = standardize_distribution(committees, weights)
    except errors.InfeasibleQuotasError as error:
        raise QuotaError(_infeasible_message(error, quotas)) from None
    except errors.InfeasibleQuotasCantRelaxError:
        raise QuotaError(
            _("The quotas cannot all be met together by any panel of this size.")
        ) from None
    finally:
        set_random_provider(None)
    return _finish(
        method, [[names[key] for key in committee] for committee in committees], weights, people
    )


def _greedy_runs(collection, pool, size: int, runs: int, reporter: _Reporter):
    """`runs` panels of the legacy algorithm (each retried as the package does when the
    greedy choice ends outside the quotas)."""
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation.legacy import find_random_sample_legacy

    panels = []
    for run in range(runs):
        try:
            committees, _report = find_random_sample_legacy(
                pool, collection, size, [], max_attempts=100
            )
        except errors.SelectionError as error:
            raise QuotaError(
                _("The greedy method found no panel meeting the quotas in 100 attempts: %(error)s")
                % {"error": error}
            ) from None
        panels.append(committees[0])
        reporter.stage = "greedy"
        reporter.update(run + 1)
    return panels, runs


# Files -------------------------------------------------------------------------------
class FileError(ValueError):
    """A pool or a quotas file that cannot be read; the message says where."""


def csv_rows(text: str, required: Sequence[str], what: str) -> tuple[list[str], list[dict]]:
    """(headers, rows) of CSV text (comma, semicolon or tab separated, as spreadsheets write
    it), each row a dict of stripped texts, empty rows left out; `FileError` names the
    `required` columns that are missing."""
    import csv
    import io

    text = text.removeprefix("\ufeff")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = [(name or "").strip() for name in reader.fieldnames or []]
    reader.fieldnames = headers
    missing = [name for name in required if name not in headers]
    if missing:
        raise FileError(
            _("The %(what)s file has no column %(columns)s.")
            % {"what": what, "columns": ", ".join(f"“{name}”" for name in missing)}
        )
    if len(set(headers)) != len(headers):
        raise FileError(_("The %(what)s file has two columns with the same name.") % {"what": what})
    rows = []
    for row in reader:
        cleaned = {key: (value or "").strip() for key, value in row.items() if key is not None}
        if any(cleaned.values()):
            rows.append(cleaned)
    return headers, rows


def read_quotas(text: str) -> list[Quota]:
    """Quotas from CSV text with the columns `feature,value,min,max`, one row per category
    (the format `sortition-algorithms` reads)."""
    _headers, rows = csv_rows(text, ("feature", "value", "min", "max"), _("quotas"))
    quotas, seen = [], set()
    for line, row in enumerate(rows, start=2):
        feature, value = row["feature"], row["value"]
        if not feature or not value:
            raise FileError(
                _("Line %(line)d: the feature and the value are required.") % {"line": line}
            )
        if len(feature) > 100 or len(value) > 100:
            raise FileError(_("Line %(line)d: names are 100 characters at most.") % {"line": line})
        try:
            minimum, maximum = int(row["min"]), int(row["max"])
        except ValueError:
            raise FileError(
                _("Line %(line)d: min and max must be whole numbers.") % {"line": line}
            ) from None
        if minimum < 0 or maximum < minimum:
            raise FileError(
                _(
                    "Line %(line)d (%(feature)s = %(value)s): the minimum must be between 0 "
                    "and the maximum."
                )
                % {"line": line, "feature": feature, "value": value}
            )
        if (feature.casefold(), value.casefold()) in seen:
            raise FileError(
                _("Line %(line)d: %(feature)s = %(value)s is given twice.")
                % {"line": line, "feature": feature, "value": value}
            )
        seen.add((feature.casefold(), value.casefold()))
        quotas.append(Quota(feature, value, minimum, maximum))
    if not quotas:
        raise FileError(_("The quotas file has no quota."))
    return quotas


def read_people(text: str, quotas: Sequence[Quota], *, id_column: str = "id") -> dict:
    """{id: {feature: value}} from CSV text with a column `id_column` and one column per
    feature of the quotas, in the file's order; values are matched to the quotas' values
    without regard to case."""
    features = list(dict.fromkeys(quota.feature for quota in quotas))
    _headers, rows = csv_rows(text, (id_column, *features), _("people"))
    values = {}
    for quota in quotas:
        values.setdefault(quota.feature, {})[quota.value.casefold()] = quota.value
    people: dict = {}
    for line, row in enumerate(rows, start=2):
        person_id = row[id_column]
        if not person_id:
            raise FileError(_("Line %(line)d: the id is empty.") % {"line": line})
        if person_id in people:
            raise FileError(
                _("Line %(line)d: the id %(id)s is used twice.") % {"line": line, "id": person_id}
            )
        person = {}
        for feature in features:
            value = values[feature].get(row[feature].casefold())
            if value is None:
                raise FileError(
                    _("Line %(line)d: “%(value)s” is not a value of %(feature)s in the quotas.")
                    % {"line": line, "value": row[feature], "feature": feature}
                )
            person[feature] = value
        people[person_id] = person
    if not people:
        raise FileError(_("The people file has nobody in it."))
    return people
