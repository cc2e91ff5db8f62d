"""The command-line contract: Pabulib import, results and export on a real election."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from palabre.components.budgets import selectors
from palabre.components.budgets.models import Budget, Order
from palabre.components.budgets.voting_rules.pabulib import parse_pb

pytestmark = pytest.mark.django_db

DATA = Path("/work/shared/data/pabulib")
SAINT_CYPRIEN = DATA / "France_Toulouse_2022_6_-_Saint-Cyprien.pb"
needs_data = pytest.mark.skipif(not SAINT_CYPRIEN.exists(), reason="Pabulib data not present")


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def imported(admin_user):
    return json.loads(run("pabulib", "import", str(SAINT_CYPRIEN), "--process", "tls-6"))


@needs_data
def test_import_prints_one_json_object_and_counts_every_ballot(imported):
    election = parse_pb(SAINT_CYPRIEN.read_text())
    assert imported["process"] == "tls-6"
    assert imported["projects"] == len(election.projects) == 10
    assert imported["ballots"] == len(election.ballots) == 436
    budget = Budget.objects.get(pk=imported["budget"])
    assert budget.envelope == 400000
    assert Order.objects.filter(budget=budget, source="import").count() == 436
    counts = {p.pk: p.votes_count for p in budget.projects.all()}
    assert counts == selectors.budget_recount(budget=budget)
    assert {p.external_id: p.votes_count for p in budget.projects.all()} == {
        p.id: p.votes for p in election.projects
    }


@needs_data
def test_results_print_the_greedy_and_mes_winners(imported):
    greedy = json.loads(
        run("budgets", "results", "--budget", str(imported["budget"]), "--rule", "greedy", "--json")
    )
    assert greedy == {"rule": "greedy", "selected": ["34", "38", "40", "35"], "cost": 399000}
    mes = json.loads(
        run("budgets", "results", "--budget", str(imported["budget"]), "--rule", "mes", "--json")
    )
    assert mes["rule"] == "mes" and sorted(mes["selected"]) == ["34", "35", "38", "40"]


@needs_data
def test_export_round_trips(imported):
    original = parse_pb(SAINT_CYPRIEN.read_text())
    exported = parse_pb(run("pabulib", "export", "--budget", str(imported["budget"])))
    assert exported.budget == original.budget
    assert [(p.id, p.cost, p.name, p.category, p.votes) for p in exported.projects] == [
        (p.id, p.cost, p.name, p.category, p.votes) for p in original.projects
    ]
    assert {b.voter_id: set(b.votes) for b in exported.ballots} == {
        b.voter_id: set(b.votes) for b in original.ballots
    }
    assert exported.meta["unit"] == "Toulouse"


@needs_data
def test_a_second_import_reuses_the_process(imported):
    again = json.loads(run("pabulib", "import", str(SAINT_CYPRIEN), "--process", "tls-6"))
    assert again["component"] == imported["component"]
    assert again["budget"] != imported["budget"]


def test_cumulative_files_are_refused_with_a_clear_message(admin_user, tmp_path):
    path = tmp_path / "cumulative.pb"
    path.write_text(
        "META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;100\nvote_type;cumulative\n"
        "PROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote;points\nv1;1;3\n"
    )
    with pytest.raises(CommandError, match="Not supported yet"):
        run("pabulib", "import", str(path))


def test_a_missing_file_is_a_clear_error(admin_user, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("pabulib", "import", str(tmp_path / "nothing.pb"))


def test_an_unknown_budget_is_a_clear_error(db):
    with pytest.raises(CommandError, match="no budget"):
        run("budgets", "results", "--budget", "999", "--rule", "greedy", "--json")


@needs_data
def test_projects_only_leaves_the_ballots_out(admin_user):
    summary = json.loads(
        run("pabulib", "import", str(SAINT_CYPRIEN), "--process", "vote", "--projects-only")
    )
    budget = Budget.objects.get(pk=summary["budget"])
    assert (summary["projects"], summary["ballots"]) == (10, 0)
    assert not Order.objects.filter(budget=budget).exists()
    assert not budget.projects.filter(votes_count__gt=0).exists()
    assert not budget.projects.filter(selected=True).exists()
