from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "motcua.catalogue"
    label = "catalogue"
    verbose_name = _("Danh mục thủ tục hành chính")

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete, and the import registers what it declares.
        from motcua.catalogue.models import FeeLine, ProcedureVersion
        from motcua.catalogue.terms import TERMS
        from motcua.core.caching import watch

        watch(TERMS, ProcedureVersion, FeeLine)
