"""Process steps per second: ``lifecycle.complete_step`` with persistence vs SpiffWorkflow in memory.

Both sides run the same process: the demo construction-permit file (7 steps in 6 lanes, a parallel
split and join, an exclusive gateway, timers), in the same run, one core. Ours loads the lean
engine state, advances it, writes the step rows and the state back, inside the dossier's transition
(status, version, history line, outbox: the path every step takes), in one transaction per step;
the baseline keeps one workflow object in memory and completes its user tasks.

Usage: ``DATABASE_URL=postgres://…/motcua_procbench MOTCUA_DATA_DIR=… python bench/processes_bench.py``
(BENCH_PROCESS_DOSSIERS, default 100). Prints ``RATIO process_steps <ours / in-memory>``.
The test database is created and destroyed like pytest-django does.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from tests.helpers import CATALOGUE, make_user, submit

    from motcua.catalogue.services.importing import import_catalogue
    from motcua.core.actor import SYSTEM, Actor
    from motcua.dossiers.services import lifecycle
    from motcua.organisation.services import agency_create, receiving_point_create, role_grant
    from motcua.processes import demo, engine, services
    from motcua.processes.models import DossierStep

    n = int(os.environ.get("BENCH_PROCESS_DOSSIERS", "100"))
    commune = agency_create(code="H26.101", name="UBND Phường Hoàn Kiếm", level="commune")
    for code, level in (("H26.25", "department"), ("G01.26.101", "central_office")):
        agency_create(code=code, name=code, level=level)
    receiving_point_create(name="Một cửa", agency=commune, serves=[commune])
    reception = make_user("reception")
    role_grant(user=reception, agency=commune, role="reception")
    citizen = make_user("citizen", kind="citizen", full_name="Nguyễn Thị Hằng", personal_id="001190012345")
    import_catalogue(CATALOGUE)
    xml = demo.demo_files()["1.009974"].replace('value="P1D"', 'value="PT2H"').replace(">P2D<", ">PT4H<")
    definition = services.import_bpmn("T.001", xml, actor=SYSTEM)

    class W:
        def user(self, name: str) -> object:
            return citizen

    ids = []
    for _ in range(n):
        d = submit(W())
        lifecycle.receive(d.id, actor=Actor(user=reception))  # starts the process and finishes its reception step
        ids.append(d.id)

    # Ours: complete every waiting step of every dossier until all processes end.
    steps = 0
    t0 = time.perf_counter()
    pending = True
    import cProfile

    prof = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
    if prof:
        prof.enable()
    while pending:
        pending = False
        for pk in ids:
            for row_id in DossierStep.objects.filter(dossier_id=pk, finished_at__isnull=True).values_list(
                "id", flat=True
            ):
                lifecycle.complete_step(pk, row_id, actor=SYSTEM, outcome="approve")
                steps += 1
                pending = True
    ours = steps / (time.perf_counter() - t0)
    if prof:
        prof.disable()
        import pstats

        pstats.Stats(prof).sort_stats("tottime").print_stats(18)
        return

    # Baseline: SpiffWorkflow alone, in memory, the same spec and the same data.
    spec = engine.spec_for(definition.pk, definition.bpmn_xml)
    facts = {"applicant_type": "citizen", "form": {}, "fee_total": 0, "fee_category": "free", "outcome": ""}
    base_steps = 0
    t0 = time.perf_counter()
    for _ in range(n):
        wf = engine.start(spec, facts)
        while True:
            ready = engine.ready_steps(wf)
            if not ready:
                break
            engine.complete(wf, str(ready[0].id), {**facts, "outcome": "approve"})
            base_steps += 1
    memory = base_steps / (time.perf_counter() - t0)
    assert steps + n == base_steps, (steps, n, base_steps)  # + the reception steps, done by receive()
    print(f"process steps: {steps} with persistence on {os.environ.get('DATABASE_URL', 'sqlite').split('@')[-1]}")
    print(
        f"ours (lifecycle.complete_step, persisted): {ours:.0f} steps/s; SpiffWorkflow in memory: {memory:.0f} steps/s"
    )
    print(f"RATIO process_steps {ours / memory:.3f}")


if __name__ == "__main__":
    main()
