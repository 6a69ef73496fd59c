"""Every OpenAPI component name belongs to one class.

django-ninja names a component by its class name and merges the components of all operations
into one dict, so two classes with the same name (the dossier's and the feedback's ``ActionIn``)
silently document one operation's body with the other's schema.
"""

from __future__ import annotations

import enum
import json
import typing
from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from motcua.api.root import api


def _reachable(annotation: Any, found: set[type]) -> None:
    """Add the models and enums ``annotation`` refers to (through lists, unions, dicts …) to ``found``."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _reachable(field.annotation, found)
        return
    for arg in typing.get_args(annotation):
        _reachable(arg, found)


def component_classes() -> dict[str, set[type]]:
    """Return, per component name, the classes the operations' bodies, parameters and answers use."""
    found: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                wrappers = [*operation.models, *(m for m in operation.response_models.values() if isinstance(m, type))]
                for wrapper in wrappers:  # ninja's BodyParams/NinjaResponseSchema: not components
                    for field in wrapper.model_fields.values():
                        _reachable(field.annotation, found)
    names: dict[str, set[type]] = defaultdict(set)
    for cls in found:
        names[cls.__name__].add(cls)
    return names


def _schema(cls: type) -> str:
    if issubclass(cls, enum.Enum):
        return json.dumps([m.value for m in cls])
    return json.dumps(typing.cast(type[BaseModel], cls).model_json_schema(), sort_keys=True)


def test_no_two_schema_classes_share_a_component_name() -> None:
    # ninja's pagination makes one Paged<Item> class per operation: the same schema is no collision.
    collisions = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in component_classes().items()
        if len({_schema(c) for c in classes}) > 1
    }
    assert collisions == {}


def test_the_walk_sees_the_bodies_and_answers_of_every_module() -> None:
    modules = {cls.__module__ for classes in component_classes().values() for cls in classes}
    assert {
        "motcua.api.schemas",
        "motcua.api.routes.feedback",
        "motcua.api.routes.payments",
        "motcua.api.routes.notifications",
    } <= modules


def test_the_dossier_action_body_is_documented_as_its_own_schema() -> None:
    document = api.get_openapi_schema()
    body = document["paths"]["/api/v1/dossiers/{code}/actions/{action}"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    properties = document["components"]["schemas"][ref]["properties"]
    assert {"version", "reasons", "items", "to_agency", "new_due_at"} <= set(properties)
