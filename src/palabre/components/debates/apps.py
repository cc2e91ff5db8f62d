from django.apps import AppConfig


class DebatesConfig(AppConfig):
    name = "palabre.components.debates"
    label = "debates"

    def ready(self) -> None:
        from palabre.attachments import registry as attachments
        from palabre.components.debates.models import Debate
        from palabre.moderation import hideable

        # Blocking a participant "with their content" hides the debates they opened.
        hideable.register(Debate, author_field="author")
        # Images and documents the organizers attach (a map, a study, a draft plan).
        attachments.register(Debate)
