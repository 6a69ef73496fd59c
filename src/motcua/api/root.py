"""The REST API (django-ninja) under /api/v1/. OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from motcua.api import errors
from motcua.api.auth import AUTH
from motcua.api.json_renderer import Utf8JSONRenderer
from motcua.api.routes import dossiers, me, procedures, steps, tracking, worklists
from motcua.feedback import api as feedback_api
from motcua.notifications import api as notifications_api
from motcua.payments import api as payments_api

api = NinjaAPI(
    title="MotCua API",
    version="1",
    description="Cổng dịch vụ công và Hệ thống một cửa điện tử — REST API. Errors: {code, message, details}.",
    urls_namespace="api-v1",
    docs_url="/docs",
    auth=AUTH,
    renderer=Utf8JSONRenderer(),
)
errors.install(api)
for module in (procedures, dossiers, steps, worklists, tracking, me):
    api.add_router("", module.router)
api.add_router("", payments_api.router)
api.add_router("", notifications_api.router)
api.add_router("", feedback_api.router)
