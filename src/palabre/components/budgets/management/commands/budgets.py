"""`palabre budgets results --budget ID --rule greedy|mes --json`: count the cast votes of a
budget with a rule and print the outcome (nothing is stored or published)."""

import json

from django.core.management.base import BaseCommand, CommandError

from palabre.components.budgets.models import Budget
from palabre.components.budgets.selectors import budget_outcome


class Command(BaseCommand):
    help = "Participatory budgets: compute results."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        results = actions.add_parser("results", help="Count the votes of a budget.")
        results.add_argument("--budget", type=int, required=True)
        results.add_argument("--rule", choices=["greedy", "mes"], required=True)
        results.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        budget = Budget.objects.filter(pk=options["budget"]).first()
        if budget is None:
            raise CommandError(f"There is no budget {options['budget']}.")
        outcome, voters = budget_outcome(budget=budget, rule=options["rule"])
        ids = dict(budget.projects.values_list("pk", "external_id"))
        selected = [ids[int(pk)] or str(int(pk)) for pk in outcome.selected]
        cost = outcome.total_cost
        cost = int(cost) if cost == cost.to_integral_value() else float(cost)
        if options["json"]:
            self.stdout.write(
                json.dumps({"rule": options["rule"], "selected": selected, "cost": cost})
            )
            return
        self.stdout.write(
            f"{options['rule']}: {len(selected)} projects selected, cost {cost}, {voters} voters"
        )
        self.stdout.write(", ".join(selected))
