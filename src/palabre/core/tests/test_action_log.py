"""Every action the code records in the activity log has a registered, translated sentence,
and an update records the fields it changed, not every field it was given."""

import ast
from pathlib import Path

import pytest

from palabre.core import action_log, services
from palabre.core.models import ActionLog
from palabre.core.tests.factories import SpaceFactory, StepFactory

SOURCE = Path(__file__).resolve().parents[2]
# Actions named by an f-string (`f"change_{field}"` of the proposals' bulk changes).
DYNAMIC_ACTIONS = {"change_category", "change_scope"}


def _literals(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _logged_actions() -> dict[str, str]:
    """The action names the code passes to `log_action`, directly or through a helper of its
    module whose parameter becomes the action, with a file that logs each."""
    found: dict[str, str] = {}
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text()
        if "log_action(" not in text:
            continue
        tree = ast.parse(text)
        helpers = {}
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef) or function.name == "log_action":
                continue
            names = [arg.arg for arg in function.args.args + function.args.kwonlyargs]
            for call in ast.walk(function):
                if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "log_action":
                    for keyword in call.keywords:
                        value = keyword.value
                        if (
                            keyword.arg == "action"
                            and isinstance(value, ast.Name)
                            and value.id in names
                        ):
                            helpers[function.name] = (names, value.id)
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "id", getattr(call.func, "attr", ""))
            actions = []
            if name == "log_action":
                actions = [
                    a for k in call.keywords if k.arg == "action" for a in _literals(k.value)
                ]
            elif name in helpers:
                names, parameter = helpers[name]
                position = names.index(parameter)
                if position < len(call.args):
                    actions = _literals(call.args[position])
                actions += [
                    a for k in call.keywords if k.arg == parameter for a in _literals(k.value)
                ]
            for action in actions:
                found.setdefault(action, str(path.relative_to(SOURCE)))
    return found


def test_the_scan_finds_the_actions_of_the_core_and_of_the_apps():
    found = _logged_actions()
    assert {"update", "compute_results", "hide", "answer", "import_members"} <= set(found)


def test_every_logged_action_has_a_sentence():
    missing = {
        action: path
        for action, path in _logged_actions().items()
        if not action_log.is_registered(action)
    }
    missing.update({a: "proposals" for a in DYNAMIC_ACTIONS if not action_log.is_registered(a)})
    assert missing == {}, "register these in the app's log_actions.py"


@pytest.mark.django_db
def test_an_update_records_only_what_changed(admin_user, organization):
    space = SpaceFactory(organization=organization, title={"fr": "Budget 2026"})
    services.space_update(
        actor=admin_user,
        space=space,
        title={"fr": "Budget participatif 2026"},
        subtitle=space.subtitle,
        description=space.description,
    )
    entry = ActionLog.objects.get(action="update", resource_type="space")
    assert entry.data == {"fields": ["title"]}
    step = StepFactory(space=space)
    services.step_update(actor=admin_user, step=step, title=step.title)
    assert ActionLog.objects.get(action="update", resource_type="step").data == {"fields": []}


@pytest.mark.django_db
def test_a_component_update_records_the_settings_it_changed(admin_user, organization):
    from palabre.components.budgets.tests.factories import (
        BudgetsComponentFactory,
        budgets_settings,
    )

    component = BudgetsComponentFactory(space__organization=organization)
    step = StepFactory(space=component.space, title={"fr": "Vote", "en": "Vote"})
    settings = budgets_settings(voting="disabled")
    settings["steps"] = {str(step.pk): {"voting": "finished"}}
    services.component_update(actor=admin_user, component=component, settings=settings)
    entry = ActionLog.objects.get(action="update", resource_type="component")
    assert entry.data["settings"] == [
        {"name": "voting", "step": "default"},
        {"name": "voting", "step": {"fr": "Vote", "en": "Vote"}},
    ]
    assert action_log.sentence(entry).endswith(
        ": Voting (without an active step), Voting (step “Vote”)."
    )


@pytest.mark.django_db
def test_an_unregistered_action_still_reads_as_a_sentence(organization):
    entry = ActionLog.objects.create(
        organization=organization, action="frobnicate", resource_type="space", resource_label="X"
    )
    assert action_log.sentence(entry) == "The platform did “frobnicate” on the space “X”."
