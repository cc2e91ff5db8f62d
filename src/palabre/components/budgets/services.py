"""Writes of the budgets component: baskets and votes, paper ballots, budgets and projects,
CSV import of projects and results.

Votes are where requests race: a double click, two tabs, thousands of voters at once. Every
basket service runs in one transaction that first locks the person's `Order` row (creating it
if needed), so that the steps of one person run one after the other while different people
never wait for each other. Under the "one budget only" workflow the person's user row is
locked first, because that rule spans several orders. Vote counters of projects change in
the same transaction, with F-expressions, so they always equal a recount.
"""

import copy
import csv
import io
from dataclasses import asdict, is_dataclass
from datetime import timedelta
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.components.budgets import tasks
from palabre.components.budgets.component import vote_rule_errors
from palabre.components.budgets.models import (
    Budget,
    BudgetResult,
    Order,
    OrderLine,
    Project,
)
from palabre.components.budgets.money import parse_money
from palabre.core.action_log import changed_fields
from palabre.core.images import image_without_metadata
from palabre.core.mail import organization_url, send_templated_email
from palabre.core.models import Component, User
from palabre.core.money import format_money
from palabre.core.permissions import require
from palabre.core.prepared import Prepared
from palabre.core.queue import enqueue_with_transaction
from palabre.core.services import CsvImportError, component_update, log_action
from palabre.core.settings_schema import current_settings
from palabre.core.translations import clean_translations
from palabre.core.validators import validate_image


# Vote rules -------------------------------------------------------------------
def basket_problems(*, settings, budget: Budget, total: Decimal, count: int) -> list[str]:
    """Why a basket of `count` projects costing `total` cannot be cast (empty: it can)."""
    if vote_rule_errors(settings):
        return [_("Voting is not set up correctly yet. Please tell the organizers.")]
    if count == 0:
        return [_("Your basket is empty: add at least one project.")]
    money = lambda amount: format_money(amount, budget.currency)  # noqa: E731
    problems = []
    rule = settings["vote_rule"]
    if rule in {"minimum_percent", "minimum_projects"} and total > budget.envelope:
        problems.append(
            _("Your basket costs %(total)s, more than the %(envelope)s of the envelope.")
            % {"total": money(total), "envelope": money(budget.envelope)}
        )
    if rule == "minimum_percent":
        percent = settings["minimum_percent"]
        # Compared in whole numbers so that a basket exactly at the threshold is accepted.
        if total * 100 < budget.envelope * percent:
            problems.append(
                _(
                    "Choose projects for at least %(minimum)s (%(percent)s %% of the "
                    "envelope); your basket totals %(total)s."
                )
                % {
                    "minimum": money(budget.envelope * percent / 100),
                    "percent": percent,
                    "total": money(total),
                }
            )
    minimum = {
        "minimum_projects": settings["minimum_projects"],
        "projects_range": settings["min_projects"],
    }.get(rule)
    if minimum is not None and count < minimum:
        problems.append(
            _("Choose at least %(minimum)s projects; your basket has %(count)s.")
            % {"minimum": minimum, "count": count}
        )
    if rule == "projects_range" and count > settings["max_projects"]:
        problems.append(
            _("Choose at most %(maximum)s projects; your basket has %(count)s.")
            % {"maximum": settings["max_projects"], "count": count}
        )
    return problems


def _addition_problem(
    *, settings, budget: Budget, total: Decimal, count: int, project: Project
) -> str | None:
    """Why `project` cannot join a basket of `count` projects costing `total`."""
    rule = settings["vote_rule"]
    if rule in {"minimum_percent", "minimum_projects"} and total + project.cost > budget.envelope:
        return _("This project costs %(cost)s but only %(left)s remain in your basket.") % {
            "cost": format_money(project.cost, budget.currency),
            "left": format_money(budget.envelope - total, budget.currency),
        }
    maximum = settings.get("max_projects")
    if rule == "projects_range" and maximum is not None and count + 1 > maximum:
        return _(
            "Your basket already holds %(maximum)s projects, the most a vote may hold. "
            "Remove one to add this one."
        ) % {"maximum": maximum}
    return None


# Baskets and votes ----------------------------------------------------------------
# The statements every vote runs, compiled once (`palabre.core.prepared`) or written out:
# building them with the ORM cost more than the database took to run them.
_ORDER_LOCKED = Prepared(
    lambda budget, user: Order.objects.select_for_update().filter(budget_id=budget, user_id=user)
)
# Read once the order is locked, never in the same statement: a statement that waited for
# the lock sees the rows of other tables as they were when it started, and would miss a
# line that the transaction holding the lock had just added.
_BASKET_LINES = Prepared(
    lambda order: OrderLine.objects.filter(order_id=order).values_list(
        "project_id", "project__cost"
    )
)
_COUNTERS_LOCKED = Prepared(
    lambda ids: (
        Project.objects.select_for_update(no_key=True)
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk")
    )
)


def _execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _order_stamp(order: Order, *, checked_out: bool = False) -> None:
    """Save the order's `updated_at` (and `checked_out_at` if asked) with one UPDATE."""
    order.updated_at = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    if checked_out:
        _execute(
            f"UPDATE {_table(Order)} SET checked_out_at = %s, updated_at = %s WHERE id = %s",
            [adapt(order.checked_out_at), adapt(order.updated_at), order.pk],
        )
    else:
        _execute(
            f"UPDATE {_table(Order)} SET updated_at = %s WHERE id = %s",
            [adapt(order.updated_at), order.pk],
        )


def _lines_insert(order: Order, projects: list[Project]) -> None:
    """Add `projects` to the basket in one INSERT (the unique pair refuses a duplicate)."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = ", ".join(["(%s, %s, %s)"] * len(projects))
    params = [value for project in projects for value in (order.pk, project.pk, now)]
    _execute(
        f"INSERT INTO {_table(OrderLine)} (order_id, project_id, created_at) VALUES {rows}",
        params,
    )


def _order_insert(*, budget: Budget, user: User) -> Order | None:
    """Open an empty online basket for `user` in `budget`, or None if they have one already.

    One statement: `ON CONFLICT DO NOTHING` on the one-order-per-person pair lets the first
    of two requests at once insert the row, the other waits for it and gets no row back
    (where it would otherwise need a savepoint to survive the refused insert).
    """
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(Order)} (budget_id, user_id, voter_reference, source, "
            "created_at, updated_at) VALUES (%s, %s, '', %s, %s, %s) "
            "ON CONFLICT (budget_id, user_id) DO NOTHING RETURNING id",
            [budget.pk, user.pk, Order.Source.ONLINE, stamp, stamp],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    order = Order(
        id=row[0],
        budget=budget,
        user=user,
        source=Order.Source.ONLINE,
        created_at=now,
        updated_at=now,
    )
    order._state.adding = False
    order._state.db = connection.alias
    return order


def _locked_order(*, budget: Budget, user: User) -> Order:
    """The person's order in `budget`, locked until the end of the transaction, read with
    its basket: `order.basket_lines` lists the (project id, cost) of each line.

    Created on first use (see `_order_insert` for two first requests at once), and then
    `order.created_now` is True.
    """
    order = _ORDER_LOCKED.first(budget=budget.pk, user=user.pk)
    if order is None:
        order = _order_insert(budget=budget, user=user)
        if order is not None:
            order.basket_lines, order.created_now = [], True
            return order
        order = _ORDER_LOCKED.first(budget=budget.pk, user=user.pk)
    order.basket_lines = _BASKET_LINES.rows(order=order.pk)
    order.created_now = False
    return order


def _check_workflow(*, user: User, budget: Budget, settings) -> None:
    """Under "one budget only", a vote cast in another budget closes this one.

    Locking the user row serializes every basket change of the person across budgets, so
    two tabs casting in two budgets at once cannot both succeed.
    """
    if settings["workflow"] != "one":
        return
    User.objects.select_for_update().filter(pk=user.pk).first()
    other = (
        Order.objects.filter(
            budget__component_id=budget.component_id, user=user, checked_out_at__isnull=False
        )
        .exclude(budget=budget)
        .select_related("budget")
        .first()
    )
    if other is not None:
        raise ValidationError(
            _(
                "You have already voted in “%(budget)s”, and this vote lets you choose one "
                "budget only. Cancel that vote first to vote here."
            )
            % {"budget": other.budget}
        )


def order_add_project(*, user: User, project: Project) -> Order:
    """Put `project` in the person's basket of its budget (see `order_add_projects`)."""
    return order_add_projects(user=user, budget=project.budget, projects=[project])


def order_add_projects(*, user: User, budget: Budget, projects: list[Project]) -> Order:
    """Put `projects` in the person's basket of `budget`, all of them or none.

    Projects already in the basket are skipped (a double click changes nothing). Refused once
    the vote is cast, and when a project would break the vote rule: the projects are tried
    in the order given and the first that does not fit is named in the refusal. Filling a
    basket prepares the vote: the verifications required to vote are asked at checkout.
    """
    require(user, "basket", budget)
    if not projects:
        raise ValidationError(_("Choose at least one project to add."))
    if any(project.budget_id != budget.pk for project in projects):
        raise ValidationError(_("This project is not part of this budget."))
    settings = current_settings(budget.component)
    with transaction.atomic():
        _check_workflow(user=user, budget=budget, settings=settings)
        order = _locked_order(budget=budget, user=user)
        if order.is_checked_out:
            raise ValidationError(
                _("You have already voted in this budget. Cancel your vote to change it.")
            )
        lines = order.basket_lines
        held = {project_id for project_id, _cost in lines}
        total = sum((cost for _project, cost in lines), Decimal(0))
        added = []
        for project in projects:
            if project.pk in held:
                continue
            problem = _addition_problem(
                settings=settings, budget=budget, total=total, count=len(held), project=project
            )
            if problem:
                if len(projects) > 1:
                    problem = _("“%(title)s” cannot be added: %(reason)s") % {
                        "title": project,
                        "reason": problem,
                    }
                raise ValidationError(problem)
            held.add(project.pk)
            total += project.cost
            added.append(project)
        if added:
            _lines_insert(order, added)
            if not order.created_now:  # otherwise it was created just now, at this time
                _order_stamp(order)
    return order


def order_remove_project(*, user: User, project: Project) -> Order:
    """Take `project` out of the person's basket (refused once the vote is cast)."""
    budget = project.budget
    require(user, "basket", budget)
    with transaction.atomic():
        order = _locked_order(budget=budget, user=user)
        if order.is_checked_out:
            raise ValidationError(
                _("You have already voted in this budget. Cancel your vote to change it.")
            )
        OrderLine.objects.filter(order=order, project=project).delete()
        order.save(update_fields=["updated_at"])
    return order


def order_checkout(*, user: User, budget: Budget) -> Order:
    """Cast the person's basket as their vote, if it follows the vote rule exactly.

    Casting twice (a double click on "Vote") counts once. The voter gets a summary by email
    once the vote is saved.
    """
    require(user, "vote", budget)
    settings = current_settings(budget.component)
    with transaction.atomic():
        _check_workflow(user=user, budget=budget, settings=settings)
        order = _locked_order(budget=budget, user=user)
        if order.is_checked_out:
            return order
        lines = order.basket_lines
        total = sum((cost for _project, cost in lines), Decimal(0))
        problems = basket_problems(settings=settings, budget=budget, total=total, count=len(lines))
        if problems:
            raise ValidationError(problems)
        order.checked_out_at = timezone.now()
        _order_stamp(order, checked_out=True)
        _count_votes([project_id for project_id, _cost in lines], 1)
        # The summary is written by a worker, outside the vote's transaction and request.
        enqueue_with_transaction(
            tasks.send_vote_summary,
            order_id=order.pk,
            project_ids=[project_id for project_id, _cost in lines],
        )
    return order


def _count_votes(project_ids, delta: int) -> None:
    """Add `delta` to the vote counters of these projects.

    Many votes change the same counters at once. Each transaction first locks the rows in
    the order of their ids, so that two of them wait for each other instead of each holding a
    row the other needs (a deadlock, which the database breaks by failing one vote). The lock
    is the one an update takes ("no key"): it lets baskets that add these projects at the
    same time check that they exist. Where the database has no row locks (SQLite), writers
    take turns anyway.
    """
    ids = sorted({int(pk) for pk in project_ids})
    if not ids:
        return
    if connection.features.has_select_for_update:
        _COUNTERS_LOCKED.rows(ids=ids)
    marks = ", ".join(["%s"] * len(ids))
    _execute(
        f"UPDATE {_table(Project)} SET votes_count = votes_count + %s WHERE id IN ({marks})",
        [delta, *ids],
    )


def vote_summary_send(*, order_id: int, project_ids: list[int]) -> bool:
    """Email the voter of `order_id` the projects of the vote they cast (`project_ids`).

    Run by a worker after the vote is saved. Nothing is sent when the order or the account
    is gone by then.
    """
    order = (
        Order.objects.filter(pk=order_id, user__isnull=False, user__deleted_at__isnull=True)
        .select_related("user", "budget__component__space__organization")
        .first()
    )
    if order is None:
        return False
    user, budget = order.user, order.budget
    projects = list(Project.objects.filter(pk__in=project_ids).order_by("position", "pk"))
    total = sum((project.cost for project in projects), Decimal(0))
    organization = budget.component.space.organization
    send_templated_email(
        to=user.email,
        subject_template="budgets/email/vote_subject.txt",
        body_template="budgets/email/vote_body.txt",
        context={
            "user": user,
            "budget": budget,
            # Amounts are written out by the template, in the voter's language.
            "projects": projects,
            "total": total,
            "organization": organization,
            "budget_url": organization_url(organization, budget.get_absolute_url()),
        },
        language=user.locale or organization.default_locale,
        organization=organization,
    )
    return True


def order_cancel(*, user: User, budget: Budget) -> Order:
    """Withdraw a cast vote while voting is open; the order becomes a basket again."""
    require(user, "vote", budget)
    with transaction.atomic():
        order = _locked_order(budget=budget, user=user)
        if not order.is_checked_out:
            raise ValidationError(_("You have not voted in this budget."))
        order.checked_out_at = None
        order.save(update_fields=["checked_out_at", "updated_at"])
        _count_votes([project_id for project_id, _cost in order.basket_lines], -1)
    return order


# Reminders ------------------------------------------------------------------------
REMINDER_INTERVAL = timedelta(hours=24)


def basket_reminders_request(*, actor: User, component: Component) -> None:
    """Ask for a reminder round: people with an unfinished basket get one email each, sent
    by a background task once this commits."""
    from palabre.components.budgets.tasks import send_basket_reminders

    require(actor, "admin", component)
    if current_settings(component)["voting"] != "open":
        raise ValidationError(_("Voting is not open: there is nothing to remind people of."))
    with transaction.atomic():
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="remind_baskets",
            resource=component,
            space=component.space,
        )
        transaction.on_commit(lambda: send_basket_reminders.enqueue(component_id=component.pk))


def basket_reminders_send(*, component: Component) -> int:
    """Send one reminder to each person with a non-empty basket not cast yet, in the budgets
    of `component` while its voting is open; returns how many people were written to.

    Baskets reminded less than a day ago are skipped, and the baskets written about are
    marked in the same transaction that reads them, under row locks: two rounds at once
    (a double click, two administrators) never write twice to the same person.
    """
    if current_settings(component)["voting"] != "open":
        return 0
    now = timezone.now()
    with transaction.atomic():
        orders = list(
            Order.objects.select_for_update(of=("self",))
            .filter(
                budget__component=component,
                user__isnull=False,
                user__is_active=True,
                user__deleted_at__isnull=True,
                user__blocked_at__isnull=True,
                checked_out_at__isnull=True,
            )
            .filter(Exists(OrderLine.objects.filter(order=OuterRef("pk"))))
            .exclude(reminded_at__gt=now - REMINDER_INTERVAL)
            .select_related("user", "budget")
            .order_by("user_id", "budget__position", "budget_id")
        )
        by_person: dict[int, list[Order]] = {}
        for order in orders:
            by_person.setdefault(order.user_id, []).append(order)
        Order.objects.filter(pk__in=[order.pk for order in orders]).update(reminded_at=now)
        organization = component.space.organization
        for person_orders in by_person.values():
            user = person_orders[0].user
            budgets = []
            for order in person_orders:
                order.budget.component = component
                budgets.append(
                    (order.budget, organization_url(organization, order.budget.get_absolute_url()))
                )
            send_templated_email(
                to=user.email,
                subject_template="budgets/email/reminder_subject.txt",
                body_template="budgets/email/reminder_body.txt",
                context={"user": user, "budgets": budgets, "organization": organization},
                language=user.locale or organization.default_locale,
                organization=organization,
            )
    return len(by_person)


# Paper ballots --------------------------------------------------------------------
def paper_ballot_enter(
    *, actor: User, budget: Budget, voter_reference: str, project_ids: list[int]
) -> Order:
    """Record a paper ballot, checked against the vote rule like an online one.

    `voter_reference` identifies the voter on paper (ballot number, register line): a
    reference already used in this budget — or, under "one budget only", in another budget
    of the component — is refused, so one voter cannot be entered twice. The order keeps
    who entered it and when; the action log keeps the audit trail.
    """
    component = budget.component
    require(actor, "admin", component)
    reference = (voter_reference or "").strip()
    if not reference:
        raise ValidationError({"voter_reference": _("Enter the voter reference.")})
    if len(reference) > 100:
        raise ValidationError({"voter_reference": _("The voter reference is too long.")})
    wanted = set(project_ids)
    settings = current_settings(component)
    duplicate = ValidationError(
        {
            "voter_reference": _("The voter reference “%(reference)s” has already been entered.")
            % {"reference": reference}
        }
    )
    with transaction.atomic():
        # Paper entries of one budget are few: one at a time is simplest and exact.
        Budget.objects.select_for_update().get(pk=budget.pk)
        projects = list(budget.projects.filter(pk__in=wanted))
        if len(projects) != len(wanted):
            raise ValidationError({"projects": _("Some chosen projects are not in this budget.")})
        total = sum((p.cost for p in projects), Decimal(0))
        problems = basket_problems(
            settings=settings, budget=budget, total=total, count=len(projects)
        )
        if problems:
            raise ValidationError({"projects": problems})
        used = Order.objects.filter(voter_reference=reference, budget=budget)
        if settings["workflow"] == "one":
            used = Order.objects.filter(voter_reference=reference, budget__component=component)
        if used.exists():
            raise duplicate
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    budget=budget,
                    voter_reference=reference,
                    source=Order.Source.PAPER,
                    entered_by=actor,
                    checked_out_at=timezone.now(),
                )
        except IntegrityError as error:
            raise duplicate from error
        OrderLine.objects.bulk_create([OrderLine(order=order, project=p) for p in projects])
        _count_votes(wanted, 1)
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="paper_ballot",
            resource=budget,
            space=component.space,
            data={"voter_reference": reference, "projects": sorted(wanted), "order": order.pk},
        )
    return order


# Budgets --------------------------------------------------------------------------
def _clean_budget_fields(component: Component, fields: dict) -> dict:
    organization = component.space.organization
    languages = organization.locales
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}
    specs = {
        "title": {
            "required_language": organization.default_locale,
            "max_length": 200,
            "field_label": _("Title"),
        },
        "description": {"rich": True, "field_label": _("Description")},
        "scope": {"max_length": 200, "field_label": _("District or scope")},
    }
    for key, options in specs.items():
        if key in fields:
            try:
                cleaned[key] = clean_translations(fields[key], languages=languages, **options)
            except ValidationError as error:
                errors[key] = error.messages
    if "envelope" in fields:
        try:
            cleaned["envelope"] = parse_money(fields["envelope"], label=_("The envelope"))
        except ValidationError as error:
            errors["envelope"] = error.messages
    if "currency" in fields:
        default = component.space.organization.currency
        currency = str(fields["currency"] or default).strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            errors["currency"] = [_("Enter a three-letter currency code, such as EUR.")]
        cleaned["currency"] = currency
    unknown = set(fields) - set(specs) - {"envelope", "currency"}
    if unknown:
        raise ValueError(f"Not a budget field: {sorted(unknown)}")
    if errors:
        raise ValidationError(errors)
    return cleaned


def budget_create(*, actor: User, component: Component, **fields: Any) -> Budget:
    """Add a budget (an envelope and its projects) at the end of the component's budgets."""
    require(actor, "admin", component)
    cleaned = _clean_budget_fields(component, fields)
    if "title" not in cleaned or "envelope" not in cleaned:
        raise ValidationError(_("A budget needs a title and an envelope."))
    cleaned.setdefault("currency", component.space.organization.currency)
    with transaction.atomic():
        Component.objects.select_for_update().get(pk=component.pk)
        last = Budget.objects.filter(component=component).aggregate(m=Max("position"))["m"]
        budget = Budget.objects.create(
            component=component, position=0 if last is None else last + 1, **cleaned
        )
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="create",
            resource=budget,
            space=component.space,
        )
    return budget


def budget_update(*, actor: User, budget: Budget, **fields: Any) -> Budget:
    component = budget.component
    require(actor, "admin", component)
    cleaned = _clean_budget_fields(component, fields)
    with transaction.atomic():
        locked = Budget.objects.select_for_update().get(pk=budget.pk)
        changed = changed_fields(locked, cleaned)
        for key, value in cleaned.items():
            setattr(locked, key, value)
        locked.save()
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="update",
            resource=locked,
            space=component.space,
            data={"fields": changed},
        )
    locked.component = component
    return locked


def budget_delete(*, actor: User, budget: Budget) -> None:
    """Remove a budget; refused once anyone has voted in it, so no vote disappears."""
    component = budget.component
    require(actor, "admin", component)
    with transaction.atomic():
        if Order.objects.filter(budget=budget, checked_out_at__isnull=False).exists():
            raise ValidationError(_("People have voted in this budget: it cannot be removed."))
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="delete",
            resource=budget,
            space=component.space,
        )
        budget.delete()


# Projects -------------------------------------------------------------------------
PROJECT_FIELDS = {
    "title",
    "description",
    "cost",
    "category",
    "address",
    "latitude",
    "longitude",
    "external_id",
}


def _parse_coordinate(value, *, label: str, limit: int) -> Decimal | None:
    text = str(value if value is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except ArithmeticError as error:
        raise ValidationError(_("%(label)s must be a number.") % {"label": label}) from error
    if not number.is_finite() or abs(number) > limit:
        raise ValidationError(
            _("%(label)s must be between -%(limit)s and %(limit)s.")
            % {"label": label, "limit": limit}
        )
    return number.quantize(Decimal("0.000001"))


def project_fields_clean(budget: Budget, fields: dict, image=None) -> dict:
    """Validate project fields all at once, so that a form or an import line shows all its
    errors; shared by the forms, the CSV import and the Pabulib import."""
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise ValueError(f"Not a project field: {sorted(unknown)}")
    organization = budget.component.space.organization
    languages = organization.locales
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}
    for key, options in {
        "title": {
            "required_language": organization.default_locale,
            "max_length": 300,
            "field_label": _("Title"),
        },
        "description": {"rich": True, "field_label": _("Description")},
        # A category given as plain text (a file's column) is in the default language.
        "category": {"max_length": 200, "field_label": _("Category")},
    }.items():
        if key in fields:
            try:
                cleaned[key] = clean_translations(fields[key], languages=languages, **options)
            except ValidationError as error:
                errors[key] = error.messages
    if "cost" in fields:
        try:
            cleaned["cost"] = parse_money(fields["cost"], label=_("The cost"))
        except ValidationError as error:
            errors["cost"] = error.messages
    for key, label, limit in (
        ("latitude", _("The latitude"), 90),
        ("longitude", _("The longitude"), 180),
    ):
        if key in fields:
            try:
                cleaned[key] = _parse_coordinate(fields[key], label=label, limit=limit)
            except ValidationError as error:
                errors[key] = error.messages
    if ("latitude" in cleaned or "longitude" in cleaned) and (
        (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None)
    ):
        errors.setdefault("longitude", []).append(
            _("Give both the latitude and the longitude, or neither.")
        )
    for key, limit in (("address", 300), ("external_id", 64)):
        if key in fields:
            cleaned[key] = str(fields[key] or "").strip()
            if len(cleaned[key]) > limit:
                errors[key] = [_("At most %(max)s characters.") % {"max": limit}]
    if image is not None:
        try:
            validate_image(image)
            # Stored without its metadata (a photo's EXIF may tell where it was taken).
            cleaned["image"] = image_without_metadata(image)
        except ValidationError as error:
            errors["image"] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_external_id(budget: Budget, external_id: str, exclude_pk=None) -> None:
    if (
        external_id
        and budget.projects.filter(external_id=external_id).exclude(pk=exclude_pk).exists()
    ):
        raise ValidationError(
            {"external_id": _("Another project of this budget has this identifier.")}
        )


def project_create(
    *, actor: User, budget: Budget, image: UploadedFile | None = None, **fields: Any
) -> Project:
    """Add a project at the end of the budget's projects."""
    component = budget.component
    require(actor, "admin", component)
    cleaned = project_fields_clean(budget, fields, image)
    if "title" not in cleaned or "cost" not in cleaned:
        raise ValidationError(_("A project needs a title and a cost."))
    with transaction.atomic():
        Budget.objects.select_for_update().get(pk=budget.pk)
        _check_external_id(budget, cleaned.get("external_id", ""))
        last = budget.projects.aggregate(m=Max("position"))["m"]
        project = Project(budget=budget, position=0 if last is None else last + 1, **cleaned)
        project.save()
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="create",
            resource=project,
            space=component.space,
        )
    return project


def project_update(
    *,
    actor: User,
    project: Project,
    image: UploadedFile | None = None,
    remove_image: bool = False,
    **fields: Any,
) -> Project:
    budget = project.budget
    component = budget.component
    require(actor, "admin", component)
    cleaned = project_fields_clean(budget, fields, image)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        _check_external_id(budget, cleaned.get("external_id", ""), exclude_pk=locked.pk)
        changed = changed_fields(locked, cleaned)
        for key, value in cleaned.items():
            setattr(locked, key, value)
        if image is None and remove_image and locked.image:
            locked.image = None
            changed = sorted({*changed, "image"})
        locked.save()
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="update",
            resource=locked,
            space=component.space,
            data={"fields": changed},
        )
    locked.budget = budget
    return locked


def project_delete(*, actor: User, project: Project) -> None:
    """Remove a project; refused once it has votes, so that no cast vote changes."""
    component = project.budget.component
    require(actor, "admin", component)
    with transaction.atomic():
        if OrderLine.objects.filter(project=project, order__checked_out_at__isnull=False).exists():
            raise ValidationError(_("People have voted for this project: it cannot be removed."))
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="delete",
            resource=project,
            space=component.space,
        )
        project.delete()


MAX_PROJECT_CSV_BYTES = 2 * 1024 * 1024


def projects_import_csv(*, actor: User, budget: Budget, data: bytes) -> int:
    """Add the projects of a CSV file to `budget`; returns how many.

    Columns: `title_<language>` and `description_<language>` for the organization's
    languages, `cost`, and optionally `category_<language>` (or `category`, in the default
    language), `address`, `latitude`, `longitude`.
    All or nothing: if any line is wrong nothing is imported, and every wrong line is
    reported with its number.
    """
    component = budget.component
    require(actor, "admin", component)
    if len(data) > MAX_PROJECT_CSV_BYTES:
        raise ValidationError(_("The file is too large (at most 2 MB)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    reader.fieldnames = [name.strip().lower() for name in (reader.fieldnames or [])]
    organization = component.space.organization
    required = {f"title_{organization.default_locale}", "cost"}
    missing = sorted(required - set(reader.fieldnames))
    if missing:
        raise ValidationError(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    errors: list[tuple[int, str]] = []
    rows: list[dict] = []
    for row in reader:
        line = reader.line_num
        values = {
            "title": {code: row.get(f"title_{code}") or "" for code in organization.locales},
            "description": {
                code: row.get(f"description_{code}") or "" for code in organization.locales
            },
            "category": {
                code: row.get(f"category_{code}")
                or (row.get("category") if code == organization.default_locale else "")
                or ""
                for code in organization.locales
            },
            **{key: row.get(key) or "" for key in ("cost", "address", "latitude", "longitude")},
        }
        try:
            rows.append(project_fields_clean(budget, values))
        except ValidationError as error:
            for messages in error.message_dict.values():
                errors.extend((line, message) for message in messages)
    if not rows and not errors:
        errors.append((1, _("the file lists no project.")))
    if errors:
        raise CsvImportError(errors)
    with transaction.atomic():
        Budget.objects.select_for_update().get(pk=budget.pk)
        last = budget.projects.aggregate(m=Max("position"))["m"]
        start = 0 if last is None else last + 1
        Project.objects.bulk_create(
            [Project(budget=budget, position=start + i, **row) for i, row in enumerate(rows)]
        )
        log_action(
            actor=actor,
            organization=organization,
            action="import_projects",
            resource=budget,
            space=component.space,
            data={"projects": len(rows)},
        )
    return len(rows)


# Results --------------------------------------------------------------------------
def _jsonable(value):
    """Explanations of the counting rules as plain JSON: exact numbers become text."""
    if is_dataclass(value):
        return {key: _jsonable(item) for key, item in asdict(value).items()}
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | Fraction):
        return str(value)
    return value


def budget_result_compute(*, result: BudgetResult) -> BudgetResult:
    """Count the cast votes with the rule of `result`, a result still computing, and store
    the outcome in it (not published).

    Runs in a background task: the Method of Equal Shares can take seconds on a large city.
    A result already counted is left as it is, so that a task run twice counts once.
    """
    from palabre.components.budgets.selectors import budget_outcome

    if result.status != BudgetResult.Status.COMPUTING:
        return result
    outcome, voters = budget_outcome(budget=result.budget, rule=result.rule)
    with transaction.atomic():
        locked = BudgetResult.objects.select_for_update().get(pk=result.pk)
        if locked.status != BudgetResult.Status.COMPUTING:
            return locked
        locked.status = BudgetResult.Status.READY
        locked.voters = voters
        locked.selected_projects = [int(pk) for pk in outcome.selected]
        locked.total_cost = outcome.total_cost
        # Stored by project id as pages know it ("9", not the padded id the rule saw).
        locked.explanations = {
            str(int(key)): {**explanation, "project_id": str(int(key))}
            for key, explanation in _jsonable(outcome.explanations).items()
        }
        locked.summary = _jsonable(outcome.mes) if outcome.mes is not None else {}
        locked.save()
    return locked


def budget_result_fail(*, result: BudgetResult) -> None:
    """Mark a count that raised as failed, so that the page stops saying "computing…"."""
    BudgetResult.objects.filter(pk=result.pk, status=BudgetResult.Status.COMPUTING).update(
        status=BudgetResult.Status.FAILED
    )


def budget_result_request(*, actor: User, budget: Budget, rule: str) -> BudgetResult:
    """Ask for the results of `rule`: a result marked "computing" now, counted in the
    background once this commits."""
    from palabre.components.budgets.tasks import compute_budget_result

    component = budget.component
    require(actor, "admin", component)
    if rule not in BudgetResult.Rule.values:
        raise ValidationError(_("Unknown counting rule."))
    with transaction.atomic():
        result = BudgetResult.objects.create(
            budget=budget, rule=rule, computed_by=actor, status=BudgetResult.Status.COMPUTING
        )
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="compute_results",
            resource=budget,
            space=component.space,
            data={"rule": rule, "result": result.pk},
        )
        transaction.on_commit(lambda: compute_budget_result.enqueue(result_id=result.pk))
    return result


def _finish_voting(*, actor: User, component: Component) -> None:
    """Set voting to "finished" in the step whose settings are in force (the active step, or
    the default step of a space without one), through the core's settings service, which
    validates and logs the change."""
    settings = copy.deepcopy(component.settings or {})
    step = component.space.steps.filter(active=True).first()
    if step is None:
        values = settings.setdefault("default_step", {})
    else:
        values = settings.setdefault("steps", {}).setdefault(str(step.pk), {})
    values["voting"] = "finished"
    component_update(actor=actor, component=component, settings=settings)


def budget_result_publish(
    *, actor: User, result: BudgetResult, finish_voting: bool = False
) -> BudgetResult:
    """Make `result` the published one of its budget, shown on the public results page, and
    mark its projects selected.

    Results are not published while people may still vote (they would sway the vote):
    `finish_voting=True` closes the vote of the step in force first, in the same transaction.
    """
    budget = result.budget
    component = budget.component
    require(actor, "admin", component)
    if not result.is_ready:
        raise ValidationError(_("Only a result that has been counted can be published."))
    if current_settings(component).voting == "open" and not finish_voting:
        raise ValidationError(
            _(
                "Voting is still open: results are published once it is finished. Finish "
                "voting and publish, or wait for the end of the vote."
            ),
            code="voting_open",
        )
    with transaction.atomic():
        if finish_voting:
            _finish_voting(actor=actor, component=component)
        Budget.objects.select_for_update().get(pk=budget.pk)
        BudgetResult.objects.filter(budget=budget, published_at__isnull=False).update(
            published_at=None
        )
        result.published_at = timezone.now()
        result.save(update_fields=["published_at"])
        budget.projects.update(selected=False)
        budget.projects.filter(pk__in=result.selected_projects).update(selected=True)
        log_action(
            actor=actor,
            organization=component.space.organization,
            action="publish_results",
            resource=budget,
            space=component.space,
            data={"rule": result.rule, "result": result.pk},
        )
    return result
