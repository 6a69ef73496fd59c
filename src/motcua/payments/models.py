"""Fees assessed for a dossier, payments of them, raw gateway callbacks and bank statement lines.

Nothing outside ``motcua.payments.services`` writes these models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.money import vnd_text


class FeeAssessment(models.Model):
    """The fees a dossier owes: the procedure's fee lines after exemptions (one per dossier)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="fee_assessment", verbose_name=_("hồ sơ")
    )
    total = models.PositiveBigIntegerField(_("tổng phải nộp (đồng)"))
    assessed_at = models.DateTimeField(_("xác định lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người xác định"),
    )
    revision = models.PositiveIntegerField(_("lần điều chỉnh"), default=1)

    class Meta:
        verbose_name = _("xác định phí, lệ phí")
        verbose_name_plural = _("xác định phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {vnd_text(self.total)}"


class AssessedFee(models.Model):
    """One line of an assessment: the listed amount, the amount charged and why they differ."""

    assessment = models.ForeignKey(FeeAssessment, on_delete=models.CASCADE, related_name="lines")
    fee_line = models.ForeignKey(
        "catalogue.FeeLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=10)
    name = models.CharField(_("tên khoản thu"), max_length=300)
    rule = models.CharField(_("cách tính"), max_length=500, blank=True)
    exemptions_text = models.CharField(_("miễn, giảm"), max_length=500, blank=True)
    listed = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    charged = models.PositiveBigIntegerField(_("số phải nộp (đồng)"))
    reason = models.CharField(_("lý do miễn, giảm, điều chỉnh"), max_length=500, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["assessment", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {vnd_text(self.charged)}"

    @property
    def exempted(self) -> bool:
        return self.charged < self.listed


class Payment(models.Model):
    class Channel(models.TextChoices):
        GATEWAY_A = "gateway_a", _("Cổng thanh toán quốc gia")
        GATEWAY_B = "gateway_b", _("Cổng thanh toán trực tuyến")
        VIETQR = "vietqr", _("Chuyển khoản VietQR")
        CASH = "cash", _("Tiền mặt tại quầy")
        POS = "pos", _("Thẻ (POS) tại quầy")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        FAILED = "failed", _("Thanh toán không thành công")
        EXPIRED = "expired", _("Hết hạn")
        CANCELLED = "cancelled", _("Đã hủy, thay bằng giao dịch mới")
        REFUNDED = "refunded", _("Đã hoàn tiền")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="payments", verbose_name=_("hồ sơ")
    )
    reference = models.CharField(_("mã thanh toán"), max_length=40, unique=True)
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    channel = models.CharField(_("hình thức"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    gateway_reference = models.CharField(_("mã giao dịch của cổng, ngân hàng"), max_length=100, blank=True)
    payment_url = models.TextField(_("đường dẫn thanh toán"), blank=True)
    qr_payload = models.TextField(_("nội dung mã QR"), blank=True)
    transfer_content = models.CharField(_("nội dung chuyển khoản"), max_length=100, blank=True)
    # snapshot of the assessed lines when the payment started
    fee_lines = models.JSONField(_("các khoản thu"), default=list)
    payer_name = models.CharField(_("người nộp"), max_length=200)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    failure_reason = models.CharField(_("lý do thất bại"), max_length=300, blank=True)
    refunded_at = models.DateTimeField(_("hoàn tiền lúc"), null=True, blank=True)
    refund_reason = models.TextField(_("lý do hoàn tiền"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cán bộ thu"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dossier", "status"]), models.Index(fields=["status", "expires_at"])]
        verbose_name = _("thanh toán")
        verbose_name_plural = _("thanh toán")

    def __str__(self) -> str:
        return f"{self.reference} {vnd_text(self.amount)} ({self.get_status_display()})"


class PaymentCallback(models.Model):
    """A message from a gateway or a bank, kept as received, with what we made of it."""

    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="callbacks", verbose_name=_("giao dịch")
    )
    channel = models.CharField(_("kênh"), max_length=20)
    kind = models.CharField(_("loại"), max_length=20)  # notify / query / init
    received_at = models.DateTimeField(_("nhận lúc"))
    raw = models.JSONField(_("nội dung gốc"), default=dict)
    signature_ok = models.BooleanField(_("chữ ký hợp lệ"), default=False)
    outcome = models.CharField(_("kết quả"), max_length=30)
    answer = models.JSONField(_("trả lời"), default=dict)

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("thông báo từ cổng thanh toán")
        verbose_name_plural = _("thông báo từ cổng thanh toán")

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} {self.outcome}"


class StatementLine(models.Model):
    """A credit line of the collecting account's bank statement, reconciled against VietQR payments."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Đã khớp")
        UNMATCHED = "unmatched", _("Chưa khớp")

    bank_reference = models.CharField(_("số tham chiếu ngân hàng"), max_length=100, unique=True)
    booked_at = models.DateTimeField(_("thời điểm ghi có"))
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    content = models.CharField(_("nội dung chuyển khoản"), max_length=500)
    payer = models.CharField(_("người chuyển"), max_length=200, blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("nhập lúc"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ")
    )
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("giao dịch")
    )

    class Meta:
        ordering = ["booked_at", "id"]
        verbose_name = _("dòng sao kê")
        verbose_name_plural = _("dòng sao kê")

    def __str__(self) -> str:
        return f"{self.bank_reference} {vnd_text(self.amount)} {self.get_status_display()}"


class ReceiptSeries(models.Model):
    """A series of fee receipts (biên lai thu phí, lệ phí) of one issuing body for one year.

    The form symbol (mẫu số) and the symbol (ký hiệu) identify the series; numbers (số) run from 1
    without gaps within it (Decree 123/2020/NĐ-CP as amended by Decree 70/2025/NĐ-CP; Circular
    32/2025/TT-BTC, which replaced Circular 78/2021/TT-BTC; articles to be confirmed by legal review).
    ``last_number`` is the last number given; only ``services.receipts`` moves it, under a row lock.
    """

    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan thu")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    form_number = models.CharField(_("mẫu số"), max_length=20)
    symbol = models.CharField(_("ký hiệu"), max_length=20)
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tạo"),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="uniq_receipt_series_agency_year")]
        ordering = ["-year", "agency_id"]
        verbose_name = _("ký hiệu biên lai")
        verbose_name_plural = _("ký hiệu biên lai")

    def __str__(self) -> str:
        return f"{self.form_number} {self.symbol} ({self.year})"


class Receipt(models.Model):
    """An electronic fee receipt (biên lai điện tử thu phí, lệ phí) of a paid payment.

    Issued with the next number of its series in the transaction that records the payment paid.
    Never deleted: a cancelled one (đã hủy) keeps its number and the reason; a replacement (biên
    lai thay thế) gets a new number and names the one it replaces, which becomes "replaced".
    """

    class Status(models.TextChoices):
        ISSUED = "issued", _("Đã cấp")
        CANCELLED = "cancelled", _("Đã hủy")
        REPLACED = "replaced", _("Đã bị thay thế")

    series = models.ForeignKey(
        ReceiptSeries, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("ký hiệu")
    )
    number = models.PositiveIntegerField(_("số"))
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("giao dịch"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.ISSUED)
    payer_name = models.CharField(_("người nộp"), max_length=200)
    payer_id_number = models.CharField(_("số giấy tờ của người nộp"), max_length=20, blank=True)
    payer_address = models.CharField(_("địa chỉ người nộp"), max_length=500, blank=True)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=40)
    procedure = models.CharField(_("thủ tục"), max_length=500, blank=True)
    # [{"name": ..., "amount": int, "note": ...}]
    lines = models.JSONField(_("các khoản thu"), default=list)
    total = models.PositiveBigIntegerField(_("tổng số tiền (đồng)"))
    method = models.CharField(_("hình thức thanh toán"), max_length=100, blank=True)
    transaction_ref = models.CharField(_("mã giao dịch"), max_length=100, blank=True)
    collector = models.CharField(_("người thu tiền"), max_length=200, blank=True)
    paid_at = models.DateTimeField(_("thanh toán lúc"))
    issued_at = models.DateTimeField(_("lập lúc"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người lập"),
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người hủy"),
    )
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("thay thế cho biên lai"),
    )
    replace_reason = models.TextField(_("lý do thay thế"), blank=True)
    # The receipt as issued with the body's organisation signature (MOTCUA_SIGNING_SIGN_RECEIPTS), made
    # once (payments/receipt_signing.py) and served unchanged from then on.
    signed_file = models.FileField(
        _("biên lai đã ký số"), upload_to="payments/receipts/%Y/%m/", max_length=300, blank=True, db_default=""
    )
    signed_sha256 = models.CharField(_("SHA-256 của biên lai đã ký số"), max_length=64, blank=True, db_default="")
    signed_at = models.DateTimeField(_("thời điểm ký số"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "number"], name="uniq_receipt_series_number")]
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["payment", "status"])]
        verbose_name = _("biên lai")
        verbose_name_plural = _("biên lai")

    def __str__(self) -> str:
        return f"{self.series.symbol} {self.number_text}"

    @property
    def number_text(self) -> str:
        """The number as printed: seven digits (``0000012``), as receipts and invoices are numbered in practice."""
        return f"{self.number:07d}"
