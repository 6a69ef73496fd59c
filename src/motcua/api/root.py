"""The REST API (django-ninja) under /api/v1/."""

from ninja import NinjaAPI

api = NinjaAPI(title="MotCua API", version="1", urls_namespace="api-v1", docs_url="/docs")
