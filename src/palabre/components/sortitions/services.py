"""Writes of the sortitions component: draws of proposals and citizen panels.

Every function checks that the person may administer the component, validates everything
before writing, writes in one transaction (locking the row a second request could change at
the same time) and leaves an entry in the action log. A draw, once made, is never changed:
it can only be cancelled with a reason, and stays visible.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.components.sortitions import lottery, selection
from palabre.components.sortitions.models import (
    Panel,
    ProposalDraw,
    Quota,
    Replacement,
    Volunteer,
)
from palabre.components.sortitions.selectors import draw_candidate_ids
from palabre.core.models import Component, User
from palabre.core.permissions import require
from palabre.core.queue import enqueue_with_transaction
from palabre.core.services import log_action
from palabre.core.translations import clean_translations
from palabre.core.validation import FieldErrors, clean_title_and_body

DRAWN_EVENT = "sortitions.drawn"
CANCELLED_EVENT = "sortitions.cancelled"
PUBLIC_VALUE_MAX = 200


def _request_time():
    """(now, the time of the request as published): the next whole second, so that every
    candidate read now was published before the published time."""
    now = timezone.now()
    stamp = now.replace(microsecond=0)
    return now, stamp + timedelta(seconds=1) if stamp < now else stamp


def _clean_public_value(value, errors: FieldErrors, *, required: bool) -> str:
    value = (value or "").strip()
    if len(value) > PUBLIC_VALUE_MAX:
        errors.add(
            "public_value",
            _("The public value is too long (at most %(max)d characters).")
            % {"max": PUBLIC_VALUE_MAX},
        )
    elif required and not value:
        errors.add("public_value", _("Enter the public value."))
    return value


def _notify_on_commit(*, event: str, target, actor: User) -> None:
    """Followers of the target and of its space learn about it once the change is saved."""
    from palabre.notifications.services import notify_followers

    transaction.on_commit(lambda: notify_followers(event=event, target=target, actor=actor))


# Draws of proposals ---------------------------------------------------------------
def _draw(draw: ProposalDraw) -> None:
    """Fill in the seed and the selected ids from the published inputs."""
    inputs = draw.inputs()
    draw.seed = lottery.seed_of(inputs).hex()
    draw.selected = lottery.replay(inputs)
    draw.drawn_at = timezone.now()


def draw_create(
    *,
    actor: User,
    component: Component,
    title: dict,
    proposals_component: Component,
    count: int,
    description: dict | None = None,
    category=None,
    scope=None,
    value_source: dict | None = None,
    public_value: str = "",
) -> ProposalDraw:
    """Publish a draw of `count` proposals among the candidates of `proposals_component` (a
    proposals component of the same space), optionally of one category or scope.

    The candidates are those at the time of the request, which is part of the inputs. With a
    `public_value` (fixed in advance, in public) the draw is made at once; without it the
    draw waits for `draw_enter_value`, its candidates already published.
    """
    require(actor, "admin", component)
    organization = component.space.organization
    errors = FieldErrors()
    cleaned = clean_title_and_body(organization, errors=errors, title=title, body=description)
    with errors.collect("value_source"):
        cleaned["value_source"] = clean_translations(
            value_source,
            languages=organization.locales,
            max_length=500,
            field_label=_("Where the public value comes from"),
        )
    if (
        proposals_component is None
        or proposals_component.manifest_name != "proposals"
        or proposals_component.space_id != component.space_id
    ):
        errors.add("proposals_component", _("Choose a proposals component of this space."))
    elif category is not None and category.component_id != proposals_component.pk:
        errors.add("category", _("This category belongs to another component."))
    elif scope is not None and scope.component_id != proposals_component.pk:
        errors.add("scope", _("This scope belongs to another component."))
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        errors.add("count", _("Draw at least one proposal."))
    public_value = _clean_public_value(public_value, errors, required=False)
    errors.raise_if_any()
    with transaction.atomic():
        now, requested_at = _request_time()
        candidates = draw_candidate_ids(
            proposals_component=proposals_component, category=category, scope=scope, before=now
        )
        if not candidates:
            raise ValidationError(
                {"proposals_component": [_("There is no proposal to draw among.")]}
            )
        if count > len(candidates):
            raise ValidationError(
                {
                    "count": [
                        _("There are only %(candidates)d candidates: draw %(candidates)d at most.")
                        % {"candidates": len(candidates)}
                    ]
                }
            )
        draw = ProposalDraw(
            component=component,
            title=cleaned["title"],
            description=cleaned["body"],
            proposals_component=proposals_component,
            category=category,
            scope=scope,
            count=count,
            value_source=cleaned["value_source"],
            public_value=public_value,
            requested_at=requested_at,
            candidates=candidates,
            created_by=actor,
        )
        if public_value:
            _draw(draw)
        draw.save()
        log_action(
            actor=actor,
            action="create_draw",
            resource=draw,
            space=component.space,
            data={"candidates": len(candidates), "count": count, "selected": draw.selected},
        )
        if draw.is_drawn:
            _notify_on_commit(event=DRAWN_EVENT, target=draw, actor=actor)
    return draw


def draw_enter_value(*, actor: User, draw: ProposalDraw, public_value: str) -> ProposalDraw:
    """Enter the public value of a draw that waits for it, which makes the draw."""
    component = draw.component
    require(actor, "admin", component)
    errors = FieldErrors()
    public_value = _clean_public_value(public_value, errors, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        locked = ProposalDraw.objects.select_for_update().get(pk=draw.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This draw was cancelled."))
        if locked.is_drawn:
            raise ValidationError(_("This draw was already made; it cannot be made again."))
        locked.component = component
        locked.public_value = public_value
        _draw(locked)
        locked.save()
        log_action(
            actor=actor,
            action="make_draw",
            resource=locked,
            space=component.space,
            data={"public_value": public_value, "selected": locked.selected},
        )
        _notify_on_commit(event=DRAWN_EVENT, target=locked, actor=actor)
    return locked


def draw_cancel(*, actor: User, draw: ProposalDraw, reason: dict) -> ProposalDraw:
    """Cancel a draw with a reason; it stays listed, marked cancelled, with its inputs."""
    component = draw.component
    require(actor, "admin", component)
    organization = component.space.organization
    errors = FieldErrors()
    with errors.collect("reason"):
        reason = clean_translations(
            reason,
            languages=organization.locales,
            required_language=organization.default_locale,
            max_length=1000,
            field_label=_("Reason"),
        )
    errors.raise_if_any()
    with transaction.atomic():
        locked = ProposalDraw.objects.select_for_update().get(pk=draw.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This draw is already cancelled."))
        locked.component = component
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason
        locked.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
        log_action(
            actor=actor,
            action="cancel_draw",
            resource=locked,
            space=component.space,
            data={"reason": reason},
        )
        _notify_on_commit(event=CANCELLED_EVENT, target=locked, actor=actor)
    return locked


# Citizen panels ---------------------------------------------------------------------
POOL_MAX = 10_000
FILE_MAX_BYTES = 2_000_000
GREEDY_RUNS_SETTING = "PALABRE_SORTITION_GREEDY_RUNS"


def _require_not_frozen(panel: Panel) -> None:
    if panel.is_frozen:
        raise ValidationError(
            _(
                "This panel's distribution is published: its pool, quotas and size can no "
                "longer change."
            )
        )


def _results_forgotten(panel: Panel) -> None:
    """A change of the pool, the quotas, the size or the method makes the computed
    distribution stale: it is forgotten, to be computed again."""
    panel.status = Panel.Status.DRAFT
    panel.progress, panel.progress_at, panel.error, panel.computed_at = "", None, "", None
    panel.probabilities, panel.minimum, panel.panels, panel.weights, panel.tickets = (
        {}, None, [], [], [],
    )  # fmt: skip
    panel.greedy_probabilities, panel.greedy_minimum, panel.greedy_runs = {}, None, 0


def _clean_panel_fields(component: Component, *, title, description, size, method) -> dict:
    errors = FieldErrors()
    cleaned = clean_title_and_body(
        component.space.organization, errors=errors, title=title, body=description
    )
    if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 1000:
        errors.add("size", _("The panel size must be between 1 and 1,000."))
    if method not in Panel.Method.values:
        errors.add("method", _("Choose maximin or Nash."))
    errors.raise_if_any()
    return {"title": cleaned["title"], "description": cleaned["body"], "size": size,
            "method": method}  # fmt: skip


def panel_create(
    *,
    actor: User,
    component: Component,
    title: dict,
    size: int,
    method: str = Panel.Method.MAXIMIN,
    description: dict | None = None,
) -> Panel:
    """A new citizen panel, being prepared (seen by the space's staff only)."""
    require(actor, "admin", component)
    cleaned = _clean_panel_fields(
        component, title=title, description=description, size=size, method=method
    )
    with transaction.atomic():
        panel = Panel.objects.create(component=component, created_by=actor, **cleaned)
        log_action(actor=actor, action="create_panel", resource=panel, space=component.space)
    return panel


def _locked_panel(panel: Panel) -> Panel:
    locked = Panel.objects.select_for_update().get(pk=panel.pk)
    locked.component = panel.component
    return locked


def panel_update(
    *, actor: User, panel: Panel, title: dict, description: dict, size: int, method: str
) -> Panel:
    """Change a panel's texts, size and method; a new size or method forgets the computed
    distribution. The size and method of a published panel cannot change."""
    component = panel.component
    require(actor, "admin", component)
    cleaned = _clean_panel_fields(
        component, title=title, description=description, size=size, method=method
    )
    with transaction.atomic():
        locked = _locked_panel(panel)
        if (size, method) != (locked.size, locked.method):
            _require_not_frozen(locked)
            _results_forgotten(locked)
        for key, value in cleaned.items():
            setattr(locked, key, value)
        locked.save()
        log_action(actor=actor, action="update_panel", resource=locked, space=component.space)
    return locked


def _read_upload(upload, errors: FieldErrors, field: str) -> str:
    if upload is None:
        errors.add(field, _("Choose a CSV file."))
        return ""
    if upload.size > FILE_MAX_BYTES:
        errors.add(field, _("The file is too large (2 MB at most)."))
        return ""
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.add(field, _("The file must be CSV text in UTF-8."))
        return ""


def panel_import_quotas(*, actor: User, panel: Panel, upload) -> int:
    """Replace the panel's quotas with a CSV file `feature,value,min,max` (one row per
    category); returns how many there are now."""
    component = panel.component
    require(actor, "admin", component)
    errors = FieldErrors()
    text = _read_upload(upload, errors, "file")
    errors.raise_if_any()
    try:
        quotas = selection.read_quotas(text)
    except selection.FileError as error:
        raise ValidationError({"file": [str(error)]}) from None
    with transaction.atomic():
        locked = _locked_panel(panel)
        _require_not_frozen(locked)
        locked.quotas.all().delete()
        Quota.objects.bulk_create(
            Quota(panel=locked, feature=q.feature, value=q.value, minimum=q.minimum,
                  maximum=q.maximum, position=index)
            for index, q in enumerate(quotas)
        )  # fmt: skip
        _results_forgotten(locked)
        locked.save()
        log_action(
            actor=actor, action="import_quotas", resource=locked, space=component.space,
            data={"quotas": len(quotas)},
        )  # fmt: skip
    return len(quotas)


def panel_set_quotas(*, actor: User, panel: Panel, limits: dict[int, tuple[int, int]]) -> None:
    """Set the minimum and maximum of quotas of the panel: {quota id: (min, max)}."""
    component = panel.component
    require(actor, "admin", component)
    quotas = {quota.pk: quota for quota in panel.quotas.all()}
    errors = FieldErrors()
    for quota_id, (minimum, maximum) in limits.items():
        quota = quotas.get(quota_id)
        if quota is None:
            errors.add("quotas", _("This quota belongs to another panel."))
        elif not 0 <= minimum <= maximum:
            errors.add(
                f"quota_{quota_id}",
                _("%(quota)s: the minimum must be between 0 and the maximum.")
                % {"quota": f"{quota.feature} = {quota.value}"},
            )
    errors.raise_if_any()
    with transaction.atomic():
        locked = _locked_panel(panel)
        _require_not_frozen(locked)
        for quota_id, (minimum, maximum) in limits.items():
            Quota.objects.filter(pk=quota_id, panel=locked).update(minimum=minimum, maximum=maximum)
        _results_forgotten(locked)
        locked.save()
        log_action(actor=actor, action="set_quotas", resource=locked, space=component.space)


def panel_import_volunteers(*, actor: User, panel: Panel, upload) -> int:
    """Replace the imported pool with a CSV file: a column `name`, a column `contact`
    (optional), and one column per feature (every other column but `id`). Each volunteer
    gets a new pseudonymous number, random and unique in the panel; people who volunteered
    on the site stay. Returns the number of people imported."""
    component = panel.component
    require(actor, "admin", component)
    errors = FieldErrors()
    text = _read_upload(upload, errors, "file")
    errors.raise_if_any()
    try:
        headers, rows = selection.csv_rows(text, ("name",), _("volunteers"))
    except selection.FileError as error:
        raise ValidationError({"file": [str(error)]}) from None
    features = [name for name in headers if name and name not in ("id", "name", "contact")]
    problems = []
    if not features:
        problems.append(_("The file has no feature column (gender, age band, district…)."))
    if len(rows) > POOL_MAX:
        problems.append(_("A pool holds %(max)d volunteers at most.") % {"max": POOL_MAX})
    for line, row in enumerate(rows, start=2):
        if len(problems) >= 5:
            break
        if not row["name"]:
            problems.append(_("Line %(line)d: the name is empty.") % {"line": line})
        elif len(row["name"]) > 200 or len(row.get("contact", "")) > 254:
            problems.append(
                _("Line %(line)d: the name or the contact is too long.") % {"line": line}
            )
        missing = [feature for feature in features if not row.get(feature)]
        if missing:
            problems.append(
                _("Line %(line)d: no value for %(features)s.")
                % {"line": line, "features": ", ".join(missing)}
            )
    if not rows:
        problems.append(_("The file has nobody in it."))
    if problems:
        raise ValidationError({"file": problems})
    with transaction.atomic():
        locked = _locked_panel(panel)
        _require_not_frozen(locked)
        # People who volunteered on the site stay in the pool, with their numbers.
        locked.volunteers.filter(source=Volunteer.Source.IMPORT).delete()
        taken = set(locked.volunteers.values_list("number", flat=True))
        if len(rows) + len(taken) > POOL_MAX:
            raise ValidationError(
                {"file": [_("A pool holds %(max)d volunteers at most.") % {"max": POOL_MAX}]}
            )
        numbers = [
            number
            for number in secrets.SystemRandom().sample(
                range(100_000, 1_000_000), len(rows) + len(taken)
            )
            if number not in taken
        ][: len(rows)]
        Volunteer.objects.bulk_create(
            (
                Volunteer(
                    panel=locked,
                    number=number,
                    name=row["name"],
                    contact=row.get("contact", ""),
                    features={feature: row[feature][:100] for feature in features},
                )
                for number, row in zip(numbers, rows, strict=True)
            ),
            batch_size=500,
        )
        _results_forgotten(locked)
        locked.save()
        log_action(
            actor=actor, action="import_volunteers", resource=locked, space=component.space,
            data={"volunteers": len(rows), "features": features},
        )  # fmt: skip
    return len(rows)


def _selection_inputs(panel: Panel) -> tuple[dict, list]:
    """The pool as {number: features} (values matched to the quotas' without regard to
    case) and the quotas, as `selection` takes them."""
    quotas = [selection.Quota(q.feature, q.value, q.minimum, q.maximum) for q in panel.quotas.all()]
    known = {(q.feature, q.value.casefold()): q.value for q in quotas}
    features = list(dict.fromkeys(q.feature for q in quotas))
    people = {}
    for number, values in panel.volunteers.order_by("id").values_list("number", "features"):
        people[number] = {
            feature: known.get((feature, (values.get(feature) or "").casefold()),
                               values.get(feature) or "")
            for feature in features
        }  # fmt: skip
    return people, quotas


def panel_compute_request(*, actor: User, panel: Panel) -> Panel:
    """Ask for the distribution: the panel says "computing" now and a background task
    computes it. Quotas that counting alone shows impossible are refused at once."""
    from palabre.components.sortitions.tasks import compute_panel

    component = panel.component
    require(actor, "admin", component)
    people, quotas = _selection_inputs(panel)
    try:
        selection.check_quotas(people, quotas, panel.size)
    except selection.QuotaError as error:
        raise ValidationError(str(error)) from None
    with transaction.atomic():
        locked = _locked_panel(panel)
        _require_not_frozen(locked)
        if locked.status == Panel.Status.COMPUTING:
            raise ValidationError(_("The distribution is being computed already."))
        if locked.call_open:
            raise ValidationError(
                _("Close the call for volunteers first: the pool must not change meanwhile.")
            )
        _results_forgotten(locked)
        locked.status = Panel.Status.COMPUTING
        locked.progress = _("Waiting for a worker…")
        locked.progress_at = timezone.now()
        locked.save()
        log_action(
            actor=actor, action="compute_panel", resource=locked, space=component.space,
            data={"method": locked.method, "volunteers": len(people)},
        )  # fmt: skip
        enqueue_with_transaction(compute_panel, panel_id=locked.pk)
    return locked


def _progress_message(panel: Panel, runs: int):
    def say(stage: str, count: int) -> None:
        if stage == "greedy":
            message = _("Greedy method, for comparison: run %(run)d of %(runs)d") % {
                "run": count,
                "runs": runs,
            }
        else:
            message = _("%(method)s distribution: step “%(stage)s”, iteration %(count)d") % {
                "method": panel.method,
                "stage": stage,
                "count": count,
            }
        Panel.objects.filter(pk=panel.pk, status=Panel.Status.COMPUTING).update(
            progress=message[:255], progress_at=timezone.now()
        )

    return say


def panel_compute(*, panel: Panel, greedy_runs: int | None = None) -> Panel:
    """Compute a panel's distribution (its method, then the greedy method on the same pool)
    and store it, not published. Runs in a background task; a panel no longer "computing"
    is left as it is, so that a task run twice computes once. Quotas no panel can meet
    leave the panel "failed" with a message naming them."""
    from django.conf import settings

    if panel.status != Panel.Status.COMPUTING:
        return panel
    runs = greedy_runs or getattr(settings, GREEDY_RUNS_SETTING, selection.GREEDY_RUNS)
    people, quotas = _selection_inputs(panel)
    say = _progress_message(panel, runs)
    try:
        fair = selection.compute_distribution(
            people=people, quotas=quotas, size=panel.size, method=panel.method, progress=say
        )
        greedy = selection.compute_distribution(
            people=people, quotas=quotas, size=panel.size, method="greedy", progress=say,
            greedy_runs=runs,
        )  # fmt: skip
    except selection.QuotaError as error:
        Panel.objects.filter(pk=panel.pk, status=Panel.Status.COMPUTING).update(
            status=Panel.Status.FAILED, error=str(error), progress=""
        )
        panel.refresh_from_db()
        return panel
    with transaction.atomic():
        locked = _locked_panel(panel)
        if locked.status != Panel.Status.COMPUTING:
            return locked
        locked.status = Panel.Status.COMPUTED
        locked.progress, locked.error = "", ""
        locked.computed_at = timezone.now()
        locked.probabilities = {str(n): p for n, p in fair.probabilities.items()}
        locked.minimum = fair.minimum
        # Published with ascending numbers, the panels in ascending order of their numbers.
        distribution = sorted(
            (sorted(members), weight)
            for members, weight in zip(fair.panels, fair.weights, strict=True)
        )
        locked.panels = [members for members, _weight in distribution]
        locked.weights = [weight for _members, weight in distribution]
        locked.tickets = lottery.tickets_from_weights(locked.weights)
        locked.greedy_probabilities = {str(n): p for n, p in greedy.probabilities.items()}
        locked.greedy_minimum = greedy.minimum
        locked.greedy_runs = greedy.runs
        locked.save()
    return locked


def panel_compute_fail(*, panel: Panel) -> None:
    """Mark a computation that raised as failed, so that the page stops saying
    "computing…"."""
    Panel.objects.filter(pk=panel.pk, status=Panel.Status.COMPUTING).update(
        status=Panel.Status.FAILED,
        error=_(
            "The computation stopped unexpectedly. Try again; if it fails again, tell the "
            "platform's operators."
        ),
        progress="",
    )


def panel_publish(*, actor: User, panel: Panel, value_source: dict | None = None) -> Panel:
    """Publish a computed distribution: every volunteer's probability under their
    pseudonymous number, the panels and their tickets. The pool, quotas and size are frozen
    from then on; `value_source` says where the public value of the final draw will come
    from."""
    component = panel.component
    require(actor, "admin", component)
    organization = component.space.organization
    errors = FieldErrors()
    with errors.collect("value_source"):
        value_source = clean_translations(
            value_source, languages=organization.locales, max_length=500,
            field_label=_("Where the public value comes from"),
        )  # fmt: skip
    errors.raise_if_any()
    with transaction.atomic():
        locked = _locked_panel(panel)
        if locked.status != Panel.Status.COMPUTED:
            raise ValidationError(_("Only a computed distribution can be published."))
        locked.status = Panel.Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.value_source = value_source
        locked.save()
        log_action(actor=actor, action="publish_panel", resource=locked, space=component.space)
    return locked


def panel_draw(*, actor: User, panel: Panel, public_value: str) -> Panel:
    """Draw the final panel from the published distribution with the public value and the
    time of the request; it can be made once."""
    component = panel.component
    require(actor, "admin", component)
    errors = FieldErrors()
    public_value = _clean_public_value(public_value, errors, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        locked = _locked_panel(panel)
        if locked.status == Panel.Status.DRAWN:
            raise ValidationError(_("This panel was already drawn; it cannot be drawn again."))
        if locked.status != Panel.Status.PUBLISHED:
            raise ValidationError(_("Publish the distribution before drawing the panel."))
        _now, locked.requested_at = _request_time()
        locked.public_value = public_value
        inputs = locked.inputs()
        locked.seed = lottery.seed_of(inputs).hex()
        locked.selected = lottery.replay(inputs)
        locked.drawn_at = timezone.now()
        locked.status = Panel.Status.DRAWN
        locked.save()
        log_action(
            actor=actor, action="draw_panel", resource=locked, space=component.space,
            data={"public_value": public_value, "selected": locked.selected},
        )  # fmt: skip
        _notify_on_commit(event=DRAWN_EVENT, target=locked, actor=actor)
    return locked


def panel_members(panel: Panel, replacements: list | None = None) -> list[int]:
    """The numbers of the panel's members now: the drawn panel with each replacement made,
    in order."""
    members = list(panel.selected)
    for replacement in panel.replacements.all() if replacements is None else replacements:
        members[members.index(replacement.declined)] = replacement.replacement
    return members


def replacement_candidates(panel: Panel, members: list[int], declined: int) -> list[int]:
    """The volunteers (ascending numbers) who can take the place of `declined` with every
    quota still met: not a member, not someone who declined before."""
    people, quotas = _selection_inputs(panel)
    counts = {(q.feature, q.value): 0 for q in quotas}
    for member in members:
        for feature, value in people[member].items():
            counts[(feature, value)] = counts.get((feature, value), 0) + 1
    limits = {(q.feature, q.value): (q.minimum, q.maximum) for q in quotas}
    gone = {r.declined for r in panel.replacements.all()} | {declined}
    leaving = people[declined]

    def keeps_quotas(values: dict) -> bool:
        for feature, value in values.items():
            old = leaving[feature]
            if value == old:
                continue
            if counts[(feature, old)] - 1 < limits[(feature, old)][0]:
                return False
            if counts[(feature, value)] + 1 > limits[(feature, value)][1]:
                return False
        return True

    candidates = [
        number
        for number in sorted(set(people) - set(members) - gone)
        if keeps_quotas(people[number])
    ]
    return candidates


def panel_replace(*, actor: User, panel: Panel, declined: int, public_value: str) -> Replacement:
    """Draw a replacement for the member `declined` (a pseudonymous number) among the
    volunteers who keep every quota met, with the public value and the time of the request,
    and publish it."""
    component = panel.component
    require(actor, "admin", component)
    errors = FieldErrors()
    public_value = _clean_public_value(public_value, errors, required=True)
    errors.raise_if_any()
    with transaction.atomic():
        locked = _locked_panel(panel)
        if locked.status != Panel.Status.DRAWN:
            raise ValidationError(_("Replacements come after the final draw."))
        members = panel_members(locked)
        if declined not in members:
            raise ValidationError(_("Number %(number)s is not a member of the panel.")
                                  % {"number": declined})  # fmt: skip
        candidates = replacement_candidates(locked, members, declined)
        if not candidates:
            raise ValidationError(
                _(
                    "No volunteer can take the place of number %(number)s with every quota "
                    "still met."
                )
                % {"number": declined}
            )
        _now, requested_at = _request_time()
        replacement = Replacement(
            panel=locked,
            declined=declined,
            replacement=0,
            members=sorted(members),
            candidates=candidates,
            public_value=public_value,
            requested_at=requested_at,
            created_by=actor,
        )
        inputs = replacement.inputs()
        replacement.seed = lottery.seed_of(inputs).hex()
        replacement.replacement = lottery.replay(inputs)[0]
        replacement.save()
        log_action(
            actor=actor, action="replace_member", resource=locked, space=component.space,
            data={"declined": declined, "replacement": replacement.replacement},
        )  # fmt: skip
    return replacement


def _email_address(contact: str) -> str:
    from django.core.validators import validate_email

    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact


def panel_numbers_send(*, actor: User, panel: Panel) -> int:
    """Email each volunteer whose contact is an email address their pseudonymous number,
    the only way they can find themselves in what is published. Volunteers already sent
    their number are left out, so that a second click sends nothing twice. Returns how
    many emails go out (once the transaction commits)."""
    from palabre.core.mail import organization_url, send_templated_email

    component = panel.component
    require(actor, "admin", component)
    organization = component.space.organization
    sent = 0
    with transaction.atomic():
        locked = _locked_panel(panel)
        volunteers = list(locked.volunteers.filter(number_sent_at__isnull=True))
        addressed = [(v, _email_address(v.contact)) for v in volunteers]
        addressed = [(v, address) for v, address in addressed if address]
        for volunteer, address in addressed:
            send_templated_email(
                to=address,
                subject_template="sortitions/email/number_subject.txt",
                body_template="sortitions/email/number_body.txt",
                context={
                    "volunteer": volunteer,
                    "panel": locked,
                    "organization": organization,
                    "url": organization_url(organization, locked.get_absolute_url()),
                },
                language=organization.default_locale,
                organization=organization,
            )
            sent += 1
        Volunteer.objects.filter(pk__in=[v.pk for v, _address in addressed]).update(
            number_sent_at=timezone.now()
        )
        log_action(
            actor=actor, action="send_numbers", resource=locked, space=component.space,
            data={"emails": sent},
        )  # fmt: skip
    return sent
