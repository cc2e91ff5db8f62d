from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "palabre.components.debates"
    label = "debates"

    def ready(self) -> None:
        from palabre.components.debates.models import Debate
        from palabre.moderation import hideable

        # Blocking a participant "with their content" hides the debates they opened.
        hideable.register(Debate, author_field="author")
