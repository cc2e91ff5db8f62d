from django.db import migrations, models


def create_stamp(apps, schema_editor):
    apps.get_model("core", "StructureStamp").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_moderation_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="StructureStamp",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_stamp, migrations.RunPython.noop),
    ]
