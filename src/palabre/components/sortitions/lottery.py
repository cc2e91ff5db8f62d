"""The published procedure of every draw: from a file of inputs to the selected ids.

This module is plain Python (standard library only) so that anyone can read it, run it
without a Palabre site (`python -m palabre.components.sortitions.lottery FILE.json`, or
`palabre sortition replay FILE.json`) and rewrite it in another language from
docs/sortition.md, which describes the same steps:

1. The inputs are one JSON object (the file a draw page offers). Its canonical form is its
   UTF-8 JSON text with keys sorted, no spaces, non-ASCII characters written as they are;
   numbers are integers only.
2. The seed is the SHA-256 of that canonical text (32 bytes).
3. Random numbers come from SHA-256 in counter mode: block k (k = 0, 1, 2…) is
   SHA-256(seed + k as 8 bytes big-endian), read as a 256-bit unsigned big-endian integer.
   A number below n is drawn from the next block x: if x < 2^256 − (2^256 mod n) the number
   is x mod n, otherwise that block is dropped and the next one tried (rejection sampling,
   so that every number is exactly as likely).
4. `kind` "proposals" or "replacement": `count` ids are drawn from `candidates` one after
   the other: draw i below the number of candidates left, take the i-th one (from 0) out of
   the list, in the list's order. The selected ids are listed in the order they were drawn.
   `kind` "panel": one number r below the sum of `tickets` is drawn, and the selected panel
   is the first one whose tickets, added up in the list's order, exceed r.

Nothing else goes into a draw: whoever has the file gets the same ids.
"""

import hashlib
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any

FORMAT = "palabre-sortition/1"
KINDS = ("proposals", "panel", "replacement")
# Panel distributions are published as whole tickets out of this many, so that the draw
# needs no floating-point number.
TICKETS = 1_000_000
_BLOCK_RANGE = 1 << 256


class InputsError(ValueError):
    """The file of inputs does not follow the published format."""


def canonical_json(inputs: dict) -> bytes:
    """The canonical text of the inputs, whose SHA-256 is the seed."""
    return json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seed_of(inputs: dict) -> bytes:
    return hashlib.sha256(canonical_json(inputs)).digest()


def random_blocks(seed: bytes) -> Iterator[int]:
    """SHA-256 in counter mode: block k is SHA-256(seed ‖ k on 8 bytes, big-endian)."""
    counter = 0
    while True:
        digest = hashlib.sha256(seed + counter.to_bytes(8, "big")).digest()
        yield int.from_bytes(digest, "big")
        counter += 1


def uniform_below(blocks: Iterator[int], n: int) -> int:
    """A number in [0, n), each exactly as likely (blocks above the last multiple of n are
    dropped)."""
    if n <= 0:
        raise InputsError("Cannot draw among nothing.")
    limit = _BLOCK_RANGE - (_BLOCK_RANGE % n)
    for block in blocks:
        if block < limit:
            return block % n
    raise AssertionError("unreachable: the stream of blocks never ends")


def draw_among(seed: bytes, candidates: Sequence, count: int) -> list:
    """`count` candidates drawn one by one without replacement (all of them if fewer)."""
    remaining = list(candidates)
    blocks = random_blocks(seed)
    selected = []
    while remaining and len(selected) < count:
        selected.append(remaining.pop(uniform_below(blocks, len(remaining))))
    return selected


def draw_panel(seed: bytes, panels: Sequence[Sequence], tickets: Sequence[int]) -> list:
    """The panel whose range of tickets holds the number drawn below their sum."""
    number = uniform_below(random_blocks(seed), sum(tickets))
    for panel, count in zip(panels, tickets, strict=True):
        if number < count:
            return list(panel)
        number -= count
    raise AssertionError("unreachable: the number is below the sum of the tickets")


def tickets_from_weights(weights: Sequence[float], total: int = TICKETS) -> list[int]:
    """Whole tickets out of `total`, proportional to `weights` (largest remainders, ties to
    the first), so that a distribution computed in floating point is published exactly."""
    weight_sum = float(sum(weights))
    if weight_sum <= 0:
        raise InputsError("The weights of a distribution must add up to more than zero.")
    shares = [weight * total / weight_sum for weight in weights]
    tickets = [int(share) for share in shares]
    left = total - sum(tickets)
    order = sorted(range(len(shares)), key=lambda index: (-(shares[index] - tickets[index]), index))
    for index in order[:left]:
        tickets[index] += 1
    return tickets


def _check_ids(value: Any, name: str) -> list:
    if not isinstance(value, list) or not all(
        isinstance(item, str) or (isinstance(item, int) and not isinstance(item, bool))
        for item in value
    ):
        raise InputsError(f"“{name}” must be a list of ids (whole numbers or texts).")
    if len(set(value)) != len(value):
        raise InputsError(f"“{name}” lists an id twice.")
    return value


def _check_count(inputs: dict, name: str) -> int:
    value = inputs.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InputsError(f"“{name}” must be a whole number, zero or more.")
    return value


def check_inputs(inputs: Any) -> dict:
    """The inputs if they follow the format; `InputsError` saying what is wrong otherwise."""
    if not isinstance(inputs, dict):
        raise InputsError("The inputs must be one JSON object.")
    if inputs.get("format") != FORMAT:
        raise InputsError(f"“format” must be “{FORMAT}”.")
    kind = inputs.get("kind")
    if kind not in KINDS:
        raise InputsError(f"“kind” must be one of {', '.join(KINDS)}.")

    def no_floats(value: Any) -> None:
        if isinstance(value, float):
            raise InputsError("Numbers in the inputs must be whole numbers.")
        if isinstance(value, dict):
            for item in value.values():
                no_floats(item)
        elif isinstance(value, list):
            for item in value:
                no_floats(item)

    no_floats(inputs)
    if kind == "panel":
        panels = inputs.get("panels")
        tickets = inputs.get("tickets")
        if not isinstance(panels, list) or not panels:
            raise InputsError("“panels” must be a list of panels, each a list of ids.")
        for panel in panels:
            _check_ids(panel, "panels")
        if (
            not isinstance(tickets, list)
            or len(tickets) != len(panels)
            or not all(isinstance(t, int) and not isinstance(t, bool) and t >= 0 for t in tickets)
            or sum(tickets) <= 0
        ):
            raise InputsError("“tickets” must give a whole number, zero or more, to each panel.")
    else:
        _check_ids(inputs.get("candidates"), "candidates")
        _check_count(inputs, "count")
    return inputs


def replay(inputs: dict) -> list:
    """The selected ids of a draw, from its inputs alone."""
    inputs = check_inputs(inputs)
    seed = seed_of(inputs)
    if inputs["kind"] == "panel":
        return draw_panel(seed, inputs["panels"], inputs["tickets"])
    return draw_among(seed, inputs["candidates"], inputs["count"])


def replay_file(path: str) -> list:
    try:
        with open(path, encoding="utf-8") as file:
            inputs = json.load(file)
    except OSError as error:
        raise InputsError(f"Cannot read {path}: {error.strerror or error}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputsError(f"{path} is not a JSON file: {error}.") from None
    return replay(inputs)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m palabre.components.sortitions.lottery FILE.json`: print the selected ids."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write("Usage: python -m palabre.components.sortitions.lottery FILE.json\n")
        return 2
    try:
        selected = replay_file(args[0])
    except InputsError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    sys.stdout.write(json.dumps({"selected": selected}) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
