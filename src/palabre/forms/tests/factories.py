"""Forms built directly in the database for tests (the services are tested on their own)."""

from django.utils import timezone

from palabre.forms.models import Form, FormCondition, FormItem, FormOption, FormRow


def touch(form: Form) -> None:
    """Mark the form changed, as the services do: copies kept in memory are not used."""
    form.updated_at = timezone.now()
    Form.objects.filter(pk=form.pk).update(updated_at=form.updated_at)


def form_create(organization, component=None, **fields) -> Form:
    return Form.objects.create(organization=organization, component=component, **fields)


def add_item(form: Form, kind: str, body: str = "", *, options=(), rows=(), **fields) -> FormItem:
    """An item at the end of the form; `options` are texts (a text ending in "…" asks for a
    precision: "Other…"), `rows` the rows of a grid."""
    position = form.items.count()
    item = FormItem.objects.create(
        form=form,
        kind=kind,
        position=position,
        body={"fr": body or f"Question {position + 1}", "en": body or f"Question {position + 1}"},
        **fields,
    )
    for index, text in enumerate(options):
        FormOption.objects.create(
            item=item,
            body={"fr": text.rstrip("…"), "en": text.rstrip("…")},
            free_text=text.endswith("…"),
            position=index,
        )
    for index, text in enumerate(rows):
        FormRow.objects.create(item=item, body={"fr": text, "en": text}, position=index)
    touch(form)
    return item


def add_condition(item, source, kind, *, option=None, pattern="", mandatory=True):
    condition = FormCondition.objects.create(
        item=item, source=source, kind=kind, option=option, pattern=pattern, mandatory=mandatory
    )
    touch(item.form)
    return condition


def option_of(item, text: str) -> FormOption:
    return item.options.get(body__en=text)


def row_of(item, text: str) -> FormRow:
    return item.rows.get(body__en=text)


KINDS_CYCLE = (
    ("short_answer", {}),
    ("long_answer", {"max_characters": 500}),
    ("single_choice", {"options": ["Bus", "Vélo", "Autre…"]}),
    ("multiple_choice", {"options": ["A", "B", "C"], "max_choices": 2}),
    ("ranking", {"options": ["Un", "Deux", "Trois"]}),
    ("grid_single", {"options": ["Oui", "Non"], "rows": ["Lundi", "Mardi"]}),
    ("grid_multiple", {"options": ["Matin", "Soir"], "rows": ["Lundi", "Mardi"]}),
    ("scale", {"scale_max": 5}),
    ("file", {}),
    ("title", {}),
)


def big_form(organization, count: int, component=None) -> Form:
    """A form of `count` items cycling through every type, every third question depending
    on the one before it."""
    from palabre.forms.models import ConditionKind

    form = form_create(organization, component)
    previous = None
    for index in range(count):
        kind, fields = KINDS_CYCLE[index % len(KINDS_CYCLE)]
        item = add_item(form, kind, f"Question {index + 1}", **fields)
        if previous is not None and item.is_question and index % 3 == 0:
            add_condition(item, previous, ConditionKind.ANSWERED, mandatory=False)
        if item.is_question:
            previous = item
    return form


def respond(form: Form, data: dict, respondent: str, *, user=None, files=None, locale="fr"):
    """A response through the engine's checks and service."""
    from palabre.forms.selectors import form_load
    from palabre.forms.services import response_create
    from palabre.forms.validation import submission_clean

    loaded = form_load(form)
    submission = submission_clean(loaded, data, files)
    assert submission.is_valid, submission.errors
    return response_create(
        loaded=loaded, submission=submission, respondent=respondent, user=user, locale=locale
    )
