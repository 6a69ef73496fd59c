"""JSON responses in UTF-8 as written (Vietnamese stays readable), not \\u escapes."""

from ninja.renderers import JSONRenderer


class Utf8JSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}
