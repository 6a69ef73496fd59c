"""Say in the receipt and the return notices that the result goes by post (Decision 45/2016/QĐ-TTg).

Updates the default e-mail and in-app templates of "received" and "returned"
(motcua.notifications.seed) in databases seeded before with the variable ``postal``
(postal/handlers.py::notice_context: the address and the fee; the tracking number); a template an
administrator has edited is left as it is. The texts are frozen here (like 0007).
"""

from django.db import migrations

# (event, channel, old fields, new fields)
CHANGES = [('received',
  'email',
  {'body': 'Kính gửi {{ applicant_name }},\n'
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
  {'body': 'Kính gửi {{ applicant_name }},\n'
           '\n'
           'Hồ sơ của Ông/Bà đã được tiếp nhận.\n'
           '\n'
           'Thủ tục: {{ procedure }}\n'
           'Mã hồ sơ: {{ code }}\n'
           'Trạng thái: {{ status }}\n'
           '{% if due %}Ngày hẹn trả kết quả: {{ due }}\n'
           '{% endif %}{% if note %}Nội dung: {{ note }}\n'
           '{% endif %}{% if postal %}{{ postal }}\n'
           '{% endif %}\n'
           'Tra cứu hồ sơ: {{ url }}\n'
           '\n'
           '{{ agency }}\n'
           '(Thư tự động, vui lòng không trả lời.)\n'}),
 ('received',
  'in_app',
  {'body': 'Hồ sơ {{ procedure }} đã được tiếp nhận.{% if due %} Ngày hẹn trả kết quả: {{ due }}.{% endif '
           '%}'},
  {'body': 'Hồ sơ {{ procedure }} đã được tiếp nhận.{% if due %} Ngày hẹn trả kết quả: {{ due }}.{% endif '
           '%}{% if postal %} {{ postal }}{% endif %}'}),
 ('returned',
  'email',
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
           '(Thư tự động, vui lòng không trả lời.)\n'},
  {'body': 'Kính gửi {{ applicant_name }},\n'
           '\n'
           'Kết quả giải quyết hồ sơ của Ông/Bà đã được trả.\n'
           '\n'
           'Thủ tục: {{ procedure }}\n'
           'Mã hồ sơ: {{ code }}\n'
           'Trạng thái: {{ status }}\n'
           '{% if note %}Nội dung: {{ note }}\n'
           '{% endif %}{% if postal %}{{ postal }}\n'
           '{% endif %}{% if rate_url %}\n'
           'Mời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ: {{ rate_url }}\n'
           '{% endif %}\n'
           'Tra cứu hồ sơ: {{ url }}\n'
           '\n'
           '{{ agency }}\n'
           '(Thư tự động, vui lòng không trả lời.)\n'}),
 ('returned',
  'in_app',
  {'body': 'Kết quả hồ sơ {{ procedure }} đã được trả.{% if rate_url %} Mời Ông/Bà đánh giá mức độ hài lòng '
           'trên trang hồ sơ.{% endif %}'},
  {'body': 'Kết quả hồ sơ {{ procedure }} đã được trả.{% if postal %} {{ postal }}{% endif %}{% if rate_url '
           '%} Mời Ông/Bà đánh giá mức độ hài lòng trên trang hồ sơ.{% endif %}'})]


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
    dependencies = [("notifications", "0008_vietnamese_field_labels")]

    operations = [migrations.RunPython(forward, backward)]
