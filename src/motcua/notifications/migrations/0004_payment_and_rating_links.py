"""Offer the link and amount in the fee-requested notice and the rating link in the result-returned one.

Updates the default templates of "payment_requested" and "returned" (motcua.notifications.seed) in
databases seeded before; a template an administrator has edited is left as it is. The texts are
frozen here so that later edits of the seed do not change what this migration does.
"""

from django.db import migrations

# (event, channel, old fields, new fields)
CHANGES = [('returned',
  'email',
  {'body': 'Kính gửi {{ applicant_name }},\n'
           '\n'
           'Kết quả giải quyết hồ sơ của Ông/Bà đã được trả.\n'
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
  {'body': 'Kính gửi {{ applicant_name }},\n'
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
           '(Thư tự động, vui lòng không trả lời.)\n'}),
 ('returned',
  'sms',
  {'body': 'Hồ sơ {{ code }} đã trả kết quả. Cảm ơn Ông/Bà.'},
  {'body': 'Hồ sơ {{ code }} đã trả kết quả.{% if rate_url %} Mời đánh giá: {{ rate_url }}{% else %} Cảm ơn '
           'Ông/Bà.{% endif %}'}),
 ('returned',
  'zalo',
  {'zalo_params': {'customer_name': '{{ applicant_name }}',
                   'ma_ho_so': '{{ code }}',
                   'ngay_hen_tra': '{{ due }}',
                   'trang_thai': '{{ status }}'}},
  {'zalo_params': {'customer_name': '{{ applicant_name }}',
                   'duong_dan': '{{ rate_url }}',
                   'ma_ho_so': '{{ code }}',
                   'ngay_hen_tra': '{{ due }}',
                   'trang_thai': '{{ status }}'}}),
 ('returned',
  'in_app',
  {'body': 'Kết quả hồ sơ {{ procedure }} đã được trả.'},
  {'body': 'Kết quả hồ sơ {{ procedure }} đã được trả.{% if rate_url %} Mời Ông/Bà đánh giá mức độ hài lòng '
           'trên trang hồ sơ.{% endif %}'}),
 ('payment_requested',
  'email',
  {'body': 'Kính gửi {{ applicant_name }},\n'
           '\n'
           'Đề nghị Ông/Bà nộp phí, lệ phí để hồ sơ được tiếp tục giải quyết.\n'
           '\n'
           'Thủ tục: {{ procedure }}\n'
           'Mã hồ sơ: {{ code }}\n'
           'Trạng thái: {{ status }}\n'
           '{% if amount_vnd %}Số tiền: {{ amount_vnd }}\n'
           '{% endif %}{% if note %}Nội dung: {{ note }}\n'
           '{% endif %}\n'
           'Tra cứu hồ sơ: {{ url }}\n'
           '\n'
           '{{ agency }}\n'
           '(Thư tự động, vui lòng không trả lời.)\n',
   'subject': 'Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí'},
  {'body': 'Kính gửi {{ applicant_name }},\n'
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
           '(Thư tự động, vui lòng không trả lời.)\n',
   'subject': 'Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí {{ amount_vnd }}'}),
 ('payment_requested',
  'sms',
  {'body': 'Hồ sơ {{ code }}: đề nghị nộp {{ amount_vnd }}. Thanh toán: {{ url }}'},
  {'body': 'Hồ sơ {{ code }}: đề nghị nộp {{ amount_vnd }}. Thanh toán: {% if pay_url %}{{ pay_url }}{% else '
           '%}{{ url }}{% endif %}'}),
 ('payment_requested',
  'zalo',
  {'zalo_params': {'customer_name': '{{ applicant_name }}',
                   'ma_ho_so': '{{ code }}',
                   'ngay_hen_tra': '{{ due }}',
                   'trang_thai': '{{ status }}'}},
  {'zalo_params': {'customer_name': '{{ applicant_name }}',
                   'duong_dan': '{{ pay_url }}',
                   'ma_ho_so': '{{ code }}',
                   'ngay_hen_tra': '{{ due }}',
                   'so_tien': '{{ amount_vnd }}',
                   'trang_thai': '{{ status }}'}}),
 ('payment_requested',
  'in_app',
  {'body': 'Đề nghị nộp {{ amount_vnd }} cho hồ sơ {{ procedure }}.',
   'subject': 'Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí'},
  {'body': 'Đề nghị nộp {{ amount_vnd }} cho hồ sơ {{ procedure }}. Bấm “Thanh toán” trên trang hồ sơ.',
   'subject': 'Hồ sơ {{ code }}: đề nghị nộp phí, lệ phí {{ amount_vnd }}'})]


def forward(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for event, channel, old, new in CHANGES:
        row = MessageTemplate.objects.filter(event=event, channel=channel).first()
        if row is not None and all(getattr(row, f) == v for f, v in old.items()):
            for f, v in new.items():
                setattr(row, f, v)
            row.save(update_fields=list(new))


def backward(apps, schema_editor):
    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for event, channel, old, new in CHANGES:
        row = MessageTemplate.objects.filter(event=event, channel=channel).first()
        if row is not None and all(getattr(row, f) == v for f, v in new.items()):
            for f, v in old.items():
                setattr(row, f, v)
            row.save(update_fields=list(old))


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_process_deadline_events")]

    operations = [migrations.RunPython(forward, backward)]
