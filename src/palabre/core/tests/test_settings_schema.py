import pytest
from django.core.exceptions import ValidationError

from palabre.core.settings_schema import Setting, current_settings, validate_settings
from palabre.core.tests.factories import ComponentFactory, StepFactory


class FakeManifest:
    global_settings = (Setting("limit", "integer", 0, min_value=0, max_value=10),)
    step_settings = (
        Setting("creation_enabled", "boolean", False),
        Setting("supports", "choice", "disabled", choices=(("disabled", ""), ("enabled", ""))),
    )


def test_validate_settings_fills_defaults_for_every_step():
    result = validate_settings(FakeManifest, {}, step_ids=[4, 5], languages=["fr", "en"])
    assert result == {
        "global": {"limit": 0},
        "default_step": {"creation_enabled": False, "supports": "disabled"},
        "steps": {
            "4": {"creation_enabled": False, "supports": "disabled"},
            "5": {"creation_enabled": False, "supports": "disabled"},
        },
    }


def test_validate_settings_reports_each_bad_value_by_key():
    data = {"global": {"limit": 11}, "steps": {"4": {"supports": "sometimes"}}}
    with pytest.raises(ValidationError) as error:
        validate_settings(FakeManifest, data, step_ids=[4], languages=["fr"])
    assert set(error.value.message_dict) == {"global.limit", "steps.4.supports"}


def test_validate_settings_refuses_steps_of_another_space():
    with pytest.raises(ValidationError):
        validate_settings(FakeManifest, {"steps": {"99": {}}}, step_ids=[4], languages=["fr"])


@pytest.mark.django_db
def test_current_settings_follow_the_active_step_else_the_default_step(monkeypatch):
    component = ComponentFactory(manifest_name="pages")
    monkeypatch.setattr(type(component), "manifest", property(lambda self: FakeManifest))
    step1 = StepFactory(space=component.space, position=0)
    step2 = StepFactory(space=component.space, position=1)
    component.settings = {
        "global": {"limit": 3},
        "default_step": {"creation_enabled": True},
        "steps": {
            str(step1.pk): {"creation_enabled": False},
            str(step2.pk): {"supports": "enabled"},
        },
    }
    assert current_settings(component) == {
        "limit": 3,
        "creation_enabled": True,
        "supports": "disabled",
    }
    assert current_settings(component, active_step=step1)["creation_enabled"] is False
    step2_settings = current_settings(component, active_step=step2)
    # Keys a step does not set come from the declared defaults, not from the default step.
    assert step2_settings == {"limit": 3, "creation_enabled": False, "supports": "enabled"}


def test_manifest_check_runs_across_settings_after_each_is_valid():
    class CheckedManifest(FakeManifest):
        @staticmethod
        def check_settings(values):
            return {"global.limit": "Too many"} if values["limit"] > 5 else {}

    with pytest.raises(ValidationError) as error:
        validate_settings(CheckedManifest, {"global": {"limit": 6}}, step_ids=[], languages=["fr"])
    assert error.value.message_dict == {"global.limit": ["Too many"]}
    assert validate_settings(
        CheckedManifest, {"global": {"limit": 5}}, step_ids=[], languages=["fr"]
    )
