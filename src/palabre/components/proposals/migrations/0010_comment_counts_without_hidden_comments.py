"""Comment counts count only the comments readers see: those hidden by moderation before
the counts followed its decisions are taken out once (deleted ones already were)."""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def recount_with_hidden_comments(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Comment = apps.get_model("comments", "Comment")
    Moderation = apps.get_model("moderation", "Moderation")
    Resource = apps.get_model("proposals", "proposal")
    resource_type = ContentType.objects.filter(app_label="proposals", model="proposal").first()
    comment_type = ContentType.objects.filter(app_label="comments", model="comment").first()
    if resource_type is None or comment_type is None:
        return  # a new database: nothing was ever hidden
    hidden = Moderation.objects.filter(content_type=comment_type, hidden_at__isnull=False).values(
        "object_id"
    )
    visible = (
        Comment.objects.filter(
            content_type=resource_type, object_id=OuterRef("pk"), deleted_at__isnull=True
        )
        .exclude(pk__in=hidden)
        .order_by()
        .values("object_id")
        .annotate(visible=Count("pk"))
        .values("visible")
    )
    with_hidden = Comment.objects.filter(content_type=resource_type, pk__in=hidden).values(
        "object_id"
    )
    Resource.objects.filter(pk__in=with_hidden).update(
        comments_count=Coalesce(Subquery(visible), Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0009_search_text"),
        ("comments", "0001_initial"),
        ("moderation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(recount_with_hidden_comments, migrations.RunPython.noop),
    ]
