from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "motcua.catalogue"
    label = "catalogue"
    verbose_name = _("Danh mục thủ tục hành chính")

    def ready(self) -> None:
        from motcua.catalogue.models import FeeLine, ProcedureVersion
        from motcua.catalogue.terms import TERMS
        from motcua.core.caching import watch

        watch(TERMS, ProcedureVersion, FeeLine)
