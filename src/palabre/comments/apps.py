from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "palabre.comments"
    label = "comments"
