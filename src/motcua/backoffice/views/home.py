"""Home of the back office: the officials' work lists, with filters, search and pages (htmx)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.access import official_required
from motcua.catalogue.models import Procedure
from motcua.core import clock
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Channel, Status
from motcua.organisation.permissions import agencies_of

PAGE_SIZE = 20
LISTS: list[tuple[str, Any]] = [
    ("to_receive", _("Chờ tiếp nhận")),
    ("mine", _("Việc của tôi")),
    ("due_soon", _("Sắp đến hạn")),
    ("overdue", _("Quá hạn")),
    ("agency", _("Tất cả hồ sơ của cơ quan")),
]
LIST_NAMES = [name for name, _label in LISTS]


def default_list(user: Any) -> str:
    """Reception officers start on the dossiers waiting for reception, others on their own tasks."""
    if agencies_of(user, {"reception"}):
        return "to_receive"
    if agencies_of(user, {"specialist"}):
        return "mine"
    return "agency"


def filtered(qs: QuerySet[Dossier], params: dict[str, str]) -> QuerySet[Dossier]:
    """Narrow a work list by status, procedure, channel and a search of code, name or ID number."""
    if params["status"] in Status.values:
        qs = qs.filter(status=params["status"])
    if params["procedure"]:
        qs = qs.filter(procedure_version__procedure__code=params["procedure"])
    if params["channel"].isdigit() and int(params["channel"]) in Channel.values:
        qs = qs.filter(channel=int(params["channel"]))
    q = params["q"].strip()
    if q:
        qs = qs.filter(Q(code__icontains=q) | Q(applicant_name__icontains=q) | Q(applicant_id_number=q))
    return qs


@official_required
def home(request: HttpRequest) -> HttpResponse:
    """The work lists (selectors.worklist); htmx requests get only the list."""
    user = request.user
    name = request.GET.get("ds", "")
    if name not in LIST_NAMES:
        name = default_list(user)
    params = {key: request.GET.get(key, "") for key in ("status", "procedure", "channel", "q")}
    qs = filtered(selectors.worklist(user, name), params).select_related("procedure_version__procedure")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    now = clock.now()
    limit = selectors.due_soon_limit(now)
    rows = [{"d": d, "overdue": bool(d.due_at and d.due_at < now and d.status != Status.SUPPLEMENT_REQUESTED),
             "due_soon": bool(d.due_at and now <= d.due_at <= limit)} for d in page.object_list]
    counts = {key: selectors.worklist(user, key).count() for key in LIST_NAMES}
    query = {k: v for k, v in params.items() if v}
    here = request.path

    def url(**extra: Any) -> str:
        return here + "?" + urlencode({**query, **extra})

    context = {
        "lists": [{"name": key, "label": label, "count": counts[key], "url": url(ds=key)} for key, label in LISTS],
        "prev_url": url(ds=name, trang=page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(ds=name, trang=page.next_page_number()) if page.has_next() else "",
        "section": "home",
        "current": name,
        "current_label": dict(LISTS)[name],
        "page": page,
        "rows": rows,
        "params": params,
        "query": query,
        "statuses": Status.choices,
        "channels": Channel.choices,
        "procedures": Procedure.objects.filter(active=True).order_by("code").values_list("code", "name"),
    }
    htmx: Any = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.history_restore_request
    response = render(request, "backoffice/_worklist.html" if partial else "backoffice/home.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
