from django.apps import AppConfig


class CaptchaConfig(AppConfig):
    name = "palabre.captcha"
    label = "captcha"
