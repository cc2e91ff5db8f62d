"""The published draw procedure: known answers, fairness of the numbers, refused inputs."""

import hashlib
import json
from collections import Counter

import pytest

from palabre.components.sortitions import lottery

EXAMPLE = {
    "candidates": [11, 12, 13, 14, 15, 16, 17, 18, 19, 20],
    "count": 3,
    "format": "palabre-sortition/1",
    "kind": "proposals",
    "public_value": "4",
    "requested_at": "2026-03-12T10:15:00Z",
}


def test_the_worked_example_of_the_documentation():
    assert lottery.seed_of(EXAMPLE).hex() == (
        "cd63931c19b3175ddc3b95853cc3456af6a8a4156397ca49b2cc297c60526ded"
    )
    assert lottery.replay(EXAMPLE) == [17, 16, 14]
    panel = {
        "format": "palabre-sortition/1",
        "kind": "panel",
        "panels": [[1, 2], [1, 3], [2, 3]],
        "tickets": [500000, 300000, 200000],
        "public_value": "4",
        "requested_at": "2026-03-12T10:15:00Z",
    }
    assert lottery.replay(panel) == [1, 2]


def test_the_seed_is_the_sha256_of_the_canonical_text_whatever_the_key_order():
    shuffled = dict(reversed(list(EXAMPLE.items())))
    text = json.dumps(EXAMPLE, sort_keys=True, separators=(",", ":")).encode()
    assert lottery.seed_of(shuffled) == hashlib.sha256(text).digest()


def test_any_change_of_the_inputs_changes_the_draw():
    results = {
        tuple(lottery.replay({**EXAMPLE, "public_value": str(value)})) for value in range(1, 7)
    }
    assert len(results) > 1
    assert lottery.replay({**EXAMPLE, "requested_at": "2026-03-12T10:15:01Z"}) != [17, 16, 14]


def test_the_blocks_are_sha256_in_counter_mode():
    seed = bytes(range(32))
    blocks = lottery.random_blocks(seed)
    for counter in range(3):
        expected = hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        assert next(blocks) == int.from_bytes(expected, "big")


def test_numbers_above_the_last_multiple_are_dropped():
    too_high = (1 << 256) - 1  # at or above 2^256 - (2^256 mod 3): rejected for n = 3
    assert lottery.uniform_below(iter([too_high, 7]), 3) == 1
    assert lottery.uniform_below(iter([5]), 1) == 0


def test_every_candidate_is_about_as_likely():
    counts = Counter()
    for value in range(3000):
        counts.update(lottery.replay({**EXAMPLE, "public_value": str(value), "count": 1}))
    assert set(counts) == set(EXAMPLE["candidates"])
    assert max(counts.values()) - min(counts.values()) < 110  # 300 expected each


def test_a_draw_never_repeats_a_candidate_and_stops_when_none_is_left():
    selected = lottery.replay({**EXAMPLE, "count": 25})
    assert sorted(selected) == EXAMPLE["candidates"]
    assert lottery.replay({**EXAMPLE, "candidates": [], "count": 2}) == []


def test_tickets_add_up_exactly_and_follow_the_weights():
    tickets = lottery.tickets_from_weights([1 / 3, 1 / 3, 1 / 3])
    assert tickets == [333334, 333333, 333333]
    tickets = lottery.tickets_from_weights([0.7, 0.2, 0.1], total=10)
    assert tickets == [7, 2, 1]


def test_panels_are_drawn_in_proportion_to_their_tickets():
    counts = Counter()
    for value in range(2000):
        inputs = {
            "format": lottery.FORMAT,
            "kind": "panel",
            "panels": [["a"], ["b"]],
            "tickets": [3, 1],
            "public_value": str(value),
        }
        counts[tuple(lottery.replay(inputs))] += 1
    assert 1400 < counts[("a",)] < 1600


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ([], "one JSON object"),
        ({**EXAMPLE, "format": "other/2"}, "format"),
        ({**EXAMPLE, "kind": "lottery"}, "kind"),
        ({**EXAMPLE, "candidates": [1, 1]}, "twice"),
        ({**EXAMPLE, "candidates": ["a", None]}, "list of ids"),
        ({**EXAMPLE, "count": -1}, "count"),
        ({**EXAMPLE, "public_value": 0.5}, "whole numbers"),
        (
            {"format": lottery.FORMAT, "kind": "panel", "panels": [[1]], "tickets": [0]},
            "tickets",
        ),
        ({"format": lottery.FORMAT, "kind": "panel", "panels": [], "tickets": []}, "panels"),
    ],
)
def test_inputs_that_do_not_follow_the_format_are_refused(inputs, message):
    with pytest.raises(lottery.InputsError) as error:
        lottery.replay(inputs)
    assert message in str(error.value)


def test_the_module_runs_alone(tmp_path, capsys):
    path = tmp_path / "draw.json"
    path.write_text(json.dumps(EXAMPLE))
    assert lottery.main([str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == {"selected": [17, 16, 14]}
    path.write_text("{not json")
    assert lottery.main([str(path)]) == 2
    assert "not a JSON file" in capsys.readouterr().err
