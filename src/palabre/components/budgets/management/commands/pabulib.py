"""`palabre pabulib import PATH [--process SLUG] [--host HOST]` and
`palabre pabulib export --budget ID`: participatory-budgeting elections in the Pabulib format.

These commands are a contract for other tools: `import` prints exactly one JSON object on
stdout, `export` prints the `.pb` text; every error is one message on stderr and a non-zero
exit code.
"""

import json
import time
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from palabre.components.budgets.models import Budget
from palabre.components.budgets.pabulib_io import budget_to_election, election_import
from palabre.components.budgets.voting_rules.pabulib import (
    PabulibError,
    UnsupportedVoteType,
    parse_pb,
    write_pb,
)
from palabre.core.models import Organization, OrganizationAdmin


def organization_and_actor(host: str | None):
    """The organization named by `--host`, or the only one, and who acts for it.

    Core services need an actor who administers the organization and record them in the
    action log; a command run by the operator acts as the organization's first
    administrator, the oldest account trusted with it.
    """
    organizations = Organization.objects.all()
    if host:
        organizations = organizations.filter(host=host.strip().lower())
    found = list(organizations[:2])
    if not found:
        raise CommandError(
            f"No organization answers at {host}."
            if host
            else "There is no organization yet: create one first."
        )
    if len(found) > 1:
        raise CommandError("Several organizations exist: choose one with --host.")
    organization = found[0]
    admin = (
        OrganizationAdmin.objects.filter(organization=organization)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    if admin is None:
        raise CommandError(f"{organization.name} has no administrator to act as: add one first.")
    return organization, admin.user


class Command(BaseCommand):
    help = "Import or export participatory-budgeting elections in the Pabulib (.pb) format."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        importer = actions.add_parser("import", help="Import a .pb file as a budget.")
        importer.add_argument("path")
        importer.add_argument("--process", default="", help="Slug of the process to use.")
        importer.add_argument("--host", default=None, help="Host of the organization.")
        importer.add_argument(
            "--projects-only",
            action="store_true",
            help="Import the budget and its projects, not the ballots (to vote on the site).",
        )
        exporter = actions.add_parser("export", help="Write a budget as a .pb file on stdout.")
        exporter.add_argument("--budget", type=int, required=True)

    def handle(self, *args, **options):
        try:
            if options["action"] == "import":
                self._import(options)
            else:
                budget = (
                    Budget.objects.select_related("component__space__organization")
                    .filter(pk=options["budget"])
                    .first()
                )
                if budget is None:
                    raise CommandError(f"There is no budget {options['budget']}.")
                self.stdout.write(write_pb(budget_to_election(budget=budget)), ending="")
        except UnsupportedVoteType as error:
            raise CommandError(
                f"Not supported yet: {error.vote_type} ballots. Only approval elections can "
                "be imported for now."
            ) from error
        except PabulibError as error:
            raise CommandError(f"This is not a valid Pabulib file: {error.message}") from error
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error

    def _import(self, options) -> None:
        path = Path(options["path"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text.") from error
        started = time.perf_counter()
        election = parse_pb(text)
        organization, actor = organization_and_actor(options["host"])
        summary = election_import(
            actor=actor,
            organization=organization,
            election=election,
            process_slug=options["process"],
            projects_only=options["projects_only"],
        )
        self.stderr.write(f"Imported in {time.perf_counter() - started:.1f} s.")
        self.stdout.write(json.dumps(summary))
