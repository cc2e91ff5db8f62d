"""Display conditions: whether a question applies, given the answers to earlier ones.

A condition looks at one earlier question (its source): answered, not answered, has an
option among its choices, has not, or has a text (the answer, or the text specifying a
choice) matching a pattern, case-insensitively. An item shows when all its mandatory
conditions hold; when it has no mandatory condition, when any of its optional ones holds.
A source that is itself hidden, or whose answer is wrong, counts as not answered.
"""

import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from palabre.forms.models import ConditionKind, FormCondition, FormItem

PATTERN_MAX_LENGTH = 200


@lru_cache(maxsize=512)
def compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def clean_pattern(pattern: str) -> str:
    """A pattern an administrator typed, checked: a valid regular expression, not too long."""
    pattern = (pattern or "").strip()
    if not pattern:
        raise ValidationError(_("Enter the pattern the answer must match."))
    if len(pattern) > PATTERN_MAX_LENGTH:
        raise ValidationError(
            _("The pattern is too long: at most %(max)d characters.") % {"max": PATTERN_MAX_LENGTH}
        )
    try:
        compiled(pattern)
    except re.error as error:
        raise ValidationError(
            _("This pattern is not a valid regular expression: %(reason)s.") % {"reason": error}
        ) from error
    return pattern


def condition_holds(condition: FormCondition, values: dict) -> bool:
    """`values`: the cleaned answers of the questions shown so far, by question id."""
    value = values.get(condition.source_id)
    if condition.kind == ConditionKind.ANSWERED:
        return value is not None
    if condition.kind == ConditionKind.NOT_ANSWERED:
        return value is None
    if value is None:
        return False
    if condition.kind == ConditionKind.EQUAL:
        return condition.option_id in value.option_ids
    if condition.kind == ConditionKind.NOT_EQUAL:
        return condition.option_id not in value.option_ids
    if condition.kind == ConditionKind.MATCH:
        try:
            pattern = compiled(condition.pattern)
        except re.error:
            return False
        return any(pattern.search(text) for text in value.texts)
    return False


def item_visible(item: FormItem, values: dict) -> bool:
    conditions = item.condition_list
    if not conditions:
        return True
    mandatory = [condition for condition in conditions if condition.mandatory]
    if mandatory:
        return all(condition_holds(condition, values) for condition in mandatory)
    return any(condition_holds(condition, values) for condition in conditions)


def conditions_data(item: FormItem) -> dict:
    """The item's conditions as the page's script reads them (a data attribute)."""
    return {
        "mandatory": [_condition_data(c) for c in item.condition_list if c.mandatory],
        "optional": [_condition_data(c) for c in item.condition_list if not c.mandatory],
    }


def _condition_data(condition: FormCondition) -> dict:
    return {
        "source": condition.source_id,
        "kind": condition.kind,
        "option": condition.option_id,
        "pattern": condition.pattern,
    }
