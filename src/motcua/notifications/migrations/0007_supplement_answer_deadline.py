"""Give the supplement-requested notice its answer deadline (hạn bổ sung), on every channel.

Updates the default templates of "supplement_requested" (motcua.notifications.seed) in databases
seeded before; a template an administrator has edited is left as it is. The texts are frozen here so
that later edits of the seed do not change what this migration does (like 0004).
"""

from django.db import migrations

# (event, channel, old fields, new fields)
CHANGES = [('supplement_requested',
  'email',
  {'body': 'Kính gửi {{ applicant_name }},\n'
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
  {'body': 'Kính gửi {{ applicant_name }},\n'
           '\n'
           'Hồ sơ của Ông/Bà cần được bổ sung, hoàn thiện (Mẫu 02).\n'
           '\n'
           'Thủ tục: {{ procedure }}\n'
           'Mã hồ sơ: {{ code }}\n'
           'Trạng thái: {{ status }}\n'
           '{% if note %}Nội dung: {{ note }}\n'
           '{% endif %}{% if items %}Giấy tờ cần bổ sung:\n'
           '{{ items }}\n'
           '{% endif %}{% if answer_due %}Hạn bổ sung: {{ answer_due }}\n'
           '{% endif %}\n'
           'Tra cứu hồ sơ: {{ url }}\n'
           '\n'
           '{{ agency }}\n'
           '(Thư tự động, vui lòng không trả lời.)\n'}),
 ('supplement_requested',
  'sms',
  {'body': 'Hồ sơ {{ code }} cần bổ sung giấy tờ. Xem chi tiết: {{ url }}'},
  {'body': 'Hồ sơ {{ code }} cần bổ sung giấy tờ{% if answer_due %} trước {{ answer_due }}{% endif %}. Xem '
           'chi tiết: {{ url }}'}),
 ('supplement_requested',
  'zalo',
  {'zalo_params': {'customer_name': '{{ applicant_name }}',
                   'ma_ho_so': '{{ code }}',
                   'ngay_hen_tra': '{{ due }}',
                   'trang_thai': '{{ status }}'}},
  {'zalo_params': {'customer_name': '{{ applicant_name }}',
                   'han_bo_sung': '{{ answer_due }}',
                   'ma_ho_so': '{{ code }}',
                   'ngay_hen_tra': '{{ due }}',
                   'trang_thai': '{{ status }}'}}),
 ('supplement_requested',
  'in_app',
  {'body': 'Hồ sơ {{ procedure }} cần bổ sung, hoàn thiện.{% if items %}\n{{ items }}{% endif %}'},
  {'body': 'Hồ sơ {{ procedure }} cần bổ sung, hoàn thiện.{% if answer_due %} Hạn bổ sung: {{ answer_due '
           '}}.{% endif %}{% if items %}\n'
           '{{ items }}{% endif %}'})]


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
    dependencies = [("notifications", "0006_step_returned_event")]

    operations = [migrations.RunPython(forward, backward)]
