import django.db.models.deletion
from django.db import migrations, models

import palabre.core.translations


def scopes_from_texts(apps, schema_editor):
    """Each distinct scope text of a component becomes one of its scopes (named in the
    organization's default language), and its proposals point at it."""
    Proposal = apps.get_model("proposals", "Proposal")
    Scope = apps.get_model("proposals", "Scope")
    found: dict[tuple[int, str], int] = {}
    proposals = (
        Proposal.objects.exclude(scope_text="")
        .select_related("component__space__organization")
        .order_by("pk")
    )
    for proposal in proposals.iterator():
        text = proposal.scope_text.strip()
        if not text:
            continue
        key = (proposal.component_id, text.lower())
        if key not in found:
            language = proposal.component.space.organization.default_locale
            found[key] = Scope.objects.create(
                component_id=proposal.component_id,
                name={language: text[:100]},
                position=sum(1 for component, _ in found if component == key[0]),
            ).pk
        Proposal.objects.filter(pk=proposal.pk).update(scope_id=found[key])


def texts_from_scopes(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    for proposal in Proposal.objects.filter(scope__isnull=False).select_related("scope"):
        name = next((text for text in proposal.scope.name.values() if text), "")
        Proposal.objects.filter(pk=proposal.pk).update(scope_text=name[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_moderation_fields"),
        ("proposals", "0003_proposal_author"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="comments_closed",
            field=models.BooleanField(default=False, verbose_name="comments closed"),
        ),
        migrations.CreateModel(
            name="Scope",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    palabre.core.translations.TranslatedField(
                        default=dict, max_length_per_language=100, verbose_name="name"
                    ),
                ),
                ("position", models.PositiveIntegerField(default=0)),
                (
                    "component",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="proposal_scopes",
                        to="core.component",
                    ),
                ),
            ],
            options={
                "verbose_name": "scope",
                "verbose_name_plural": "scopes",
                "ordering": ["position", "id"],
            },
        ),
        # The free text scope becomes a choice among the component's scopes.
        migrations.RenameField(model_name="proposal", old_name="scope", new_name="scope_text"),
        migrations.AddField(
            model_name="proposal",
            name="scope",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="proposals",
                to="proposals.scope",
            ),
        ),
        migrations.RunPython(scopes_from_texts, texts_from_scopes),
        migrations.RemoveField(model_name="proposal", name="scope_text"),
    ]
