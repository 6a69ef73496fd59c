"""Load the default Vietnamese notification templates.

The rows are frozen here: a copy of ``motcua.notifications.seed.templates()`` as it was when this
migration stopped importing it (2 December 2026), so that later edits of the seed do not change
what this migration does. The copy already holds the templates of events added by later
migrations (0003, 0006), as the live seed did when a new database ran this migration; a changed
default text needs its own data migration (see 0004).
"""

from django.db import migrations

TEMPLATES = [{'event': 'submitted',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} đã được gửi',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Hồ sơ của Ông/Bà đã được gửi đến {{ agency }} và đang chờ tiếp nhận.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if note %}Nội dung: {{ note }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'submitted',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }} đã được gửi, chờ tiếp nhận. Tra cứu: {{ url }}',
  'sms_ascii': True},
 {'event': 'submitted',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'submitted',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} đã được gửi',
  'body': 'Hồ sơ {{ procedure }} đã được gửi đến {{ agency }} và đang chờ tiếp nhận.'},
 {'event': 'received',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} đã được tiếp nhận',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Hồ sơ của Ông/Bà đã được tiếp nhận.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if due %}Ngày hẹn trả kết quả: {{ due }}\n'
          '{% endif %}{% if note %}Nội dung: {{ note }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'received',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }} đã được tiếp nhận.{% if due %} Hẹn trả {{ due }}.{% endif %} Tra cứu: {{ url }}',
  'sms_ascii': True},
 {'event': 'received',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'received',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} đã được tiếp nhận',
  'body': 'Hồ sơ {{ procedure }} đã được tiếp nhận.{% if due %} Ngày hẹn trả kết quả: {{ due }}.{% endif %}'},
 {'event': 'supplement_requested',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} cần bổ sung',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện (Mẫu 02).\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if note %}Nội dung: {{ note }}\n'
          '{% endif %}{% if items %}Giấy tờ cần bổ sung:\n'
          '{{ items }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'supplement_requested',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }} cần bổ sung giấy tờ. Xem chi tiết: {{ url }}',
  'sms_ascii': True},
 {'event': 'supplement_requested',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'supplement_requested',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} cần bổ sung',
  'body': 'Hồ sơ {{ procedure }} cần bổ sung, hoàn thiện.{% if items %}\n{{ items }}{% endif %}'},
 {'event': 'refused',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} bị từ chối{% if reception %} tiếp nhận{% else %} giải quyết{% endif %}',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Hồ sơ của Ông/Bà bị từ chối{% if reception %} tiếp nhận{% else %} giải quyết{% endif %}.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if reason %}Lý do: {{ reason }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'refused',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }} bị từ chối{% if reception %} tiếp nhận{% else %} giải quyết{% endif %}. Xem lý '
          'do: {{ url }}',
  'sms_ascii': True},
 {'event': 'refused',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'refused',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} bị từ chối',
  'body': 'Hồ sơ {{ procedure }} bị từ chối.{% if reason %} Lý do: {{ reason }}{% endif %}'},
 {'event': 'result_ready',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} đã có kết quả',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Hồ sơ của Ông/Bà đã có kết quả giải quyết.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if note %}Nội dung: {{ note }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'result_ready',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }} đã có kết quả. Xem chi tiết: {{ url }}',
  'sms_ascii': True},
 {'event': 'result_ready',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'result_ready',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} đã có kết quả',
  'body': 'Hồ sơ {{ procedure }} đã có kết quả giải quyết.'},
 {'event': 'returned',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} đã trả kết quả',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Kết quả giải quyết hồ sơ của Ông/Bà đã được trả.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if note %}Nội dung: {{ note }}\n'
          '{% endif %}{% if rate_url %}\n'
          'Mời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ: {{ rate_url }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'returned',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }} đã trả kết quả.{% if rate_url %} Mời đánh giá: {{ rate_url }}{% else %} Cảm ơn '
          'Ông/Bà.{% endif %}',
  'sms_ascii': True},
 {'event': 'returned',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}',
                  'duong_dan': '{{ rate_url }}'}},
 {'event': 'returned',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} đã trả kết quả',
  'body': 'Kết quả hồ sơ {{ procedure }} đã được trả.{% if rate_url %} Mời Ông/Bà đánh giá mức độ hài lòng '
          'trên trang hồ sơ.{% endif %}'},
 {'event': 'extended',
  'channel': 'email',
  'subject': 'Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ code }}',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          '{{ agency }} thành thật xin lỗi Ông/Bà vì hồ sơ chưa được giải quyết đúng hẹn.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if reason %}Lý do: {{ reason }}\n'
          '{% endif %}{% if old_due %}Ngày hẹn trả cũ: {{ old_due }}\n'
          '{% endif %}Ngày hẹn trả kết quả mới: {{ new_due }}\n'
          '\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'extended',
  'channel': 'sms',
  'body': 'Xin lỗi: hồ sơ {{ code }} chậm trả kết quả. Hẹn lại: {{ new_due }}.',
  'sms_ascii': True},
 {'event': 'extended',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'extended',
  'channel': 'in_app',
  'subject': 'Xin lỗi và hẹn lại ngày trả hồ sơ {{ code }}',
  'body': 'Hồ sơ {{ procedure }} chưa giải quyết đúng hẹn. Ngày hẹn trả mới: {{ new_due }}.{% if reason %} '
          'Lý do: {{ reason }}{% endif %}'},
 {'event': 'stopped',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} đã dừng giải quyết',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Hồ sơ của Ông/Bà đã được dừng giải quyết.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if reason %}Lý do: {{ reason }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'stopped',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }} đã dừng giải quyết. Xem chi tiết: {{ url }}',
  'sms_ascii': True},
 {'event': 'stopped',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'stopped',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} đã dừng giải quyết',
  'body': 'Hồ sơ {{ procedure }} đã dừng giải quyết.{% if reason %} Lý do: {{ reason }}{% endif %}'},
 {'event': 'withdrawn',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} đã được rút',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Hồ sơ của Ông/Bà đã được rút theo yêu cầu.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if note %}Nội dung: {{ note }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'withdrawn',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }} đã được rút theo yêu cầu.',
  'sms_ascii': True},
 {'event': 'withdrawn',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'withdrawn',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} đã được rút',
  'body': 'Hồ sơ {{ procedure }} đã được rút theo yêu cầu.'},
 {'event': 'payment_requested',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí {{ amount_vnd }}',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Đề nghị Ông/Bà nộp phí, lệ phí để hồ sơ được tiếp tục giải quyết.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if amount_vnd %}Số tiền: {{ amount_vnd }}\n'
          '{% endif %}{% if note %}Nội dung: {{ note }}\n'
          '{% endif %}{% if pay_url %}\n'
          'Thanh toán trực tuyến: {{ pay_url }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'payment_requested',
  'channel': 'sms',
  'body': 'Hồ sơ {{ code }}: đề nghị nộp {{ amount_vnd }}. Thanh toán: {% if pay_url %}{{ pay_url }}{% else '
          '%}{{ url }}{% endif %}',
  'sms_ascii': True},
 {'event': 'payment_requested',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}',
                  'so_tien': '{{ amount_vnd }}',
                  'duong_dan': '{{ pay_url }}'}},
 {'event': 'payment_requested',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí {{ amount_vnd }}',
  'body': 'Đề nghị nộp {{ amount_vnd }} cho hồ sơ {{ procedure }}. Bấm “Thanh toán” trên trang hồ sơ.'},
 {'event': 'payment_received',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }}: đã nhận thanh toán',
  'body': 'Kính gửi {{ applicant_name }},\n'
          '\n'
          'Khoản thanh toán của Ông/Bà đã được ghi nhận.\n'
          '\n'
          'Thủ tục: {{ procedure }}\n'
          'Mã hồ sơ: {{ code }}\n'
          'Trạng thái: {{ status }}\n'
          '{% if amount_vnd %}Số tiền: {{ amount_vnd }}\n'
          '{% endif %}{% if reference %}Mã giao dịch: {{ reference }}\n'
          '{% endif %}{% if receipt_url %}Biên lai điện tử: {{ receipt_url }}\n'
          '{% endif %}\n'
          'Tra cứu hồ sơ: {{ url }}\n'
          '\n'
          '{{ agency }}\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'payment_received',
  'channel': 'sms',
  'body': 'Đã nhận {{ amount_vnd }} cho hồ sơ {{ code }}. Cảm ơn Ông/Bà.',
  'sms_ascii': True},
 {'event': 'payment_received',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'payment_received',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }}: đã nhận thanh toán',
  'body': 'Đã ghi nhận khoản thanh toán {{ amount_vnd }}.'},
 {'event': 'feedback_received',
  'channel': 'email',
  'subject': 'Đã tiếp nhận phản ánh, kiến nghị {{ feedback_id }}',
  'body': 'Kính gửi Ông/Bà,\n'
          '\n'
          'Phản ánh, kiến nghị của Ông/Bà đã được tiếp nhận và chuyển đến cơ quan có thẩm quyền.\n'
          '\n'
          'Phản ánh, kiến nghị: {{ title }}\n'
          'Mã phản ánh: {{ feedback_id }}\n'
          '{% if status %}Trạng thái: {{ status }}\n'
          '{% endif %}\n'
          'Theo dõi phản ánh, kiến nghị: {{ url }}\n'
          '\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'feedback_received',
  'channel': 'sms',
  'body': 'Đã tiếp nhận phản ánh {{ feedback_id }}. Theo dõi: {{ url }}',
  'sms_ascii': True},
 {'event': 'feedback_received',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'feedback_received',
  'channel': 'in_app',
  'subject': 'Đã tiếp nhận phản ánh {{ feedback_id }}',
  'body': 'Phản ánh “{{ title }}” đã được tiếp nhận.'},
 {'event': 'feedback_answered',
  'channel': 'email',
  'subject': 'Phản ánh, kiến nghị {{ feedback_id }} đã có trả lời',
  'body': 'Kính gửi Ông/Bà,\n'
          '\n'
          'Phản ánh, kiến nghị của Ông/Bà đã được trả lời.\n'
          '\n'
          'Phản ánh, kiến nghị: {{ title }}\n'
          'Mã phản ánh: {{ feedback_id }}\n'
          '{% if status %}Trạng thái: {{ status }}\n'
          '{% endif %}{% if answer %}\n'
          'Nội dung trả lời:\n'
          '{{ answer }}\n'
          '{% endif %}\n'
          'Theo dõi phản ánh, kiến nghị: {{ url }}\n'
          '\n'
          '(Thư tự động, vui lòng không trả lời.)\n'},
 {'event': 'feedback_answered',
  'channel': 'sms',
  'body': 'Phản ánh {{ feedback_id }} đã có trả lời. Xem: {{ url }}',
  'sms_ascii': True},
 {'event': 'feedback_answered',
  'channel': 'zalo',
  'active': False,
  'zalo_template_id': '',
  'zalo_params': {'customer_name': '{{ applicant_name }}',
                  'ma_ho_so': '{{ code }}',
                  'trang_thai': '{{ status }}',
                  'ngay_hen_tra': '{{ due }}'}},
 {'event': 'feedback_answered',
  'channel': 'in_app',
  'subject': 'Phản ánh {{ feedback_id }} đã có trả lời',
  'body': 'Phản ánh “{{ title }}” đã được trả lời.'},
 {'event': 'reminder_due_soon',
  'channel': 'email',
  'subject': 'Đôn đốc: hồ sơ {{ code }} sắp đến hạn ({{ due }})',
  'body': 'Kính gửi {{ official_name }},\n'
          '\n'
          'Hồ sơ sau sắp đến hạn trả kết quả, đề nghị khẩn trương giải quyết.\n'
          '\n'
          'Mã hồ sơ: {{ code }}\n'
          'Thủ tục: {{ procedure }}\n'
          'Chủ hồ sơ: {{ applicant_name }}\n'
          'Ngày hẹn trả: {{ due }}\n'
          '\n'
          'Xử lý hồ sơ: {{ url }}\n'},
 {'event': 'reminder_due_soon',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} sắp đến hạn',
  'body': 'Hồ sơ {{ procedure }} hẹn trả {{ due }}. Đề nghị khẩn trương giải quyết.'},
 {'event': 'reminder_overdue',
  'channel': 'email',
  'subject': 'Đôn đốc: hồ sơ {{ code }} đã quá hạn ({{ due }})',
  'body': 'Kính gửi {{ official_name }},\n'
          '\n'
          'Hồ sơ sau đã quá hạn trả kết quả. Đề nghị giải quyết ngay và thực hiện xin lỗi, hẹn lại ngày trả '
          '(Mẫu 04) nếu cần.\n'
          '\n'
          'Mã hồ sơ: {{ code }}\n'
          'Thủ tục: {{ procedure }}\n'
          'Chủ hồ sơ: {{ applicant_name }}\n'
          'Ngày hẹn trả: {{ due }}\n'
          '\n'
          'Xử lý hồ sơ: {{ url }}\n'},
 {'event': 'reminder_overdue',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} đã quá hạn',
  'body': 'Hồ sơ {{ procedure }} quá hạn từ {{ due }}. Đề nghị giải quyết ngay.'},
 {'event': 'step_due_soon',
  'channel': 'email',
  'subject': 'Bước “{{ step }}” của hồ sơ {{ code }} sắp đến hạn ({{ step_due }})',
  'body': 'Kính gửi {{ official_name }},\n'
          '\n'
          'Bước “{{ step }}” ({{ body }}) của hồ sơ sau sắp hết thời gian theo quy trình nội bộ ({{ step_due '
          '}}).\n'
          '\n'
          'Mã hồ sơ: {{ code }}\n'
          'Thủ tục: {{ procedure }}\n'
          'Chủ hồ sơ: {{ applicant_name }}\n'
          'Ngày hẹn trả: {{ due }}\n'
          '\n'
          'Xử lý hồ sơ: {{ url }}\n'},
 {'event': 'step_due_soon',
  'channel': 'in_app',
  'subject': 'Bước “{{ step }}” sắp đến hạn',
  'body': 'Hồ sơ {{ code }}: bước “{{ step }}” hết hạn lúc {{ step_due }}.'},
 {'event': 'step_overdue',
  'channel': 'email',
  'subject': 'Bước “{{ step }}” của hồ sơ {{ code }} đã quá hạn ({{ step_due }})',
  'body': 'Kính gửi {{ official_name }},\n'
          '\n'
          'Bước “{{ step }}” ({{ body }}) của hồ sơ sau đã quá thời gian theo quy trình nội bộ ({{ step_due '
          '}}). Lãnh đạo đơn vị có thể giao lại bước này cho người khác.\n'
          '\n'
          'Mã hồ sơ: {{ code }}\n'
          'Thủ tục: {{ procedure }}\n'
          'Chủ hồ sơ: {{ applicant_name }}\n'
          'Ngày hẹn trả: {{ due }}\n'
          '\n'
          'Xử lý hồ sơ: {{ url }}\n'},
 {'event': 'step_overdue',
  'channel': 'in_app',
  'subject': 'Bước “{{ step }}” đã quá hạn',
  'body': 'Hồ sơ {{ code }}: bước “{{ step }}” quá hạn từ {{ step_due }}.'},
 {'event': 'extension_due',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} sắp đến ngày hẹn trả ({{ due }}): xem xét xin lỗi, hẹn lại',
  'body': 'Kính gửi {{ official_name }},\n'
          '\n'
          'Hồ sơ sau sắp đến ngày hẹn trả kết quả. Nếu không thể trả đúng hạn, cơ quan phải gửi văn bản xin '
          'lỗi và hẹn lại ngày trả (Mẫu 04) chậm nhất 01 ngày làm việc trước ngày hẹn trả (Nghị định '
          '61/2018/NĐ-CP, Điều 19).\n'
          '\n'
          'Mã hồ sơ: {{ code }}\n'
          'Thủ tục: {{ procedure }}\n'
          'Chủ hồ sơ: {{ applicant_name }}\n'
          'Ngày hẹn trả: {{ due }}\n'
          '\n'
          'Xử lý hồ sơ: {{ url }}\n'},
 {'event': 'extension_due',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} sắp đến hạn trả',
  'body': 'Hồ sơ {{ procedure }} hẹn trả {{ due }}. Nếu không kịp, cần xin lỗi và hẹn lại ngày trả.'},
 {'event': 'step_returned',
  'channel': 'email',
  'subject': 'Hồ sơ {{ code }} được trả lại bước “{{ step }}”',
  'body': 'Kính gửi {{ official_name }},\n'
          '\n'
          'Lãnh đạo đã trả lại hồ sơ sau ở bước “{{ from_step }}” để xử lý lại bước “{{ step }}” ({{ body '
          '}}), hạn xử lý {{ step_due }}.\n'
          '\n'
          'Lý do trả lại: {{ reason }}\n'
          '\n'
          'Mã hồ sơ: {{ code }}\n'
          'Thủ tục: {{ procedure }}\n'
          'Chủ hồ sơ: {{ applicant_name }}\n'
          'Ngày hẹn trả: {{ due }}\n'
          '\n'
          'Xử lý hồ sơ: {{ url }}\n'},
 {'event': 'step_returned',
  'channel': 'in_app',
  'subject': 'Hồ sơ {{ code }} được trả lại',
  'body': 'Bước “{{ step }}” cần xử lý lại (hạn {{ step_due }}). Lý do: {{ reason }}'}]


def seed(apps, schema_editor):
    """Add the templates that are missing (an existing event and channel is left as it is)."""
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    existing = set(MessageTemplate.objects.values_list("event", "channel"))
    MessageTemplate.objects.bulk_create(
        [MessageTemplate(**row) for row in TEMPLATES if (row["event"], row["channel"]) not in existing])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
