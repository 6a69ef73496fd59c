"""The PAKN categories installed with the app (each is an Open311 service)."""

from __future__ import annotations

from typing import Any

CATEGORIES: list[dict[str, Any]] = [
    {
        "code": "thu-tuc-hanh-chinh",
        "name": "Quy định thủ tục hành chính",
        "group": "Thủ tục hành chính",
        "order": 1,
        "description": "Phản ánh, kiến nghị về quy định, thành phần hồ sơ, thời hạn, phí, lệ phí "
        "của thủ tục hành chính.",
        "keywords": "thủ tục, quy định, hồ sơ, phí, lệ phí",
        "notice": "Phản ánh được giải quyết trong 15 ngày làm việc kể từ ngày tiếp nhận.",
        "attributes": [
            {
                "code": "procedure_code",
                "datatype": "string",
                "required": False,
                "order": 1,
                "description": "Mã thủ tục hành chính (nếu biết)",
                "datatype_description": "Ví dụ 1.001193",
            }
        ],
    },
    {
        "code": "giai-quyet-ho-so",
        "name": "Giải quyết hồ sơ",
        "group": "Thủ tục hành chính",
        "order": 2,
        "description": "Hồ sơ chậm, trễ hẹn, yêu cầu bổ sung không đúng quy định.",
        "keywords": "hồ sơ, trễ hẹn, chậm",
        "notice": "Phản ánh được giải quyết trong 15 ngày làm việc kể từ ngày tiếp nhận.",
        "attributes": [
            {
                "code": "delay",
                "datatype": "singlevaluelist",
                "required": True,
                "order": 1,
                "description": "Vấn đề gặp phải",
                "datatype_description": "",
                "values": [
                    {"key": "late", "name": "Trễ hẹn trả kết quả"},
                    {"key": "supplement", "name": "Yêu cầu bổ sung nhiều lần"},
                    {"key": "other", "name": "Khác"},
                ],
            }
        ],
    },
    {
        "code": "thai-do-can-bo",
        "name": "Thái độ, hành vi của cán bộ",
        "group": "Cán bộ, công chức",
        "order": 3,
        "description": "Thái độ, tinh thần phục vụ, hành vi nhũng nhiễu, gây phiền hà của cán bộ, công chức.",
        "keywords": "cán bộ, thái độ, nhũng nhiễu",
        "notice": "Phản ánh được giải quyết trong 15 ngày làm việc kể từ ngày tiếp nhận.",
        "attributes": [],
    },
    {
        "code": "dich-vu-cong-truc-tuyen",
        "name": "Dịch vụ công trực tuyến",
        "group": "Dịch vụ công",
        "order": 4,
        "description": "Lỗi, khó khăn khi nộp hồ sơ, thanh toán trực tuyến trên Cổng dịch vụ công.",
        "keywords": "trực tuyến, cổng dịch vụ công, lỗi, thanh toán",
        "notice": "Phản ánh được giải quyết trong 15 ngày làm việc kể từ ngày tiếp nhận.",
        "attributes": [],
    },
    {
        "code": "co-so-vat-chat",
        "name": "Cơ sở vật chất nơi tiếp nhận",
        "group": "Dịch vụ công",
        "order": 5,
        "description": "Cơ sở vật chất, trang thiết bị tại Bộ phận Một cửa, Trung tâm Phục vụ hành chính công.",
        "keywords": "một cửa, trụ sở, trang thiết bị",
        "notice": "Phản ánh được giải quyết trong 15 ngày làm việc kể từ ngày tiếp nhận.",
        "attributes": [],
    },
]
