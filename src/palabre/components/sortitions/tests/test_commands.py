"""The command-line contract: `palabre sortition replay` and `palabre sortition panel`."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from palabre.components.sortitions import lottery
from palabre.components.sortitions.pools import generated_people, generated_quotas

PALABRE = str(Path(sys.executable).parent / "palabre")


def run(*args) -> str:
    out = io.StringIO()
    call_command("sortition", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_apart(*args) -> subprocess.CompletedProcess:
    """The command in a process of its own, whose database cannot be reached: what it prints
    comes from its files alone."""
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:9/none",
        "SECRET_KEY": "replay-" + "x" * 40,
        "PALABRE_VAR_DIR": "/nonexistent/palabre-var",
    }
    env.pop("PALABRE_DEMO", None)
    return subprocess.run(
        [PALABRE, "sortition", *args], capture_output=True, text=True, env=env, timeout=120
    )


def write_pool(folder: Path, people: dict, quotas) -> tuple[str, str]:
    people_path, features_path = folder / "people.csv", folder / "features.csv"
    features = list(dict.fromkeys(quota.feature for quota in quotas))
    with people_path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["id", "name", *features])
        for person_id, values in people.items():
            writer.writerow([person_id, f"Person {person_id}", *(values[f] for f in features)])
    with features_path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["feature", "value", "min", "max"])
        for quota in quotas:
            writer.writerow([quota.feature, quota.value, quota.minimum, quota.maximum])
    return str(people_path), str(features_path)


@pytest.fixture
def pool(tmp_path):
    people = generated_people(40, seed=7)
    quotas = generated_quotas(people, 8)
    return people, quotas, *write_pool(tmp_path, people, quotas)


def panel(people_path, features_path, method, *extra) -> dict:
    return json.loads(
        run("panel", "--people", people_path, "--features", features_path, "--size", "8",
            "--method", method, "--greedy-runs", "150", "--json", *extra)
    )  # fmt: skip


def meets_every_quota(members, people, quotas) -> bool:
    return all(
        quota.minimum
        <= sum(1 for m in members if people[m][quota.feature] == quota.value)
        <= quota.maximum
        for quota in quotas
    )


@pytest.mark.parametrize("method", ["maximin", "nash", "greedy"])
def test_the_panel_contract(pool, method):
    people, quotas, people_path, features_path = pool
    result = panel(people_path, features_path, method)
    assert set(result) == {"method", "probabilities", "minimum", "panels", "weights"}
    assert result["method"] == method
    probabilities = result["probabilities"]
    assert set(probabilities) == set(people)
    assert sum(probabilities.values()) == pytest.approx(8)
    assert all(0 <= p <= 1 for p in probabilities.values())
    assert result["minimum"] == min(probabilities.values())
    assert len(result["panels"]) == len(result["weights"])
    assert sum(result["weights"]) == pytest.approx(1)
    for members in result["panels"]:
        assert len(set(members)) == 8
        assert meets_every_quota(members, people, quotas)
    recomputed = dict.fromkeys(people, 0.0)
    for members, weight in zip(result["panels"], result["weights"], strict=True):
        for member in members:
            recomputed[member] += weight
    assert recomputed == pytest.approx(probabilities)


@pytest.mark.parametrize("seed", [3, 11])
def test_maximin_gives_the_least_favoured_volunteer_at_least_the_greedy_chance(tmp_path, seed):
    people = generated_people(36, seed=seed)
    quotas = generated_quotas(people, 8)
    paths = write_pool(tmp_path, people, quotas)
    maximin = panel(*paths, "maximin")
    greedy = panel(*paths, "greedy")
    # Maximin is optimal up to the package's tolerance (0.05 percentage point).
    assert maximin["minimum"] >= greedy["minimum"] - 0.001
    assert maximin["minimum"] > 0


def test_a_seed_draws_one_of_the_panels_and_the_inputs_replay_it(pool, tmp_path):
    _people, _quotas, people_path, features_path = pool
    inputs_path = tmp_path / "inputs.json"
    first = panel(people_path, features_path, "maximin", "--seed", "4217", "--inputs",
                  str(inputs_path))  # fmt: skip
    assert first["selected"] in first["panels"]
    again = panel(people_path, features_path, "maximin", "--seed", "4217")
    assert again["selected"] == first["selected"]
    inputs = json.loads(inputs_path.read_text())
    assert inputs["public_value"] == "4217" and inputs["kind"] == "panel"
    assert sum(inputs["tickets"]) == lottery.TICKETS
    assert json.loads(run("replay", str(inputs_path))) == {"selected": first["selected"]}


def test_replay_in_a_separate_process_without_a_database(tmp_path):
    inputs = {
        "format": "palabre-sortition/1",
        "kind": "proposals",
        "candidates": [31, 32, 35, 40, 41, 47, 52],
        "count": 3,
        "public_value": "beacon 8f2a",
        "requested_at": "2026-05-02T09:00:00Z",
    }
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(inputs))
    process = run_apart("replay", str(path))
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout) == {"selected": lottery.replay(inputs)}


def test_a_quota_no_panel_can_meet_is_named_with_exit_status_2(tmp_path):
    # Every woman lives in the north, where at most 2 people may come from: 4 women cannot.
    people = {
        str(n): {"gender": "woman" if n < 6 else "man", "district": "north" if n < 6 else "south"}
        for n in range(14)
    }
    from palabre.components.sortitions.selection import Quota

    quotas = [
        Quota("gender", "woman", 4, 6),
        Quota("gender", "man", 2, 6),
        Quota("district", "north", 0, 2),
        Quota("district", "south", 0, 8),
    ]
    paths = write_pool(tmp_path, people, quotas)
    process = run_apart("panel", "--people", paths[0], "--features", paths[1], "--size", "8",
                        "--method", "maximin", "--json")  # fmt: skip
    assert process.returncode == 2
    assert process.stdout == ""
    assert "Traceback" not in process.stderr
    assert "The quotas cannot all be met together" in process.stderr
    assert "district = north: maximum 2 → 4" in process.stderr


@pytest.mark.parametrize(
    ("features", "size", "message"),
    [
        ("feature,value,min,max\ngender,woman,11,12\ngender,man,0,12\n", "12",
         "Quota gender = woman cannot be met: it asks for at least 11, and the pool has only"),
        ("feature,value,min,max\ngender,woman,5,8\ngender,man,5,8\n", "8",
         "their minimums add up to 10, more than the panel size (8)"),
        ("feature,value,min,max\ngender,woman,0,2\ngender,man,0,2\n", "8",
         "allow 4 people at most"),
        ("feature,value,min,max\ngender,woman,0,8\n", "8",
         "“man” is not a value of gender in the quotas"),
        ("feature,value,min,max\ngender,woman,0,8\ngender,man,0,8\n", "100",
         "larger than the pool"),
        ("feature,value\ngender,woman\n", "8", "no column “min”, “max”"),
        ("feature,value,min,max\ngender,woman,two,8\n", "8", "must be whole numbers"),
    ],
)  # fmt: skip
def test_quotas_and_files_that_cannot_work_get_a_clear_message(tmp_path, features, size, message):
    people_path = tmp_path / "people.csv"
    people_path.write_text("id,gender\n" + "".join(
        f"{n},{'woman' if n % 2 else 'man'}\n" for n in range(20)
    ))  # fmt: skip
    features_path = tmp_path / "features.csv"
    features_path.write_text(features)
    with pytest.raises(CommandError) as error:
        run("panel", "--people", str(people_path), "--features", str(features_path),
            "--size", size, "--json")  # fmt: skip
    assert message in str(error.value)
    assert error.value.returncode == 2


def test_a_replay_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "draw.json"
    path.write_text("not json")
    with pytest.raises(CommandError) as error:
        run("replay", str(path))
    assert error.value.returncode == 2
