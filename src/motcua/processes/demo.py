"""The demo processes bundled in data/: one BPMN file per procedure code, drawn Camunda-Modeler style."""

from __future__ import annotations

from importlib import resources

from motcua.catalogue.models import Procedure
from motcua.dossiers.services.actor import SYSTEM, Actor

from .models import ProcessDefinition
from .services import import_bpmn


def demo_files() -> dict[str, str]:
    """Return {procedure code: BPMN text} of the bundled demo files."""
    folder = resources.files("motcua.processes").joinpath("data")
    return {f.name.removesuffix(".bpmn"): f.read_text(encoding="utf-8")
            for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".bpmn")}


def load_demo(*, actor: Actor = SYSTEM) -> list[ProcessDefinition]:
    """Import each demo file whose procedure exists and has no process yet; return what was imported."""
    done = []
    present = set(Procedure.objects.values_list("code", flat=True))
    for code, xml in demo_files().items():
        if code in present and not ProcessDefinition.objects.filter(procedure_code=code).exists():
            done.append(import_bpmn(code, xml, actor=actor, source="demo"))
    return done
