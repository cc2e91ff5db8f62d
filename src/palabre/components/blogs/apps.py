from django.apps import AppConfig


class BlogsConfig(AppConfig):
    name = "palabre.components.blogs"
    label = "blogs"
