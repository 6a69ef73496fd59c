"""Pages are linked by URL name (``{% url %}``, ``reverse``, ``redirect("name", …)``), never by a typed path.

A route renamed in ``<app>/urls.py`` then moves every link with it, and a link to a route that is gone
fails when the page renders instead of sending the user to a 404. Tests may keep literal paths: they
assert the address a citizen sees.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver, reverse

SRC = Path(__file__).resolve().parents[2] / "src" / "motcua"

# (file under src/motcua, the literal) → why it stays typed.
PORTAL_PATH = "a path of the national portal's exchange API (docs/integrations/dvcqg.md), not of this site"
ALLOWED_PY: dict[tuple[str, str], str] = {
    ("web/middleware.py", "/api/"): "a mount prefix (no URL name) chosen before the URLconf runs",
    ("web/middleware.py", "/open311/"): "a mount prefix (no URL name) chosen before the URLconf runs",
    ("web/middleware.py", "/admin/"): "a mount prefix (no URL name): the admin's CSP exception",
    ("web/errors.py", "/api/"): "a mount prefix (no URL name): JSON errors under the API",
    ("api/fastpath.py", "/api/v1/track/"): "the fast path answers before the URLconf is consulted",
    ("open311/views.py", "/open311/v2/"): "the GeoReport v2 endpoint root, a mount prefix with no URL name",
    (
        "payments/gateways/simulator.py",
        "/favicon.ico",
    ): "a path of the gateway simulator's own server, not of this site",
    (
        "national_portal/dvcqg/client.py",
        "/api/hoso/moi",
    ): PORTAL_PATH,
    (
        "national_portal/dvcqg/client.py",
        "/api/hoso/dongbo",
    ): PORTAL_PATH,
    (
        "national_portal/dvcqg/client.py",
        "/api/hoso/tracuu",
    ): PORTAL_PATH,
    ("national_portal/dvcqg/client.py", "/api/tthc"): PORTAL_PATH,
    (
        "national_portal/dvcqg/client.py",
        "/api/thanhtoan",
    ): PORTAL_PATH,
    (
        "national_portal/dvcqg/peer.py",
        "/api/hoso/moi",
    ): PORTAL_PATH,
    (
        "national_portal/dvcqg/peer.py",
        "/api/hoso/dongbo",
    ): PORTAL_PATH,
    (
        "national_portal/dvcqg/peer.py",
        "/api/hoso/tracuu",
    ): PORTAL_PATH,
    ("national_portal/dvcqg/peer.py", "/api/tthc"): PORTAL_PATH,
    (
        "national_portal/dvcqg/peer.py",
        "/api/thanhtoan",
    ): PORTAL_PATH,
    ("national_portal/dvcqg/peer.py", "/api/"): PORTAL_PATH,
}
ALLOWED_TEMPLATES: dict[tuple[str, str], str] = {
    ("web/templates/500.html", 'href="/"'): "the 500 page renders even when reversing is what failed",
}

TEMPLATE_LINK = re.compile(
    r"""\b(?:href|action|formaction|src|hx-get|hx-post|hx-put|hx-patch|hx-delete)\s*=\s*["']/[^"']*["']?"""
    r"""|\{%\s*block\s+\w*url\s*%\}\s*/"""
)


def route_prefixes() -> set[str]:
    """The first path segment of every route of the site (``tra-cuu``, ``api``, ``favicon.ico``, …)."""
    prefixes = set()
    for p in get_resolver().url_patterns:
        assert isinstance(p, URLPattern | URLResolver)
        head = str(p.pattern).lstrip("^").split("/", 1)[0]
        if head:
            prefixes.add(head)
        elif isinstance(p, URLResolver):
            for q in p.url_patterns:
                sub = str(q.pattern).lstrip("^").split("/", 1)[0]
                if sub:
                    prefixes.add(sub)
    return prefixes


def _literal_paths(source: str, prefix: re.Pattern[str]) -> list[str]:
    """String literals of a module that spell an internal path: "/tra-cuu/…" or f"{base}/tra-cuu/…"."""
    found = []
    tree = ast.parse(source)
    in_fstrings = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if id(node) in in_fstrings:
            continue
        if isinstance(node, ast.JoinedStr):
            parts = [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
            found += [part for i, part in enumerate(parts) if prefix.match(part) or (i and prefix.search(part))]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and prefix.match(node.value):
            found.append(node.value)
    return found


def _prefix_pattern() -> re.Pattern[str]:
    heads = "|".join(sorted(map(re.escape, route_prefixes())))
    return re.compile(rf"(?:^|(?<=[}}\s]))/(?:{heads})(?=[/?#.]|$)")


def test_the_prefix_list_knows_the_site() -> None:
    prefixes = route_prefixes()
    assert {
        "admin",
        "api",
        "open311",
        "backoffice",
        "thanh-toan",
        "phan-anh",
        "tra-cuu",
        "tai-khoan",
        "nop-ho-so",
        "thu-tuc",
        "dang-nhap",
    } <= prefixes
    pattern = _prefix_pattern()
    assert _literal_paths('x = f"/tai-khoan/ho-so/{code}/"', pattern) == ["/tai-khoan/ho-so/"]
    assert _literal_paths('x = f"{base}/tra-cuu/{code}/"', pattern) == ["/tra-cuu/"]
    assert _literal_paths('redirect("/backoffice/")', pattern) == ["/backoffice/"]
    assert _literal_paths('name.rsplit("/", 1)\nx = "a/b"\ny = "/tmp/x"', pattern) == []
    assert TEMPLATE_LINK.search('<a class="b" href="/thu-tuc/">')
    assert TEMPLATE_LINK.search("{% block brand_url %}/backoffice/{% endblock %}")
    assert not TEMPLATE_LINK.search("""<a href="{% url 'portal:procedures' %}">""")
    in_tags = _template_path_pattern()
    assert in_tags.search('action="{% if draft %}/nop-ho-so/ban-nhap/{{ draft.pk }}/1/{% endif %}"')
    assert in_tags.search('<a href="{{ base }}/tra-cuu/{{ code }}/">')
    assert not in_tags.search("""{% url 'portal:draft_step' draft.pk 1 %}/{% endif %}""")


def test_no_module_of_src_types_an_internal_path() -> None:
    pattern = _prefix_pattern()
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if "/migrations/" in rel:
            continue
        found += [
            (rel, lit)
            for lit in _literal_paths(path.read_text(encoding="utf-8"), pattern)
            if (rel, lit) not in ALLOWED_PY
        ]
    assert found == [], 'link by URL name: reverse("app:name", args=[…]) or redirect("app:name", …)'


def _template_path_pattern() -> re.Pattern[str]:
    """A route's path right after a tag or a variable: ``{% if x %}/nop-ho-so/…``, ``{{ base }}/tra-cuu/``."""
    heads = "|".join(sorted(map(re.escape, route_prefixes())))
    return re.compile(rf"(?:%\}}|\}}\}})\s*/(?:{heads})(?=[/?#.\"']|$)")


def test_no_template_of_src_types_an_internal_path() -> None:
    in_tags = _template_path_pattern()
    found = []
    for path in sorted(SRC.rglob("templates/**/*")):
        if not path.is_file() or path.suffix not in {".html", ".txt", ".xml"}:
            continue
        rel = path.relative_to(SRC).as_posix()
        text = path.read_text(encoding="utf-8")
        for m in [*TEMPLATE_LINK.finditer(text), *in_tags.finditer(text)]:
            if (rel, m.group(0)) not in ALLOWED_TEMPLATES:
                found.append((rel, m.group(0)))
    assert found == [], "link by URL name: {% url 'app:name' arg %}"


def test_every_allowed_literal_is_still_there() -> None:
    """An allow-list entry whose literal is gone is removed, so the list stays the list of exceptions."""
    for (rel, literal), reason in {**ALLOWED_PY, **ALLOWED_TEMPLATES}.items():
        assert reason.strip()
        assert literal in (SRC / rel).read_text(encoding="utf-8"), (rel, literal)


def test_every_page_has_a_name() -> None:
    unnamed = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern).lstrip("^")
            if isinstance(p, URLResolver):
                if not route.startswith("admin/"):  # the admin names its own
                    walk(p.url_patterns, route)
            elif not p.name:
                unnamed.append(route)

    walk(get_resolver().url_patterns, "")
    assert unnamed == []
    assert reverse("web:favicon") == "/favicon.ico"
