"""Conditions on the flows out of exclusive gateways.

SpiffWorkflow evaluates conditions as Python, so a condition in an uploaded file is code run on
the server. Only a small expression language is accepted: names of the dossier facts, constants,
comparisons, ``and``/``or``/``not``, ``in``, subscripts and ``.get(...)``. Camunda Modeler's JUEL
form (``${applicant_type == "business" && fee_total > 0}``) is translated.
"""

from __future__ import annotations

import ast
import re

# The facts a condition may read (see engine.dossier_facts).
FACTS = frozenset({"applicant_type", "form", "fee_total", "fee_category", "outcome", "channel"})

_ALLOWED = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.Subscript,
    ast.Tuple,
    ast.List,
    ast.Call,
    ast.Attribute,
)


class ConditionError(ValueError):
    """The condition is not in the accepted language; the message says why."""


def from_juel(text: str) -> str:
    """Return ``text`` with a JUEL ``${...}`` wrapper and ``&&``, ``||``, ``!`` turned into Python."""
    text = text.strip()
    match = re.fullmatch(r"[$#]\{(.*)\}", text, re.DOTALL)
    if match:
        text = match.group(1).strip()
    text = text.replace("&&", " and ").replace("||", " or ")
    text = re.sub(r"!(?!=)", " not ", text)
    text = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", re.sub(r"\bnull\b", "None", text)))
    return re.sub(r"\s+", " ", text).strip()


def check(text: str) -> str:
    """Return the normalised condition, or raise :class:`ConditionError`."""
    expr = from_juel(text)
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise ConditionError(f"không đúng cú pháp ({exc.msg})") from exc
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ConditionError(f"không được dùng {type(node).__name__}")
        if isinstance(node, ast.Name) and node.id not in FACTS and node.id not in ("True", "False", "None"):
            raise ConditionError(f"không có dữ liệu tên {node.id} (dùng: {', '.join(sorted(FACTS))})")
        if isinstance(node, ast.Attribute) and node.attr != "get":
            raise ConditionError(f"chỉ được dùng .get(), không được dùng .{node.attr}")
        if isinstance(node, ast.Call) and not isinstance(node.func, ast.Attribute):
            raise ConditionError("không được gọi hàm")
    return expr
