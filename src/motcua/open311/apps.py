from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "motcua.open311"
    label = "open311"
