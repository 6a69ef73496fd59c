"""The default Vietnamese templates, used by ``motcua notifications seed`` (add the missing ones).

Migrations 0002, 0003 and 0006 hold frozen copies of these rows: a changed or a new default
template also needs a data migration (0004 shows how), which a test checks.

Variables come from the payload's ``context`` (see notice_text.SAMPLE_CONTEXT). SMS texts are
written with diacritics and sent without them (``sms_ascii``), each within one GSM-7 segment
for typical values. ZNS templates must be registered and approved by Zalo first: they are
seeded inactive, without a template id, for the administrator to fill in.
"""

from __future__ import annotations

from typing import Any

_GREETING = "Kính gửi {{ applicant_name }},\n\n"
_FACTS = "Thủ tục: {{ procedure }}\nMã hồ sơ: {{ code }}\nTrạng thái: {{ status }}\n"
_FOOTER = "\nTra cứu hồ sơ: {{ url }}\n\n{{ agency }}\n(Thư tự động, vui lòng không trả lời.)\n"
_FEEDBACK_FOOTER = "\nTheo dõi phản ánh, kiến nghị: {{ url }}\n\n(Thư tự động, vui lòng không trả lời.)\n"
_NOTE = "{% if note %}Nội dung: {{ note }}\n{% endif %}"
# The receipt and the return by post (postal/handlers.py::notice_context; Decision 45/2016/QĐ-TTg).
_POSTAL = "{% if postal %}{{ postal }}\n{% endif %}"

# event: (email subject, email body middle, sms text, in-app title, in-app body)
DOSSIER_EVENTS: dict[str, tuple[str, str, str, str, str]] = {
    "submitted": (
        "Hồ sơ {{ code }} đã được gửi",
        "Hồ sơ của Ông/Bà đã được gửi đến {{ agency }} và đang chờ tiếp nhận.\n\n" + _FACTS + _NOTE,
        "Hồ sơ {{ code }} đã được gửi, chờ tiếp nhận. Tra cứu: {{ url }}",
        "Hồ sơ {{ code }} đã được gửi",
        "Hồ sơ {{ procedure }} đã được gửi đến {{ agency }} và đang chờ tiếp nhận.",
    ),
    "received": (
        "Hồ sơ {{ code }} đã được tiếp nhận",
        "Hồ sơ của Ông/Bà đã được tiếp nhận.\n\n"
        + _FACTS
        + "{% if due %}Ngày hẹn trả kết quả: {{ due }}\n{% endif %}"
        + _NOTE
        + _POSTAL,
        "Hồ sơ {{ code }} đã được tiếp nhận.{% if due %} Hẹn trả {{ due }}.{% endif %} Tra cứu: {{ url }}",
        "Hồ sơ {{ code }} đã được tiếp nhận",
        "Hồ sơ {{ procedure }} đã được tiếp nhận.{% if due %} Ngày hẹn trả kết quả: {{ due }}.{% endif %}"
        "{% if postal %} {{ postal }}{% endif %}",
    ),
    "supplement_requested": (
        "Hồ sơ {{ code }} cần bổ sung",
        "Hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện (Mẫu 02).\n\n"
        + _FACTS
        + _NOTE
        + "{% if items %}Giấy tờ cần bổ sung:\n{{ items }}\n{% endif %}"
        + "{% if answer_due %}Hạn bổ sung: {{ answer_due }}\n{% endif %}",
        "Hồ sơ {{ code }} cần bổ sung giấy tờ{% if answer_due %} trước {{ answer_due }}{% endif %}. "
        "Xem chi tiết: {{ url }}",
        "Hồ sơ {{ code }} cần bổ sung",
        "Hồ sơ {{ procedure }} cần bổ sung, hoàn thiện.{% if answer_due %} Hạn bổ sung: {{ answer_due }}.{% endif %}"
        "{% if items %}\n{{ items }}{% endif %}",
    ),
    "refused": (
        "Hồ sơ {{ code }} bị từ chối{% if reception %} tiếp nhận{% else %} giải quyết{% endif %}",
        "Hồ sơ của Ông/Bà bị từ chối{% if reception %} tiếp nhận{% else %} giải quyết{% endif %}.\n\n"
        + _FACTS
        + "{% if reason %}Lý do: {{ reason }}\n{% endif %}",
        "Hồ sơ {{ code }} bị từ chối{% if reception %} tiếp nhận{% else %} giải quyết{% endif %}. Xem lý do: {{ url }}",
        "Hồ sơ {{ code }} bị từ chối",
        "Hồ sơ {{ procedure }} bị từ chối.{% if reason %} Lý do: {{ reason }}{% endif %}",
    ),
    "result_ready": (
        "Hồ sơ {{ code }} đã có kết quả",
        "Hồ sơ của Ông/Bà đã có kết quả giải quyết.\n\n" + _FACTS + _NOTE,
        "Hồ sơ {{ code }} đã có kết quả. Xem chi tiết: {{ url }}",
        "Hồ sơ {{ code }} đã có kết quả",
        "Hồ sơ {{ procedure }} đã có kết quả giải quyết.",
    ),
    "returned": (
        "Hồ sơ {{ code }} đã trả kết quả",
        "Kết quả giải quyết hồ sơ của Ông/Bà đã được trả.\n\n"
        + _FACTS
        + _NOTE
        + _POSTAL
        + "{% if rate_url %}\nMời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ: "
        "{{ rate_url }}\n{% endif %}",
        "Hồ sơ {{ code }} đã trả kết quả."
        "{% if rate_url %} Mời đánh giá: {{ rate_url }}{% else %} Cảm ơn Ông/Bà.{% endif %}",
        "Hồ sơ {{ code }} đã trả kết quả",
        "Kết quả hồ sơ {{ procedure }} đã được trả."
        "{% if postal %} {{ postal }}{% endif %}"
        "{% if rate_url %} Mời Ông/Bà đánh giá mức độ hài lòng trên trang hồ sơ.{% endif %}",
    ),
    "extended": (
        "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ code }}",
        "{{ agency }} thành thật xin lỗi Ông/Bà vì hồ sơ chưa được giải quyết đúng hẹn.\n\n"
        + _FACTS
        + "{% if reason %}Lý do: {{ reason }}\n{% endif %}"
        + "{% if old_due %}Ngày hẹn trả cũ: {{ old_due }}\n{% endif %}Ngày hẹn trả kết quả mới: {{ new_due }}\n",
        "Xin lỗi: hồ sơ {{ code }} chậm trả kết quả. Hẹn lại: {{ new_due }}.",
        "Xin lỗi và hẹn lại ngày trả hồ sơ {{ code }}",
        "Hồ sơ {{ procedure }} chưa giải quyết đúng hẹn. Ngày hẹn trả mới: {{ new_due }}."
        "{% if reason %} Lý do: {{ reason }}{% endif %}",
    ),
    "stopped": (
        "Hồ sơ {{ code }} đã dừng giải quyết",
        "Hồ sơ của Ông/Bà đã được dừng giải quyết.\n\n" + _FACTS + "{% if reason %}Lý do: {{ reason }}\n{% endif %}",
        "Hồ sơ {{ code }} đã dừng giải quyết. Xem chi tiết: {{ url }}",
        "Hồ sơ {{ code }} đã dừng giải quyết",
        "Hồ sơ {{ procedure }} đã dừng giải quyết.{% if reason %} Lý do: {{ reason }}{% endif %}",
    ),
    "withdrawn": (
        "Hồ sơ {{ code }} đã được rút",
        "Hồ sơ của Ông/Bà đã được rút theo yêu cầu.\n\n" + _FACTS + _NOTE,
        "Hồ sơ {{ code }} đã được rút theo yêu cầu.",
        "Hồ sơ {{ code }} đã được rút",
        "Hồ sơ {{ procedure }} đã được rút theo yêu cầu.",
    ),
    "payment_requested": (
        "Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí {{ amount_vnd }}",
        "Đề nghị Ông/Bà nộp phí, lệ phí để hồ sơ được tiếp tục giải quyết.\n\n"
        + _FACTS
        + "{% if amount_vnd %}Số tiền: {{ amount_vnd }}\n{% endif %}"
        + _NOTE
        + "{% if pay_url %}\nThanh toán trực tuyến: {{ pay_url }}\n{% endif %}",
        "Hồ sơ {{ code }}: đề nghị nộp {{ amount_vnd }}. "
        "Thanh toán: {% if pay_url %}{{ pay_url }}{% else %}{{ url }}{% endif %}",
        "Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí {{ amount_vnd }}",
        "Đề nghị nộp {{ amount_vnd }} cho hồ sơ {{ procedure }}. Bấm “Thanh toán” trên trang hồ sơ.",
    ),
    "payment_received": (
        "Hồ sơ {{ code }}: đã nhận thanh toán",
        "Khoản thanh toán của Ông/Bà đã được ghi nhận.\n\n"
        + _FACTS
        + "{% if amount_vnd %}Số tiền: {{ amount_vnd }}\n{% endif %}"
        + "{% if reference %}Mã giao dịch: {{ reference }}\n{% endif %}"
        + "{% if receipt_url %}Biên lai điện tử: {{ receipt_url }}\n{% endif %}",
        "Đã nhận {{ amount_vnd }} cho hồ sơ {{ code }}. Cảm ơn Ông/Bà.",
        "Hồ sơ {{ code }}: đã nhận thanh toán",
        "Đã ghi nhận khoản thanh toán {{ amount_vnd }}.",
    ),
}

_FEEDBACK = (
    "Phản ánh, kiến nghị: {{ title }}\nMã phản ánh: {{ feedback_id }}\n"
    "{% if status %}Trạng thái: {{ status }}\n{% endif %}"
)

OTHER_EVENTS: dict[str, tuple[str, str, str, str, str]] = {
    "feedback_received": (
        "Đã tiếp nhận phản ánh, kiến nghị {{ feedback_id }}",
        "Phản ánh, kiến nghị của Ông/Bà đã được tiếp nhận và chuyển đến cơ quan có thẩm quyền.\n\n" + _FEEDBACK,
        "Đã tiếp nhận phản ánh {{ feedback_id }}. Theo dõi: {{ url }}",
        "Đã tiếp nhận phản ánh {{ feedback_id }}",
        "Phản ánh “{{ title }}” đã được tiếp nhận.",
    ),
    "feedback_answered": (
        "Phản ánh, kiến nghị {{ feedback_id }} đã có trả lời",
        "Phản ánh, kiến nghị của Ông/Bà đã được trả lời.\n\n"
        + _FEEDBACK
        + "{% if answer %}\nNội dung trả lời:\n{{ answer }}\n{% endif %}",
        "Phản ánh {{ feedback_id }} đã có trả lời. Xem: {{ url }}",
        "Phản ánh {{ feedback_id }} đã có trả lời",
        "Phản ánh “{{ title }}” đã được trả lời.",
    ),
}

_OFFICIAL = "Kính gửi {{ official_name }},\n\n"
_DOSSIER = "Mã hồ sơ: {{ code }}\nThủ tục: {{ procedure }}\nChủ hồ sơ: {{ applicant_name }}\nNgày hẹn trả: {{ due }}\n"

# Officials get reminders in the back office and by e-mail only.
REMINDERS: dict[str, tuple[str, str, str, str]] = {
    "reminder_due_soon": (
        "Đôn đốc: hồ sơ {{ code }} sắp đến hạn ({{ due }})",
        _OFFICIAL
        + "Hồ sơ sau sắp đến hạn trả kết quả, đề nghị khẩn trương giải quyết.\n\n"
        + _DOSSIER
        + "\nXử lý hồ sơ: {{ url }}\n",
        "Hồ sơ {{ code }} sắp đến hạn",
        "Hồ sơ {{ procedure }} hẹn trả {{ due }}. Đề nghị khẩn trương giải quyết.",
    ),
    "reminder_overdue": (
        "Đôn đốc: hồ sơ {{ code }} đã quá hạn ({{ due }})",
        _OFFICIAL + "Hồ sơ sau đã quá hạn trả kết quả. Đề nghị giải quyết ngay và thực hiện xin lỗi, hẹn lại "
        "ngày trả (Mẫu 04) nếu cần.\n\n" + _DOSSIER + "\nXử lý hồ sơ: {{ url }}\n",
        "Hồ sơ {{ code }} đã quá hạn",
        "Hồ sơ {{ procedure }} quá hạn từ {{ due }}. Đề nghị giải quyết ngay.",
    ),
    "step_due_soon": (
        "Bước “{{ step }}” của hồ sơ {{ code }} sắp đến hạn ({{ step_due }})",
        _OFFICIAL + "Bước “{{ step }}” ({{ body }}) của hồ sơ sau sắp hết thời gian theo quy trình nội bộ "
        "({{ step_due }}).\n\n" + _DOSSIER + "\nXử lý hồ sơ: {{ url }}\n",
        "Bước “{{ step }}” sắp đến hạn",
        "Hồ sơ {{ code }}: bước “{{ step }}” hết hạn lúc {{ step_due }}.",
    ),
    "step_overdue": (
        "Bước “{{ step }}” của hồ sơ {{ code }} đã quá hạn ({{ step_due }})",
        _OFFICIAL + "Bước “{{ step }}” ({{ body }}) của hồ sơ sau đã quá thời gian theo quy trình nội bộ "
        "({{ step_due }}). Lãnh đạo đơn vị có thể giao lại bước này cho người khác.\n\n"
        + _DOSSIER
        + "\nXử lý hồ sơ: {{ url }}\n",
        "Bước “{{ step }}” đã quá hạn",
        "Hồ sơ {{ code }}: bước “{{ step }}” quá hạn từ {{ step_due }}.",
    ),
    "extension_due": (
        "Hồ sơ {{ code }} sắp đến ngày hẹn trả ({{ due }}): xem xét xin lỗi, hẹn lại",
        _OFFICIAL + "Hồ sơ sau sắp đến ngày hẹn trả kết quả. Nếu không thể trả đúng hạn, cơ quan phải gửi văn "
        "bản xin lỗi và hẹn lại ngày trả (Mẫu 04) chậm nhất 01 ngày làm việc trước ngày hẹn trả "
        "(Nghị định 61/2018/NĐ-CP, Điều 19).\n\n" + _DOSSIER + "\nXử lý hồ sơ: {{ url }}\n",
        "Hồ sơ {{ code }} sắp đến hạn trả",
        "Hồ sơ {{ procedure }} hẹn trả {{ due }}. Nếu không kịp, cần xin lỗi và hẹn lại ngày trả.",
    ),
    "step_returned": (
        "Hồ sơ {{ code }} được trả lại bước “{{ step }}”",
        _OFFICIAL + "Lãnh đạo đã trả lại hồ sơ sau ở bước “{{ from_step }}” để xử lý lại bước “{{ step }}” "
        "({{ body }}), hạn xử lý {{ step_due }}.\n\nLý do trả lại: {{ reason }}\n\n"
        + _DOSSIER
        + "\nXử lý hồ sơ: {{ url }}\n",
        "Hồ sơ {{ code }} được trả lại",
        "Bước “{{ step }}” cần xử lý lại (hạn {{ step_due }}). Lý do: {{ reason }}",
    ),
}

_ZNS_PARAMS = {
    "customer_name": "{{ applicant_name }}",
    "ma_ho_so": "{{ code }}",
    "trang_thai": "{{ status }}",
    "ngay_hen_tra": "{{ due }}",
}
# Events whose ZNS message also carries an amount or a link (the registered template must have them).
_ZNS_EXTRA = {
    "payment_requested": {"so_tien": "{{ amount_vnd }}", "duong_dan": "{{ pay_url }}"},
    "returned": {"duong_dan": "{{ rate_url }}"},
    "supplement_requested": {"han_bo_sung": "{{ answer_due }}"},
}


def templates() -> list[dict[str, Any]]:
    """Return every default template as MessageTemplate field values."""
    rows: list[dict[str, Any]] = []
    for event, (subject, middle, sms, title, notice) in {**DOSSIER_EVENTS, **OTHER_EVENTS}.items():
        dossier = event in DOSSIER_EVENTS
        greeting, footer = (_GREETING, _FOOTER) if dossier else ("Kính gửi Ông/Bà,\n\n", _FEEDBACK_FOOTER)
        rows += [
            {"event": event, "channel": "email", "subject": subject, "body": greeting + middle + footer},
            {"event": event, "channel": "sms", "body": sms, "sms_ascii": True},
            {
                "event": event,
                "channel": "zalo",
                "active": False,
                "zalo_template_id": "",
                "zalo_params": {**_ZNS_PARAMS, **_ZNS_EXTRA.get(event, {})},
            },
            {"event": event, "channel": "in_app", "subject": title, "body": notice},
        ]
    for event, (subject, body, title, notice) in REMINDERS.items():
        rows += [
            {"event": event, "channel": "email", "subject": subject, "body": body},
            {"event": event, "channel": "in_app", "subject": title, "body": notice},
        ]
    return rows
