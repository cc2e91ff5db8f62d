from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "palabre.accounts"
    label = "accounts"
