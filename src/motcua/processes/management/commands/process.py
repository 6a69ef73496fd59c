"""``motcua process import FILE --procedure CODE`` / ``export CODE`` / ``render CODE`` / ``load-demo``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core.actor import SYSTEM
from motcua.core.errors import DomainError
from motcua.processes import demo, services
from motcua.processes.bpmn import svg


class Command(BaseCommand):
    help = "Nhập, xuất, vẽ quy trình nội bộ (BPMN 2.0) của thủ tục hành chính."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập tệp BPMN làm phiên bản quy trình mới của thủ tục.")
        imp.add_argument("file")
        imp.add_argument("--procedure", required=True, help="Mã thủ tục, ví dụ 1.009974.")
        chk = sub.add_parser("check", help="Kiểm tra tệp BPMN, không lưu.")
        chk.add_argument("file")
        chk.add_argument("--procedure", required=True)
        exp = sub.add_parser("export", help="Xuất tệp BPMN của quy trình đang áp dụng.")
        exp.add_argument("code")
        exp.add_argument("--version", type=int, help="Số phiên bản quy trình; mặc định: đang áp dụng.")
        exp.add_argument("--output", help="Tệp kết quả; mặc định: đầu ra chuẩn.")
        ren = sub.add_parser("render", help="Vẽ sơ đồ quy trình ra SVG.")
        ren.add_argument("code")
        ren.add_argument("--output")
        sub.add_parser("load-demo", help="Nhập các quy trình mẫu đi kèm phần mềm.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action in ("import", "check"):
                try:
                    xml = Path(options["file"]).read_bytes()
                except OSError as exc:
                    raise CommandError(f"Không đọc được tệp {options['file']}: {exc.strerror or exc}") from exc
                if action == "check":
                    _text, model = services.validate_bpmn(options["procedure"], xml)
                    self._note(services.import_note(model.summary()))
                    self.stdout.write(
                        f"Hợp lệ: {len(model.steps)} bước, nhánh dài nhất {model.longest_hours} giờ làm việc."
                    )
                    return
                d = services.import_bpmn(options["procedure"], xml, actor=SYSTEM)
                self._note(services.import_note(d.summary))
                self.stdout.write(
                    f"Đã nhập quy trình {d.procedure_code} phiên bản {d.number} ({d.steps.count()} bước)."
                )
            elif action == "export":
                self._out(services.export_bpmn(options["code"], options.get("version")), options.get("output"))
            elif action == "render":
                self._out(svg.render(services.export_bpmn(options["code"])), options.get("output"))
            else:
                done = demo.load_demo()
                for d in done:
                    self.stdout.write(f"Đã nhập quy trình mẫu {d.procedure_code} phiên bản {d.number}.")
                if not done:
                    self.stdout.write("Không có quy trình mẫu nào cần nhập.")
        except DomainError as exc:
            problems = exc.details.get("errors", []) if isinstance(exc.details, dict) else []
            lines = ["Tệp quy trình không dùng được:"] if problems else [str(exc.message)]
            lines += [f"  - {p['element']}: {p['message']}" for p in problems]
            raise CommandError("\n".join(lines)) from exc

    def _note(self, note: str) -> None:
        if note:
            self.stdout.write(note)

    def _out(self, text: str, output: str | None) -> None:
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="" if text.endswith("\n") else "\n")
