"""How each document requirement (thành phần hồ sơ) is given in each channel: the one rule.

A requirement says, per channel (``online``; ``counter`` = in person or by post), one mode:
- ``upload``: a file is uploaded online, or the paper is received and scanned at the counter;
- ``eform``: the declaration (tờ khai) is the e-form itself: its data are the dossier's
  ``form_data``, so no file is asked (Decree 45/2020/NĐ-CP on procedures in the electronic
  environment: an interactive e-form replaces the paper declaration; article to be confirmed by
  legal review). The system can render it from the data when a paper copy is needed;
- ``show``: the paper is only shown for comparison (xuất trình để đối chiếu), never filed:
  online it counts as shown through the e-identification account and the national population
  database (Decree 69/2024/NĐ-CP: a level-2 e-identification counts as showing the paper), at
  the counter the officer ticks it as seen;
- ``none``: not part of the dossier in that channel.

Submission (``dossiers.services.submission``), the portal steps and the counter form all read
the modes through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalogue.models import DocumentRequirement

Mode = DocumentRequirement.Mode
ONLINE, COUNTER = "online", "counter"
CHANNELS = (ONLINE, COUNTER)
MODES = tuple(str(m) for m in Mode.values)


def mode_of(requirement: DocumentRequirement, channel: str) -> str:
    """Return how ``requirement`` is given in ``channel`` (``ONLINE`` or ``COUNTER``)."""
    return str(requirement.online_mode if channel == ONLINE else requirement.counter_mode)


def applies_to(requirement: DocumentRequirement, applicant_type: str) -> bool:
    """Whether the requirement concerns an applicant of ``applicant_type`` (empty list = everyone)."""
    return not requirement.applicant_types or applicant_type in requirement.applicant_types


def in_channel(
    requirements: Iterable[DocumentRequirement], channel: str, applicant_type: str, *modes: str
) -> list[DocumentRequirement]:
    """The requirements of ``applicant_type`` that ``channel`` gives in one of ``modes``, in order."""
    return [r for r in requirements if applies_to(r, applicant_type) and mode_of(r, channel) in modes]


def channel_of(dossier_channel: Any) -> str:
    """Map a dossier's channel (``statuses.Channel``: 2 online, 1 in person, 3 postal) to ``ONLINE``/``COUNTER``."""
    return ONLINE if int(dossier_channel) == 2 else COUNTER


def document_errors(
    requirements: Iterable[DocumentRequirement],
    *,
    channel: str,
    applicant_type: str,
    uploaded: Iterable[str],
    shown: Iterable[str] = (),
) -> dict[str, str]:
    """Check which papers a submission gives in ``channel``; return ``{requirement code: message}``.

    ``uploaded``: the requirement codes that have a file; ``shown``: the codes the reception officer
    ticked as seen (counter only). A file for a paper that is not an upload in this channel, a
    missing required upload, and (at the counter) a required paper to show that was not ticked are
    refused. Files themselves are checked elsewhere (``dossiers.services.uploads``).
    """
    listed = {r.code: r for r in requirements}
    uploaded, shown = set(uploaded), set(shown)
    errors: dict[str, str] = {}
    for code in sorted(uploaded | shown):
        if code not in listed:
            errors[code] = _("Thành phần hồ sơ không có trong thủ tục.")
    for code, req in listed.items():
        if code in errors:
            continue
        mode = mode_of(req, channel)
        applies = applies_to(req, applicant_type)
        if code in uploaded and mode != Mode.UPLOAD:
            refusals: dict[str, str] = {
                Mode.EFORM.value: _("“%(name)s” được lập từ tờ khai điện tử; không tải tệp lên."),
                Mode.SHOW.value: _("“%(name)s” chỉ xuất trình để đối chiếu; không tải tệp lên."),
            }
            errors[code] = refusals.get(mode, _("“%(name)s” không thuộc hồ sơ khi nộp theo hình thức này.")) % {
                "name": req.name
            }
        elif code in shown and (channel != COUNTER or mode != Mode.SHOW):
            errors[code] = (
                _("Chỉ cán bộ tiếp nhận tại quầy mới đánh dấu giấy tờ đã xuất trình.")
                if channel != COUNTER
                else _("“%(name)s” không phải giấy tờ xuất trình để đối chiếu.") % {"name": req.name}
            )
        elif req.required and applies and mode == Mode.UPLOAD and code not in uploaded:
            errors[code] = _("Thiếu thành phần hồ sơ bắt buộc: %(name)s.") % {"name": req.name}
        elif req.required and applies and mode == Mode.SHOW and channel == COUNTER and code not in shown:
            errors[code] = _("Chưa đánh dấu đã xem bản chính để đối chiếu: %(name)s.") % {"name": req.name}
    return errors
