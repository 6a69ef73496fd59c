"""One benchmark client: take dossiers from a slice and drive them receive → assign → approve → refuse."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from motcua.accounts.models import User
    from motcua.core.actor import Actor
    from motcua.dossiers.services import lifecycle

    first, last, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    reception = Actor(user=User.objects.get(username="tiepnhan.hoankiem"))
    head = Actor(user=User.objects.get(username="lanhdao.hoankiem"))
    steps: list[Callable[[int], object]] = [
        lambda pk: lifecycle.receive(pk, actor=reception),
        lambda pk: lifecycle.assign(pk, actor=head, assignee_username="chuyenvien.hoankiem"),
        lambda pk: lifecycle.approve(pk, actor=head),
        lambda pk: lifecycle.refuse(pk, actor=head, reasons="Benchmark"),
    ]
    done = 0
    deadline = time.monotonic() + seconds
    for pk in range(first, last):
        for step in steps:
            if time.monotonic() >= deadline:
                print(done)
                return
            step(pk)
            done += 1
    print(done)


if __name__ == "__main__":
    main()
