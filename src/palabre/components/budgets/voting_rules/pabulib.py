"""Reading and writing participatory-budgeting elections in the pabulib ``.pb`` format.

A ``.pb`` file has three sections, in this order, each introduced by a line holding only
its name:

* ``META``: a ``key;value`` header, then one ``key;value`` row per entry;
* ``PROJECTS``: a header whose first column is ``project_id``, then one row per project;
* ``VOTES``: a header whose first column is ``voter_id``, then one row per voter, the
  ``vote`` column being a comma-separated list of project ids.

Cells are separated by ``;`` and may be quoted with ``"`` (the usual CSV rules), which is
why the :mod:`csv` module does the splitting. Only approval elections are supported for now;
other vote types raise :class:`UnsupportedVoteType`.

Every error is a :class:`PabulibError` carrying a machine-readable ``code`` (see
:class:`ErrorCode`) so that a user interface can translate it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

__all__ = [
    "ErrorCode",
    "PBBallot",
    "PBElection",
    "PBProject",
    "PabulibError",
    "UnsupportedVoteType",
    "parse_pb",
    "write_pb",
]

SECTIONS = ("meta", "projects", "votes")

# Project columns that are mapped to typed attributes of PBProject; any other column is kept
# verbatim in PBProject.extra.
_TYPED_PROJECT_COLUMNS = (
    "project_id",
    "cost",
    "votes",
    "name",
    "category",
    "selected",
    "latitude",
    "longitude",
)
# Column order recommended by pabulib (the pabulib checker warns when known columns come in
# another order); used when writing an election that was not parsed from a file.
_PABULIB_PROJECT_ORDER = (
    "project_id",
    "cost",
    "votes",
    "score",
    "name",
    "category",
    "beneficiaries",
    "selected",
    "neighborhood",
    "subunit",
    "district",
    "description",
    "proposer",
    "public_id",
    "latitude",
    "longitude",
)
_PABULIB_VOTE_ORDER = (
    "voter_id",
    "vote",
    "points",
    "age",
    "sex",
    "voting_method",
    "district",
    "neighborhood",
    "education",
)
_PABULIB_META_ORDER = (
    "description",
    "country",
    "unit",
    "district",
    "subunit",
    "instance",
    "num_projects",
    "num_votes",
    "budget",
    "vote_type",
    "rule",
    "date_begin",
    "date_end",
    "min_length",
    "max_length",
)

SUPPORTED_VOTE_TYPES = ("approval",)


class ErrorCode(StrEnum):
    """Machine-readable reasons for a :class:`PabulibError`."""

    MISSING_SECTION = "missing_section"
    SECTION_ORDER = "section_order"
    DUPLICATE_SECTION = "duplicate_section"
    ROW_OUTSIDE_SECTION = "row_outside_section"
    BAD_HEADER = "bad_header"
    MISSING_META = "missing_meta"
    BAD_META_VALUE = "bad_meta_value"
    UNSUPPORTED_VOTE_TYPE = "unsupported_vote_type"
    BAD_COST = "bad_cost"
    BAD_NUMBER = "bad_number"
    DUPLICATE_PROJECT = "duplicate_project"
    DUPLICATE_VOTER = "duplicate_voter"
    EMPTY_ID = "empty_id"
    UNKNOWN_PROJECT = "unknown_project"
    REPEATED_PROJECT_IN_VOTE = "repeated_project_in_vote"
    BALLOT_TOO_SHORT = "ballot_too_short"
    BALLOT_TOO_LONG = "ballot_too_long"


class PabulibError(ValueError):
    """A ``.pb`` file (or an election to write) is not valid.

    ``code`` tells what is wrong (an :class:`ErrorCode`), ``line`` the 1-based line of the
    offending row when known, and ``params`` the values a translated message may need
    (project id, voter id, offending value...).
    """

    def __init__(
        self,
        message: str,
        *,
        code: ErrorCode = ErrorCode.BAD_META_VALUE,
        line: int | None = None,
        **params: object,
    ) -> None:
        if line is not None:
            message = f"line {line}: {message}"
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line
        self.params = params


class UnsupportedVoteType(PabulibError):
    """The file uses a ``vote_type`` this library cannot count yet (anything but approval)."""

    def __init__(self, vote_type: str, *, line: int | None = None) -> None:
        super().__init__(
            f"vote_type {vote_type!r} is not supported yet: only 'approval' elections can be "
            "read; cumulative, ordinal, scoring and choose-1 ballots are not supported yet",
            code=ErrorCode.UNSUPPORTED_VOTE_TYPE,
            line=line,
            vote_type=vote_type,
        )
        self.vote_type = vote_type


@dataclass
class PBProject:
    """One row of the PROJECTS section.

    ``id`` is the ``project_id`` column, ``cost`` its exact decimal value. ``votes`` and
    ``selected`` are the integers of the optional columns of the same name (``None`` when the
    column is absent or the cell empty). ``category`` is the raw comma-separated cell; see
    :attr:`categories` for the list. ``latitude``/``longitude`` are decimals when given. Any
    other column is kept, as text, in ``extra`` (column name -> cell).
    """

    id: str
    cost: Decimal
    name: str = ""
    category: str | None = None
    votes: int | None = None
    selected: int | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def categories(self) -> list[str]:
        """The categories of the project (the ``category`` cell split on commas)."""
        if not self.category:
            return []
        return [c.strip() for c in self.category.split(",") if c.strip()]


@dataclass
class PBBallot:
    """One row of the VOTES section: the approved project ids, in file order."""

    voter_id: str
    votes: list[str]
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class PBElection:
    """A parsed ``.pb`` file.

    ``meta`` keeps every META entry as text, in file order. ``project_columns`` and
    ``vote_columns`` remember the column order of the file so that :func:`write_pb` can
    reproduce it; when empty, the writer uses pabulib's recommended order.
    """

    meta: dict[str, str]
    projects: list[PBProject]
    ballots: list[PBBallot]
    project_columns: list[str] = field(default_factory=list)
    vote_columns: list[str] = field(default_factory=list)

    @property
    def budget(self) -> Decimal:
        """The ``budget`` META entry as an exact decimal."""
        return _parse_decimal_meta(self.meta, "budget")

    @property
    def vote_type(self) -> str:
        """The ``vote_type`` META entry (always ``"approval"`` for a parsed election)."""
        return self.meta.get("vote_type", "approval")

    @property
    def min_length(self) -> int | None:
        """Minimum number of projects a ballot must approve (META ``min_length``), if set."""
        return _parse_int_meta(self.meta, "min_length")

    @property
    def max_length(self) -> int | None:
        """Maximum number of projects a ballot may approve (META ``max_length``), if set."""
        return _parse_int_meta(self.meta, "max_length")

    def project_by_id(self) -> dict[str, PBProject]:
        """Map project ids to projects."""
        return {p.id: p for p in self.projects}

    def approval_sets(self) -> list[list[str]]:
        """The ballots as lists of project ids, ready for the counting rules."""
        return [b.votes for b in self.ballots]


# --------------------------------------------------------------------------------------------
# Helpers for typed cells


def _parse_decimal(
    text: str, *, what: str, code: ErrorCode, line: int | None, **params: object
) -> Decimal:
    # pabulib files from some cities use a decimal comma; pabutools accepts it, so do we.
    cleaned = text.strip().replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise PabulibError(
            f"{what} {text!r} is not a number", code=code, line=line, value=text, **params
        ) from None
    if not value.is_finite():
        raise PabulibError(
            f"{what} {text!r} is not a finite number", code=code, line=line, value=text, **params
        )
    return value


def _parse_int(text: str, *, what: str, line: int | None, **params: object) -> int:
    cleaned = text.strip()
    try:
        return int(cleaned)
    except ValueError:
        pass
    # "12.0" appears in some exports for integer columns; accept it only when integral.
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = None
    if value is not None and value.is_finite() and value == value.to_integral_value():
        return int(value)
    raise PabulibError(
        f"{what} {text!r} is not an integer",
        code=ErrorCode.BAD_NUMBER,
        line=line,
        value=text,
        **params,
    )


def _parse_decimal_meta(meta: dict[str, str], key: str) -> Decimal:
    if key not in meta or not meta[key].strip():
        raise PabulibError(f"META has no {key!r} entry", code=ErrorCode.MISSING_META, key=key)
    value = _parse_decimal(meta[key], what=key, code=ErrorCode.BAD_META_VALUE, line=None, key=key)
    if value < 0:
        raise PabulibError(
            f"{key} must not be negative", code=ErrorCode.BAD_META_VALUE, key=key, value=meta[key]
        )
    return value


def _parse_int_meta(meta: dict[str, str], key: str) -> int | None:
    raw = meta.get(key, "").strip()
    if not raw:
        return None
    try:
        return _parse_int(raw, what=key, line=None, key=key)
    except PabulibError as exc:
        raise PabulibError(exc.message, code=ErrorCode.BAD_META_VALUE, key=key) from None


def _optional(text: str | None) -> str | None:
    """Empty cells (and pabulib's literal ``None``) mean "no value"."""
    if text is None:
        return None
    stripped = text.strip()
    if not stripped or stripped.lower() == "none":
        return None
    return stripped


# --------------------------------------------------------------------------------------------
# Parsing


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Split the text into CSV rows, each with the 1-based line number where it starts."""
    if text.startswith("\ufeff"):  # a UTF-8 byte-order mark read as text
        text = text[1:]
    # newline="" lets the csv module see the raw line ends, so that a quoted cell may span
    # lines (as the csv rules allow) and CRLF files parse like LF ones.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"')
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for row in reader:
        rows.append((start, row))
        start = reader.line_num + 1
    return rows


def _section_marker(row: list[str]) -> str | None:
    """Return the section name when the row is a section marker (one non-empty cell)."""
    cells = [c.strip() for c in row]
    if not cells or cells[0].lower() not in SECTIONS:
        return None
    if any(cells[1:]):
        return None
    return cells[0].lower()


def parse_pb(text: str, *, check_lengths: bool = True) -> PBElection:
    """Parse the text of a pabulib ``.pb`` file.

    Only approval elections are accepted: another ``vote_type`` raises
    :class:`UnsupportedVoteType`. Every vote must name known projects, at most once each.
    When ``check_lengths`` is true and META has ``min_length``/``max_length``, every ballot
    must approve between that many projects (inclusive), as pabulib requires; pass
    ``check_lengths=False`` to read files that break that rule.

    Raises :class:`PabulibError` (with a ``code``) for any structural or value error.
    """
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    headers: dict[str, tuple[int, list[str]]] = {}
    order: list[str] = []
    current: str | None = None
    expect_header = False
    for line, row in _rows(text):
        if not row or all(not c.strip() for c in row):
            continue  # blank lines are tolerated anywhere
        marker = _section_marker(row)
        if marker is not None:
            if marker in sections:
                raise PabulibError(
                    f"section {marker.upper()} appears twice",
                    code=ErrorCode.DUPLICATE_SECTION,
                    line=line,
                    section=marker.upper(),
                )
            sections[marker] = []
            order.append(marker)
            current = marker
            expect_header = True
            continue
        if current is None:
            raise PabulibError(
                "data found before the META section",
                code=ErrorCode.ROW_OUTSIDE_SECTION,
                line=line,
            )
        if expect_header:
            headers[current] = (line, [c.strip() for c in row])
            expect_header = False
            continue
        sections[current].append((line, row))

    for name in SECTIONS:
        if name not in sections:
            raise PabulibError(
                f"the {name.upper()} section is missing",
                code=ErrorCode.MISSING_SECTION,
                section=name.upper(),
            )
        if name not in headers:
            raise PabulibError(
                f"the {name.upper()} section has no header line",
                code=ErrorCode.BAD_HEADER,
                section=name.upper(),
            )
    if order != list(SECTIONS):
        raise PabulibError(
            "sections must come in the order META, PROJECTS, VOTES",
            code=ErrorCode.SECTION_ORDER,
        )

    meta = _parse_meta(headers["meta"], sections["meta"])
    vote_type = meta.get("vote_type", "").strip()
    if not vote_type:
        raise PabulibError(
            "META has no 'vote_type' entry", code=ErrorCode.MISSING_META, key="vote_type"
        )
    if vote_type not in SUPPORTED_VOTE_TYPES:
        raise UnsupportedVoteType(vote_type)
    # Validate the budget early so that a bad one is reported as such.
    _parse_decimal_meta(meta, "budget")

    project_columns, projects = _parse_projects(headers["projects"], sections["projects"])
    vote_columns, ballots = _parse_votes(headers["votes"], sections["votes"], projects)
    election = PBElection(
        meta=meta,
        projects=projects,
        ballots=ballots,
        project_columns=project_columns,
        vote_columns=vote_columns,
    )
    if check_lengths:
        # Ballots are in one-to-one correspondence with the VOTES rows.
        lines = {b.voter_id: line for (line, _), b in zip(sections["votes"], ballots, strict=True)}
        _check_lengths(election, lines)
    return election


def _parse_meta(header: tuple[int, list[str]], rows: list[tuple[int, list[str]]]) -> dict[str, str]:
    line, cells = header
    if len(cells) < 2 or cells[0].lower() != "key" or cells[1].lower() != "value":
        raise PabulibError(
            "the META section must start with the header 'key;value'",
            code=ErrorCode.BAD_HEADER,
            line=line,
            section="META",
        )
    meta: dict[str, str] = {}
    for line, row in rows:
        key = row[0].strip()
        if not key:
            raise PabulibError("empty META key", code=ErrorCode.EMPTY_ID, line=line)
        meta[key] = row[1].strip() if len(row) > 1 else ""
    return meta


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _parse_projects(
    header: tuple[int, list[str]], rows: list[tuple[int, list[str]]]
) -> tuple[list[str], list[PBProject]]:
    header_line, columns = header
    if not columns or columns[0] != "project_id" or "cost" not in columns:
        raise PabulibError(
            "the PROJECTS header must start with 'project_id' and have a 'cost' column",
            code=ErrorCode.BAD_HEADER,
            line=header_line,
            section="PROJECTS",
        )
    projects: list[PBProject] = []
    seen: set[str] = set()
    for line, row in rows:
        cells = {col: _cell(row, i) for i, col in enumerate(columns)}
        project_id = cells["project_id"].strip()
        if not project_id:
            raise PabulibError("empty project_id", code=ErrorCode.EMPTY_ID, line=line)
        if project_id in seen:
            raise PabulibError(
                f"project {project_id!r} is listed twice",
                code=ErrorCode.DUPLICATE_PROJECT,
                line=line,
                project_id=project_id,
            )
        seen.add(project_id)
        raw_cost = cells["cost"]
        if not raw_cost.strip():
            raise PabulibError(
                f"project {project_id!r} has no cost",
                code=ErrorCode.BAD_COST,
                line=line,
                project_id=project_id,
                value=raw_cost,
            )
        cost = _parse_decimal(
            raw_cost, what="cost", code=ErrorCode.BAD_COST, line=line, project_id=project_id
        )
        if cost < 0:
            raise PabulibError(
                f"project {project_id!r} has a negative cost {raw_cost!r}",
                code=ErrorCode.BAD_COST,
                line=line,
                project_id=project_id,
                value=raw_cost,
            )
        votes = _optional(cells.get("votes"))
        selected = _optional(cells.get("selected"))
        latitude = _optional(cells.get("latitude"))
        longitude = _optional(cells.get("longitude"))
        projects.append(
            PBProject(
                id=project_id,
                cost=cost,
                name=cells.get("name", "").strip(),
                category=_optional(cells.get("category")),
                votes=None
                if votes is None
                else _parse_int(votes, what="votes", line=line, project_id=project_id),
                selected=None
                if selected is None
                else _parse_int(selected, what="selected", line=line, project_id=project_id),
                latitude=None
                if latitude is None
                else _parse_decimal(
                    latitude, what="latitude", code=ErrorCode.BAD_NUMBER, line=line
                ),
                longitude=None
                if longitude is None
                else _parse_decimal(
                    longitude, what="longitude", code=ErrorCode.BAD_NUMBER, line=line
                ),
                extra={
                    col: value.strip()
                    for col, value in cells.items()
                    if col not in _TYPED_PROJECT_COLUMNS
                },
            )
        )
    return columns, projects


def _parse_votes(
    header: tuple[int, list[str]],
    rows: list[tuple[int, list[str]]],
    projects: list[PBProject],
) -> tuple[list[str], list[PBBallot]]:
    header_line, columns = header
    if not columns or columns[0] != "voter_id" or "vote" not in columns:
        raise PabulibError(
            "the VOTES header must start with 'voter_id' and have a 'vote' column",
            code=ErrorCode.BAD_HEADER,
            line=header_line,
            section="VOTES",
        )
    known = {p.id for p in projects}
    ballots: list[PBBallot] = []
    seen: set[str] = set()
    vote_index = columns.index("vote")
    for line, row in rows:
        voter_id = _cell(row, 0).strip()
        if not voter_id:
            raise PabulibError("empty voter_id", code=ErrorCode.EMPTY_ID, line=line)
        if voter_id in seen:
            raise PabulibError(
                f"voter {voter_id!r} is listed twice",
                code=ErrorCode.DUPLICATE_VOTER,
                line=line,
                voter_id=voter_id,
            )
        seen.add(voter_id)
        approved: list[str] = []
        for item in _cell(row, vote_index).split(","):
            project_id = item.strip()
            if not project_id:
                continue  # an empty ballot, or a stray trailing comma
            if project_id not in known:
                raise PabulibError(
                    f"voter {voter_id!r} votes for unknown project {project_id!r}",
                    code=ErrorCode.UNKNOWN_PROJECT,
                    line=line,
                    voter_id=voter_id,
                    project_id=project_id,
                )
            if project_id in approved:
                # An approval counted twice would weigh double in every rule: refuse it.
                raise PabulibError(
                    f"voter {voter_id!r} approves project {project_id!r} twice",
                    code=ErrorCode.REPEATED_PROJECT_IN_VOTE,
                    line=line,
                    voter_id=voter_id,
                    project_id=project_id,
                )
            approved.append(project_id)
        extra = {
            col: _cell(row, i).strip()
            for i, col in enumerate(columns)
            if col not in ("voter_id", "vote")
        }
        ballots.append(PBBallot(voter_id=voter_id, votes=approved, extra=extra))
    return columns, ballots


def _check_lengths(election: PBElection, lines: dict[str, int]) -> None:
    low, high = election.min_length, election.max_length
    if low is None and high is None:
        return
    for ballot in election.ballots:
        size = len(ballot.votes)
        if low is not None and size < low:
            raise PabulibError(
                f"voter {ballot.voter_id!r} approves {size} projects, fewer than min_length={low}",
                code=ErrorCode.BALLOT_TOO_SHORT,
                line=lines.get(ballot.voter_id),
                voter_id=ballot.voter_id,
                length=size,
                limit=low,
            )
        if high is not None and size > high:
            raise PabulibError(
                f"voter {ballot.voter_id!r} approves {size} projects, more than max_length={high}",
                code=ErrorCode.BALLOT_TOO_LONG,
                line=lines.get(ballot.voter_id),
                voter_id=ballot.voter_id,
                length=size,
                limit=high,
            )


# --------------------------------------------------------------------------------------------
# Writing


def _ordered(columns: list[str], recommended: tuple[str, ...]) -> list[str]:
    """Known columns in pabulib's order, then the others in their given order."""
    known = [c for c in recommended if c in columns]
    return known + [c for c in columns if c not in recommended]


def _format_decimal(value: Decimal | None) -> str:
    return "" if value is None else str(value)


def _format_int(value: int | None) -> str:
    return "" if value is None else str(value)


def _project_cell(project: PBProject, column: str) -> str:
    match column:
        case "project_id":
            return project.id
        case "cost":
            return _format_decimal(project.cost)
        case "votes":
            return _format_int(project.votes)
        case "name":
            return project.name
        case "category":
            return project.category or ""
        case "selected":
            return _format_int(project.selected)
        case "latitude":
            return _format_decimal(project.latitude)
        case "longitude":
            return _format_decimal(project.longitude)
        case _:
            return project.extra.get(column, "")


def _project_columns(election: PBElection) -> list[str]:
    if election.project_columns:
        columns = list(election.project_columns)
    else:
        columns = ["project_id", "cost"]
        if any(p.votes is not None for p in election.projects):
            columns.append("votes")
        if any(p.name for p in election.projects):
            columns.append("name")
        if any(p.category for p in election.projects):
            columns.append("category")
        if any(p.selected is not None for p in election.projects):
            columns.append("selected")
        if any(p.latitude is not None or p.longitude is not None for p in election.projects):
            columns += ["latitude", "longitude"]
        columns = _ordered(columns, _PABULIB_PROJECT_ORDER)
    # Columns present only in `extra` (added after parsing) are written too.
    for project in election.projects:
        for key in project.extra:
            if key not in columns:
                columns.append(key)
    return columns


def _vote_columns(election: PBElection) -> list[str]:
    columns = list(election.vote_columns) or ["voter_id", "vote"]
    for ballot in election.ballots:
        for key in ballot.extra:
            if key not in columns:
                columns.append(key)
    if not election.vote_columns:
        columns = _ordered(columns, _PABULIB_VOTE_ORDER)
    return columns


def write_pb(election: PBElection, *, line_terminator: str = "\n") -> str:
    """Serialise an election to the text of a ``.pb`` file.

    The META entries are written in their order, except that ``num_projects`` and
    ``num_votes`` are set to the actual numbers of projects and ballots (they are added when
    missing) so that the file is consistent. Cells are quoted only when needed (for instance
    when they contain ``;`` or ``"``). ``parse_pb(write_pb(e))`` gives back ``e``'s projects
    and ballots.

    Raises :class:`PabulibError` when the election cannot be written as a valid file
    (unsupported vote type, unknown project in a ballot, duplicate ids).
    """
    if election.vote_type not in SUPPORTED_VOTE_TYPES:
        raise UnsupportedVoteType(election.vote_type)
    known: set[str] = set()
    for project in election.projects:
        if project.id in known:
            raise PabulibError(
                f"project {project.id!r} is listed twice",
                code=ErrorCode.DUPLICATE_PROJECT,
                project_id=project.id,
            )
        known.add(project.id)
    voters: set[str] = set()
    for ballot in election.ballots:
        if ballot.voter_id in voters:
            raise PabulibError(
                f"voter {ballot.voter_id!r} is listed twice",
                code=ErrorCode.DUPLICATE_VOTER,
                voter_id=ballot.voter_id,
            )
        voters.add(ballot.voter_id)
        for project_id in ballot.votes:
            if project_id not in known:
                raise PabulibError(
                    f"voter {ballot.voter_id!r} votes for unknown project {project_id!r}",
                    code=ErrorCode.UNKNOWN_PROJECT,
                    voter_id=ballot.voter_id,
                    project_id=project_id,
                )

    meta = dict(election.meta)
    meta["num_projects"] = str(len(election.projects))
    meta["num_votes"] = str(len(election.ballots))
    meta.setdefault("vote_type", "approval")
    if not election.meta:
        meta = {k: meta[k] for k in _ordered(list(meta), _PABULIB_META_ORDER)}

    out = io.StringIO()
    writer = csv.writer(
        out,
        delimiter=";",
        quotechar='"',
        quoting=csv.QUOTE_MINIMAL,
        lineterminator=line_terminator,
    )
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in meta.items():
        writer.writerow([key, value])

    project_columns = _project_columns(election)
    writer.writerow(["PROJECTS"])
    writer.writerow(project_columns)
    for project in election.projects:
        writer.writerow([_project_cell(project, col) for col in project_columns])

    vote_columns = _vote_columns(election)
    writer.writerow(["VOTES"])
    writer.writerow(vote_columns)
    for ballot in election.ballots:
        row = []
        for col in vote_columns:
            if col == "voter_id":
                row.append(ballot.voter_id)
            elif col == "vote":
                row.append(",".join(ballot.votes))
            else:
                row.append(ballot.extra.get(col, ""))
        writer.writerow(row)
    return out.getvalue()
