"""The REST API (django-ninja) under /api/v1/. OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from typing import Any

from ninja import NinjaAPI

from motcua.api import errors
from motcua.api.auth import AUTH
from motcua.api.json_renderer import Utf8JSONRenderer
from motcua.api.routes import (
    datastore,
    dossiers,
    feedback,
    me,
    notifications,
    payments,
    procedures,
    steps,
    tracking,
    verification,
    worklists,
)

# Operation ids are published (docs/api/openapi.json, client generators name methods by them).
# django-ninja derives them from the view's module; these routers lived in their domain app
# before they moved under api/routes/, and keep the ids of their old module.
PUBLISHED_MODULE: dict[str, str] = {
    payments.__name__: "motcua.payments.api",
    notifications.__name__: "motcua.notifications.api",
    feedback.__name__: "motcua.feedback.api",
}


class MotCuaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        module = str(operation.view_func.__module__)
        return (PUBLISHED_MODULE.get(module, module) + "_" + str(operation.view_func.__name__)).replace(".", "_")


api = MotCuaAPI(
    title="MotCua API",
    version="1",
    description="Cổng dịch vụ công và Hệ thống một cửa điện tử — REST API. Errors: {code, message, details}.",
    urls_namespace="api-v1",
    docs_url="/docs",
    auth=AUTH,
    renderer=Utf8JSONRenderer(),
)
errors.install(api)
for module in (
    procedures,
    dossiers,
    steps,
    worklists,
    tracking,
    verification,
    me,
    payments,
    notifications,
    feedback,
    datastore,
):
    api.add_router("", module.router)
