"""Sortition from the command line, without the site's database.

`palabre sortition replay FILE.json` prints `{"selected": [...]}` for the published inputs of
a draw (proposals, a panel or a replacement): see docs/sortition.md.

`palabre sortition panel --people PEOPLE.csv --features FEATURES.csv --size N
--method maximin|nash|greedy --json` prints the distribution of panels:
`{"method", "probabilities": {"<id>": p}, "minimum", "panels": [[ids…]…], "weights": […]}`;
`--seed S` adds `"selected"`, the panel drawn from that distribution with the public value
S (the inputs of that draw are written with `--inputs FILE.json`, to replay it). Quotas that
no panel can meet, or files that cannot be read, end with a message and exit status 2.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from palabre.components.sortitions import lottery, selection


class Command(BaseCommand):
    help = "Sortition: replay a published draw; compute a citizen panel's distribution."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        replay = actions.add_parser("replay", help="Replay a draw from its published inputs.")
        replay.add_argument("file", help="The inputs of the draw (JSON), as published.")
        panel = actions.add_parser("panel", help="Compute the distribution of a citizen panel.")
        panel.add_argument("--people", required=True, help="CSV: a column id, one per feature.")
        panel.add_argument("--features", required=True, help="CSV: feature,value,min,max.")
        panel.add_argument("--size", type=int, required=True, help="The panel size.")
        panel.add_argument("--method", choices=selection.METHODS, default="maximin")
        panel.add_argument("--seed", help="A public value: draw the panel with it.")
        panel.add_argument("--inputs", help="Write the inputs of the draw (with --seed) here.")
        panel.add_argument(
            "--greedy-runs",
            type=int,
            default=selection.GREEDY_RUNS,
            help="Runs of the greedy method that estimate its probabilities.",
        )
        panel.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        # Command lines speak the interface's source language, like the other commands.
        with translation.override("en"):
            self._handle(options)

    def _handle(self, options) -> None:
        if options["action"] == "replay":
            try:
                selected = lottery.replay_file(options["file"])
            except lottery.InputsError as error:
                raise CommandError(str(error), returncode=2) from None
            self.stdout.write(json.dumps({"selected": selected}))
            return
        self._panel(options)

    def _read(self, path: str) -> str:
        try:
            return Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}", returncode=2) from None

    def _panel(self, options) -> None:
        if options["greedy_runs"] < 1:
            raise CommandError("--greedy-runs must be at least 1.", returncode=2)
        try:
            quotas = selection.read_quotas(self._read(options["features"]))
            people = selection.read_people(self._read(options["people"]), quotas)
            distribution = selection.compute_distribution(
                people=people,
                quotas=quotas,
                size=options["size"],
                method=options["method"],
                greedy_runs=options["greedy_runs"],
            )
        except (selection.FileError, selection.QuotaError) as error:
            raise CommandError(str(error), returncode=2) from None
        result = distribution.as_contract()
        if options["seed"] is not None:
            inputs = {
                "format": lottery.FORMAT,
                "kind": "panel",
                "panels": result["panels"],
                "tickets": lottery.tickets_from_weights(distribution.weights),
                "public_value": options["seed"],
            }
            result["selected"] = lottery.replay(inputs)
            if options["inputs"]:
                Path(options["inputs"]).write_text(json.dumps(inputs), encoding="utf-8")
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"{distribution.method}: {len(distribution.panels)} panels, "
            f"smallest probability {distribution.minimum:.4f}"
        )
        for person_id, probability in sorted(
            distribution.probabilities.items(), key=lambda item: item[1]
        ):
            self.stdout.write(f"{person_id}\t{probability:.4f}")
        if "selected" in result:
            self.stdout.write("selected: " + ", ".join(result["selected"]))
