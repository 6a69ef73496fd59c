"""Home of the back office: the officials' work lists, with filters, search and pages (htmx)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from motcua.backoffice.access import official_required
from motcua.backoffice.paging import page_of
from motcua.backoffice.worklist_rows import worklist_rows
from motcua.catalogue.models import Procedure
from motcua.dossiers import selectors
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Channel, Status

PAGE_SIZE = 20
LISTS: list[tuple[str, Any]] = [
    ("mine", _("Việc của tôi")),
    ("to_receive", _("Chờ tiếp nhận")),
    ("to_return", _("Chờ trả kết quả")),
    ("due_soon", _("Sắp đến hạn")),
    ("overdue", _("Quá hạn")),
    ("agency", _("Đang giải quyết tại cơ quan")),
    ("closed", _("Đã trả / đã kết thúc")),
    ("search", _("Tìm mọi hồ sơ")),
]
LIST_NAMES = [name for name, _label in LISTS]
# Not counted on every page: "search" is every dossier the official may see, open or closed.
UNCOUNTED = {"search"}
# Lists whose rows show when the dossier ended instead of only its due time.
ENDED = {"to_return", "closed", "search"}


def default_list(user: Any) -> str:
    """Every official starts on "Việc của tôi": what waits for them, process steps included."""
    return "mine"


def filtered(qs: QuerySet[Dossier], params: dict[str, str]) -> QuerySet[Dossier]:
    """Narrow a work list by status, procedure, channel and a search of code, name or ID number."""
    if params["status"] in Status.values:
        qs = qs.filter(status=params["status"])
    if params["procedure"]:
        qs = qs.filter(procedure_version__procedure__code=params["procedure"])
    if params["channel"].isdigit() and int(params["channel"]) in Channel.values:
        qs = qs.filter(channel=int(params["channel"]))
    return selectors.matching(qs, params["q"])


@official_required
def home(request: HttpRequest) -> HttpResponse:
    """The work lists (selectors.worklist); htmx requests get only the list."""
    user = request.user
    name = request.GET.get("ds", "")
    if name not in LIST_NAMES:
        name = default_list(user)
    params = {key: request.GET.get(key, "")[:200] for key in ("status", "procedure", "channel", "q")}
    qs = filtered(selectors.worklist(user, name), params).select_related("procedure_version__procedure", "assignee")
    page = page_of(qs, request.GET.get("trang"), PAGE_SIZE)
    rows = worklist_rows(user, list(page.object_list), inbox=name == "mine")
    counts = {key: selectors.worklist(user, key).count() for key in LIST_NAMES if key not in UNCOUNTED}
    query = {k: v for k, v in params.items() if v}
    here = request.path

    def url(**extra: Any) -> str:
        return here + "?" + urlencode({**query, **extra})

    everywhere = None
    if params["q"].strip() and name != "search":
        found = selectors.matching(selectors.worklist(user, "search"), params["q"]).count()
        everywhere = {"url": url(ds="search"), "count": found}
    context = {
        "lists": [{"name": key, "label": label, "count": counts.get(key), "url": url(ds=key)} for key, label in LISTS],
        "prev_url": url(ds=name, trang=page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(ds=name, trang=page.next_page_number()) if page.has_next() else "",
        "section": "home",
        "current": name,
        "current_label": dict(LISTS)[name],
        "inbox": name == "mine",
        "ended": name in ENDED,
        "everywhere": everywhere,
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
