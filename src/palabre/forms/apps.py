from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "palabre.forms"
    label = "forms"
    verbose_name = "Forms"

    def ready(self) -> None:
        from palabre.attachments import registry as attachments
        from palabre.forms.models import Answer

        # Files sent in answer to a file question are attachments of that answer. Who may
        # download them is decided by the component that embeds the form (`view` of an
        # answer: its administrators only).
        attachments.register(Answer)
