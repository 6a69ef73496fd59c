"""REST endpoints of the notifications app (mounted under /api/v1/ in motcua.api.root)."""

from ninja import Router

router = Router(tags=["notifications"])
