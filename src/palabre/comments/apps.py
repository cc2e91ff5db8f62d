from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "palabre.comments"
    label = "comments"

    def ready(self) -> None:
        from palabre.comments.models import Comment
        from palabre.moderation import hideable

        # Blocking a participant "with their content" hides their comments too.
        hideable.register(Comment, author_field="author")
