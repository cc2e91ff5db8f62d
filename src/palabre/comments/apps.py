from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "palabre.comments"
    label = "comments"

    def ready(self) -> None:
        from palabre.comments.models import Comment
        from palabre.comments.services import comments_visibility_changed
        from palabre.moderation import hideable

        # Blocking a participant "with their content" hides their comments too; hiding or
        # showing a comment changes the comment count of its resource.
        hideable.register(
            Comment, author_field="author", on_visibility_change=comments_visibility_changed
        )
