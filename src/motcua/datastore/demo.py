"""The demo citizen's data store: a birth certificate and an identity card copy, for reuse in the walkthrough.

The birth certificate (Giấy khai sinh) is taken for "Giấy tờ chứng minh quan hệ nhân thân với chủ hộ" of
Đăng ký thường trú (1.004222) — registering the newborn into the parent's household after the birth
registration — and the identity card copy for Cấp Phiếu lý lịch tư pháp (3.000333).
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.db import transaction

from motcua.core.audit import audit
from motcua.datastore.models import StoredItem
from motcua.datastore.services.store import ItemMeta, save_item
from motcua.dossiers.services.uploads import CheckedFile


def sample_pdf(title: str) -> bytes:
    """A one-page PDF saying what the sample is (ASCII text, the demo needs no font)."""
    text = title.encode("ascii", "replace")
    stream = b"BT /F1 18 Tf 60 760 Td (" + text + b") Tj ET"
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length " + str(len(stream)).encode() + b">>stream\n" + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += str(n).encode() + b" 0 obj" + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 " + str(len(objects) + 1).encode() + b"\n0000000000 65535 f \n"
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += b"trailer<</Size " + str(len(objects) + 1).encode() + b"/Root 1 0 R>>\nstartxref\n"
    return out + str(xref).encode() + b"\n%%EOF\n"


ITEMS = [
    (
        "giay-khai-sinh.pdf",
        "GIAY KHAI SINH - ban mau demo",
        ItemMeta(
            title="Giấy khai sinh",
            document_code="giay-khai-sinh",
            number="125/2026/GKS",
            issuing_body="Ủy ban nhân dân Phường Hoàn Kiếm",
            issued_on=date(2026, 3, 2),
        ),
        StoredItem.Source.DIGITISED,
    ),
    (
        "can-cuoc.pdf",
        "CAN CUOC - ban chup mau demo",
        ItemMeta(
            title="Bản chụp thẻ Căn cước",
            document_code="giay-to-tuy-than",
            number="001085012345",
            issuing_body="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
            issued_on=date(2024, 7, 1),
            valid_until=date(2039, 7, 1),
        ),
        StoredItem.Source.UPLOADED,
    ),
]


def load_demo_items(owner: Any) -> list[StoredItem]:
    """Put the sample items into ``owner``'s store (the demo loader; one transaction, audited)."""
    stored = []
    with transaction.atomic():
        for name, text, meta, source in ITEMS:
            content = sample_pdf(text)
            checked = CheckedFile(
                name=name,
                content=content,
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
            item = save_item(owner, checked, meta, source=source)
            audit(actor=None, action="datastore.demo", obj=item, changes={"title": item.title})
            stored.append(item)
    return stored
