"""English, the second language: the switcher, pages and API errors in English, and a complete catalogue.

The catalogue is src/motcua/locale/en/LC_MESSAGES/django.po (compiled to django.mo). To update it after
adding or changing Vietnamese text:

    cd src/motcua && motcua makemessages -l en --ignore "*/tests/*" --no-location
    (translate the new entries; remove every "fuzzy" flag)
    motcua compilemessages -l en
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import tokenize
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils.translation.template import templatize

import motcua

PACKAGE = Path(motcua.__file__).resolve().parent
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


# --- The pages ------------------------------------------------------------------------------------


def switch(client: Client, language: str, next_url: str = "/") -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies["django_language"].value == language


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


# (url, English text that must appear, Vietnamese originals that must not)
PAGES: list[tuple[str, list[str], list[str]]] = [
    (
        "/dang-nhap/",
        [
            "<h1>Sign in</h1>",
            "No account yet?",
            "Create a citizen account",
            "Skip to main content",
            "Feedback and complaints",
            "Track a dossier",
            "MotCua open-source software (Apache 2.0)",
        ],
        [
            "Đăng nhập",
            "Chưa có tài khoản?",
            "Đăng ký tài khoản công dân",
            "Bỏ qua, đến nội dung chính",
            "Phản ánh, kiến nghị",
            "Tra cứu hồ sơ",
            "Phần mềm nguồn mở",
        ],
    ),
    (
        "/",
        [
            "Find an administrative procedure",
            "Procedure name or code",
            "E.g. birth registration",
            "You can type without diacritics, e.g. “dang ky khai sinh”.",
            "Enter the dossier code printed on the receipt or given in the notice.",
            "Sign in to submit dossiers online and follow your dossiers.",
            "Procedures by field",
            "Procedures by agency",
            "Create an account",
        ],
        [
            "Tìm thủ tục hành chính",
            "Tên hoặc mã thủ tục",
            "Ví dụ: đăng ký khai sinh",
            "Có thể gõ không dấu",
            "Nhập mã hồ sơ ghi trên giấy tiếp nhận",
            "Thủ tục theo lĩnh vực",
            "Thủ tục theo cơ quan",
        ],
    ),
    (
        "/thu-tuc/",
        [
            "<h1>Administrative procedures</h1>",
            "All fields",
            "Level of government",
            "All levels",
            "You can type without diacritics.",
            "2 procedures found",
        ],
        ["<h1>Thủ tục hành chính</h1>", "Tất cả lĩnh vực", "Cấp thực hiện", "Tất cả các cấp", "Tìm thấy 2 thủ tục"],
    ),
    (
        "/tra-cuu/",
        ["<title>Track a dossier", "<h1>Track a dossier</h1>", ">Track</button>"],
        ["Tra cứu hồ sơ", ">Tra cứu</button>"],
    ),
    (
        "/xac-thuc/",
        ["<h1>Verify an electronic document</h1>", "Upload a PDF file", "PDF file (at most 10 MB)", ">Verify</button>"],
        ["Xác thực văn bản điện tử", "Tải lên tệp PDF", ">Xác thực</button>"],
    ),
]


@pytest.mark.django_db
def test_pages_in_english_then_back_in_vietnamese(world: Any) -> None:
    client = Client()
    assert 'lang="vi"' in page(client, "/")  # Vietnamese is the default (LANGUAGE_CODE)
    switch(client, "en")
    for url, english, vietnamese in PAGES:
        html = page(client, url)
        assert '<html lang="en">' in html, url
        assert (
            '<button type="submit" name="language" value="vi" lang="vi" class="link-button lang-switch">'
            "Tiếng Việt</button>"
        ) in html, url
        for text in english:
            assert text in html, (url, text)
        for text in vietnamese:
            assert text not in html, (url, text)
    switch(client, "vi", "/thu-tuc/")
    for url, english, vietnamese in PAGES:
        html = page(client, url)
        assert '<html lang="vi">' in html, url
        for text in vietnamese:
            assert text in html, (url, text)
        for text in english:
            assert text not in html, (url, text)


@pytest.mark.django_db
def test_error_message_made_by_a_view_is_in_english(world: Any) -> None:
    client = Client()
    switch(client, "en")
    html = page(client, "/tra-cuu/NOPE/", status=404)
    assert "No dossier found with code “NOPE”. Please check the dossier code." in html
    assert "Không tìm thấy hồ sơ" not in html


@pytest.mark.django_db
def test_api_errors_follow_the_language_cookie_and_accept_language(world: Any) -> None:
    client = Client()
    vietnamese = client.get("/api/v1/track/NOPE")
    assert vietnamese.status_code == 404
    assert vietnamese.json() == {"code": "not_found", "message": "Không tìm thấy.", "details": {"object": "dossier"}}
    # LocaleMiddleware runs for every URL, the API included: the cookie set by the switcher applies.
    switch(client, "en")
    english = client.get("/api/v1/track/NOPE")
    assert english.status_code == 404
    assert english["Content-Language"] == "en"
    assert english.json() == {"code": "not_found", "message": "Not found.", "details": {"object": "dossier"}}
    unauthenticated = client.get("/api/v1/me")
    assert unauthenticated.status_code == 401
    assert unauthenticated.json()["message"] == "Please sign in."
    switch(client, "vi")
    assert client.get("/api/v1/track/NOPE").json()["message"] == "Không tìm thấy."
    # Clients without the cookie choose with Accept-Language, as HTTP intends.
    by_header = Client().get("/api/v1/track/NOPE", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert by_header["Content-Language"] == "en"
    assert by_header.json()["message"] == "Not found."


@pytest.mark.django_db
def test_a_language_outside_languages_falls_back_to_vietnamese() -> None:
    client = Client()
    # Django ships French, so set_language stores the cookie; LocaleMiddleware only picks from LANGUAGES.
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="vi">' in page(client, "/")
    assert client.get("/api/v1/track/NOPE").json()["message"] == "Không tìm thấy."


# --- The catalogue --------------------------------------------------------------------------------


def _unquote(line: str) -> str:
    value = ast.literal_eval(line.strip())
    assert isinstance(value, str)
    return value


def parse_po(text: str) -> list[dict[str, Any]]:
    """Return the entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (list) and flags."""
    entries: list[dict[str, Any]] = []
    entry: dict[str, Any] = {}
    key = ""

    def close() -> None:
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {}

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            close()
            key = ""
        elif line.startswith("#~"):
            continue  # obsolete entries are not used
        elif line.startswith("#,"):
            if "msgid" in entry:
                close()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key.startswith("msgstr"):
                entry["msgstr"][-1] += _unquote(line)
            else:
                entry[key] += _unquote(line)
        else:
            key, _, rest = line.partition(" ")
            if key.startswith("msgstr["):
                entry.setdefault("msgstr", []).append(_unquote(rest))
            elif key == "msgstr":
                entry["msgstr"] = [_unquote(rest)]
            else:
                if key in ("msgctxt", "msgid") and "msgid" in entry and "msgstr" in entry:
                    close()
                entry[key] = _unquote(rest)
    close()
    for e in entries:
        e.setdefault("flags", set())
    return entries


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd%]|\{\{ ?\w+ ?\}\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def catalogue() -> list[dict[str, Any]]:
    return parse_po(PO.read_text(encoding="utf-8"))


def test_catalogue_is_complete_and_keeps_every_placeholder() -> None:
    entries = catalogue()
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header["msgstr"][0]
    assert len(messages) > 1000
    problems = []
    for e in messages:
        if "fuzzy" in e["flags"]:
            problems.append(("fuzzy", e["msgid"]))
        sources = [e["msgid"], e["msgid_plural"]] if "msgid_plural" in e else [e["msgid"]]
        if len(e["msgstr"]) != len(sources):
            problems.append(("forms", e["msgid"]))
            continue
        for source, translation in zip(sources, e["msgstr"], strict=True):
            if not translation.strip():
                problems.append(("empty", source))
            elif placeholders(source) != placeholders(translation):
                problems.append(("placeholders", source))
    assert problems == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    with MO.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    for e in catalogue()[1:]:
        if "msgctxt" in e:
            assert compiled.pgettext(e["msgctxt"], e["msgid"]) == e["msgstr"][0]
        elif "msgid_plural" in e:
            assert compiled.ngettext(e["msgid"], e["msgid_plural"], 1) == e["msgstr"][0]
            assert compiled.ngettext(e["msgid"], e["msgid_plural"], 2) == e["msgstr"][1]
        else:
            assert compiled.gettext(e["msgid"]) == e["msgstr"][0], e["msgid"]


# What makemessages extracts: gettext calls (and N_, see core/management/commands/makemessages.py) in
# Python, translate/blocktranslate in templates.
PY_KEYWORDS = {
    "_": (None, 0),
    "N_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}


def _python_messages(path: Path) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name not in PY_KEYWORDS:
            continue
        ctx_at, msg_at = PY_KEYWORDS[name]
        args = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None for a in node.args]
        if len(args) > msg_at and args[msg_at] is not None:
            found.add((args[ctx_at] if ctx_at is not None else None, args[msg_at]))
    return found


def _template_messages(path: Path) -> set[tuple[str | None, str]]:
    found: set[tuple[str | None, str]] = set()
    code = "\n".join(
        line.lstrip() for line in templatize(path.read_text(encoding="utf-8"), origin=str(path)).splitlines()
    )
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(code).readline)
        if t.type in (tokenize.NAME, tokenize.STRING, tokenize.OP)
    ]
    for i, token in enumerate(tokens[:-2]):
        if token.string in ("_", "gettext", "ngettext", "pgettext", "npgettext") and tokens[i + 1].string == "(":
            strings = []
            for t in tokens[i + 2 :]:
                if t.string == ")":
                    break
                if t.type == tokenize.STRING:
                    strings.append(ast.literal_eval(t.string))
            ctx = strings.pop(0) if token.string.startswith(("p", "np")) else None
            found.add((ctx, strings[0]))
    return found


def test_catalogue_has_every_message_of_the_sources() -> None:
    wanted: set[tuple[str | None, str]] = set()
    for path in PACKAGE.rglob("*"):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or any(p.startswith(".") for p in parts) or not path.is_file():
            continue
        if path.suffix == ".py":
            wanted |= _python_messages(path)
        elif path.suffix in (".html", ".txt"):
            wanted |= _template_messages(path)
    have = {(e.get("msgctxt"), e["msgid"]) for e in catalogue()[1:]}
    missing = sorted(m for _, m in wanted - have)
    assert missing == [], "run makemessages -l en and translate: " + "; ".join(missing[:20])
