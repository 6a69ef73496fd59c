"""The SpiffWorkflow side: parsed specs cached per definition, and a lean per-dossier state.

Stack pitfalls met here: SpiffWorkflow's full serialisation stores the whole spec
with every workflow and is the main cost of a load/save (pitfall 11), so the state we store per
dossier leaves the spec out and the spec comes from a cache keyed by the (immutable) definition.
The script engine is not serialised: a restricted one is attached on every load (pitfall 4).
Timers fire only in ``refresh_timers`` (pitfall 4; formerly refresh_waiting_tasks); MotCua's step deadlines are computed
on the working calendar and checked by ``services.fire_timers`` without loading any engine state.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import VERSION, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.defaults import UserTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.task import Task, TaskState

from . import conf
from .bpmn import model as bpmn_model

logging.getLogger("spiff").setLevel(logging.WARNING)

STATE_FORMAT = f"motcua-lean/{VERSION}"

# Conditions are checked against a small language at import (bpmn/conditions.py); the engine
# additionally runs them without builtins.
SCRIPT_ENGINE = PythonScriptEngine(environment=TaskDataEnvironment({"__builtins__": {}}))


class EngineError(RuntimeError):
    """SpiffWorkflow refused the process or a step; the message names the element."""


class _LeanWorkflowConverter(BpmnWorkflowConverter):  # type: ignore[misc]  # SpiffWorkflow is untyped
    """Serialise a top-level workflow without its spec (the spec is cached per definition)."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct: dict[str, Any] = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        dct["format"] = STATE_FORMAT
        return dct

    def restore_with_spec(self, dct: dict[str, Any], spec: Any) -> BpmnWorkflow:
        dct = dict(dct)
        workflow = BpmnWorkflow(spec, {}, script_engine=SCRIPT_ENGINE, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dict(dct.get("subprocesses", {})), workflow)
        workflow.bpmn_events = self.registry.restore(dct.get("bpmn_events", []))
        return workflow


_REGISTRY = BpmnWorkflowSerializer.configure(DEFAULT_CONFIG)
_LEAN = _LeanWorkflowConverter(BpmnWorkflow, _REGISTRY)
FULL_SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(DEFAULT_CONFIG))

_specs: OrderedDict[int, Any] = OrderedDict()
_specs_lock = Lock()


def parse_spec(xml: str | bytes) -> Any:
    """Parse a (normalised) BPMN text into a SpiffWorkflow spec; raise EngineError on refusal."""
    root = bpmn_model.parse_xml(xml)
    parser = BpmnParser()
    try:
        parser.add_bpmn_xml(root, filename="process.bpmn")
        process_ids = parser.get_process_ids()  # the executable processes only
        if len(process_ids) != 1:
            raise EngineError(f'cần đúng một quy trình thực thi (isExecutable="true"), tệp có {len(process_ids)}')
        return parser.get_spec(process_ids[0])
    except ValidationException as exc:
        raise EngineError(f"{exc.tag or ''} '{exc.id or ''}' ({exc.name or ''}): {exc}") from exc


def spec_for(definition_id: int, xml: str | Callable[[], str]) -> Any:
    """Return the parsed spec of a definition, parsing it once per process (definitions never change).

    ``xml`` may be a function that reads the file, called only when the spec is not cached.
    """
    with _specs_lock:
        spec = _specs.get(definition_id)
        if spec is not None:
            _specs.move_to_end(definition_id)
            return spec
    spec = parse_spec(xml() if callable(xml) else xml)
    with _specs_lock:
        _specs[definition_id] = spec
        while len(_specs) > conf.spec_cache_size():
            _specs.popitem(last=False)
    return spec


def clear_cache() -> None:
    with _specs_lock:
        _specs.clear()


def dump(workflow: BpmnWorkflow) -> dict[str, Any]:
    """Return the workflow's state as a JSON-ready dict, without the spec."""
    result: dict[str, Any] = _LEAN.to_dict(workflow)
    return result


def load(state: dict[str, Any], spec: Any) -> BpmnWorkflow:
    """Rebuild a workflow from ``dump`` output and its cached spec."""
    return _LEAN.restore_with_spec(state, spec)


def start(spec: Any, facts: dict[str, Any]) -> BpmnWorkflow:
    """Create a workflow, give the start task the dossier facts and run up to the first steps."""
    workflow = BpmnWorkflow(spec, script_engine=SCRIPT_ENGINE)
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(facts)
    _run(workflow)
    return workflow


def ready_steps(workflow: BpmnWorkflow) -> list[Task]:
    """Return the user tasks waiting for an official, in a stable order."""
    tasks = [t for t in workflow.get_tasks(state=TaskState.READY) if isinstance(t.task_spec, UserTask)]
    return sorted(tasks, key=lambda t: (t.task_spec.bpmn_id or "", str(t.id)))


def complete(workflow: BpmnWorkflow, task_id: str, data: dict[str, Any]) -> None:
    """Complete the user task ``task_id`` with ``data`` and run the engine to the next steps."""
    task = workflow.get_task_from_id(UUID(task_id))
    if task is None or not task.has_state(TaskState.READY):
        raise EngineError(f"task {task_id} is not waiting")
    task.data.update(data)
    task.run()
    _run(workflow)


def reset(workflow: BpmnWorkflow, task_id: str) -> None:
    """Make the finished user task ``task_id`` wait again; the tasks that followed it are dropped (trả lại).

    The task gets back the data it started with (its parent's), so the outcome it was finished
    with no longer steers the gateways after it.
    """
    task = workflow.get_task_from_id(UUID(task_id))
    if task is None or not task.has_state(TaskState.COMPLETED):
        raise EngineError(f"task {task_id} is not finished")
    workflow.reset_from_task_id(task.id)
    _run(workflow)


def _run(workflow: BpmnWorkflow) -> None:
    try:
        workflow.do_engine_steps()
        workflow.refresh_timers()
    except Exception as exc:  # SpiffWorkflow raises WorkflowTaskException and friends
        task = getattr(exc, "task", None)
        where = f"{task.task_spec.bpmn_id} ({task.task_spec.bpmn_name})" if task is not None else ""
        raise EngineError(f"{where}: {exc}".strip(": ")) from exc
