from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "motcua.forms"
    label = "forms"
