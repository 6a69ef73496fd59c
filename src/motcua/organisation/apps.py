from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "motcua.organisation"
    label = "organisation"
