from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "palabre.moderation"
    label = "moderation"
