"""sign_pdf / verify_pdf, checked by pyHanko's validator and independently by poppler's pdfsig and pdftoppm."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from PIL import Image

from motcua.core.errors import ValidationError
from motcua.signing import pki as demo_pki
from motcua.signing.errors import NotAPdf, SigningUnavailable
from motcua.signing.services import DEFAULT_BOX, signing_text, verify_pdf
from tests.signing.conftest import pdfsig, sign

DPI = 100


def test_a_personal_signature_is_pades_b_lt_and_trusted(pki, signed_once) -> None:
    report = verify_pdf(signed_once, trust_roots=[pki.root_cert], fetch=False)
    assert report.valid and len(report.signatures) == 1
    s = report.signatures[0]
    assert (s.intact, s.valid, s.trusted, s.revoked, s.ok, s.problem) == (True, True, True, False, True, "")
    assert s.signer_common_name == "Nguyễn Văn An" and "Title: Chủ tịch" in s.signer
    assert s.chain[-1].startswith("Common Name: MotCua Demo Root CA") and len(s.chain) == 2
    # B-T: a trusted RFC 3161 timestamp from the TSA; B-LT: validated from the embedded DSS alone.
    assert s.timestamp is not None and s.timestamp_trusted and s.ltv
    assert s.signing_time is not None and abs((s.timestamp - s.signing_time).total_seconds()) < 60
    # The DSS is an update after the signature, the only kind allowed.
    assert (s.modified_after, s.modification_level) == (True, "lta_updates")


def test_pdfsig_finds_it_valid_trusted_and_cades(nss_db, signed_twice, tmp_path) -> None:
    out = pdfsig(nss_db, signed_twice, tmp_path)
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert out.count("Certificate Validation: Certificate is Trusted.") == 2, out
    assert out.count("Signature Type: ETSI.CAdES.detached") == 2, out  # PAdES
    assert "Signer Certificate Common Name: Nguyễn Văn An" in out
    assert "Signer Certificate Common Name: Ủy ban nhân dân phường Hoàn Kiếm" in out


def test_the_signature_embeds_a_timestamp_token_and_the_crl(signed_once, tmp_path) -> None:
    """What pdfsig does not print: the unsigned timestamp attribute and the DSS, read from the file."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(signed_once))
    sig = reader.embedded_signatures[0]
    unsigned = sig.signer_info["unsigned_attrs"].native or []
    assert [a["type"] for a in unsigned] == ["signature_time_stamp_token"]
    dss = reader.root["/DSS"]
    assert len(dss["/CRLs"]) >= 1 and len(dss["/Certs"]) >= 2


def test_personal_then_organisation_signatures_both_stay_valid(pki, signed_twice) -> None:
    report = verify_pdf(signed_twice, trust_roots=[pki.root_cert], fetch=False)
    first, second = report.signatures
    assert report.valid and first.ok and second.ok
    assert first.signer_common_name == "Nguyễn Văn An"
    assert second.signer_common_name == demo_pki.AGENCY and second.field_name == "organisation-2"
    assert first.modification_level == "form_filling"  # a signature added after: allowed
    assert second.modification_level == "lta_updates"


def _page(pdf: bytes, tmp_path) -> Image.Image:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    png = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(path)], capture_output=True, check=True
    ).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def _ink(image: Image.Image, box: tuple[int, int, int, int], inset: int = 4) -> tuple[int, tuple[int, ...] | None]:
    """Dark pixels inside ``box`` (PDF points, bottom-left origin) less ``inset`` pixels: count, bounds."""
    scale = DPI / 72
    height = image.height
    x1, y1, x2, y2 = box
    left, top = round(x1 * scale) + inset, round(height - y2 * scale) + inset
    right, bottom = round(x2 * scale) - inset, round(height - y1 * scale) - inset
    region = image.crop((left, top, right, bottom)).convert("L").point(lambda v: 255 if v < 200 else 0)
    count = region.histogram()[255]
    bounds = region.getbbox()
    return count, None if bounds is None else (bounds[0], bounds[1], bounds[2], bounds[3], region.width, region.height)


def test_the_appearances_are_drawn_inside_their_boxes(pki, result_pdf, signed_twice, tmp_path) -> None:
    """Rasterised by poppler: the boxes were blank before, hold blue text after, and the text fits
    (doubled glyph spacing, stack.md pitfall 6, would run into the right edge)."""
    before, after = _page(result_pdf, tmp_path), _page(signed_twice, tmp_path)
    for kind, box in DEFAULT_BOX.items():
        assert _ink(before, box)[0] == 0, kind
        count, bounds = _ink(after, box)
        assert count > 300 and bounds is not None, kind
        left, _top, right, _bottom, width, _height = bounds
        assert right < width - 4 and left < width / 3, (kind, bounds)
    x1, y1, x2, y2 = DEFAULT_BOX["personal"]
    scale = DPI / 72
    crop = after.crop(
        (
            round(x1 * scale) + 4,
            round(after.height - y2 * scale) + 4,
            round(x2 * scale) - 4,
            round(after.height - y1 * scale) - 4,
        )
    )
    raw = crop.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    dark = [p for p in pixels if sum(p) < 450]
    assert dark and all(b > r for r, _g, b in dark[: len(dark) // 2])  # blue text (Decree 30/2020)


def test_the_appearance_text_follows_decree_30() -> None:
    import datetime as dt

    at = dt.datetime(2026, 12, 4, 2, 5, 9, tzinfo=dt.UTC)
    assert signing_text("personal", name="Nguyễn Văn An", position="Chủ tịch", body="UBND", at=at) == [
        "Ký bởi: Nguyễn Văn An",
        "Chức vụ: Chủ tịch",
        "Cơ quan: UBND",
        "Thời gian ký: 2026-12-04T09:05:09+07:00",
    ]
    assert signing_text(
        "organisation", name="", position="", body="UBND phường", at=at, extra_lines=["Số: 15/GKS, ngày 04/12/2026"]
    ) == ["Ký bởi: UBND phường", "Thời gian ký: 2026-12-04T09:05:09+07:00", "Số: 15/GKS, ngày 04/12/2026"]


def _flip_in_signed_range(pdf: bytes) -> bytes:
    """One byte changed inside the first signature's signed range, in a content stream's data."""
    at = pdf.index(b"stream\n", 200) + 40
    ranges = re.search(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)", pdf)
    assert ranges is not None and at < int(ranges.group(2))
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def test_a_flipped_byte_breaks_it_for_pyhanko_and_for_pdfsig(pki, nss_db, signed_twice, tmp_path) -> None:
    tampered = _flip_in_signed_range(signed_twice)
    report = verify_pdf(tampered, trust_roots=[pki.root_cert], fetch=False)
    assert not report.valid
    assert not report.signatures[0].intact and report.signatures[0].problem == "the signed content was changed"
    out = pdfsig(nss_db, tampered, tmp_path)
    assert out.count("Signature is Valid.") == 0, out
    assert "Signature is Invalid" in out or "Digest Mismatch" in out, out


def test_a_revoked_certificate_cannot_sign_b_lt_and_is_reported_revoked(pki, result_pdf) -> None:
    with pytest.raises(SigningUnavailable):
        sign(pki, result_pdf, "revoked")
    signed = sign(pki, result_pdf, "revoked", level="B-T")  # no revocation data embedded
    s = verify_pdf(signed, trust_roots=[pki.root_cert]).signatures[0]  # fetches the CRL by its URL
    assert s.revoked and not s.ok and s.intact and s.revocation_reason == "key_compromise"
    assert s.problem == "the signing certificate is revoked" and not s.ltv


def test_another_trust_anchor_does_not_trust_it(pki, signed_once, tmp_path) -> None:
    other = demo_pki.ensure_demo_pki(tmp_path / "other", pki.base_url)
    s = verify_pdf(signed_once, trust_roots=[other.root_cert]).signatures[0]
    assert s.intact and s.valid and not s.trusted and not s.ok and s.chain == ()


def test_an_unsigned_pdf_and_a_non_pdf(pki, result_pdf) -> None:
    assert not verify_pdf(result_pdf, trust_roots=[pki.root_cert]).valid
    with pytest.raises(NotAPdf):
        verify_pdf(b"%PDF-1.7 nonsense", trust_roots=[pki.root_cert])
    with pytest.raises(NotAPdf):
        sign(pki, b"hello")
    with pytest.raises(ValidationError) as caught:
        sign(pki, result_pdf, page=3)
    assert caught.value.code == "bad_page" and caught.value.details == {"page": 3, "pages": 1}


def test_a_signature_that_cannot_be_parsed_is_reported_not_raised(pki, signed_twice) -> None:
    found = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", signed_twice)
    assert found is not None
    broken = signed_twice[: found.start(1)] + b"0" * len(found.group(1)) + signed_twice[found.end(1) :]
    report = verify_pdf(broken, trust_roots=[pki.root_cert], fetch=False)
    first, second = report.signatures
    assert not report.valid and not first.ok and first.problem.startswith("the signature cannot be read")
    assert first.field_name == "personal-1" and not second.intact  # its range covers the broken bytes
