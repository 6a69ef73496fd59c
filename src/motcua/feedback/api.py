"""REST endpoints of the feedback app (mounted under /api/v1/ in motcua.api.root)."""

from ninja import Router

router = Router(tags=["feedback"])
