"""Signing and verifying PDFs (chữ ký số trên văn bản điện tử) with pyHanko.

``sign_pdf`` adds one PAdES signature as an incremental update, so earlier signatures stay valid
(a personal signature, then the organisation's): baseline B-LT by default, i.e. the signing
certificate (CAdES signing-certificate-v2 attribute), an RFC 3161 timestamp fetched from the TSA,
and the revocation data of the chain (the CRL fetched from each certificate's distribution point)
in the document security store (DSS). Its visible appearance follows Decree 30/2020/NĐ-CP,
Annex I, section II: a personal signature (chữ ký số của người có thẩm quyền) shows the signer's
name, position and signing time; an organisation signature (chữ ký số của cơ quan, tổ chức)
shows the body's name and the signing time (ISO 8601, Vietnam time), in blue, with optional lines
such as "Số: …, ngày …".

``verify_pdf`` reports every signature: intact, who signed, when, the timestamp, the chain to a
trust anchor (``MOTCUA_SIGNING_TRUST_ROOTS``; the demo root in demo mode), the revocation status,
and whether the document changed after the signature.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext_lazy as _
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError, SignatureValidationError
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko.stamp import QRStampStyle, TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

from motcua.core import clock, loops
from motcua.core.errors import ValidationError
from motcua.signing import conf
from motcua.signing.errors import NotAPdf, SigningUnavailable
from motcua.signing.signers import SignatureKind

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The bundled font of the printed forms (forms/fonts): Vietnamese glyphs, the same on every machine.
# pyHanko's stamps space glyphs right only with 1000 units per em (DejaVu has 2048: doubled spacing,
# stack.md pitfall 6), so the stamp uses a copy scaled to 1000 (``appearance_font``).
FONT = Path(__file__).resolve().parent.parent / "forms" / "fonts" / "DejaVuSerifCondensed.ttf"
FONT_SIZE = 9
# Decree 30/2020 Annex I: the signature information is in blue.
BLUE = (0.0, 0.2, 0.7)
RED = (0.8, 0.0, 0.0)
# A4 portrait in points; the default boxes sit at the bottom right (personal) and left (organisation).
DEFAULT_BOX: dict[str, tuple[int, int, int, int]] = {
    "personal": (330, 60, 560, 130),
    "organisation": (40, 60, 300, 130),
}


def appearance_font() -> Path:
    """``FONT`` scaled to 1000 units per em, made once into the data directory (about a second)."""
    target = conf.font_cache_dir() / "DejaVuSerifCondensed-1000upem.ttf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        font = TTFont(str(FONT))
        scale_upem(font, 1000)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(partial))
        partial.replace(target)
    return target


def signing_text(
    kind: SignatureKind, *, name: str, position: str, body: str, at: dt.datetime, extra_lines: Sequence[str] = ()
) -> list[str]:
    """The lines of the visible signature (Decree 30/2020, Annex I, II): who, (position), when, extras."""
    when = at.astimezone(VIETNAM).isoformat(timespec="seconds")
    if kind == "personal":
        lines = [f"Ký bởi: {name}"]
        if position:
            lines.append(f"Chức vụ: {position}")
        if body:
            lines.append(f"Cơ quan: {body}")
    else:
        lines = [f"Ký bởi: {body or name}"]
    lines.append(f"Thời gian ký: {when}")
    lines.extend(line for line in extra_lines if line.strip())
    return lines


def _validation_context(roots: Sequence[asn1_x509.Certificate], *, fetch: bool, **extra: object) -> ValidationContext:
    return ValidationContext(
        trust_roots=list(roots),
        allow_fetching=fetch,
        revocation_mode="hard-fail",
        fetcher_backend=RequestsFetcherBackend(per_request_timeout=conf.timeout()),
        **extra,  # type: ignore[arg-type]  # DSS certificates, CRLs and OCSP responses
    )


def load_roots(paths: Sequence[Path] | None = None) -> list[asn1_x509.Certificate]:
    """The trust anchors: ``paths``, else the configured ones (the demo root in demo mode)."""
    chosen = paths if paths is not None else conf.trust_roots()
    return [load_cert_from_pemder(str(p)) for p in chosen]  # type: ignore[no-untyped-call]


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        return PdfFileReader(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        raise NotAPdf(str(exc)) from exc


def sign_pdf(
    pdf: bytes,
    *,
    signer: signers.Signer,
    kind: SignatureKind = "personal",
    name: str = "",
    position: str = "",
    body: str = "",
    at: dt.datetime | None = None,
    page: int = -1,
    box: tuple[int, int, int, int] | None = None,
    extra_lines: Sequence[str] = (),
    tsa_url: str | None = None,
    trust_roots: Sequence[Path] | None = None,
    level: Literal["B-LT", "B-T"] = "B-LT",
    reason: str = "",
    qr_url: str = "",
) -> bytes:
    """``pdf`` with one more signature (an incremental update): PAdES ``level``, visible on ``page``.

    ``name`` (and ``body`` for the organisation) default to the certificate's common name; ``at``
    is the signing time the appearance shows (default now). ``page`` counts from 0 (-1: the last),
    ``box`` is ``(x1, y1, x2, y2)`` in points from the bottom left. B-LT needs the chain to reach
    a trust anchor and its revocation data; a revoked or untrusted certificate refuses to sign
    (``SigningUnavailable``), as does an unreachable TSA or CRL. ``qr_url`` puts a QR code of that
    address to the left of the text, inside the appearance, so the signature covers it (the
    verification page of the issue).
    """
    at = at or clock.now()
    common_name = str(signer.signing_cert.subject.native.get("common_name", "")) if signer.signing_cert else ""
    name, body = name or common_name, body or (common_name if kind == "organisation" else body)
    reader = _reader(pdf)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError) as exc:
        raise NotAPdf(str(exc)) from exc
    pages = int(reader.root["/Pages"]["/Count"])
    on_page = page if page >= 0 else pages + page
    if not 0 <= on_page < pages:
        raise ValidationError(
            _("Trang đặt chữ ký không có trong văn bản."), code="bad_page", details={"page": page, "pages": pages}
        )
    existing = len(list(fields.enumerate_sig_fields(reader)))
    field_name = f"{kind}-{existing + 1}"
    lines = signing_text(kind, name=name, position=position, body=body, at=at, extra_lines=extra_lines)
    font = GlyphAccumulatorFactory(str(appearance_font()), font_size=FONT_SIZE)
    style_class = QRStampStyle if qr_url else TextStampStyle
    style = style_class(
        stamp_text="\n".join(line.replace("%", "%%") for line in lines),
        text_box_style=TextBoxStyle(font=font, font_size=FONT_SIZE, text_color=BLUE, leading=FONT_SIZE + 3),
        border_width=1,
        border_color=BLUE if kind == "personal" else RED,
        background=None,
    )
    roots = load_roots(trust_roots)
    meta = PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        reason=reason or None,
        name=name,
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=level == "B-LT",
        validation_context=_validation_context(roots, fetch=True) if level == "B-LT" else None,
    )
    tsa = tsa_url or conf.tsa_url()
    if not tsa:
        raise SigningUnavailable("no time-stamp authority configured (MOTCUA_SIGNING_TSA_URL)")
    timestamper = HTTPTimeStamper(tsa, timeout=conf.timeout())
    pdf_signer = PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(field_name, on_page=on_page, box=box or DEFAULT_BOX[kind]),
    )
    out = io.BytesIO()
    try:
        params = {"url": qr_url} if qr_url else None
        loops.outside_loop(lambda: pdf_signer.sign_pdf(writer, output=out, appearance_text_params=params))
    except (TimestampRequestError, PathBuildingError, PathValidationError, SigningError) as exc:
        raise SigningUnavailable(f"{type(exc).__name__}: {exc}") from exc
    return out.getvalue()


@dataclass(frozen=True)
class SignatureReport:
    """What one signature of a PDF proves (``verify_pdf``)."""

    field_name: str
    signer: str  # the signing certificate's subject, as people read it
    signer_common_name: str
    issuer: str
    intact: bool  # the signed bytes are unchanged (the digest matches)
    valid: bool  # the signature over them is cryptographically valid
    trusted: bool  # the certificate chains to a trust anchor and passed path validation
    revoked: bool
    revocation_reason: str | None
    chain: tuple[str, ...]  # subjects from the signer to the trust anchor (empty when not trusted)
    signing_time: dt.datetime | None  # the time the signer claims (CMS signingTime)
    timestamp: dt.datetime | None  # the RFC 3161 timestamp's time
    timestamp_trusted: bool
    ltv: bool  # validated from revocation data embedded in the PDF (DSS), without fetching
    coverage: str  # entire_file / entire_revision / contiguous_block_from_start / unclear
    modified_after: bool  # the file goes on after this signature's revision
    modification_level: str  # none / lta_updates / form_filling / annotations / other
    ok: bool  # pyHanko's bottom line: intact, valid, trusted, and the changes after it allowed
    problem: str  # why not ok, for people ('' when ok)


@dataclass(frozen=True)
class VerificationReport:
    signatures: tuple[SignatureReport, ...]

    @property
    def valid(self) -> bool:
        """At least one signature, and every one ok."""
        return bool(self.signatures) and all(s.ok for s in self.signatures)


def _status(
    sig: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate], dss: DocumentSecurityStore | None, *, fetch: bool
) -> tuple[PdfSignatureStatus, bool]:
    """Validate one embedded signature: from the DSS when there is one (LTV), else fetching."""
    if dss is not None:
        vc = dss.as_validation_context(
            {
                "trust_roots": roots,
                "allow_fetching": False,
                "revocation_mode": "hard-fail",
            }
        )
        status = loops.outside_loop(lambda: validate_pdf_signature(sig, vc))
        if status.trusted or status.revoked or not fetch:
            return status, True
    context = _validation_context(roots, fetch=fetch)
    return loops.outside_loop(lambda: validate_pdf_signature(sig, context)), False


def _problem(status: PdfSignatureStatus) -> str:
    if not status.intact:
        return "the signed content was changed"
    if not status.valid:
        return "the signature does not match the signed content"
    if status.revoked:
        return "the signing certificate is revoked"
    if not status.trusted:
        return f"the certificate does not chain to a trust anchor ({status.trust_problem_indic})"
    if not status.bottom_line:
        return f"changes after signing not allowed ({status.modification_level})"
    return ""


def _signatures(reader: PdfFileReader) -> list[tuple[str, EmbeddedPdfSignature | None]]:
    """The signature fields that hold a signature, in order; None for one whose CMS cannot be parsed."""
    found: list[tuple[str, EmbeddedPdfSignature | None]] = []
    for name, _value, field in fields.enumerate_sig_fields(reader, filled_status=True):
        try:
            found.append((str(name), EmbeddedPdfSignature(reader, field, name)))
        except (ValueError, TypeError, KeyError, PdfError):
            found.append((str(name), None))
    return found


def _unreadable(name: str, exc: Exception) -> SignatureReport:
    return SignatureReport(
        field_name=name,
        signer="",
        signer_common_name="",
        issuer="",
        intact=False,
        valid=False,
        trusted=False,
        revoked=False,
        revocation_reason=None,
        chain=(),
        signing_time=None,
        timestamp=None,
        timestamp_trusted=False,
        ltv=False,
        coverage="unclear",
        modified_after=True,
        modification_level="other",
        ok=False,
        problem=f"the signature cannot be read ({type(exc).__name__}: {str(exc)[:200]})",
    )


def verify_pdf(pdf: bytes, *, trust_roots: Sequence[Path] | None = None, fetch: bool = True) -> VerificationReport:
    """Check every signature of ``pdf`` (``NotAPdf`` when it cannot be read)."""
    reader = _reader(pdf)
    roots = load_roots(trust_roots)
    try:
        dss: DocumentSecurityStore | None = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        dss = None
    reports = []
    for name, sig in _signatures(reader):
        try:
            if sig is None:
                raise ValueError("the signature dictionary cannot be parsed")
            status, ltv = _status(sig, roots, dss, fetch=fetch)
        except (ValueError, TypeError, KeyError, PdfError, SignatureValidationError) as exc:
            reports.append(_unreadable(name, exc))
            continue
        cert = status.signing_cert
        path = status.validation_path
        certs = list(path.iter_certs(include_root=True)) if path is not None and status.trusted else []
        chain = tuple(c.subject.human_friendly for c in reversed(certs))
        revocation = status.revocation_details
        ts = status.timestamp_validity
        level = status.modification_level
        coverage = status.coverage
        reports.append(
            SignatureReport(
                field_name=str(sig.field_name),
                signer=cert.subject.human_friendly,
                signer_common_name=str(cert.subject.native.get("common_name", "")),
                issuer=cert.issuer.human_friendly,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                revoked=status.revoked,
                revocation_reason=str(revocation.revocation_reason.native) if revocation else None,
                chain=chain,
                signing_time=status.signer_reported_dt,
                timestamp=ts.timestamp if ts else None,
                timestamp_trusted=bool(ts and ts.valid and ts.intact and ts.trusted),
                ltv=ltv,
                coverage=coverage.name.lower() if coverage else "unclear",
                modified_after=coverage != SignatureCoverageLevel.ENTIRE_FILE,
                modification_level=level.name.lower() if level is not None else ModificationLevel.OTHER.name.lower(),
                ok=status.bottom_line,
                problem=_problem(status),
            )
        )
    return VerificationReport(signatures=tuple(reports))
