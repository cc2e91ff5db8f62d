"""Tests of the pabulib reader and writer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ..pabulib import (
    ErrorCode,
    PabulibError,
    PBBallot,
    PBElection,
    PBProject,
    UnsupportedVoteType,
    parse_pb,
    write_pb,
)
from .support import load, make_election, shared_files

SHARED = shared_files()
needs_shared = pytest.mark.skipif(not SHARED, reason="shared pabulib files not found")

SMALL = """META
key;value
description;Small test
country;France
unit;Test
instance;2024
num_projects;3
num_votes;3
budget;100
vote_type;approval
rule;greedy
date_begin;2024
date_end;2024
min_length;1
max_length;2
PROJECTS
project_id;cost;votes;name;category;selected;latitude;longitude
1;60;2;"Trees; and flowers";nature,climate;1;48.85;2.35
2;50.5;2;Bike lanes;mobility;0;;
3;40;1;"A ""quoted"" name";;0;;
VOTES
voter_id;vote;age
a;1,2;30
b;1;
c;2,3;41
"""


def replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


def test_parse_small_file() -> None:
    election = parse_pb(SMALL)
    assert election.budget == Decimal(100)
    assert election.min_length == 1
    assert election.max_length == 2
    first, second, third = election.projects
    assert first.id == "1"
    assert first.name == "Trees; and flowers"  # quoted cell with the separator inside
    assert first.categories == ["nature", "climate"]
    assert first.votes == 2
    assert first.selected == 1
    assert (first.latitude, first.longitude) == (Decimal("48.85"), Decimal("2.35"))
    assert second.cost == Decimal("50.5")
    assert second.latitude is None
    assert third.name == 'A "quoted" name'
    assert [b.votes for b in election.ballots] == [["1", "2"], ["1"], ["2", "3"]]
    assert election.ballots[0].extra == {"age": "30"}
    assert election.ballots[1].extra == {"age": ""}


def test_crlf_and_byte_order_mark() -> None:
    election = parse_pb("\ufeff" + SMALL.replace("\n", "\r\n"))
    assert len(election.projects) == 3
    assert election == parse_pb(SMALL)


@needs_shared
@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_shared_files_counts(path: Path) -> None:
    election = load(path)
    assert len(election.projects) == int(election.meta["num_projects"])
    assert len(election.ballots) == int(election.meta["num_votes"])
    assert election.vote_type == "approval"
    assert election.budget > 0
    # The votes column of PROJECTS is the number of approvals in VOTES.
    counts = {p.id: 0 for p in election.projects}
    for ballot in election.ballots:
        for project_id in ballot.votes:
            counts[project_id] += 1
    assert all(p.votes == counts[p.id] for p in election.projects if p.votes is not None)


@needs_shared
def test_warszawa_details() -> None:
    (path,) = [p for p in SHARED if "Warszawa" in p.name]
    election = load(path)
    assert len(election.ballots) == 11067
    assert election.max_length == 15
    assert sum(1 for p in election.projects if p.selected == 1) == 24
    assert election.ballots[0].extra.keys() == {"age", "sex", "voting_method"}
    assert any(p.latitude is not None for p in election.projects)


def test_missing_section() -> None:
    text = SMALL[: SMALL.index("VOTES")]
    with pytest.raises(PabulibError) as info:
        parse_pb(text)
    assert info.value.code == ErrorCode.MISSING_SECTION
    assert "VOTES" in str(info.value)


def test_sections_out_of_order() -> None:
    meta, rest = SMALL.split("PROJECTS\n")
    projects, votes = rest.split("VOTES\n")
    with pytest.raises(PabulibError) as info:
        parse_pb(meta + "VOTES\n" + votes + "PROJECTS\n" + projects)
    assert info.value.code == ErrorCode.SECTION_ORDER


def test_unknown_project_in_vote() -> None:
    with pytest.raises(PabulibError) as info:
        parse_pb(replace(SMALL, "c;2,3;41", "c;2,99;41"))
    error = info.value
    assert error.code == ErrorCode.UNKNOWN_PROJECT
    assert error.params["project_id"] == "99"
    assert error.params["voter_id"] == "c"
    assert error.line == 25  # 1-based line of the offending VOTES row
    assert "99" in str(error)


def test_repeated_project_in_vote() -> None:
    with pytest.raises(PabulibError) as info:
        parse_pb(replace(SMALL, "c;2,3;41", "c;2,2;41"))
    assert info.value.code == ErrorCode.REPEATED_PROJECT_IN_VOTE


@pytest.mark.parametrize("cost", ["abc", "", "-5", "NaN", "Infinity", "1.2.3"])
def test_bad_cost(cost: str) -> None:
    with pytest.raises(PabulibError) as info:
        parse_pb(replace(SMALL, "2;50.5;2;Bike", f"2;{cost};2;Bike"))
    assert info.value.code == ErrorCode.BAD_COST
    assert info.value.params["project_id"] == "2"


def test_decimal_comma_cost_is_accepted() -> None:
    election = parse_pb(replace(SMALL, "2;50.5;2;Bike", '2;"50,5";2;Bike'))
    assert election.projects[1].cost == Decimal("50.5")


@pytest.mark.parametrize("vote_type", ["cumulative", "ordinal", "choose-1", "scoring"])
def test_unsupported_vote_type(vote_type: str) -> None:
    with pytest.raises(UnsupportedVoteType) as info:
        parse_pb(replace(SMALL, "vote_type;approval", f"vote_type;{vote_type}"))
    error = info.value
    assert isinstance(error, PabulibError)
    assert error.code == ErrorCode.UNSUPPORTED_VOTE_TYPE
    assert error.vote_type == vote_type
    assert "not supported yet" in str(error)
    for name in ("cumulative", "ordinal", "choose-1"):
        assert name in str(error)


def test_missing_budget() -> None:
    with pytest.raises(PabulibError) as info:
        parse_pb(replace(SMALL, "budget;100\n", ""))
    assert info.value.code == ErrorCode.MISSING_META


def test_duplicate_project_and_voter() -> None:
    with pytest.raises(PabulibError) as info:
        parse_pb(replace(SMALL, "3;40;1;", "2;40;1;"))
    assert info.value.code == ErrorCode.DUPLICATE_PROJECT
    with pytest.raises(PabulibError) as info:
        parse_pb(replace(SMALL, "c;2,3;41", "a;2,3;41"))
    assert info.value.code == ErrorCode.DUPLICATE_VOTER


def test_ballot_lengths_are_honoured() -> None:
    too_long = replace(SMALL, "max_length;2", "max_length;1")
    with pytest.raises(PabulibError) as info:
        parse_pb(too_long)
    assert info.value.code == ErrorCode.BALLOT_TOO_LONG
    assert info.value.params == {"voter_id": "a", "length": 2, "limit": 1}
    assert parse_pb(too_long, check_lengths=False).max_length == 1
    too_short = replace(SMALL, "min_length;1", "min_length;2")
    with pytest.raises(PabulibError) as info:
        parse_pb(too_short)
    assert info.value.code == ErrorCode.BALLOT_TOO_SHORT


def test_empty_ballot_without_min_length() -> None:
    text = replace(replace(SMALL, "min_length;1\n", ""), "b;1;", "b;;")
    assert parse_pb(text).ballots[1].votes == []


def round_trip(election: PBElection) -> PBElection:
    return parse_pb(write_pb(election))


def test_round_trip_small() -> None:
    election = parse_pb(SMALL)
    assert round_trip(election) == election


@needs_shared
@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_round_trip_shared(path: Path) -> None:
    election = load(path)
    again = round_trip(election)
    assert again.projects == election.projects
    assert again.ballots == election.ballots
    assert again.meta == election.meta
    assert round_trip(again) == again


def checker_errors(text: str) -> dict:
    """Errors reported by the pabulib checker (the pabulib-checker package)."""
    checker_module = pytest.importorskip("pabulib.checker")
    result = checker_module.Checker().process_files([text])
    assert result["metadata"]["processed"] == 1
    (details,) = [v for k, v in result.items() if k not in ("metadata", "summary")]
    return details["results"]["errors"]


@needs_shared
@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_writer_output_accepted_by_pabulib_checker(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert checker_errors(write_pb(load(path))) == {}


def test_written_generated_election_accepted_by_pabulib_checker(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # (The checker wants a name for every project and a non-empty vote for every voter.)
    election = make_election([60, 50, 40], [[0, 1], [0], [1, 2]], 100)
    for project in election.projects:
        project.name = f"Project {project.id}"
    election.projects[0].name = 'Trees; "and" flowers'
    election.projects[1].latitude = Decimal("48.85")
    election.projects[1].longitude = Decimal("2.35")
    election.ballots[0].extra["age"] = "30"
    text = write_pb(election)
    assert checker_errors(text) == {}
    again = parse_pb(text)
    assert again.projects == election.projects
    assert again.ballots[0] == election.ballots[0]


def test_writer_updates_counts_and_refuses_unknown_projects() -> None:
    election = make_election([10, 20], [[0], [1]], 30)
    election.meta["num_votes"] = "999"
    assert "num_votes;2" in write_pb(election).splitlines()
    election.ballots.append(PBBallot(voter_id="x", votes=["7"]))
    with pytest.raises(PabulibError) as info:
        write_pb(election)
    assert info.value.code == ErrorCode.UNKNOWN_PROJECT


def test_writer_keeps_extra_columns() -> None:
    election = PBElection(
        meta={"budget": "10", "vote_type": "approval"},
        projects=[PBProject(id="1", cost=Decimal(5), extra={"district": "North"})],
        ballots=[PBBallot(voter_id="1", votes=["1"], extra={"sex": "F"})],
    )
    again = round_trip(election)
    assert again.projects[0].extra == {"district": "North"}
    assert again.ballots[0].extra == {"sex": "F"}
