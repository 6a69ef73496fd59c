"""Every URL pattern of the site, and who looks at it: the inventory the layout tests walk.

Each pattern of the URLconf (``motcua.urls`` and the modules it includes) is
- in ``CITIZEN_PAGES``: public and citizen pages, checked on a 360 px phone (test_layout_every_page),
- and/or in ``OFFICIAL_PAGES``: officials' pages, checked on a 1280 px desktop (same module),
- or in ``EXCLUDED``: not a page a person looks at (a POST that redirects, a PDF, a fragment), with the reason,
- or under one of ``EXCLUDED_PREFIXES`` (the admin, the JSON/XML APIs). tests/web/test_page_inventory.py
fails when a pattern is in none (a new page nobody checks) or a listed one no longer exists; the
browser tests fail when a page of their list was not visited.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

EXCLUDED_PREFIXES: dict[str, str] = {
    "admin/": "Django admin: tests/e2e/test_backoffice_admin.py",
    "api/v1/": "JSON API (tests/api; OpenAPI in docs/api)",
    "open311/v2/": "Open311 GeoReport v2 API, JSON and XML (tests/open311)",
    "lgsp/": "the data-sharing gateway's incoming services: JSON and files, server to server (tests/exchange)",
    "i18n/": "Django's set_language view: a POST that redirects (the language switch in every page's header)",
}

EXCLUDED: dict[str, str] = {
    "favicon.ico": "a redirect to a static file",
    "buu-chinh/webhook/<str:operator>": "the postal operator's status webhook: JSON, server to server (tests/postal)",
    "buu-chinh/xa/": "the communes of a province as JSON for the address select (tests/postal)",
    "buu-chinh/ho-so/<str:code>/chuyen-phat/": "creates a delivery order: a POST that redirects (tests/postal)",
    "buu-chinh/don/<int:order_id>/gui-lai/": "re-sends a postal order: a POST that redirects (tests/postal)",
    "csdl/dong-y/<int:consent_id>/rut/": "withdraws a register lookup consent: a POST that redirects to the "
    "account page (tests/registers)",
    "dvcqg/ho-so": "the national portal's dossier push: JSON, server to server (tests/national_portal)",
    "dvcqg/ket-qua/<int:doc_id>/<str:signature>": "a result file for the national portal (tests/national_portal)",
    "dvcqg/dong-bo/<int:sync_id>/gui-lai/": "re-sends a sync message: a POST that redirects (tests/national_portal)",
    "dang-xuat/": "log out: a POST that redirects",
    "oidc/login/": "starts the e-ID login: redirects to the provider or back to the login page (tests/accounts/vneid, "
    "tests/e2e/test_eid_login.py)",
    "oidc/callback/": "the e-ID provider's return: redirects to the account or the login page (tests/accounts/vneid)",
    "nop-ho-so/ban-nhap/<int:draft_id>/tep/<str:requirement>/xoa/": "removes a draft's file: a POST that redirects "
    "to step 3 (GET redirects too)",
    "tai-khoan/ho-so/<str:code>/gui-bo-sung/": "sends the supplement: a POST that redirects to the dossier",
    "kho-du-lieu/<int:item_id>/tai-ve/": "a file of the citizen's data store (tests/datastore)",
    "kho-du-lieu/<int:item_id>/xoa/": "deletes a data store item: a POST that redirects (tests/datastore)",
    "kho-du-lieu/cho-phep/": "grants a body access to data store items: a POST that redirects (tests/datastore)",
    "kho-du-lieu/cho-phep/<int:grant_id>/thu-hoi/": "revokes a grant: a POST that redirects (tests/datastore)",
    "thanh-toan/<str:code>/bat-dau/": "starts a payment: a POST that redirects to the gateway or the fees page",
    "thanh-toan/bien-lai/<int:payment_id>.pdf": "PDF (tests/payments)",
    "thanh-toan/bien-lai/<int:payment_id>.xml": "XML of a fee receipt (tests/payments/test_receipts.py)",
    "thanh-toan/bien-lai/so/<int:receipt_id>/bien-lai.pdf": "PDF (tests/payments/test_receipts.py)",
    "thanh-toan/bien-lai/so/<int:receipt_id>/bien-lai.xml": "XML of a fee receipt (tests/payments/test_receipts.py)",
    "thanh-toan/bien-lai/ky-hieu/": "opens a receipt series: a POST that redirects to the receipts list "
    "(errors re-render it: tests/payments/test_receipts.py)",
    "thanh-toan/bien-lai/so/<int:receipt_id>/huy/": "cancels a receipt: a POST that redirects to the receipt "
    "(errors re-render it: tests/payments/test_receipts.py)",
    "thanh-toan/bien-lai/so/<int:receipt_id>/thay-the/": "issues a replacement receipt: a POST that redirects to "
    "the new receipt (errors re-render the old one: tests/payments/test_receipts.py)",
    "phan-anh/<int:pk>/binh-chon/": "a like or dislike: a POST that redirects to the published item",
    "thong-bao/da-doc/": "marks all notices read: a POST that redirects",
    "thong-bao/<int:notice_id>/da-doc/": "marks a notice read: a POST that redirects (htmx: a list item)",
    "backoffice/tiep-nhan/thu-tuc/": "htmx fragment of the counter page (the procedure search results), checked "
    "inside that page",
    "backoffice/ho-so/<str:code>/thao-tac/<str:action>/": "a dossier action: a POST that redirects to the dossier "
    "page (errors re-render that page: tests/backoffice)",
    "backoffice/ho-so/<str:code>/buoc/<int:step_id>/<str:kind>/": "a process step's action: a POST that redirects "
    "to the dossier page",
    "backoffice/ho-so/<str:code>/kho-du-lieu/<int:item_id>/": "a file of the applicant's data store the applicant "
    "granted (tests/datastore)",
    "backoffice/ho-so/<str:code>/mau-02.pdf": "PDF (tests/backoffice/test_prints.py)",
    "backoffice/ho-so/<str:code>/mau-03.pdf": "PDF (tests/backoffice/test_prints.py)",
    "backoffice/ho-so/<str:code>/mau-04.pdf": "PDF (tests/backoffice/test_prints.py)",
    "backoffice/ho-so/<str:code>/mau-05.pdf": "PDF (tests/backoffice/test_prints.py)",
}

CITIZEN_PAGES: frozenset[str] = frozenset(
    {
        "",
        "thu-tuc/",
        "thu-tuc/<str:code>/",
        "tra-cuu/",
        "tra-cuu/<str:code>/",
        "xac-thuc/",
        "dang-nhap/",
        "dang-ky/",
        "cong-khai/",
        "nop-ho-so/<str:code>/",
        "nop-ho-so/ban-nhap/<int:draft_id>/<int:number>/",
        "nop-ho-so/da-nop/<str:code>/",
        "nop-ho-so/ban-nhap/<int:draft_id>/xoa/",
        "tai-khoan/",
        "kho-du-lieu/",
        "tai-khoan/ho-so/<str:code>/",
        "tai-khoan/ho-so/<str:code>/bo-sung/",
        "tai-khoan/ho-so/<str:code>/rut/",
        "thanh-toan/<str:code>/",
        "thanh-toan/ket-qua/<str:reference>/",
        "phan-anh/",
        "phan-anh/<int:pk>/",
        "phan-anh/gui/",
        "phan-anh/gui/da-gui/",
        "phan-anh/cua-toi/",
        "phan-anh/cua-toi/<int:pk>/",
        "phan-anh/danh-gia/<str:code>/",
        "thong-bao/",
        "thong-bao/cai-dat/",
    }
)

OFFICIAL_PAGES: frozenset[str] = frozenset(
    {
        "backoffice/",
        "backoffice/tiep-nhan/",
        "backoffice/ho-so/<str:code>/",
        "backoffice/ho-so/<str:code>/tai-lieu/<int:doc_id>/so-hoa/",
        "backoffice/buoc-xu-ly/",
        "backoffice/so-theo-doi/",
        "csdl/nhat-ky/",
        "dvcqg/nhat-ky/",
        "thanh-toan/doi-soat/",
        "thanh-toan/bien-lai/",
        "thanh-toan/bien-lai/so/<int:receipt_id>/",
        "thanh-toan/quay/<str:code>/",
        "phan-anh/xu-ly/",
        "phan-anh/xu-ly/<int:pk>/",
        "phan-anh/kiosk/<str:code>/",
        "phan-anh/danh-gia/thong-ke/",
        "thong-ke/",
        "thong-ke/bao-cao/",
        "thong-ke/bao-cao/o/",
        "thong-bao/",
        "thong-bao/cai-dat/",  # officials read their notices too
    }
)


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        part = str(p.pattern).lstrip("^")  # as ResolverMatch.route spells it
        if isinstance(p, URLResolver):
            if (prefix + part) in EXCLUDED_PREFIXES:
                continue
            yield from _walk(p.url_patterns, prefix + part)
        elif isinstance(p, URLPattern):
            yield prefix + part


def url_patterns() -> list[str]:
    """Every URL pattern of the site outside the excluded prefixes, as ``ResolverMatch.route`` writes it."""
    return list(_walk(get_resolver().url_patterns))


def route_of(url: str) -> str | None:
    """The URL pattern a page's address resolves to (None for an address of no pattern: the 404 page)."""
    from urllib.parse import urlsplit

    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return None
