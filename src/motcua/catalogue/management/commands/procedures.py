"""``motcua procedures import FILE`` / ``motcua procedures export [--code CODE ...] [--output FILE]``."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.catalogue.services import DEMO_CATALOGUE, export_catalogue, import_catalogue
from motcua.core.errors import DomainError


class Command(BaseCommand):
    help = "Nhập, xuất danh mục thủ tục hành chính (định dạng motcua.catalogue/1)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Nhập danh mục từ tệp JSON (UTF-8).")
        imp.add_argument("file", nargs="?", help="Tệp JSON; '-' đọc từ đầu vào chuẩn.")
        imp.add_argument("--demo", action="store_true", help="Nhập danh mục mẫu đi kèm phần mềm.")
        exp = sub.add_parser("export", help="Xuất phiên bản hiện hành của các thủ tục ra JSON.")
        exp.add_argument(
            "--code",
            action="append",
            dest="codes",
            metavar="CODE",
            help="Mã thủ tục cần xuất (lặp lại để xuất nhiều thủ tục); mặc định: tất cả.",
        )
        exp.add_argument("--output", help="Tệp kết quả; mặc định: đầu ra chuẩn.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self._import(options)
        else:
            self._export(options)

    def _import(self, options: dict[str, Any]) -> None:
        if options.get("demo"):
            source: str = str(DEMO_CATALOGUE)
        elif options.get("file"):
            source = options["file"]
        else:
            raise CommandError("Cần tên tệp JSON hoặc --demo.")
        try:
            raw = self._stdin().read() if source == "-" else Path(source).read_text(encoding="utf-8-sig")
            data = json.loads(raw)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {source}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"Tệp {source} không phải văn bản UTF-8.") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"Tệp {source} không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}: {exc.msg}"
            ) from exc
        if not isinstance(data, dict):
            raise CommandError("Tệp JSON phải chứa một đối tượng ở cấp cao nhất.")
        try:
            report = import_catalogue(data)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"Đã nhập {source}: tạo mới {len(report.created)}, cập nhật {len(report.updated)}, "
            f"không đổi {len(report.unchanged)} thủ tục."
        )
        for label, codes in (("Tạo mới", report.created), ("Cập nhật", report.updated)):
            if codes:
                self.stdout.write(f"{label}: {', '.join(codes)}")

    def _export(self, options: dict[str, Any]) -> None:
        try:
            data = export_catalogue(options.get("codes"))
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        text = json.dumps(data, ensure_ascii=False, indent=2)
        output = options.get("output")
        if output:
            try:
                Path(output).write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Không ghi được tệp {output}: {exc.strerror or exc}") from exc
            self.stderr.write(f"Đã xuất {len(data['procedures'])} thủ tục ra {output}.")
        else:
            self.stdout.write(text)

    def _stdin(self) -> Any:
        import sys

        return sys.stdin
