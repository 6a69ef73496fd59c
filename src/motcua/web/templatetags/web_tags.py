from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def aria(field: Any) -> SafeString:
    """Render a form field's control tied to its help and errors (aria-describedby, aria-invalid)."""
    attrs: dict[str, str] = {}
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-help")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return SafeString(field.as_widget(attrs=attrs))


@register.simple_tag(takes_context=True)
def current(context: Any, name: str) -> SafeString:
    """Return ` aria-current="page"` when the request path is under the page named ``name`` (a URL name)."""
    request = context.get("request")
    path = getattr(request, "path", "")
    prefix = reverse(name)
    hit = path == prefix if prefix == "/" else path.startswith(prefix)
    return SafeString(' aria-current="page"' if hit else "")
