from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "palabre.notifications"
    label = "notifications"
