"""Categories become translated texts, like every text people read: the category each
result had is kept as its text in the organization's default language."""

from django.db import migrations

import palabre.core.translations


def _language(item) -> str:
    return item.component.space.organization.default_locale


def to_translated(apps, schema_editor):
    model = apps.get_model("accountability", "Result")
    items = list(model.objects.exclude(category="").select_related("component__space__organization"))
    for item in items:
        item.category_translated = {_language(item): item.category}
    model.objects.bulk_update(items, ["category_translated"], batch_size=500)


def to_text(apps, schema_editor):
    model = apps.get_model("accountability", "Result")
    items = list(model.objects.select_related("component__space__organization"))
    for item in items:
        names = item.category_translated or {}
        text = names.get(_language(item)) or next(iter(names.values()), "")
        item.category = text[:200]
    model.objects.bulk_update(items, ["category"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="result", name="accountabil_compone_8d4903_idx"),
        migrations.AddField(
            model_name="result",
            name="category_translated",
            field=palabre.core.translations.TranslatedField(
                blank=True, default=dict, max_length_per_language=200, verbose_name="category"
            ),
        ),
        migrations.RunPython(to_translated, to_text),
        migrations.RemoveField(model_name="result", name="category"),
        migrations.RenameField(
            model_name="result", old_name="category_translated", new_name="category"
        ),
    ]
