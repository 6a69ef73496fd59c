from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatastoreConfig(AppConfig):
    name = "motcua.datastore"
    label = "datastore"
    verbose_name = _("Kho dữ liệu điện tử")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported in ready(): the app registry is complete; the import hooks the result into the store.
        from motcua.datastore import handlers  # noqa: F401  (registers the dossier event hook)
